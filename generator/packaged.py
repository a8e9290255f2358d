"""The data files that ship inside the package (data/): read, parsed, and kept per version.

Each parsed file is kept under its name, size and modification time, so a build in a
long-lived process (`minka serve`) reads an edited file again while an unchanged one is
parsed once. A plain cache kept the first version for the life of the process: the preview
rebuilt after an SDG or map-data edit and still drew the old data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
# libyaml's loader (PyYAML's wheels ship it) reads the labels and SDGs into the same values
# seven times faster than the pure-Python one: 0.27 s of every language's build process.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def stamp(name: str) -> tuple:
    """Name, size and time of data/<name>: the key of everything derived from it."""
    if _steady is not None:  # inside `steady()`: looked at once
        found = _steady.get(name)
        if found is None:
            found = _steady[name] = _stamp(name)
        return found
    return _stamp(name)


def _stamp(name: str) -> tuple:
    info = (DATA / name).stat()
    return (name, info.st_size, info.st_mtime_ns, str(DATA))


_steady: dict[str, tuple] | None = None


@contextmanager
def steady() -> Iterator[None]:
    """Take the data files as unchanged for the length of the block: a build asks for the
    SDGs and the map shapes tens of thousands of times, and looking at the file each time
    was a twentieth of its rendering. The next block (the next build) looks again."""
    global _steady
    outer = _steady
    _steady = {} if outer is None else outer
    try:
        yield
    finally:
        _steady = outer


def load(name: str, parse: Callable[[str], Any]) -> Any:
    """Return data/<name> parsed by `parse`, parsing again only when the file changed."""
    return _parsed(stamp(name), parse)


@lru_cache(maxsize=16)
def _parsed(key: tuple, parse: Callable[[str], Any]) -> Any:
    name, *_, folder = key
    return parse((Path(folder) / name).read_text(encoding="utf-8"))


def parse_yaml(text: str) -> Any:
    """Parse one of the package's YAML files (yaml.safe_load, with libyaml when present)."""
    return yaml.load(text, Loader=_YAML_LOADER)
