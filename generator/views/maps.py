"""Maps of records, hubs and the home page: plain values for generator/figures.py.

Labels keep "{names}": the map fills in the countries it draws."""

from __future__ import annotations

from markupsafe import Markup

from .. import figures, reference
from ..models import Case
from ..present import href, hub_path


def case_map(view, case: Case, here: str) -> Markup | None:
    if not any(figures.has_shape(c) for c in case.countries):
        return None
    dots = [figures.Dot(c.lon, c.lat, c.place) for c in case.coordinates]
    return figures.map_svg(_map_areas(view, case.countries, here), dots, label=view.L["map_label"])


def hub_map(view, country: str, here: str) -> Markup | None:
    """The country among its neighbours, with the places of its records that lie in view."""
    if not figures.has_shape(country):
        return None
    areas = [
        a._replace(href=None) if a.code == country else a for a in _map_areas(view, [country], here)
    ]
    dots = _map_dots(view, view.catalog.hubs["countries"][country])
    return figures.map_svg(areas, dots, fit_dots=False, label=view.L["map_label"])


def home_map(view) -> Markup:
    """Every country with practices, wherever they are, and their places."""
    countries = sorted(view.countries(), key=lambda c: reference.country_name(c, view.lang))
    return figures.map_svg(
        _map_areas(view, countries, "index.md"),
        _map_dots(view, list(view.catalog.cases)),
        caption=view.L["map_home_caption"],
        label=view.L["map_home_label"],
    )


def _map_areas(view, focus: list[str], here: str) -> list[figures.Area]:
    """The focus countries, then every other country with a hub (a link on any map)."""
    hubs = view.catalog.hubs["countries"]
    return [
        figures.Area(
            c,
            reference.country_name(c, view.lang),
            href(here, hub_path("countries", c)) if c in hubs else None,
            focus=c in focus,
        )
        for c in dict.fromkeys([*focus, *sorted(hubs)])
    ]


def _map_dots(view, record_ids: list[str]) -> list[figures.Dot]:
    return [
        figures.Dot(
            c.lon,
            c.lat,
            view.L["map_place"].format(place=c.place, record=case.title.get(view.lang)),
        )
        for case in (view.catalog.cases[i] for i in record_ids if i in view.catalog.cases)
        for c in case.coordinates
    ]
