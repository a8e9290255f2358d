"""Check raw records against the models, the vocabularies and the ISO and SDG code lists.

Every problem of every file is collected as a RecordError at the line of the
offending value; nothing stops at the first error.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml
from pydantic import BaseModel, ValidationError

from . import geo, reference
from .errors import RecordError, did_you_mean, format_loc
from .loader import RawRecord
from .languages import LANGS
from .models import Case, Methodology
from .vocabulary import VOCABULARIES, Organization, OrganizationsFile, Term, TermsFile
from .scaffold import PLACEHOLDER

MODELS = {"case": Case, "methodology": Methodology}
VOCABULARY_FILES = {"organizations": OrganizationsFile, **{v: TermsFile for v in VOCABULARIES}}
# Lists whose items have an `id` that something else points to.
IDENTIFIED = ("sources", "success_factors", "modules")
# Valid stand-ins for required fields that have an error, so that the record's other fields
# are still checked; errors under a stand-in are not reported (they would be consequences).
_STAND_INS = {"title": {lang: "-" for lang in LANGS}, "summary": {lang: "-" for lang in LANGS},
              "original_language": LANGS[0], "kind": "program", "countries": ["CO"]}


@dataclass
class Valid:
    """A record that the models could read, with its raw form for line numbers.

    `sound` is False when the record has errors of its own: its references are still
    checked (every error is reported at once), but it is never published. `model` is None
    when not even that was possible; records pointing to it are then not blamed.
    """

    raw: RawRecord
    model: Case | Methodology | None
    sound: bool = True
    replaced: frozenset = frozenset()  # top-level fields set aside because of their errors
    warnings: list[RecordError] = field(default_factory=list)  # shown by `minka validate`


@dataclass
class Vocabularies:
    """The editorial registries: organizations and the controlled term lists."""

    organizations: dict[str, Organization] = field(default_factory=dict)
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # files unread: nothing is checked against them

    def term(self, vocabulary: str, term_id: str) -> Term:
        return self.terms[vocabulary][term_id]


def validate_records(raws: list[RawRecord]) -> tuple[list[Valid], Vocabularies, list[RecordError]]:
    """Validate vocabularies first (records use their terms), then every record."""
    errors: list[RecordError] = []
    vocab_raws = [r for r in raws if r.kind == "vocabulary"]
    # The loader gives back the same RawRecord for an unchanged file, so a record is
    # validated again only when it or the vocabularies changed (`minka serve` edits).
    same = _last["vocab_raws"] is not None and len(vocab_raws) == len(_last["vocab_raws"]) and all(
        a is b for a, b in zip(vocab_raws, _last["vocab_raws"]))
    if not same:
        found: list[RecordError] = []
        _last.update(vocab_raws=vocab_raws, vocab_errors=found, records={},
                     vocab=_validate_vocabularies(vocab_raws, found))
    vocab, known = _last["vocab"], _last["records"]
    errors += _last["vocab_errors"]
    valid, seen = [], {}
    for raw in raws:
        if raw.kind == "vocabulary":
            continue
        if id(raw) not in known or known[id(raw)][0] is not raw:
            known[id(raw)] = (raw, *_validate_record(raw, vocab))
        _, checked, found = known[id(raw)]
        seen[id(raw)] = known[id(raw)]
        errors.extend(found)
        valid.append(checked)
    _last["records"] = seen  # forget deleted and replaced records
    return valid, vocab, errors


_last: dict = {"vocab_raws": None}


def _validate_record(raw: RawRecord, vocab: Vocabularies) -> tuple[Valid, list[RecordError]]:
    errors: list[RecordError] = []
    model = _parse(raw, MODELS[raw.kind], errors)
    replaced: frozenset = frozenset()
    if model is None:
        model, replaced = _parse_the_rest(raw, errors)
        if model is None:
            return Valid(raw, None, sound=False), errors
    for loc, msg in _check_record(raw, model, vocab):
        if loc[0] not in replaced:
            loc = raw.as_written(loc)
            errors.append(RecordError(raw.path, raw.line_of(loc), format_loc(loc), msg))
    warnings = [] if {"countries", "coordinates"} & replaced or not isinstance(model, Case) else [
        RecordError(raw.path, raw.line_of(loc), format_loc(loc), msg)
        for loc, msg in _check_places(model)]
    return Valid(raw, model, sound=not errors, replaced=replaced, warnings=warnings), errors


def _parse_the_rest(raw: RawRecord, errors: list[RecordError]):
    """Read the record again with its faulty fields set aside, to check everything else."""
    faulty = {re.split(r"[.\[]", e.field)[0] for e in errors if e.field}
    if not faulty or any(not e.field for e in errors):
        return None, frozenset()
    data = {k: v for k, v in raw.data.items() if k not in faulty}
    data |= {k: v for k, v in _STAND_INS.items() if k in faulty}
    if "id" in faulty:
        data["id"] = PurePosixPath(raw.path).stem
    try:
        model = MODELS[raw.kind].model_validate(data, context=_context(raw))
    except ValidationError:
        return None, frozenset()
    return model, frozenset(faulty)


def _validate_vocabularies(raws: list[RawRecord], errors: list[RecordError]) -> Vocabularies:
    vocab = Vocabularies(terms={v: {} for v in VOCABULARIES})
    for raw in raws:
        name = PurePosixPath(raw.path).stem
        if name not in VOCABULARY_FILES:
            known = ", ".join(f"{v}.yaml" for v in VOCABULARY_FILES)
            errors.append(RecordError(raw.path, 1, "", f"expected one of {known}, but got {name!r}"))
            continue
        parsed = _parse(raw, VOCABULARY_FILES[name], errors)
        if parsed is None:
            vocab.broken.add(name)
            continue
        entries = parsed.organizations if name == "organizations" else parsed.terms
        key = "organizations" if name == "organizations" else "terms"
        seen: dict[str, int] = {}
        for i, entry in enumerate(entries):
            loc = (key, i, "id")
            if entry.id in seen:
                errors.append(RecordError(raw.path, raw.line_of(loc), format_loc(loc),
                                          f"expected a unique id, but got {entry.id!r} again "
                                          f"(first at line {seen[entry.id]})"))
            seen[entry.id] = raw.line_of(loc)
            if name == "organizations" and entry.country and not reference.country_exists(entry.country):
                cloc = (key, i, "country")
                errors.append(RecordError(raw.path, raw.line_of(cloc), format_loc(cloc),
                                          _bad_country(entry.country)))
        if name == "organizations":
            vocab.organizations = {o.id: o for o in entries}
        else:
            vocab.terms[name] = {t.id: t for t in entries}
    return vocab


def check_model(raw: RawRecord, model: type[BaseModel], patterns: dict[str, str] | None = None
                ) -> tuple[BaseModel | None, list[RecordError]]:
    """Validate a document that is not a record (an exchange request) against `model`: the
    instance, or None and every error, worded as records' are. `patterns` says in words what
    each of the model's patterns expects ('an e-mail address like name@example.org')."""
    try:
        return model.model_validate(raw.data), []
    except ValidationError as exc:
        return None, _convert(raw, model, exc, patterns or {})


