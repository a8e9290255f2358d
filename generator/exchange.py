"""The exchange route: the route page, the exchanges hub and each practice's request form.

The route's steps are the model's `ExchangeStatus` values and its forms the `ExchangeForm`
values, so the pages follow the model and a label missing for a new value fails the build.
These are view values: plain data for the templates, escaped where a record supplies them.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from functools import cache
from typing import Literal, get_args, get_origin
from urllib.parse import quote

import yaml
from markupsafe import Markup
from pydantic import TypeAdapter, ValidationError

from . import reference
from .errors import GeneratorError
from .fields import Email
from .languages import LANGS
from .models import Case, ExchangeForm, ExchangeStatus
from .present import capitalized, hub_path, plain, plural, rel
from .request import FORMAT, CostShare, ExchangeRequest, request_fields, request_reference
from .schema import field_rule
from .text import html_to_text, to_html

STEPS: tuple[str, ...] = get_args(ExchangeStatus)
FORMS: tuple[str, ...] = get_args(ExchangeForm)
# Working languages the form offers: the region's (and its partners') usual ones.
REQUEST_LANGUAGES = ("es", "en", "pt", "fr")
ROUTE_PAGE = "exchange/index.md"
HUB_PAGE = "exchanges/index.md"
# The five kinds of value a South-South practice adds, as Colombia's cooperation agency
# names them (a practice's `value_added`): the page and the request form list them in this order.
VALUE_CATEGORIES = (
    "knowledge",
    "relationships",
    "visibility",
    "sdg_alignment",
    "differential_focus",
)
COST_SHARES: tuple[str, ...] = get_args(CostShare)
# The fields of the request form, by their path in the format: their limits and patterns
# are read from the format's JSON Schema (schema.field_rule), never typed in the template.
FORM_FIELDS = (
    "requester.institution",
    "requester.country",
    "requester.contact",
    "requester.role",
    "requester.email",
    "requester.address",
    "requester.phone",
    "need",
    "objectives",
    "results",
    "learn_other",
    "form",
    "participants.number",
    "participants.profile",
    "dates.start",
    "dates.end",
    "costs.travel",
    "costs.stay",
    "costs.experts",
    "costs.notes",
    "focal_point.institution",
    "focal_point.contact",
    "focal_point.email",
    "notes",
)
# Fields chosen from a list (<select>): the list is their constraint, HTML has no pattern there.
CHOSEN = ("requester.country", "form", "costs.travel", "costs.stay", "costs.experts")


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
    entries = []
    for case in catalog.cases.values():
        for ex in case.exchange.exchanges if case.exchange else []:
            code = ex.partner_country
            country = plain(reference.country_name(code, view.lang)) if code else ""
            if code and code in catalog.hubs["countries"]:
                country = f"[{country}]({rel(here, hub_path('countries', code))})"
            entries.append(
                {
                    "practice": _short_link(view, case, here),
                    "code": code or "",
                    "country_name": reference.country_name(code, view.lang) if code else "",
                    "country": Markup(country),
                    "partner": view.name(ex.partner),
                    "year": ex.year or "",
                    "form": L["forms"][ex.form] if ex.form else "",
                    "form_id": ex.form or "",
                    "step": step(ex.status, L, route_url),
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
        key=lambda e: (_sort_key(e["country_name"]), e["step"]["number"]),
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


def read_desk(extra: dict, config_file: str = "mkdocs.yml") -> dict | None:
    """The site's exchange desk, from mkdocs.yml's `extra.minka.exchange_desk` (`email`, and
    `name` as one text or {en, es}): where requests for practices without a contact e-mail
    go. None when the site has none; GeneratorError naming the field when it is malformed."""
    desk = (extra.get("minka") or {}).get("exchange_desk")
    if desk is None:
        return None
    where = f"{config_file}: extra.minka.exchange_desk"
    if not isinstance(desk, dict) or set(desk) - {"email", "name"}:
        raise GeneratorError(
            f"{where}: expected a mapping with `email` and `name`, but got {desk!r}"
        )
    email, name = desk.get("email"), desk.get("name")
    if not isinstance(email, str):
        raise GeneratorError(
            f"{where}.email: expected an e-mail address like name@example.org, but got {email!r}"
        )
    try:  # the models' own check of an address (email-validator)
        TypeAdapter(Email).validate_python(email)
    except ValidationError as exc:
        why = exc.errors()[0]
        text = str((why.get("ctx") or {}).get("error", why["msg"]))
        raise GeneratorError(f"{where}.email: {text}") from None
    names = dict.fromkeys(LANGS, name) if isinstance(name, str) else name
    if (
        not isinstance(names, dict)
        or set(names) != set(LANGS)
        or not all(isinstance(v, str) and v.strip() for v in names.values())
    ):
        raise GeneratorError(
            f"{where}.name: expected a name, as one text or as {{en: ..., "
            f"es: ...}}, but got {name!r}"
        )
    return {"email": email, "name": {k: v.strip() for k, v in names.items()}}


def request_view(view, case: Case, here: str, desk: dict | None = None) -> dict:
    """Values of one practice's request form; raw-HTML parts are plain strings (autoescaped).

    It goes to the practice's contact e-mail, else to the site's exchange `desk` (read_desk),
    else to nobody: the form then says whom to approach and still gives the files."""
    L, catalog = view.L, view.catalog
    contact = case.exchange.contact if case.exchange else None
    email = contact.email if contact and contact.email else ""
    to_desk = bool(desk and not email)
    if to_desk:
        email = desk["email"]
    title = _plain_text(case.title.get(view.lang))
    methods = []
    for ref in case.methodologies:
        method_id = ref.methodology
        if method_id in catalog.methodologies and method_id not in [m["id"] for m in methods]:
            methods.append(
                {
                    "id": method_id,
                    "title": _plain_text(catalog.methodologies[method_id].title.get(view.lang)),
                }
            )
    orgs = [contact.organization] if contact else case.lead
    return {
        "id": case.id,
        "title": title,
        "email": email,
        "recipient_org": contact.organization if contact else "",
        "desk": desk["name"][view.lang] if to_desk else "",
        # Whom the printed letter is addressed to: the contact, the desk or the lead.
        "addressee": (
            desk["name"][view.lang]
            if to_desk
            else "; ".join(_org_name(view, o) for o in orgs)
            if orgs
            else ""
        ),
        "whom": _whom_to_ask(view, case, here, desk if to_desk else None),
        "subject": L["rq_subject"].format(practice=title),
        "mailto": f"mailto:{quote(email, safe='@')}?subject="
        f"{quote(L['rq_subject'].format(practice=title), safe='')}"
        if email
        else "",
        "factors": [
            {"id": f.id, "title": _plain_text(f.title.get(view.lang))} for f in case.success_factors
        ],
        "methodologies": methods,
        "country_options": _country_options(view.lang),
        "forms": [(f, capitalized(L["forms"][f])) for f in FORMS],
        "shares": [(s, L["rq_shares"][s]) for s in COST_SHARES],
        "languages": [(code, L["rq_language_names"][code]) for code in REQUEST_LANGUAGES],
        "format": FORMAT,
        "attrs": form_attributes(),
    }


@cache
def form_attributes() -> dict[str, Markup]:
    """The HTML constraint attributes of each form field, from the format's JSON Schema: a
    field inside an optional part (the focal point) is required only by the script."""
    out = {}
    for path in FORM_FIELDS:
        rule = field_rule(ExchangeRequest, path)
        parts = path.split(".")
        required = all(
            field_rule(ExchangeRequest, ".".join(parts[:i]))["required"]
            for i in range(1, len(parts) + 1)
        )
        attrs = [Markup(" required")] if required else []
        for key, name in (
            ("maxLength", "maxlength"),
            ("minimum", "min"),
            ("maximum", "max"),
            ("pattern", "pattern"),
        ):
            if key in rule and not (key == "pattern" and path in CHOSEN):
                attrs.append(Markup(' {}="{}"').format(name, rule[key]))
        if rule.get("required") and not required:
            attrs.append(Markup(" data-required-with-part"))
        out[path] = Markup("").join(attrs)
    return out


@cache
def _country_options(lang: str) -> Markup:
    """Every country as an <option>, named in `lang` and sorted by name: written once, as the
    same list is on every practice's form."""
    names = {c: reference.country_name(c, lang) for c in reference.all_countries()}
    return Markup("").join(
        Markup('<option value="{}">{}</option>').format(code, name)
        for code, name in sorted(names.items(), key=lambda i: _sort_key(i[1]))
    )


