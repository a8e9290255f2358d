"""Errors the pipeline reports to editors, compiler style: `path:line: field: message`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


class GeneratorError(Exception):
    """An error caused by the project's input, reported without a traceback."""


@dataclass(frozen=True, order=True)
class RecordError:
    """One problem in one file, at one line, about one field."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class BuildFailed(GeneratorError):
    """Every error found in the records, sorted by path and line, raised once."""

    def __init__(self, errors: list[RecordError]):
        self.errors = sorted(set(errors))
        count = len(self.errors)
        lines = "\n".join(str(e) for e in self.errors)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the records:\n{lines}")

    def __reduce__(self):
        # Rebuilt from the errors, not the message, when it crosses from a build process.
        return (BuildFailed, (self.errors,))


def format_loc(loc: tuple) -> str:
    """Write a data location as an editor reads it: `sdg.targets[1]`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: str, options: list[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest option, or ''."""
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""
