"""Read the YAML records, keeping the line of every key and list item.

PyYAML's composer gives nodes with positions; we turn them into plain Python
data ourselves so that every value's line is known, duplicate keys are caught,
and alias expansion is bounded.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BuildFailed, RecordError, format_loc
from .parallel import split_map
from .yamlerrors import syntax_error

MAX_BYTES = 1_000_000
MAX_NODES = 50_000  # values built per file, aliases counted at every use
MAX_DEPTH = 40
KINDS = {"cases": "case", "methodologies": "methodology", "vocabularies": "vocabulary"}
_SCALAR_KINDS = {
    "timestamp": "a real date (YYYY-MM-DD)",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
}

Path_ = tuple[str | int, ...]


@dataclass
class RawRecord:
    """One YAML file as plain data, with the line where each value starts."""

    path: str
    kind: str
    data: dict
    lines: dict[Path_, int] = field(default_factory=dict)
    # Texts over several lines: their first line, and how many non-space characters come
    # before each of their lines (line folding keeps those, so a place in the value maps back).
    text_lines: dict[Path_, tuple[int, tuple[int, ...]]] = field(default_factory=dict)
    # Numbers as the editor wrote them, where YAML reads them differently (8.10 is 8.1).
    written: dict[Path_, str] = field(default_factory=dict)
    modified: int = 0  # the file's modification time, in ns: which of two files is newer

    def line_of(self, loc: Path_) -> int:
        """Return the line of `loc`, or of its closest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def as_written(self, loc: Path_) -> Path_:
        """Return `loc` as the editor wrote it: `lead`, not `lead[0]`, for `lead: sena`."""
        loc = tuple(loc)
        if not loc or loc[-1] != 0:
            return loc
        value = self.data
        for part in loc[:-1]:
            if (isinstance(value, dict) and part in value) or (
                isinstance(value, list) and isinstance(part, int) and part < len(value)
            ):
                value = value[part]
            else:
                return loc
        return loc if isinstance(value, list) else loc[:-1]

    def line_in_text(self, loc: Path_, position: int) -> int:
        """Return the line of the text at `loc` that holds its `position`-th non-space character."""
        if tuple(loc) not in self.text_lines:
            return self.line_of(loc)
        first, starts = self.text_lines[tuple(loc)]
        return first + bisect.bisect_right(starts, position) - 1


def load_records(root: Path, fork: bool = False) -> tuple[list[RawRecord], list[RecordError]]:
    """Read every record and vocabulary file under `root`; return them and every load error.

    Files unchanged since the last call are not read again; with `fork`, the others are read
    on every CPU (parallel.split_map)."""
    files = [
        (path, path.relative_to(root).as_posix(), kind)
        for folder, kind in KINDS.items()
        for path in sorted((root / folder).glob("*.y*ml"))
    ]
    found = {file: _known(*file) for file in files}
    fresh = [file for file, record in found.items() if record is None]
    for file, read in zip(fresh, split_map(_read_files, fresh, fork), strict=True):
        if isinstance(read, tuple):
            _files[file[0].resolve()] = read
            read = read[2]
        found[file] = read
    records = [record for record in found.values() if isinstance(record, RawRecord)]
    return records, [error for error in found.values() if isinstance(error, RecordError)]


# path -> (size, mtime in ns, record): `minka serve` reads again only the files an editor
# saved; an unchanged file gives back the same RawRecord object, which later stages cache on.
_files: dict[Path, tuple[int, int, RawRecord]] = {}


def forget_files() -> None:
    """Forget every file read so far: in a process that will read none again."""
    _files.clear()


def _known(path: Path, rel: str, kind: str) -> RawRecord | None:
    """The record read from `path` before, if the file has not changed since."""
    known = _files.get(path.resolve())
    stat = path.stat()
    if known and known[:2] == (stat.st_size, stat.st_mtime_ns) and known[2].path == rel:
        return known[2]
    return None


