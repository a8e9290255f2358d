"""Reference data the records are checked against: ISO countries and currencies, the SDGs."""

from __future__ import annotations

from functools import cache, lru_cache

import pycountry
from babel import Locale, UnknownLocaleError

from . import packaged
from .errors import GeneratorError
from .languages import LANGS


def country_exists(code: str) -> bool:
    return (
        isinstance(code, str)
        and pycountry.countries.get(alpha_2=code.upper()) is not None
        and code == code.upper()
    )


@lru_cache(maxsize=4096)
def country_name(code: str, lang: str) -> str:
    """Return the common name of an ISO 3166 country in `lang` ('Bolivia', not 'Bolivia, Plurinational State of').

    English: ISO's common name, from pycountry. Other languages: the name in the Unicode
    CLDR (Babel), which translators keep; pycountry's own Spanish had "Costa de Marfíl",
    "Tunez", "Burquina Faso" and English names ("Algeria") for others.
    Kept: every page names countries (each map names every country with a hub), and
    pycountry looks the code up anew at each call."""
    if lang != "en":
        return _territories(lang)[code]
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def all_countries() -> list[str]:
    return sorted(c.alpha_2 for c in pycountry.countries)


def all_currencies() -> list[str]:
    return sorted(c.alpha_3 for c in pycountry.currencies)


def currency_exists(code: str) -> bool:
    return (
        isinstance(code, str)
        and code == code.upper()
        and pycountry.currencies.get(alpha_3=code) is not None
    )


def sdg_framework() -> dict:
    """The SDG framework shipped with the package: goals, target and indicator codes."""
    return packaged.load("sdg.yaml", _parse_sdg)


def _parse_sdg(text: str) -> dict:
    data = packaged.parse_yaml(text)
    # A goal without its name in a language of the site would break that language's pages.
    if missing := [
        f"generator/data/sdg.yaml: goals[{i}]: expected a name in {lang}, but got "
        f"only {', '.join(x for x in LANGS if x in goal)}"
        for i, goal in enumerate(data["goals"])
        for lang in LANGS
        if lang not in goal
    ]:
        raise GeneratorError("\n".join(missing))
    data["goal_numbers"] = {g["number"] for g in data["goals"]}
    data["indicators"] = {**data["indicators"], **data.pop("retired_indicators", {})}
    return data


def sdg_goal(number: int) -> dict:
    return next(g for g in sdg_framework()["goals"] if g["number"] == number)


@cache
def _territories(lang: str) -> dict[str, str]:
    # No fallback: a site language the CLDR has no names in would show English ones.
    try:
        return dict(Locale.parse(lang).territories)
    except (UnknownLocaleError, ValueError):
        raise GeneratorError(
            f"generator/data/languages.yaml: site: the CLDR (Babel) has no country names "
            f"in {lang!r}"
        ) from None
