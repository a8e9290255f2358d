"""The editors' guide documents every field of every model, in both languages."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from conftest import ROOT
from generator import models


def _all_fields() -> set[str]:
    names = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == models.__name__:
            names |= {f.alias or name for name, f in obj.model_fields.items()}
    return names


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_model_field_is_documented(lang):
    guide = (ROOT / "docs" / lang / "contribute" / "index.md").read_text(encoding="utf-8")
    missing = sorted(name for name in _all_fields() if f"`{name}`" not in guide)
    assert missing == []
