"""Skeletons of new records for `minka new`: the required fields, with placeholders to replace.

Every placeholder text starts with PLACEHOLDER, so that validation can refuse a published
record that still holds one; a draft may keep them while it is being written.
"""

from __future__ import annotations

from .errors import GeneratorError
from .languages import LANGUAGES, others

PLACEHOLDER = "TODO:"
_TEXTS = (
    "case_title",
    "case_summary",
    "methodology_title",
    "methodology_summary",
    "countries",
    "translation",
)


def new_record(kind: str, record_id: str, lang: str, countries: list[str]) -> str:
    """Return the YAML of a draft `kind` ('case' or 'methodology') written in `lang`."""
    texts = LANGUAGES[lang].scaffold
    if missing := [key for key in _TEXTS if key not in texts]:
        raise GeneratorError(
            f"generator/data/languages.yaml: languages.{lang}.scaffold: "
            f"expected {', '.join(missing)}, but got none"
        )
    lines = [f"# yaml-language-server: $schema=../schema/{kind}.schema.json", f"id: {record_id}"]
    lines += _text("title", texts[f"{kind}_title"], lang)
    lines += [f"original_language: {lang}", "status: draft"]
    if kind == "case":
        lines.append("kind: program  # or network, cooperative, association, policy, study")
    listed = f"[{', '.join(countries)}]"
    if countries:
        lines.append(f"countries: {listed}")
    elif kind == "case":  # required: the draft is refused until they are filled in
        lines.append(f"countries: []  # {PLACEHOLDER} {texts['countries']}")
    lines += _text("summary", texts[f"{kind}_summary"], lang)
    if kind == "methodology":
        lines.append("modules: []")
    lines.append("sources: []")
    return "\n".join(lines) + "\n"


def _text(field: str, text: str, lang: str) -> list[str]:
    # The other languages may follow later: shown as comments, so the draft does not hold a
    # placeholder the editor might not know to delete.
    hints = LANGUAGES[lang].scaffold["translation"]
    return [
        f"{field}:",
        f'  {lang}: "{PLACEHOLDER} {text}"',
        *(f"  # {other}: {hints.get(other, '')}".rstrip() for other in others(lang)),
    ]