def _parse(raw: RawRecord, model: type[BaseModel], errors: list[RecordError]):
    """Validate raw data against a model; add one error per problem and return None on failure."""
    try:
        return model.model_validate(raw.data, context=_context(raw))
    except ValidationError as exc:
        errors.extend(_convert(raw, model, exc))
        return None


def _context(raw: RawRecord) -> dict:
    language = raw.data.get("original_language")
    return {"original_language": language} if language in LANGS else {}


def _convert(raw: RawRecord, model: type[BaseModel], exc: ValidationError,
             patterns: dict[str, str] | None = None) -> list[RecordError]:
    """Turn pydantic errors into RecordErrors; union branches at one place become one message."""
    grouped: dict[tuple, list[dict]] = {}
    for err in exc.errors(include_url=False):
        loc = _data_loc(raw.data, err["loc"], err["type"])
        if err["type"] == "extra_forbidden":
            err["_fields"] = _fields_at(model, loc[:-1])
        grouped.setdefault(loc, []).append(err)
    out = []
    for loc, errs in grouped.items():
        expected = []
        for err in errs:
            text = _expected(err, loc, raw, patterns or {})
            if text not in expected:
                expected.append(text)
        if errs[0]["type"] in ("extra_forbidden", "missing") or len(expected) == 1:
            message = expected[0]
        else:
            message = "expected " + " or ".join(e.removeprefix("expected ").split(", but got")[0]
                                                for e in expected) + f", but got {_show(errs[0]['input'])}"
        # A mistake inside a long text is named at its own line, not the field's.
        place = getattr((errs[0].get("ctx") or {}).get("error"), "position", None)
        line = raw.line_of(loc) if place is None else raw.line_in_text(loc, place)
        out.append(RecordError(raw.path, line, format_loc(loc), message))
    return out


