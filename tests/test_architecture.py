"""The shape of generator/: stages in pipeline order, no import cycle, no private back doors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

import generator

PACKAGE = ROOT / "generator"
# Public despite the underscore: the named-tuple API (its names start with one so as not to
# clash with fields).
NAMEDTUPLE_API = {"_replace", "_asdict", "_fields", "_make"}


def _modules() -> dict[str, Path]:
    """{dotted name inside generator: file} for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "data" in path.relative_to(PACKAGE).parts[:-1]:
            continue  # generator/data/make_shapes.py: a maintainer's script, not the package
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if parts:
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path) -> dict[str, set[str]]:
    """{module of the package imported by `name`: names taken from it}."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
            elif node.module and node.module.split(".")[0] == "generator":
                base, node.module = [], node.module.removeprefix("generator").lstrip(".") or None
            else:
                continue
            if node.module:
                target = ".".join([*base, *node.module.split(".")])
                found.setdefault(target, set()).update(a.name for a in node.names)
            else:  # from . import a, b: modules
                for alias in node.names:
                    found.setdefault(".".join([*base, alias.name]), set())
    modules = _modules()
    return {target: names for target, names in found.items() if target in modules}


def _rank(name: str) -> tuple[int, int]:
    if name.startswith("views"):
        return generator.STAGES.index("views"), generator.VIEWS.index(name)
    return generator.STAGES.index(name), 0


def test_every_module_has_its_place_in_the_stage_order():
    modules = set(_modules())
    listed = {s for s in generator.STAGES if s != "views"} | set(generator.VIEWS)
    assert modules == listed, (
        f"unlisted: {sorted(modules - listed)}, gone: {sorted(listed - modules)}"
    )


@pytest.mark.parametrize("name", sorted(_modules()))
def test_a_module_imports_only_earlier_stages(name):
    later = [target for target in _imports(name, _modules()[name]) if _rank(target) >= _rank(name)]
    assert not later, f"generator/{name} imports a later stage (or itself): {later}"


def test_no_import_cycle():
    graph = {name: set(_imports(name, path)) for name, path in _modules().items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in graph[name]:
            if state.get(target) == 1:
                raise AssertionError(" -> ".join([*trail, name, target]))
            if target not in state:
                visit(target, [*trail, name])
        state[name] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


@pytest.mark.parametrize("name", sorted(_modules()))
def test_no_module_uses_another_modules_private_names(name):
    path = _modules()[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    taken = [
        f"{target}.{n}"
        for target, names in _imports(name, path).items()
        for n in names
        if n.startswith("_")
    ]
    # A private attribute is reached only through self (or cls): `view._link(...)` from
    # another module was the back door into one class's helpers.
    reached = [
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and node.attr not in NAMEDTUPLE_API
        and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
    ]
    assert not taken + reached, f"generator/{name}: {taken + reached}"
