"""What the browser search knows about each record page: Pagefind filters and result metadata.

Values are the labels a reader sees in the page's language ("Perú", "Café"), because
Pagefind shows filter values as they are; the filter names are stable keys, labelled
on the explore page from the same label file.
"""

from __future__ import annotations

from . import reference
from .catalog import Catalog
from .models import Case, Methodology
from .text import first_sentence

# The order of the facets on the explore page.
FILTERS = ("type", "country", "region", "theme", "value_chain", "population", "sdg",
           "methodology", "period", "lead")
# A made-up word in the "listing" meta of every record page. The explore page searches it to
# list the records when no words are typed: Pagefind's search without words downloads every
# index chunk of the language (8 MB at 5,000 records), this word only its own. The same word
# is in theme/assets/search.js.
LISTING_WORD = "zzrecord"
RECORD_FILTER = "record"


def page_search(catalog: Catalog, rec: Case | Methodology, lang: str, L: dict) -> dict:
    """Return {'filters': {name: [labels]}, 'meta': {name: text}} for one record page."""
    term = lambda vocabulary, key: catalog.vocab.term(vocabulary, key).model_dump()[lang]  # noqa: E731
    org = lambda key: catalog.vocab.organizations[key].name.get(lang)  # noqa: E731
    countries = [reference.country_name(c, lang) for c in getattr(rec, "countries", [])]
    if isinstance(rec, Case):
        methods = sorted({ref.methodology for ref in rec.methodologies})
        filters = {
            "type": [L["practice"]],
            "country": countries,
            "region": [term("regions", rec.region)] if rec.region else [],
            "theme": [term("themes", t) for t in rec.themes],
            "value_chain": [term("value-chains", v) for v in rec.value_chains],
            "population": [term("populations", p) for p in rec.populations],
            "sdg": [f"{g}. {reference.sdg_goal(g)[lang]}" for g in (rec.sdg.goals if rec.sdg else [])],
            "methodology": [catalog.methodologies[m].title.get(lang) for m in methods
                            if m in catalog.methodologies],
            "period": [_decade(rec.period.start)] if rec.period else [],
            "lead": [org(o) for o in rec.lead],
        }
    else:
        # The facets a methodology has a hub for too (country, theme): explore's counts then
        # agree with the hub pages, which list practices and methodologies.
        filters = {"type": [L["methodology"]], "country": countries,
                   "theme": [term("themes", t) for t in rec.themes],
                   "methodology": [rec.title.get(lang)],
                   "lead": [org(o) for o in rec.owner],
                   "period": [_decade(rec.year)] if rec.year else []}
    meta = {"summary": first_sentence(rec.summary.get(lang))}
    if countries:
        meta["country"] = ", ".join(countries)
    # The names a reader searches by, out of the page's text since the fact sheet is not
    # indexed: the browser ranks a match here above one in the body (KEYWORDS_WEIGHT in
    # theme/assets/search.js), as Whoosh boosts its tags (generator/index.py).
    orgs = [catalog.vocab.organizations[o] for o in (rec.lead if isinstance(rec, Case) else rec.owner)]
    keywords = [rec.acronym, *(p.get(lang) for p in getattr(rec, "places", [])),
                *filters.get("value_chain", []), *filters.get("population", []),
                *filters["theme"], *(o.name.get(lang) for o in orgs),
                # every form of an acronym: readers search by the one they know (ILO, OIT)
                *(form for o in orgs if o.acronym for form in o.acronym.forms())]
    meta["keywords"] = ", ".join(dict.fromkeys(k for k in keywords if k))
    meta["listing"] = LISTING_WORD
    shown = {name: values for name in FILTERS if (values := filters.get(name))}
    # Not a facet: the record whatever the language, so a search of the other language's
    # index can leave out the records the page's language already found.
    shown[RECORD_FILTER] = [rec.id]
    return {"filters": shown, "meta": meta}


def filter_labels(L: dict) -> dict[str, str]:
    """Return the heading of each facet on the explore page, in the page's language."""
    return {name: L["facet_names"][name] for name in FILTERS}


def _decade(year: int) -> str:
    start = year - year % 10
    return f"{start}–{start + 9}"
