"""The exchange route: the route page, the exchanges hub and each practice's request form.

The route's steps are the model's `ExchangeStatus` values and its forms the `ExchangeForm`
values, so the pages follow the model and a label missing for a new value fails the build.
These are view values: plain data for the templates, escaped where a record supplies them.
"""

from __future__ import annotations

import datetime
import json
from typing import Literal, get_args, get_origin

import yaml
from markupsafe import Markup, escape

from . import reference
from .models import Case, ExchangeForm, ExchangeStatus
from .present import capitalized, href, hub_path, plain, plural, rel
from .request import FORMAT, ExchangeRequest, request_fields, request_reference
from .text import one_line_text, sort_key

STEPS: tuple[str, ...] = get_args(ExchangeStatus)
FORMS: tuple[str, ...] = get_args(ExchangeForm)
ROUTE_PAGE = "exchange/index.md"
HUB_PAGE = "exchanges/index.md"
# Every practice open to exchange, under the route: the home shows only the latest few.
OPEN_PAGE = "exchange/open/index.md"
# The five kinds of value a South-South practice adds, as Colombia's cooperation agency
# names them (a practice's `value_added`): the page and the request form list them in this order.
VALUE_CATEGORIES = (
    "knowledge",
    "relationships",
    "visibility",
    "sdg_alignment",
    "differential_focus",
)


def is_open(case: Case) -> bool:
    """Whether a practice is open to exchange: it says what it can transfer or whom to ask."""
    return bool(case.exchange and (case.exchange.offer or case.exchange.contact))


def step(status: str, L: dict, route_url: str) -> dict:
    """Return where `status` stands on the route: 'step 5 of 7: execution', with a link."""
    _check_labels(L)
    number = STEPS.index(status) + 1
    name = L["route_steps"][status]["name"]
    return {
        "id": status,
        "number": number,
        "total": len(STEPS),
        "name": name,
        "text": L["exchange_step_of"].format(number=number, total=len(STEPS), name=name.lower()),
        "url": f"{route_url}#step-{status}",
        # A closed exchange has gone the whole route: every step is done.
        "cells": [
            "done" if i < number or status == STEPS[-1] else "current" if i == number else ""
            for i in range(1, len(STEPS) + 1)
        ],
    }


def route_view(view) -> dict:
    """Values of the route page: steps, forms, value categories and the request format."""
    L, here = view.L, ROUTE_PAGE
    _check_labels(L)
    return view.common(here) | {
        "title": L["route_title"],
        "hub_url": rel(here, HUB_PAGE),
        "steps": [
            {"id": s, "number": i, **L["route_steps"][s]} for i, s in enumerate(STEPS, start=1)
        ],
        "forms": [
            {"id": f, "name": capitalized(L["forms"][f]), "text": L["route_form_texts"][f]}
            for f in FORMS
        ],
        "values": [{"name": L[k], "text": L["route_value_texts"][k]} for k in VALUE_CATEGORIES],
        "format": {
            "marker": FORMAT,
            "fields": _format_fields(L),
            "schema_url": "../schema/exchange-request.schema.json",
            **_example(view),
        },
    }


def hub_view(view) -> dict:
    """Values of the exchanges hub: every exchange of every practice, by step, country and form."""
    L, here, catalog = view.L, HUB_PAGE, view.catalog
    route_url = rel(here, ROUTE_PAGE)
    route_href = href(here, ROUTE_PAGE)
    entries = []
    for case in catalog.cases.values():
        for ex in case.exchange.exchanges if case.exchange else []:
            code = ex.partner_country
            name = reference.country_name(code, view.lang) if code else ""
            # HTML: the tables are raw blocks (Markdown took 0.5 s per language on the
            # table rows of this one page at 1,000 records, 2.4 s at 5,000).
            country = escape(name)
            if code and code in catalog.hubs["countries"]:
                country = Markup('<a href="{}">{}</a>').format(
                    href(here, hub_path("countries", code)), name
                )
            entries.append(
                {
                    "practice": _short_link(view, case, here),
                    "code": code or "",
                    "country_name": name,
                    "country": country,
                    "partner": view.name(ex.partner),
                    "year": ex.year or "",
                    "form": L["forms"][ex.form] if ex.form else "",
                    "form_id": ex.form or "",
                    "step": step(ex.status, L, route_href),
                }
            )
    by_step = [
        {
            "id": s,
            "number": i,
            "name": L["route_steps"][s]["name"],
            "entries": [e for e in entries if e["step"]["id"] == s],
        }
        for i, s in enumerate(STEPS, start=1)
    ]
    for s in by_step:  # what a screen reader says for each box of the pipeline
        count = plural(L["exchanges_count"], len(s["entries"]), view.lang)
        s["label"] = f"{s['number']}. {s['name']}: {count}"
    named = sorted(
        (e for e in entries if e["code"]),
        key=lambda e: (sort_key(e["country_name"]), e["step"]["number"]),
    )
    by_country = named + [e for e in entries if not e["code"]]
    practices = {e["practice"]["url"] for e in entries}
    return view.common(here) | {
        "title": L["exchanges_hub_title"],
        "intro": L["exchanges_intro"].format(
            exchanges=plural(L["exchanges_count"], len(entries), view.lang),
            practices=plural(L["exchanges_practices_count"], len(practices), view.lang),
            route=route_url,
        ),
        "steps": by_step,
        "by_country": by_country,
        "forms": [
            {"name": L["forms"][f], "count": sum(e["form_id"] == f for e in entries)} for f in FORMS
        ]
        + [
            {
                "name": L["exchanges_form_not_stated"],
                "count": sum(not e["form_id"] for e in entries),
            }
        ],
    }


