"""The site's languages and what the generator knows of each, read once from
data/languages.yaml: adding a language is an entry there, not code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import GeneratorError

_FILE = Path(__file__).parent / "data" / "languages.yaml"
_SHOWN = "generator/data/languages.yaml"


@dataclass(frozen=True)
class Language:
    """One language's data: citation formats, the search analyzers, the browser's stop words."""

    code: str
    csl_locale: str
    bibtex: str
    # APA rules the official style leaves out in this language (cite.style_xml).
    apa_day_first: bool = False
    apa_retrieved: str | None = None
    # minka search: a Snowball stemmer of whoosh.lang (None: words are only folded), the stop
    # words (a whoosh.lang list's name, or the words), words kept out of the index besides,
    # and endings whose accent is put back before stemming.
    stemmer: str | None = None
    stop_words: str | tuple[str, ...] = ()
    not_indexed: tuple[str, ...] = ()
    accented_endings: dict[str, str] = field(default_factory=dict)
    browser_stop_words: tuple[str, ...] = ()
    # What `minka new` writes in this language (scaffold.py); empty: it cannot start a record.
    scaffold: dict = field(default_factory=dict)


def read_languages(text: str) -> tuple[tuple[str, ...], dict[str, Language], str]:
    """Read the table: the site's codes in order, every language's data, the similarity one."""
    data = yaml.safe_load(text) or {}
    table = {}
    for code, entry in (data.get("languages") or {}).items():
        index = entry.get("index") or {}
        apa = entry.get("apa") or {}
        try:
            table[code] = Language(
                code=code,
                csl_locale=entry["csl_locale"],
                bibtex=entry["bibtex"],
                apa_day_first=apa.get("day_first", False),
                apa_retrieved=apa.get("retrieved"),
                stemmer=index.get("stemmer"),
                stop_words=(
                    index.get("stop_words")
                    if isinstance(index.get("stop_words"), str)
                    else tuple(index.get("stop_words") or ())
                ),
                not_indexed=tuple(index.get("not_indexed") or ()),
                accented_endings=dict(index.get("accented_endings") or {}),
                browser_stop_words=tuple(entry.get("browser_stop_words") or ()),
                scaffold=entry.get("scaffold") or {},
            )
        except KeyError as exc:
            raise GeneratorError(
                f"{_SHOWN}: languages.{code}: expected {exc.args[0]}, but got none"
            ) from None
        words = [
            *table[code].not_indexed,
            *table[code].browser_stop_words,
            *(() if isinstance(table[code].stop_words, str) else table[code].stop_words),
        ]
        if bad := [word for word in words if not isinstance(word, str)]:
            raise GeneratorError(
                f"{_SHOWN}: languages.{code}: expected words, but got {bad[0]!r} (quote it)"
            )
    site = tuple(data.get("site") or ())
    if not site:
        raise GeneratorError(f"{_SHOWN}: site: expected a list of language codes, but got none")
    if missing := [code for code in site if code not in table]:
        raise GeneratorError(
            f"{_SHOWN}: site: expected codes with an entry under languages "
            f"({', '.join(table)}), but got {', '.join(missing)}"
        )
    similarity = data.get("similarity") or site[0]
    if similarity not in site:
        raise GeneratorError(
            f"{_SHOWN}: similarity: expected one of {', '.join(site)}, but got {similarity!r}"
        )
    return site, table, similarity


LANGS, _TABLE, SIMILARITY_LANG = read_languages(_FILE.read_text(encoding="utf-8"))
# The site's languages only: a language of the table that the site does not use is not here.
LANGUAGES = {code: _TABLE[code] for code in LANGS}


def others(lang: str) -> tuple[str, ...]:
    """The site's languages other than `lang`, in the site's order."""
    return tuple(code for code in LANGS if code != lang)
