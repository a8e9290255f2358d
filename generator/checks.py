"""The checks of one record the models cannot do alone: ids matching file names and unique
within the record, sources pointed to, ISO and SDG codes, vocabulary terms, places inside the
record's countries, no scaffold placeholders left in a published record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from . import geo, reference
from .errors import did_you_mean
from .loader import RawRecord
from .models import Case, Methodology
from .scaffold import PLACEHOLDER
from .shape import SDG_CODES, show
from .vocabulary import Organization, Term

# Lists whose items have an `id` that something else points to.
IDENTIFIED = ("sources", "success_factors", "modules")


@dataclass
class Vocabularies:
    """The editorial registries: organizations and the controlled term lists."""

    organizations: dict[str, Organization] = field(default_factory=dict)
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # files unread: nothing is checked against them

    def term(self, vocabulary: str, term_id: str) -> Term:
        return self.terms[vocabulary][term_id]


def check_record(
    raw: RawRecord, rec: Case | Methodology, vocab: Vocabularies, aside: frozenset = frozenset()
) -> Iterator[tuple]:
    """Yield (location, message) for every check the models cannot do alone; `aside` holds the
    locations of values with errors, replaced by stand-ins (validate._set_aside)."""
    stem = PurePosixPath(raw.path).stem
    if rec.id != stem:
        yield ("id",), f"expected the file name ({stem!r}), but got {rec.id!r}"
    yield from _check_unique_ids(raw, rec)
    yield from _check_sources(rec, aside)
    yield from _check_codes(rec)
    yield from _check_terms(rec, vocab)
    if rec.status == "published":
        yield from _check_placeholders(raw.data, ())


def _check_unique_ids(raw: RawRecord, rec) -> Iterator[tuple]:
    """Items are pointed to by id (`method#module`, a figure's source): two would be ambiguous."""
    for name in IDENTIFIED:
        first: dict[str, int] = {}
        for i, item in enumerate(getattr(rec, name, [])):
            if item.id in first:
                yield (
                    (name, i, "id"),
                    (
                        f"expected a unique id in {name}, but got {item.id!r} "
                        f"again (first at line {first[item.id]})"
                    ),
                )
            else:
                first[item.id] = raw.line_of((name, i, "id"))


def _check_placeholders(value, loc: tuple) -> Iterator[tuple]:
    """A published record must not keep a text `minka new` wrote for the editor to replace."""
    if isinstance(value, str) and value.strip().startswith(PLACEHOLDER):
        yield (
            loc,
            (
                f"expected your own text in a published record, but got the placeholder "
                f"{show(value.strip())} (replace it, or keep status: draft)"
            ),
        )
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _check_placeholders(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _check_placeholders(item, (*loc, i))


def _check_sources(rec, aside: frozenset) -> Iterator[tuple]:
    """Every figure must trace to a source the record lists; when a source's id has an error
    of its own, a reference may be to it, and is not blamed."""
    ids = [s.id for s in rec.sources]
    unknown = any(loc[:1] == ("sources",) and loc[2:3] in ((), ("id",)) for loc in aside)
    for loc, sid in _source_refs(rec):
        if sid not in ids and not unknown:
            known = ", ".join(ids) or "none: add a sources list"
            yield (
                loc,
                f"expected a source id of this record ({known}), but got {sid!r}"
                f"{did_you_mean(sid, ids)}",
            )


def _source_refs(rec) -> Iterator[tuple]:
    for i, fig in enumerate(rec.key_figures):
        yield ("key_figures", i, "source"), fig.source
    if isinstance(rec, Case):
        groups = [
            ("breakdowns", rec.breakdowns),
            ("funding", rec.funding),
            ("beneficiaries", rec.beneficiaries),
        ]
        if rec.exchange:
            groups += [
                (("exchange", "exchanges"), rec.exchange.exchanges),
                (("exchange", "recognition"), rec.exchange.recognition),
            ]
        for name, items in groups:
            prefix = name if isinstance(name, tuple) else (name,)
            for i, item in enumerate(items):
                if item.source:
                    yield (*prefix, i, "source"), item.source
        if rec.typology and rec.typology.source:
            yield ("typology", "source"), rec.typology.source
    else:
        for i, ad in enumerate(rec.adaptations):
            if ad.source:
                yield ("adaptations", i, "source"), ad.source


def _check_codes(rec) -> Iterator[tuple]:
    for loc, code in _country_refs(rec):
        if not reference.country_exists(code):
            yield loc, bad_country(code)
    for loc, code in _currency_refs(rec):
        if not reference.currency_exists(code):
            yield (
                loc,
                f"expected an ISO 4217 currency code such as 'USD' or 'COP', but got {code!r}",
            )
    if isinstance(rec, Case) and rec.sdg:
        yield from _check_sdg(rec.sdg)


def _country_refs(rec) -> Iterator[tuple]:
    for i, code in enumerate(rec.countries):
        yield ("countries", i), code
    if isinstance(rec, Case) and rec.exchange:
        for i, ex in enumerate(rec.exchange.exchanges):
            if ex.partner_country:
                yield ("exchange", "exchanges", i, "partner_country"), ex.partner_country
        for i, code in enumerate(rec.exchange.interested_countries):
            yield ("exchange", "interested_countries", i), code
    if isinstance(rec, Methodology):
        for i, ad in enumerate(rec.adaptations):
            for j, code in enumerate(ad.countries):
                yield ("adaptations", i, "countries", j), code


def _currency_refs(rec) -> Iterator[tuple]:
    for i, fig in enumerate(rec.key_figures):
        if fig.currency:
            yield ("key_figures", i, "currency"), fig.currency
    if isinstance(rec, Case):
        for i, fund in enumerate(rec.funding):
            if fund.currency:
                yield ("funding", i, "currency"), fund.currency


def _check_sdg(sdg) -> Iterator[tuple]:
    framework = reference.sdg_framework()
    goals = framework["goal_numbers"]
    for i, goal in enumerate(sdg.goals):
        if goal not in goals:
            yield ("sdg", "goals", i), f"expected an SDG goal number from 1 to 17, but got {goal}"
    for name, codes in (("targets", framework["targets"]), ("indicators", framework["indicators"])):
        for i, code in enumerate(getattr(sdg, name)):
            if code in codes:
                continue
            goal = code.split(".")[0]
            why = f" (there is no goal {goal})" if goal.isdigit() and int(goal) not in goals else ""
            hint = did_you_mean(code, list(codes)) if not why else ""
            yield (
                ("sdg", name, i),
                (f"expected {SDG_CODES['sdg', name]}, but got {code!r}{why}{hint}"),
            )


def _check_terms(rec, vocab: Vocabularies) -> Iterator[tuple]:
    fields = [("themes", "themes")]
    if isinstance(rec, Case):
        fields += [("value_chains", "value-chains"), ("populations", "populations")]
        regions = vocab.terms["regions"]
        if rec.region and rec.region not in regions and "regions" not in vocab.broken:
            yield ("region",), _unknown_term("regions", rec.region, regions)
    for fieldname, vocabulary in fields:
        if vocabulary in vocab.broken:
            continue
        known = vocab.terms[vocabulary]
        for i, term in enumerate(getattr(rec, fieldname)):
            if term not in known:
                yield (fieldname, i), _unknown_term(vocabulary, term, known)


def check_places(case: Case) -> Iterator[tuple]:
    """Coordinates should lie in the record's countries: a swapped or unsigned one does not.

    A warning, not an error: the shapes leave out the smallest islands.
    """
    codes = [c for c in case.countries if reference.country_exists(c)]

    def near(lon: float, lat: float) -> bool:
        return any(geo.is_near(code, lon, lat) for code in codes)

    for i, c in enumerate(case.coordinates):
        if not codes or near(c.lon, c.lat):
            continue
        if -90 <= c.lon <= 90 and near(c.lat, c.lon):
            hint = " (are lat and lon swapped?)"
        elif near(-c.lon, c.lat):
            hint = f" (west of Greenwich and south of the equator are negative: lon {-c.lon}?)"
        elif near(c.lon, -c.lat):
            hint = f" (west of Greenwich and south of the equator are negative: lat {-c.lat}?)"
        else:
            where = geo.country_at(c.lon, c.lat)
            hint = (
                f" (that is in {reference.country_name(where, 'en')})"
                if where
                else " (that is at sea, or on an island too small for the maps)"
            )
        yield (
            ("coordinates", i),
            (
                f"expected a place in the record's countries "
                f"({', '.join(codes)}), but got lat {c.lat}, lon {c.lon}{hint}"
            ),
        )


def _unknown_term(vocabulary: str, term: str, known: dict) -> str:
    return (
        f"expected a term of vocabularies/{vocabulary}.yaml, but got {term!r}"
        f"{did_you_mean(term, list(known))}"
    )


def bad_country(code: str) -> str:
    return f"expected an ISO 3166 country code such as 'CO' or 'PE', but got {code!r}"
