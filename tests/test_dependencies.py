"""The quick start installs the runtime dependencies only: everything the generator imports
must be one of them (a module from the `test` extra broke `make serve` on a fresh machine)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import ROOT
from packaging.requirements import Requirement


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _third_party_imports() -> dict[str, set[str]]:
    """Return {top-level module: files importing it} for every absolute import in generator/."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "generator":
                    found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_every_module_the_generator_imports_is_a_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_norm(Requirement(d).name) for d in project["dependencies"]}
    distributions = packages_distributions()
    imports = _third_party_imports()
    assert imports, "no third-party import found: the scan is broken"
    missing = [
        f"{module} (imported by {', '.join(sorted(files))}; installed by "
        f"{', '.join(distributions.get(module, ['nothing']))})"
        for module, files in sorted(imports.items())
        if not {_norm(d) for d in distributions.get(module, [])} & declared
    ]
    assert not missing, "not in [project.dependencies]:\n" + "\n".join(missing)
