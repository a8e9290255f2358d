"""The loader: line numbers, and every kind of unreadable file rejected with its line."""

from __future__ import annotations

import pytest

from generator.loader import load_file, load_records


def _load(tmp_path, content: str | bytes):
    path = tmp_path / "x.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return load_file(path, "cases/x.yaml", "case")


def _error(tmp_path, content) -> str:
    with pytest.raises(Exception) as info:
        _load(tmp_path, content)
    return f"{info.value.line}: {info.value.message}"


def test_keeps_the_line_of_every_key_and_item(tmp_path):
    raw = _load(tmp_path, "id: x\ncountries:\n  - CO\n  - PE\nperiod:\n  start: 2003\n")
    assert raw.data == {"id": "x", "countries": ["CO", "PE"], "period": {"start": 2003}}
    assert raw.lines[("countries", 1)] == 4
    assert raw.lines[("period", "start")] == 6
    assert raw.line_of(("period", "start", "nested")) == 6


@pytest.mark.parametrize(
    "content, expected",
    [
        ("id: a\nid: b\n", "2: id: expected each key once, but got a duplicate (first at line 1)"),
        ("", "1: expected a YAML mapping, but got an empty file"),
        ("  \n# only a comment\n", "1: expected a YAML mapping, but got an empty file"),
        ("- a\n- b\n", "1: expected a YAML mapping (key: value), but got a list"),
        (
            "just text\n",
            "1: expected a YAML mapping (key: value), but got a single value 'just text'",
        ),
        ("id: x\n\ttitle: y\n", "2: expected spaces for indentation, but got a tab character"),
        (
            b"id: x\ntitle: caf\xe9\n",
            "2: expected UTF-8 text, but got byte 0xe9 (save the file as UTF-8)",
        ),
        (
            "id: [x\n",
            "1: expected ']' to close the '[' opened on this line, but got the end of the file",
        ),
        (
            "id: x\ncountries: [PE\nthemes: [a]\n",
            "2: expected ']' to close the '[' opened on this line, but got ':' at line 3",
        ),
        (
            'id: x\ntitle: {en: "abc"\nsummary: y\n',
            "2: expected '}' to close the '{' opened on this line, but got a value at line 3",
        ),
        (
            'id: x\ntitle: "abc\nsummary: y\n',
            "2: expected a closing '\"' on this line, but got the end of the file",
        ),
        (
            "id: x\nsummary:\n  en: 'A network\n  es: 'Una red.'\nkind: z\n",
            '3: expected a closing "\'" on this line, but got a quoted text that runs on to line 4',
        ),
        (
            "id: x\nsummary: a: b\n",
            "2: expected valid YAML, but got a syntax error: mapping values are not allowed here "
            "(put a text that holds ': ' in quotes)",
        ),
        ("a: &a {x: 1}\nb:\n  <<: *a\n", "3: expected plain keys, but got a '<<' merge key"),
        (
            "id: x\ndocumented: 2018-02-30\n",
            "2: documented: expected a real date (YYYY-MM-DD), but got "
            "'2018-02-30' (day is out of range for month)",
        ),
        ("a:\n  - b: !!int many\n", "2: a[0].b: expected a whole number, but got 'many'"),
        ("a: !!bool maybe\n", "1: a: expected true or false, but got 'maybe'"),
        (
            "a: " + "9" * 5000 + "\n",
            "1: a: expected a whole number, but got '999999999999999999999999999...'",
        ),
        (
            "a: !custom 1\n",
            "1: a: expected a plain value, but got could not determine a constructor "
            "for the tag '!custom'",
        ),
    ],
)
def test_rejects_unreadable_files_with_their_line(tmp_path, content, expected):
    assert _error(tmp_path, content) == expected


def test_rejects_files_over_one_megabyte(tmp_path):
    assert (
        _error(tmp_path, "a: " + "x" * 1_100_000 + "\n")
        == "1: expected a file of at most 1 MB, but got 1.1 MB"
    )


def test_rejects_a_50_megabyte_file_without_reading_it(tmp_path):
    path = tmp_path / "x.yaml"
    with open(path, "wb") as f:
        f.truncate(50_000_000)
    with pytest.raises(Exception) as info:
        load_file(path, "cases/x.yaml", "case")
    assert info.value.message == "expected a file of at most 1 MB, but got 50.0 MB"


def test_bounds_alias_expansion(tmp_path):
    bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        bomb.append(
            f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]"
        )
    message = _error(tmp_path, "\n".join(bomb) + "\n")
    assert (
        "expected at most 50000 values (aliases count each time they are used), "
        "but got more: is this an alias bomb?" in message
    )


def test_rejects_deep_nesting(tmp_path):
    assert (
        _error(tmp_path, "a: " + "[" * 60 + "]" * 60 + "\n")
        == "1: a: expected nesting at most 40 levels deep, but got more"
    )


def test_accepts_a_byte_order_mark_and_crlf_line_endings(tmp_path):
    raw = _load(tmp_path, b"\xef\xbb\xbfid: x\r\ntitle: y\r\n")
    assert raw.data == {"id": "x", "title": "y"}
    assert raw.lines[("title",)] == 2


def test_load_records_collects_errors_of_every_file(tmp_path):
    for folder in ("cases", "methodologies", "vocabularies"):
        (tmp_path / folder).mkdir()
    (tmp_path / "cases" / "a.yaml").write_text("", encoding="utf-8")
    (tmp_path / "cases" / "b.yaml").write_text("id: b\n", encoding="utf-8")
    (tmp_path / "methodologies" / "c.yaml").write_text("- 1\n", encoding="utf-8")
    records, errors = load_records(tmp_path)
    assert [r.path for r in records] == ["cases/b.yaml"]
    assert [str(e) for e in errors] == [
        "cases/a.yaml:1: expected a YAML mapping, but got an empty file",
        "methodologies/c.yaml:1: expected a YAML mapping (key: value), but got a list",
    ]


def test_a_lone_document_marker_is_an_empty_file(tmp_path):
    """'---' with nothing after it: reported as empty, on the file's only line."""
    from generator.loader import _LoadError

    path = tmp_path / "x.yaml"
    path.write_text("---", encoding="utf-8")
    with pytest.raises(_LoadError) as caught:
        load_file(path, "cases/x.yaml", "case")
    assert (caught.value.line, caught.value.message) == (
        1,
        "expected a YAML mapping, but got an empty file",
    )
