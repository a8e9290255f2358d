"""Skeletons of new records for `minka new`: the required fields, with placeholders to replace.

Every placeholder text starts with PLACEHOLDER, so that validation can refuse a published
record that still holds one; a draft may keep them while it is being written.
"""

from __future__ import annotations

PLACEHOLDER = "TODO:"

_TEXTS = {
    "case": {
        "title": {"en": "the practice's full title", "es": "el título completo de la práctica"},
        "summary": {"en": "one to three sentences on what the practice is and what it achieved.",
                    "es": "una a tres frases sobre qué es la práctica y qué logró."},
    },
    "methodology": {
        "title": {"en": "the methodology's full title",
                  "es": "el título completo de la metodología"},
        "summary": {"en": "one to three sentences on what the methodology teaches and to whom.",
                    "es": "una a tres frases sobre qué enseña la metodología y a quién."},
    },
}
# The other language may follow later: shown as a comment, so the draft does not hold a
# placeholder the editor might not know to delete.
_TRANSLATION = {"en": "# es: the Spanish text, when there is a translation",
                "es": "# en: el texto en inglés, cuando haya traducción"}
_COUNTRIES = {"en": "TODO: the ISO 3166 codes of its countries, such as [PE] or [CO, EC]",
              "es": "TODO: los códigos ISO 3166 de sus países, como [PE] o [CO, EC]"}


def new_record(kind: str, record_id: str, lang: str, countries: list[str]) -> str:
    """Return the YAML of a draft `kind` ('case' or 'methodology') written in `lang`."""
    lines = [f"# yaml-language-server: $schema=../schema/{kind}.schema.json",
             f"id: {record_id}"]
    lines += _text("title", _TEXTS[kind]["title"][lang], lang)
    lines += [f"original_language: {lang}", "status: draft"]
    if kind == "case":
        lines.append("kind: program  # or network, cooperative, association, policy, study")
    listed = f"[{', '.join(countries)}]"
    if countries:
        lines.append(f"countries: {listed}")
    elif kind == "case":  # required: the draft is refused until they are filled in
        lines.append(f"countries: []  # {_COUNTRIES[lang]}")
    lines += _text("summary", _TEXTS[kind]["summary"][lang], lang)
    if kind == "methodology":
        lines.append("modules: []")
    lines.append("sources: []")
    return "\n".join(lines) + "\n"


def _text(field: str, text: str, lang: str) -> list[str]:
    return [f"{field}:", f'  {lang}: "{PLACEHOLDER} {text}"', f"  {_TRANSLATION[lang]}"]
