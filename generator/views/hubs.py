"""Hub pages: one per country, theme, value chain, population, SDG and organization, and
their indexes."""

from __future__ import annotations

from markupsafe import escape

from .. import reference
from ..present import capitalized, hub_path, plain, rel, trusted, url
from .maps import hub_map
from .pager import paged


def hub_index_page(view, kind: str) -> dict:
    here = f"{kind}/index.md"
    entries = [
        {
            "name": plain(_hub_name(view, kind, key)),
            "url": rel(here, hub_path(kind, key)),
            "counts": ", ".join(
                view.count(group, len(ids)) for group, ids in view.by_kind(ids).items() if ids
            ),
        }
        for key, ids in view.catalog.hubs[kind].items()
    ]
    return view.common(here) | {
        "title": view.L["hub_titles"][kind],
        "intro": view.L["hub_index_intro"],
        "entries": sorted(entries, key=lambda e: str(e["name"]).lower()),
    }


def hub_page(view, kind: str, key: str, number: int = 1) -> dict:
    """Page `number` of a hub (views/pager.py): its facts and map on the first page only."""
    first = hub_path(kind, key)
    name = _hub_name(view, kind, key)
    facts = []
    if kind == "organizations" and number == 1:
        org = view.catalog.vocab.organizations[key]
        facts.append((view.L["type"], view.L["org_types"][org.type]))
        if org.country:
            facts.append((view.L["country"], view.country_links([org.country], first)))
        if org.url:
            facts.append((view.L["website"], f"<{url(org.url)}>"))
        facts = trusted(facts)
    values = paged(view, first, number, hub_groups(view, kind, key), name)
    # The theme writes a page's front-matter title into <title> and the header unescaped.
    return (
        view.common(values["here"])
        | values
        | {
            "title": plain(values["title"]),
            "title_plain": str(escape(values["title"])),
            "facts": facts,
            "intro": view.L["hub_intro"].format(name=name),
            "map": hub_map(view, key, first) if kind == "countries" and number == 1 else None,
        }
    )


def hub_groups(view, kind: str, key: str) -> list[tuple[str, list]]:
    """The records of a hub, in groups: (heading, records)."""
    record = view.catalog.record
    if kind == "organizations":
        return [
            (view.L["org_roles"][role], [record(i) for i in role_ids])
            for role, role_ids in view.catalog.org_roles[key].items()
        ]
    # Practices and methodologies apart, each counted: the counts explore shows for this
    # value, ticked, with the type facet.
    return [
        (capitalized(view.count(group, len(group_ids))), [record(i) for i in group_ids])
        for group, group_ids in view.by_kind(view.catalog.hubs[kind][key]).items()
        if group_ids
    ]


def _hub_name(view, kind: str, key: str) -> str:
    if kind == "countries":
        return reference.country_name(key, view.lang)
    if kind == "sdgs":
        return (
            f"{view.L['sdgs'][:-1] if view.lang == 'en' else 'ODS'} {key}: "
            f"{reference.sdg_goal(int(key))[view.lang]}"
        )
    if kind == "organizations":
        org = view.catalog.vocab.organizations[key]
        name = org.name.get(view.lang)
        acronym = org.acronym.get(view.lang) if org.acronym else ""
        return f"{name} ({acronym})" if acronym and acronym not in name else name
    return view.catalog.vocab.term(kind, key).model_dump()[view.lang]
