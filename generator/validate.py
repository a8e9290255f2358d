"""Check raw records against the models, the vocabularies and the ISO and SDG code lists.

Every problem of every file is collected as a RecordError at the line of the
offending value; nothing stops at the first error.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from pydantic import ValidationError

from . import reference
from .checks import Vocabularies, bad_country, check_places, check_record
from .errors import RecordError, format_loc
from .languages import LANGS
from .loader import RawRecord
from .models import Case, Methodology
from .parallel import split_map
from .shape import context, failed_at, parse
from .vocabulary import VOCABULARIES, OrganizationsFile, TermsFile

MODELS = {"case": Case, "methodology": Methodology}
VOCABULARY_FILES = {"organizations": OrganizationsFile, **dict.fromkeys(VOCABULARIES, TermsFile)}
# Valid stand-ins for values that have an error, so that the record's other fields, and the
# other fields of the same object, are still checked: the first the model accepts in place of
# the value is used, else the value's object is set aside, up to the whole field. Errors under
# a stand-in are not reported (they would be consequences).
_TOP_STAND_INS = {"original_language": LANGS[0], "kind": "program", "countries": ["CO"]}
_STAND_INS = ("set-aside", 0, 2000, dict.fromkeys(LANGS, "set-aside"), "https://example.org")
_FINE = 20  # values set aside one by one in a record, at most
_DELETE = object()  # an optional field is set aside by leaving it out


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
    replaced: frozenset = frozenset()  # locations of values set aside because of their errors
    warnings: list[RecordError] = field(default_factory=list)  # shown by `minka validate`

    def hides(self, loc: tuple) -> bool:
        """Whether `loc` is a value set aside, or inside one: its errors are not reported."""
        return any(under(loc, aside) for aside in self.replaced)


def under(loc: tuple, ancestor: tuple) -> bool:
    """Whether `loc` is `ancestor` or inside it."""
    return tuple(loc[: len(ancestor)]) == tuple(ancestor)


def validate_records(
    raws: list[RawRecord], fork: bool = False
) -> tuple[list[Valid], Vocabularies, list[RecordError]]:
    """Validate vocabularies first (records use their terms), then every record; with `fork`,
    the records not validated before on every CPU (parallel.split_map)."""
    errors: list[RecordError] = []
    vocab_raws = [r for r in raws if r.kind == "vocabulary"]
    # The loader gives back the same RawRecord for an unchanged file, so a record is
    # validated again only when it or the vocabularies changed (`minka serve` edits).
    same = (
        _last["vocab_raws"] is not None
        and len(vocab_raws) == len(_last["vocab_raws"])
        and all(a is b for a, b in zip(vocab_raws, _last["vocab_raws"], strict=False))
    )
    if not same:
        found: list[RecordError] = []
        _last.update(
            vocab_raws=vocab_raws,
            vocab_errors=found,
            records={},
            vocab=_validate_vocabularies(vocab_raws, found),
        )
    vocab, known = _last["vocab"], _last["records"]
    errors += _last["vocab_errors"]
    fresh = [
        raw
        for raw in raws
        if raw.kind != "vocabulary" and (id(raw) not in known or known[id(raw)][0] is not raw)
    ]
    checks = split_map(functools.partial(_validate_each, vocab=vocab), fresh, fork)
    for raw, (checked, found) in zip(fresh, checks, strict=True):
        known[id(raw)] = (raw, replace(checked, raw=raw), found)
    valid, seen = [], {}
    for raw in raws:
        if raw.kind == "vocabulary":
            continue
        _, checked, found = known[id(raw)]
        seen[id(raw)] = known[id(raw)]
        errors.extend(found)
        valid.append(checked)
    _last["records"] = seen  # forget deleted and replaced records
    return valid, vocab, errors


_last: dict = {"vocab_raws": None}


def forget_records() -> None:
    """Forget every record checked so far: in a process that will check none again."""
    _last.clear()
    _last["vocab_raws"] = None


def _validate_each(raws: list[RawRecord], vocab: Vocabularies) -> list[tuple[Valid, list]]:
    """Validate each record on its own; in a forked process too."""
    # The caller has the raw records: sent back from a forked process, they would cost about
    # as much as reading them again.
    return [
        (replace(checked, raw=None), errors)
        for checked, errors in (_validate_record(raw, vocab) for raw in raws)
    ]


def _validate_record(raw: RawRecord, vocab: Vocabularies) -> tuple[Valid, list[RecordError]]:
    errors: list[RecordError] = []
    model = parse(raw, MODELS[raw.kind], errors)
    replaced: frozenset = frozenset()
    if model is None:
        model, replaced = _parse_the_rest(raw)
        if model is None:
            return Valid(raw, None, sound=False), errors
    for loc, msg in check_record(raw, model, vocab, replaced):
        if not any(under(loc, aside) for aside in replaced):
            loc = raw.as_written(loc)
            errors.append(RecordError(raw.path, raw.line_of(loc), format_loc(loc), msg))
    warnings = (
        []
        if {"countries", "coordinates"} & {aside[0] for aside in replaced}
        or not isinstance(model, Case)
        else [
            RecordError(raw.path, raw.line_of(loc), format_loc(loc), msg)
            for loc, msg in check_places(model)
        ]
    )
    return Valid(raw, model, sound=not errors, replaced=replaced, warnings=warnings), errors


def _parse_the_rest(raw: RawRecord):
    """Read the record again with its faulty values set aside, to check everything else."""
    data = copy.deepcopy(raw.data)
    faulty = failed_at(raw, data, MODELS[raw.kind])
    if not faulty or () in faulty:
        return None, frozenset()
    aside: set[tuple] = set()
    for loc in sorted(faulty, key=format_loc):
        if not any(under(loc, done) for done in aside):
            # Each try validates the whole record: past a few, whole fields are set aside.
            aside.add(_set_aside(raw, data, loc if len(aside) < _FINE else loc[:1]))
    try:
        model = MODELS[raw.kind].model_validate(data, context=context(raw))
    except ValidationError:
        return None, frozenset()
    return model, frozenset(aside)


def _set_aside(raw: RawRecord, data: dict, loc: tuple) -> tuple:
    """Put in `data` at `loc`, or else at the closest object holding it, a value the model
    accepts there (or leave it out if it may be); return where."""
    for depth in range(len(loc), 0, -1):
        at = loc[:depth]
        parent = functools.reduce(lambda node, part: node[part], at[:-1], data)
        key, original = at[-1], parent[at[-1]] if at[-1] in _keys(parent) else _DELETE
        options = [_DELETE] if isinstance(key, str) else []
        if depth == 1:
            stem = PurePosixPath(raw.path).stem
            options += [{"id": stem, **_TOP_STAND_INS}.get(key, _DELETE)]
        for option in [*options, *_STAND_INS]:
            _put(parent, key, option)
            if not any(
                under(at, other) or under(other, at)
                for other in failed_at(raw, data, MODELS[raw.kind])
                if other
            ):
                return at
        _put(parent, key, original)
    return loc[:1]


def _keys(node) -> range | dict:
    return range(len(node)) if isinstance(node, list) else node


def _put(node, key, value) -> None:
    if value is not _DELETE:
        node[key] = copy.deepcopy(value)
    elif key in node:
        del node[key]


def _validate_vocabularies(raws: list[RawRecord], errors: list[RecordError]) -> Vocabularies:
    vocab = Vocabularies(terms={v: {} for v in VOCABULARIES})
    for raw in raws:
        name = PurePosixPath(raw.path).stem
        if name not in VOCABULARY_FILES:
            known = ", ".join(f"{v}.yaml" for v in VOCABULARY_FILES)
            errors.append(
                RecordError(raw.path, 1, "", f"expected one of {known}, but got {name!r}")
            )
            continue
        parsed = parse(raw, VOCABULARY_FILES[name], errors)
        if parsed is None:
            vocab.broken.add(name)
            continue
        entries = parsed.organizations if name == "organizations" else parsed.terms
        key = "organizations" if name == "organizations" else "terms"
        seen: dict[str, int] = {}
        for i, entry in enumerate(entries):
            loc = (key, i, "id")
            if entry.id in seen:
                errors.append(
                    RecordError(
                        raw.path,
                        raw.line_of(loc),
                        format_loc(loc),
                        f"expected a unique id, but got {entry.id!r} again "
                        f"(first at line {seen[entry.id]})",
                    )
                )
            seen[entry.id] = raw.line_of(loc)
            if (
                name == "organizations"
                and entry.country
                and not reference.country_exists(entry.country)
            ):
                cloc = (key, i, "country")
                errors.append(
                    RecordError(
                        raw.path, raw.line_of(cloc), format_loc(cloc), bad_country(entry.country)
                    )
                )
        if name == "organizations":
            vocab.organizations = {o.id: o for o in entries}
        else:
            vocab.terms[name] = {t.id: t for t in entries}
    return vocab