def _read_files(
    files: list[tuple[Path, str, str]],
) -> list[tuple[int, int, RawRecord] | RecordError]:
    """Read each file into (size, mtime, record), or its load error; in a forked process too."""
    read: list = []
    for path, rel, kind in files:
        stat = path.stat()
        try:
            record = load_file(path, rel, kind)
        except _LoadError as exc:
            read.append(RecordError(rel, exc.line, "", exc.message))
            continue
        record.modified = stat.st_mtime_ns
        read.append((stat.st_size, stat.st_mtime_ns, record))
    return read


def load_file(path: Path, rel: str, kind: str) -> RawRecord:
    """Read one YAML file into a RawRecord, or raise _LoadError."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _LoadError(1, f"expected a file of at most 1 MB, but got {size / 1e6:.1f} MB")
    return _load(_decode(path.read_bytes()), rel, kind)


def load_text(text: str, rel: str, kind: str) -> RawRecord:
    """Read one YAML (or JSON) document given as text, such as an exchange request file;
    raise BuildFailed with its one load error."""
    try:
        return _load(text, rel, kind)
    except _LoadError as exc:
        raise BuildFailed([RecordError(rel, exc.line, "", exc.message)]) from None


def _load(text: str, rel: str, kind: str) -> RawRecord:
    if not text.strip():
        raise _LoadError(1, "expected a YAML mapping, but got an empty file")
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        raise _LoadError(*syntax_error(text, exc)) from None
    except yaml.YAMLError as exc:
        raise _LoadError(1, f"expected valid YAML, but got: {exc}") from None
    except RecursionError:
        raise _LoadError(
            1, f"expected nesting at most {MAX_DEPTH} levels deep, but got more"
        ) from None
    if node is None or (
        isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style
    ):  # only comments, blank lines or a '---'
        raise _LoadError(1, "expected a YAML mapping, but got an empty file")
    if not isinstance(node, yaml.MappingNode):
        got = (
            "a list" if isinstance(node, yaml.SequenceNode) else f"a single value {_preview(node)}"
        )
        raise _LoadError(
            node.start_mark.line + 1, f"expected a YAML mapping (key: value), but got {got}"
        )
    builder = _Builder(text)
    data = builder.build(node, ())
    return RawRecord(rel, kind, data, builder.lines, builder.text_lines, builder.written)


def _compose(text: str) -> yaml.Node | None:
    """Return the node tree of `text`, with libyaml's speed and PyYAML's messages."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, RecursionError):
            pass  # libyaml words its errors differently: read again for PyYAML's message
    return yaml.compose(text, Loader=yaml.SafeLoader)


# A Markdown list item: "- ", "* ", "+ ", or "1. " / "1) " (up to two digits, so that a line
# wrapped before a year such as "2016. Then" is not taken for one).
_LIST_ITEM = re.compile(r"\s*([-*+]|\d{1,2}[.)])\s")

# libyaml composes about 15 times faster than pure Python; PyYAML may be built without it.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


_SPACE = re.compile(r"\s+")
_STR = "tag:yaml.org,2002:str"


