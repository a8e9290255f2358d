"""The "propose a practice" form: a page that writes a draft record file in the browser.

The form is checked in the browser (generator/theme/assets/page/propose.js) by rules read
here from the models' JSON Schema and from the vocabularies at build time, so a limit, a
pattern or an allowed value changed in models.py or vocabularies/ changes the form too.
What JSON Schema cannot say (a year not in the future, a known ISO code) is read from the
models' validators and from the reference lists the validator uses.
"""

from __future__ import annotations

import json
import unicodedata

from . import reference
from .fields import SLUG_PATTERN
from .languages import LANGS
from .models import Case
from .present import rel
from .request import EMAIL_PATTERN
from .schema import field_rule
from .vocabulary import OrganizationsFile

PAGE = "contribute/propose/index.md"
SCRIPT = "propose"  # the page's kind of script (generator/assets.py): the form's is in it
# Form field -> (model, path in it). Field names follow the record's own paths, so a
# message and the file written agree with what `minka validate` says about the record.
FIELDS = {
    "id": (Case, "id"),
    "title": (Case, "title"),
    "kind": (Case, "kind"),
    "summary": (Case, "summary"),
    "countries": (Case, "countries"),
    "places": (Case, "places[]"),
    "period.start": (Case, "period.start"),
    "period.end": (Case, "period.end"),
    "key_figures.value": (Case, "key_figures[].value"),
    "key_figures.unit": (Case, "key_figures[].unit"),
    "key_figures.currency": (Case, "key_figures[].currency"),
    "key_figures.label": (Case, "key_figures[].label"),
    "key_figures.year": (Case, "key_figures[].year"),
    "sources.title": (Case, "sources[].title"),
    "sources.publisher": (Case, "sources[].publisher"),
    "sources.author": (Case, "sources[].author"),
    "sources.date": (Case, "sources[].date"),
    "sources.url": (Case, "sources[].url"),
    "exchange.offer": (Case, "exchange.offer"),
    "exchange.contact.email": (Case, "exchange.contact.email"),
    "organizations.name": (OrganizationsFile, "organizations[].name"),
    "organizations.acronym": (OrganizationsFile, "organizations[].acronym"),
    "organizations.country": (OrganizationsFile, "organizations[].country"),
    "organizations.type": (OrganizationsFile, "organizations[].type"),
    "organizations.url": (OrganizationsFile, "organizations[].url"),
}


def propose_view(view, editors: list[str] | None = None) -> dict:
    """Values of the proposal page: the vocabularies to choose from and the rules."""
    L, catalog, lang = view.L, view.catalog, view.lang
    vocab = catalog.vocab
    rules = form_rules(catalog)
    kinds = field_rule(Case, "kind")["enum"]
    types = field_rule(OrganizationsFile, "organizations[].type")["enum"]
    return view.common(PAGE) | {
        "title": L["pp_title"],
        "guide_url": rel(PAGE, "contribute/index.md"),
        "editors": editors or [],
        "kinds": [(k, L["pp_kinds"][k]) for k in kinds],
        "org_types": [(t, L["pp_org_types"][t]) for t in types],
        "languages": [(code, L["language_names"][code]) for code in LANGS],
        "vocabularies": [
            {
                "field": field,
                "legend": L["hub_titles"][name],
                "terms": sorted(
                    ((t.id, getattr(t, lang)) for t in vocab.terms[name].values()),
                    key=lambda item: _sort_key(item[1]),
                ),
            }
            for field, name in (
                ("themes", "themes"),
                ("value_chains", "value-chains"),
                ("populations", "populations"),
            )
        ],
        "organizations": sorted(
            ((o.id, view.org_name(o.id)) for o in vocab.organizations.values()),
            key=lambda item: _sort_key(item[1]),
        ),
        "rules_dict": rules,
        # Read by the script from a JSON <script> element: "<" escaped, so no text can close it.
        "rules": json.dumps(rules, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"),
        "script": SCRIPT,
    }


def form_rules(catalog) -> dict:
    """The rules the browser checks: per field, and the known ids, codes and patterns."""
    return {
        "fields": {name: field_rule(model, path) for name, (model, path) in FIELDS.items()},
        "slug": SLUG_PATTERN,
        # The browser takes "name@host" for an address; the models' e-mail check wants a dot.
        "email": EMAIL_PATTERN,
        "record_ids": sorted([*catalog.cases, *catalog.methodologies]),
        "organization_ids": sorted(catalog.vocab.organizations),
        "countries": reference.all_countries(),
        "currencies": reference.all_currencies(),
        "languages": list(LANGS),
        "schema": "../schema/case.schema.json",
    }


def _sort_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()