def _format_fields(L: dict) -> list[dict]:
    texts = L["request_fields"]
    missing = [f["path"] for f in request_fields() if f["path"] not in texts]
    if missing:
        raise ValueError(
            f"generator/data/labels-exchange.yaml: request_fields: "
            f"expected a description of {', '.join(missing)}, but got none"
        )
    rows, optional = [], set()
    for field in request_fields():
        path = field["path"]
        values = _literal_values(path)
        text = texts[path]
        if len(values) == 1:
            text += " " + L["request_format_always"].format(value=f"`{values[0]}`")
        elif values:
            listed = ", ".join(f"`{v}`" for v in values)
            text += " " + L["request_format_one_of"].format(values=listed)
        # A field required inside an optional part is required only when that part is there.
        parent = next((p for p in optional if path.startswith((p + ".", p + "[]."))), None)
        if not field["required"]:
            optional.add(path)
            required = L["request_format_no"]
        elif parent:
            required = L["request_format_if_parent"].format(parent=parent)
        else:
            required = L["request_format_yes"]
        rows.append({"path": path, "required": required, "text": text})
    return rows


def _literal_values(path: str) -> tuple:
    model, annotation = ExchangeRequest, None
    for part in path.replace("[]", "").split("."):
        info = model.model_fields[part]
        annotation = info.annotation
        inner = next(
            (
                a
                for a in (annotation, *get_args(annotation))
                if isinstance(a, type) and hasattr(a, "model_fields")
            ),
            None,
        )
        model = inner or model
    for candidate in (annotation, *get_args(annotation)):
        if get_origin(candidate) is Literal:
            return get_args(candidate)
    return ()


def _example(view) -> dict:
    """An example request, validated by the model, as JSON and YAML text."""
    L, catalog = view.L, view.catalog
    cases = list(catalog.cases.values())
    case = next(
        (c for c in cases if c.exchange and c.exchange.contact and c.exchange.contact.email),
        cases[0] if cases else None,
    )
    sample = L["rq_example"]
    doc = {"format": FORMAT, "reference": "", "created": "2026-01-12", "language": view.lang}
    if case:
        doc["practice"] = {
            "id": case.id,
            "title": one_line_text(case.title.get(view.lang)),
            "url": f"https://example.org/{view.lang}/practices/{case.id}/",
        }
        contact = case.exchange.contact if case.exchange else None
        if contact and contact.email:
            doc["recipient"] = {"organization": contact.organization, "email": contact.email}
    else:
        doc["practice"] = {"id": "example", "title": sample["practice"]}
    doc["reference"] = request_reference(datetime.date(2026, 1, 12), doc["practice"]["id"], "PE")
    doc["requester"] = {
        "institution": sample["institution"],
        "country": "PE",
        "contact": sample["contact"],
        "role": sample["role"],
        "email": "name@example.org",
        "address": sample["address"],
        "phone": "+51 1 555 0100",
    }
    doc["need"] = sample["need"]
    doc["objectives"] = sample["objectives"]
    doc["results"] = sample["results"]
    if case and case.success_factors:
        factor = case.success_factors[0]
        doc["learn"] = [
            {
                "kind": "success-factor",
                "id": factor.id,
                "title": one_line_text(factor.title.get(view.lang)),
            }
        ]
    doc["form"] = "learning-route"
    doc["participants"] = {"number": 6, "profile": sample["profile"]}
    doc["dates"] = {"start": "2026-04-06", "end": "2026-04-17"}
    doc["languages"] = ["es"]
    doc["costs"] = {"travel": "requester", "stay": "shared", "experts": "provider"}
    doc["focal_point"] = {"institution": sample["focal_point"]}
    ExchangeRequest.model_validate(doc)  # the example must be a valid request
    return {
        "example_json": json.dumps(doc, ensure_ascii=False, indent=2),
        "example_yaml": yaml.safe_dump(
            doc, allow_unicode=True, sort_keys=False, width=100
        ).rstrip(),
    }


def _check_labels(L: dict) -> None:
    """Fail the build, naming what is missing, when a route value has no label."""
    missing = [f"route_steps.{s}" for s in STEPS if s not in L["route_steps"]]
    missing += [f"forms.{f}" for f in FORMS if f not in L["forms"]]
    missing += [f"route_form_texts.{f}" for f in FORMS if f not in L["route_form_texts"]]
    if missing:
        raise ValueError(
            f"generator/data/labels-exchange.yaml: expected labels for "
            f"{', '.join(missing)}, but got none"
        )


def _short_link(view, case: Case, here: str) -> dict:
    """Link a practice by its acronym where it has one: tables list it once per exchange."""
    link = view.link(case.id, here)
    if case.acronym:
        link["title"] = plain(case.acronym)
    return link