class _LoadError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Builder:
    """Turn a node tree into Python data, recording lines and enforcing bounds."""

    def __init__(self, text: str):
        self.lines: dict[Path_, int] = {}
        self.text_lines: dict[Path_, tuple[int, tuple[int, ...]]] = {}
        self.written: dict[Path_, str] = {}
        self.count = 0
        self._constructor = yaml.SafeLoader("")
        self._text = text
        self._source_lines: list[str] | None = None  # split only if a text spans lines

    def build(self, node: yaml.Node, loc: Path_):
        self.count += 1
        if self.count > MAX_NODES:
            raise _LoadError(
                self.lines.get(loc[:1], node.start_mark.line + 1),
                f"{_field(loc[:1])}expected at most {MAX_NODES} values (aliases count each time "
                "they are used), but got more: is this an alias bomb?",
            )
        if len(loc) > MAX_DEPTH:
            raise _LoadError(
                node.start_mark.line + 1,
                f"{_field(loc[:1])}expected nesting at most {MAX_DEPTH} levels deep, but got more",
            )
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _scalar(self, node: yaml.Node, loc: Path_):
        # Most values are one-line strings: their value is the node's, with nothing to check
        # or record (PyYAML's construct_object took a third of the loading time for them).
        if node.tag == _STR and node.style != ">" and node.start_mark.line == node.end_mark.line:
            return node.value
        if node.style == ">":
            self._check_folded(node, loc)
        try:
            value = self._constructor.construct_object(node, deep=True)
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and str(value) != node.value
            ):
                self.written[loc] = node.value
            if node.start_mark.line != node.end_mark.line and isinstance(value, str):
                self.text_lines[loc] = self._text_lines(node)
            return value
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise _LoadError(
                node.start_mark.line + 1,
                f"{_field(loc)}expected a plain value, but got {problem}",
            ) from None
        except (ValueError, KeyError, OverflowError) as exc:
            # PyYAML's constructors raise plain Python errors for values that only look
            # valid: 2018-02-30, an integer of 5,000 digits, `!!bool maybe`.
            tag = node.tag.rsplit(":", 1)[-1]
            expected = _SCALAR_KINDS.get(tag, "a plain value")
            why = f" ({exc})" if tag == "timestamp" else ""
            raise _LoadError(
                node.start_mark.line + 1,
                f"{_field(loc)}expected {expected}, but got {_preview(node)}{why}",
            ) from None

    def _check_folded(self, node: yaml.Node, loc: Path_) -> None:
        """Refuse a list in a folded ('>') block: YAML joins its lines into one, so the page
        would show the items run together in a paragraph with their "- " markers."""
        if self._source_lines is None:
            self._source_lines = self._text.split("\n")
        indent = None
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            line = self._source_lines[number] if number < len(self._source_lines) else ""
            if not line.strip():
                continue
            depth = len(line) - len(line.lstrip(" "))
            indent = depth if indent is None else indent
            if depth < indent:  # the block ended: libyaml's end mark is the next token's
                return
            if _LIST_ITEM.match(line):
                raise _LoadError(
                    number + 1,
                    f"{_field(loc)}expected '|' to start a text that holds a "
                    f"list ('>' joins the lines, so the items would run "
                    f"together), but got '>' and the item "
                    f"{line.strip()[:30]!r}",
                )

    def _text_lines(self, node: yaml.Node) -> tuple[int, tuple[int, ...]]:
        """First line of a multi-line text, and the non-space characters before each line."""
        if self._source_lines is None:
            self._source_lines = self._text.split("\n")
        start, end = node.start_mark, node.end_mark
        block = node.style in ("|", ">")  # the text starts below the indicator line
        first = start.line + 1 if block else start.line
        starts, seen = [], 0
        for number in range(first, end.line + 1):
            line = self._source_lines[number] if number < len(self._source_lines) else ""
            if number == end.line:
                line = line[: end.column]
            if number == start.line:
                line = line[start.column + (1 if node.style in ("'", '"') else 0) :]
            starts.append(seen)
            seen += len(_SPACE.sub("", line))
        return first + 1, tuple(starts)

    def _mapping(self, node: yaml.MappingNode, loc: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _LoadError(line, "expected a plain key, but got a list or mapping as a key")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _LoadError(line, "expected plain keys, but got a '<<' merge key")
            key = str(self._scalar(key_node, loc))
            where = (*loc, key)
            if key in result:
                raise _LoadError(
                    line,
                    f"{format_loc(where)}: expected each key once, but got "
                    f"a duplicate (first at line {self.lines[where]})",
                )
            self.lines[where] = line
            result[key] = self.build(value_node, where)
        return result


def _field(loc: Path_) -> str:
    """The field an error is in, as its message starts ("sdg.targets[1]: "), or "" at the top."""
    return f"{format_loc(loc)}: " if loc else ""


def _decode(raw: bytes) -> str:
    try:
        # utf-8-sig accepts (and drops) a byte-order mark some Windows editors add.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _LoadError(
            line,
            f"expected UTF-8 text, but got byte 0x{raw[exc.start]:02x} (save the file as UTF-8)",
        ) from None
    return text.replace("\r\n", "\n")


def _preview(node: yaml.Node) -> str:
    value = str(node.value)
    return repr(value if len(value) <= 30 else value[:27] + "...")
