"""Hub pages: one per country, theme, value chain, population, SDG and organization, and
their indexes."""

from __future__ import annotations

from markupsafe import escape

from .. import reference
from ..present import capitalized, hub_path, plain, rel, trusted, url
from .maps import hub_map
from .record import card


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


def hub_page(view, kind: str, key: str) -> dict:
    here = hub_path(kind, key)
    name = _hub_name(view, kind, key)
    ids = view.catalog.hubs[kind][key]
    facts, groups = [], []
    if kind == "organizations":
        org = view.catalog.vocab.organizations[key]
        facts.append((view.L["type"], view.L["org_types"][org.type]))
        if org.country:
            facts.append((view.L["country"], view.country_links([org.country], here)))
        if org.url:
            facts.append((view.L["website"], f"<{url(org.url)}>"))
        facts = trusted(facts)
        for role, role_ids in view.catalog.org_roles[key].items():
            groups.append(
                {
                    "heading": view.L["org_roles"][role],
                    "cards": [card(view, view.catalog.record(i), here) for i in role_ids],
                }
            )
    else:
        # Practices and methodologies apart, each counted: the counts explore shows for
        # this value, ticked, with the type facet.
        groups = [
            {
                "heading": capitalized(view.count(group, len(group_ids))),
                "cards": [card(view, view.catalog.record(i), here) for i in group_ids],
            }
            for group, group_ids in view.by_kind(ids).items()
            if group_ids
        ]
    # The theme writes a page's front-matter title into <title> and the header unescaped.
    return view.common(here) | {
        "title": plain(name),
        "title_plain": str(escape(name)),
        "facts": facts,
        "intro": view.L["hub_intro"].format(name=name),
        "groups": groups,
        "map": hub_map(view, key, here) if kind == "countries" else None,
    }


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
