"""The editors' guide documents every field of every model, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from pydantic import BaseModel

from generator import models


def _all_fields() -> set[str]:
    names = set()
    for obj in vars(models).values():
        if (
            isinstance(obj, type)
            and issubclass(obj, BaseModel)
            and obj.__module__ == models.__name__
        ):
            names |= {f.alias or name for name, f in obj.model_fields.items()}
    return names


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_model_field_is_documented(lang):
    guide = (ROOT / "docs" / lang / "contribute" / "index.md").read_text(encoding="utf-8")
    missing = sorted(name for name in _all_fields() if f"`{name}`" not in guide)
    assert missing == []


def _documented_messages(lang: str) -> list[re.Pattern]:
    """The messages of the guide's error section, `<...>` standing for any text."""
    guide = (ROOT / "docs" / lang / "contribute" / "index.md").read_text(encoding="utf-8")
    section = guide[guide.index("{#errors}") :]
    section = section[: section.index("\n## ")]
    terms = re.findall(r"^`([^`]+)`\n:   ", section, re.M)
    return [
        re.compile(".+?".join(re.escape(part) for part in re.split(r"<[^>]+>", term)))
        for term in terms
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_message_of_the_golden_file_is_explained(lang):
    patterns = _documented_messages(lang)
    golden = (Path(__file__).parent / "golden" / "validate.txt").read_text(encoding="utf-8")
    unexplained = []
    for line in golden.splitlines()[1:]:
        message = re.sub(r"^[^:]+:\d+: (?:[\w$.\[\]]+: )?", "", line)
        if not any(p.match(message) for p in patterns):
            unexplained.append(message)
    assert unexplained == []


def test_both_guides_explain_the_same_messages():
    assert [p.pattern for p in _documented_messages("en")] == [
        p.pattern for p in _documented_messages("es")
    ]
