"""Jinja's cache of compiled templates, shared by every build on the machine.

Compiling templates is a fixed cost of every build, whatever its size: at 100 records a
language process spent some 0.2 s compiling Minka's templates (generator/templates) and as
much again compiling Material's and Minka's theme (bench/README.md). Jinja can keep the
compiled code in its per-user temporary folder, as Python keeps its own in __pycache__:
each template is stored under its file's path and checked against its text before use,
so an edited template, or another Python, is compiled again.
"""

from __future__ import annotations

from functools import cache

from jinja2 import BytecodeCache, FileSystemBytecodeCache


@cache
def template_cache() -> BytecodeCache | None:
    """The cache, in Jinja's own folder (`/tmp/_jinja2-cache-<uid>` on Linux, readable by
    this user only; since Jinja 3.1.2 written atomically, so both language processes may
    fill it at once); None where Jinja finds no folder safe to use, and every build
    compiles."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None