def _data_loc(data, loc: tuple, kind: str) -> tuple:
    """Keep the parts of a pydantic location that exist in the data (drop union branch names)."""
    out, node = [], data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif last and kind in ("missing", "extra_forbidden"):
            pass
        else:
            continue
        out.append(part)
    return tuple(out)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Return the field names of the model found at a data location (for 'did you mean')."""
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        inner = _model_in(info.annotation) if info else None
        if inner is None:
            return []
        model = inner
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _expected(err: dict, loc: tuple, raw: RawRecord, patterns: dict[str, str]) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err["input"]
    name = loc[-1] if loc else ""
    written = raw.written.get(loc, str(value))
    if kind == "list_type" and isinstance(value, (str, int, float)):
        as_list = _flow([value]) if isinstance(value, str) else f"[{written}]"
        return f"expected a list, but got {_show(value)} (write it as a list: {as_list})"
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        # YAML reads 8.10 as the number 8.1: show what the editor wrote, and how to keep it.
        what = _SDG_CODES.get(loc[:2], "text") if loc[:1] == ("sdg",) else "text"
        return f"expected {what}, but got the number {written} (quote it: '{written}')"
    if kind == "extra_forbidden":
        hint = did_you_mean(str(name), err.get("_fields", []))
        if set(err.get("_fields", [])) == set(LANGS):  # a text: its keys are language codes
            return f"expected a language of the site ({', '.join(LANGS)}), but got {name!r}{hint}"
        return f"expected a known field, but got unknown field {name!r}{hint}"
    if kind == "missing":
        return "expected a value (this field is required), but got none"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return (f"expected one of {', '.join(options)}, but got {_show(value)}"
                f"{did_you_mean(str(value), options)}")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in patterns:
        return f"expected {patterns[ctx['pattern']]}, but got {_show(value)}"
    if kind == "string_pattern_mismatch":
        return f"expected a slug (lowercase a-z, 0-9 and hyphens), but got {_show(value)}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    simple = {
        "string_type": "text",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "float_type": "a number",
        "float_parsing": "a number",
        "finite_number": "a finite number",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "list_type": "a list",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "date_type": "a date (YYYY-MM-DD)",
        "date_parsing": "a date (YYYY-MM-DD)",
        "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
        "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
    }
    if kind in simple:
        return f"expected {simple[kind]}, but got {_show(value)}"
    bounds = {
        "greater_than_equal": "a number >= {ge}",
        "less_than_equal": "a number <= {le}",
        "greater_than": "a number > {gt}",
        "less_than": "a number < {lt}",
        "string_too_short": "text of at least {min_length} character(s)",
        "string_too_long": "text of at most {max_length} characters",
        "too_short": "at least {min_length} item(s)",
        "too_long": "at most {max_length} items",
    }
    if kind in bounds:
        ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in ctx.items()}
        shown = f"{len(value)} characters" if kind == "string_too_long" else _show(value)
        return f"expected {bounds[kind].format(**ctx)}, but got {shown}"
    return f"expected a valid value ({err['msg']}), but got {_show(value)}"


def _check_record(raw: RawRecord, rec: Case | Methodology, vocab: Vocabularies) -> Iterator[tuple]:
    """Yield (location, message) for every check the models cannot do alone."""
    stem = PurePosixPath(raw.path).stem
    if rec.id != stem:
        yield ("id",), f"expected the file name ({stem!r}), but got {rec.id!r}"
    yield from _check_unique_ids(raw, rec)
    yield from _check_sources(rec)
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
                yield (name, i, "id"), (f"expected a unique id in {name}, but got {item.id!r} "
                                        f"again (first at line {first[item.id]})")
            else:
                first[item.id] = raw.line_of((name, i, "id"))


def _check_placeholders(value, loc: tuple) -> Iterator[tuple]:
    """A published record must not keep a text `minka new` wrote for the editor to replace."""
    if isinstance(value, str) and value.strip().startswith(PLACEHOLDER):
        yield loc, (f"expected your own text in a published record, but got the placeholder "
                    f"{_show(value.strip())} (replace it, or keep status: draft)")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _check_placeholders(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _check_placeholders(item, loc + (i,))


def _check_sources(rec) -> Iterator[tuple]:
    """Every figure must trace to a source the record lists."""
    ids = [s.id for s in rec.sources]
    for loc, sid in _source_refs(rec):
        if sid not in ids:
            known = ", ".join(ids) or "none: add a sources list"
            yield loc, f"expected a source id of this record ({known}), but got {sid!r}" \
                       f"{did_you_mean(sid, ids)}"


def _source_refs(rec) -> Iterator[tuple]:
    for i, fig in enumerate(rec.key_figures):
        yield ("key_figures", i, "source"), fig.source
    if isinstance(rec, Case):
        groups = [("breakdowns", rec.breakdowns), ("funding", rec.funding),
                  ("beneficiaries", rec.beneficiaries)]
        if rec.exchange:
            groups += [(("exchange", "exchanges"), rec.exchange.exchanges),
                       (("exchange", "recognition"), rec.exchange.recognition)]
        for name, items in groups:
            prefix = name if isinstance(name, tuple) else (name,)
            for i, item in enumerate(items):
                if item.source:
                    yield prefix + (i, "source"), item.source
        if rec.typology and rec.typology.source:
            yield ("typology", "source"), rec.typology.source
    else:
        for i, ad in enumerate(rec.adaptations):
            if ad.source:
                yield ("adaptations", i, "source"), ad.source


def _check_codes(rec) -> Iterator[tuple]:
    for loc, code in _country_refs(rec):
        if not reference.country_exists(code):
            yield loc, _bad_country(code)
    for loc, code in _currency_refs(rec):
        if not reference.currency_exists(code):
            yield loc, f"expected an ISO 4217 currency code such as 'USD' or 'COP', but got {code!r}"
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


_SDG_CODES = {("sdg", "targets"): "an SDG target code such as '2.3' or '1.a'",
              ("sdg", "indicators"): "an SDG indicator code such as '2.3.2'"}


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
            yield ("sdg", name, i), (f"expected {_SDG_CODES['sdg', name]}, "
                                     f"but got {code!r}{why}{hint}")


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


def _check_places(case: Case) -> Iterator[tuple]:
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
            hint = (f" (that is in {reference.country_name(where, 'en')})" if where else
                    " (that is at sea, or on an island too small for the maps)")
        yield ("coordinates", i), (f"expected a place in the record's countries "
                                   f"({', '.join(codes)}), but got lat {c.lat}, lon {c.lon}{hint}")


def _unknown_term(vocabulary: str, term: str, known: dict) -> str:
    return (f"expected a term of vocabularies/{vocabulary}.yaml, but got {term!r}"
            f"{did_you_mean(term, list(known))}")


def _bad_country(code: str) -> str:
    return f"expected an ISO 3166 country code such as 'CO' or 'PE', but got {code!r}"


def _flow(value) -> str:
    """Write a value as YAML on one line, quoted only where YAML needs it: [Nariño]."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000).strip()


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