def _whom_to_ask(view, case: Case, here: str, desk: dict | None) -> str:
    """Say where the request goes when Minka has no contact e-mail: the site's desk, else the
    organization to approach (with its web address when known). Markdown, record parts escaped;
    '' when the practice has a contact e-mail."""
    L = view.L
    contact = case.exchange.contact if case.exchange else None
    if contact and contact.email:
        return ""
    if desk:
        text = L["rq_whom_desk"].format(desk=plain(desk["name"][view.lang]), email=desk["email"])
        return Markup(text)
    if contact:
        text = L["rq_whom_contact"].format(
            orgs=_orgs_with_urls(view, [contact.organization], here, contact.url)
        )
    elif case.lead:
        text = L["rq_whom_lead"].format(orgs=_orgs_with_urls(view, case.lead, here))
    elif case.sources:
        text = L["rq_whom_sources"].format(url=f"#source-{case.sources[0].id}")
    else:
        text = L["rq_whom_nobody"]
    return Markup(f"{text} {L['rq_still']}")


def _org_name(view, org_id: str) -> str:
    """An organization's name and acronym as plain text (an attribute: unescaped)."""
    org = view.catalog.vocab.organizations[org_id]
    name = org.name.get(view.lang)
    acronym = org.acronym.get(view.lang) if org.acronym else ""
    return f"{name} ({acronym})" if acronym and acronym not in name else name


def _orgs_with_urls(view, ids: list[str], here: str, url: str | None = None) -> str:
    """Organizations linked to their pages, each followed by its own web address when the
    record (`url`, a contact's) or the organizations vocabulary has one."""
    out = []
    for org in ids:
        address = url or view.catalog.vocab.organizations[org].url
        link = view.org_links([org], here)
        out.append(f"{link} (<{address}>)" if address else link)
    return ", ".join(out)


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
            "title": _plain_text(case.title.get(view.lang)),
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
                "title": _plain_text(factor.title.get(view.lang)),
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


def _plain_text(text: str) -> str:
    """Reduce a one-line record Markdown text to plain text (form labels, e-mail); unescaped."""
    rendered = to_html(text)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        text = html_to_text(rendered)
    # else "1. Title" or "# Title" would lose its start as a list or heading: keep it as typed.
    # One line always: a blank line would end the raw HTML block the form is written in.
    return " ".join(text.split())


def _sort_key(name: str) -> str:
    """Sort names as readers expect: accents do not move 'Perú' away from 'Peru'."""
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()
