"""Index the valid records by id, resolve references between them, derive back-links."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .checks import Vocabularies
from .errors import RecordError, did_you_mean, format_loc
from .facets import FACETS
from .models import Case, Methodology
from .validate import Valid


@dataclass
class Use:
    """A case applying a methodology, optionally one of its modules."""

    case: str
    module: str | None


@dataclass
class Catalog:
    """Everything the renderer needs, resolved and cross-linked."""

    cases: dict[str, Case]
    methodologies: dict[str, Methodology]
    vocab: Vocabularies
    paths: dict[str, str] = field(default_factory=dict)
    uses: dict[str, list[Use]] = field(default_factory=dict)
    org_roles: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    hubs: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # (record id, source id) -> the citation key of that work (see `source_key`)
    source_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    warnings: list[RecordError] = field(default_factory=list)  # doubts, not errors

    def record(self, record_id: str) -> Case | Methodology | None:
        return self.cases.get(record_id) or self.methodologies.get(record_id)

    def kind_of(self, record_id: str) -> str:
        return "case" if record_id in self.cases else "methodology"

    def source_key(self, record_id: str, source_id: str) -> str:
        """The citation key of one of a record's sources: "record:source", where the record
        is the first, by id, of those that describe that same work in the same words.
        Records often cite one document; its key is then the same on every page and in the
        data files, where it is listed once."""
        return self.source_keys.get((record_id, source_id), f"{record_id}:{source_id}")


def build_catalog(
    valid: list[Valid], vocab: Vocabularies, include_drafts: bool = False
) -> tuple[Catalog, list[RecordError]]:
    """Check references across records and derive back-links; drafts only when asked for.

    Records with errors of their own are checked too, so every error is reported at once;
    references to a record that could not be read at all are not blamed.
    """
    errors: list[RecordError] = []
    by_id: dict[str, Valid] = {}
    # Oldest first, so that an id collision is reported in the file that was added later.
    for entry in sorted(valid, key=lambda v: (v.raw.modified, v.raw.path)):
        rec_id = entry.model.id if entry.model else PurePosixPath(entry.raw.path).stem
        if rec_id in by_id:
            first = by_id[rec_id].raw
            where = f"{first.path}:{first.line_of(('id',))}"
            errors.append(
                _error(
                    entry,
                    ("id",),
                    f"expected a unique id, but got {rec_id!r}, first defined at {where}",
                )
            )
        else:
            by_id[rec_id] = entry
    methodologies = {k: v.model for k, v in by_id.items() if isinstance(v.model, Methodology)}
    unread = {k for k, v in by_id.items() if v.model is None}
    for entry in valid:
        if entry.model is None:
            continue
        for loc, message in _check_references(entry.model, by_id, methodologies, vocab, unread):
            if not entry.hides(loc):
                errors.append(_error(entry, loc, message))

    shown = {
        k: v
        for k, v in by_id.items()
        if v.sound and (include_drafts or v.model.status == "published")
    }
    catalog = Catalog(
        cases={k: v.model for k, v in sorted(shown.items()) if isinstance(v.model, Case)},
        methodologies={
            k: v.model for k, v in sorted(shown.items()) if isinstance(v.model, Methodology)
        },
        vocab=vocab,
        paths={k: v.raw.path for k, v in shown.items()},
        warnings=sorted([*(w for v in valid for w in v.warnings), *_sources_told_apart(shown)]),
    )
    if not errors:
        catalog.uses = _methodology_uses(catalog)
        catalog.org_roles = _organization_roles(catalog)
        catalog.hubs = _hubs(catalog)
        catalog.source_keys = _source_keys(catalog)
    return catalog, errors


def _source_keys(catalog: Catalog) -> dict[tuple[str, str], str]:
    first: dict[tuple, str] = {}
    keys = {}
    for rec in sorted([*catalog.cases.values(), *catalog.methodologies.values()], key=_by_id):
        for src in rec.sources:
            # The same work: every field but the id the record gave it.
            work = tuple(sorted(src.model_dump(exclude={"id"}, exclude_none=True).items()))
            keys[(rec.id, src.id)] = first.setdefault(work, f"{rec.id}:{src.id}")
    return keys


def _sources_told_apart(shown: dict[str, Valid]) -> list[RecordError]:
    """Warn where records describe one source (same id and title, no detail contradicting)
    with a detail in one and not the other: the work is then cited two ways, and listed
    twice in the data files. Two that contradict (another publisher, another date) are two
    works that share a title."""
    first: dict[tuple[str, str], tuple[Valid, int]] = {}
    warnings = []
    for rec_id in sorted(shown):
        entry = shown[rec_id]
        for i, src in enumerate(entry.model.sources):
            seen = first.setdefault((src.id, src.title), (entry, i))
            if seen[0] is entry:
                continue
            other = seen[0].model.sources[seen[1]]
            pairs = [
                (name, getattr(src, name), getattr(other, name)) for name in type(src).model_fields
            ]
            if any(a is not None and b is not None and a != b for _, a, b in pairs):
                continue
            missing = [name for name, a, b in pairs if (a is None) != (b is None)]
            if missing:
                where = f"{seen[0].raw.path}:{seen[0].raw.line_of(('sources', seen[1]))}"
                warnings.append(
                    _error(
                        entry,
                        ("sources", i),
                        f"expected the details of {src.id!r} as at {where}, but got "
                        f"{', '.join(missing)} in only one of them: one work cited two ways "
                        f"is listed twice in the data files",
                    )
                )
    return warnings


def _by_id(rec: Case | Methodology) -> str:
    return rec.id


def _check_references(rec, by_id, methodologies, vocab, unread) -> list[tuple]:
    found = []
    orgs = vocab.organizations
    for loc, org in _organization_refs(rec):
        if org not in orgs and "organizations" not in vocab.broken:
            found.append(
                (
                    loc,
                    f"expected an organization of vocabularies/organizations.yaml, "
                    f"but got {org!r}{did_you_mean(org, list(orgs))}",
                )
            )
    if isinstance(rec, Case):
        for i, ref in enumerate(rec.methodologies):
            method_id, module = ref
            if method_id in unread or (
                method_id in methodologies
                and module
                and any(aside[0] == "modules" for aside in by_id[method_id].replaced)
            ):
                continue
            if method_id not in methodologies:
                found.append(
                    (
                        ("methodologies", i),
                        f"expected a methodology id, but got "
                        f"{method_id!r}{did_you_mean(method_id, list(methodologies))}",
                    )
                )
                continue
            modules = [m.id for m in methodologies[method_id].modules]
            if module and module not in modules:
                known = ", ".join(modules) or "none defined"
                found.append(
                    (
                        ("methodologies", i),
                        f"expected a module of {method_id} ({known}), "
                        f"but got {module!r}{did_you_mean(module, modules)}",
                    )
                )
        for i, other in enumerate(rec.related):
            if other == rec.id or other not in by_id:
                what = "another record's id" if other == rec.id else "a record id"
                found.append(
                    (
                        ("related", i),
                        f"expected {what}, but got {other!r}"
                        f"{did_you_mean(other, [k for k in by_id if k != rec.id])}",
                    )
                )
    else:
        for i, rel in enumerate(rec.related_methodologies):
            if rel.id not in unread and (rel.id not in methodologies or rel.id == rec.id):
                found.append(
                    (
                        ("related_methodologies", i, "id"),
                        f"expected another methodology id, "
                        f"but got {rel.id!r}{did_you_mean(rel.id, list(methodologies))}",
                    )
                )
    return found


def _organization_refs(rec):
    """Yield (location, organization id) for every organization a record names."""
    if isinstance(rec, Case):
        for i, org in enumerate(rec.lead):
            yield ("lead", i), org
        for i, partner in enumerate(rec.partners):
            yield ("partners", i, "org"), partner.org
        for i, fund in enumerate(rec.funding):
            if fund.funder:
                yield ("funding", i, "funder"), fund.funder
        if rec.exchange:
            if rec.exchange.contact:
                yield ("exchange", "contact", "organization"), rec.exchange.contact.organization
            for i, award in enumerate(rec.exchange.recognition):
                if award.by:
                    yield ("exchange", "recognition", i, "by"), award.by
    else:
        for i, org in enumerate(rec.owner):
            yield ("owner", i), org
        for i, ad in enumerate(rec.adaptations):
            yield ("adaptations", i, "by"), ad.by


def _methodology_uses(catalog: Catalog) -> dict[str, list[Use]]:
    uses: dict[str, list[Use]] = defaultdict(list)
    for case in catalog.cases.values():
        for ref in case.methodologies:
            method_id, module = ref
            if method_id in catalog.methodologies:
                uses[method_id].append(Use(case.id, module or None))
    return dict(uses)


def organization_roles(rec: Case | Methodology) -> list[tuple[str, str]]:
    """The (organization id, role) pairs of a record, leading ones first: what its
    organizations' hubs and the data files' organizations say of it."""
    if isinstance(rec, Case):
        return [
            *((org, "lead") for org in rec.lead),
            *((p.org, p.role) for p in rec.partners),
            *((f.funder, "funder") for f in rec.funding if f.funder),
        ]
    return [
        *((org, "owner") for org in rec.owner),
        *((ad.by, "adapter") for ad in rec.adaptations),
    ]


def _organization_roles(catalog: Catalog) -> dict[str, dict[str, list[str]]]:
    """Map organization id -> role -> ids of the records it plays that role in."""
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for rec in [*catalog.cases.values(), *catalog.methodologies.values()]:
        for org, role in organization_roles(rec):
            roles[org][role].append(rec.id)
    return {org: {role: sorted(set(ids)) for role, ids in r.items()} for org, r in roles.items()}


def _hubs(catalog: Catalog) -> dict[str, dict[str, list[str]]]:
    """Map hub kind -> key -> ids of the records it lists; a key with no record gets no hub."""
    hubs: dict[str, dict[str, list[str]]] = {
        facet.hub: defaultdict(list) for facet in FACETS if facet.hub
    }
    for rec in [*catalog.cases.values(), *catalog.methodologies.values()]:
        for facet in FACETS:
            if facet.hub:
                for key in facet.keys(rec):
                    hubs[facet.hub][key].append(rec.id)
    hubs["organizations"] = {
        org: sorted({i for ids in roles.values() for i in ids})
        for org, roles in catalog.org_roles.items()
    }
    return {
        kind: {key: sorted(set(ids)) for key, ids in sorted(members.items())}
        for kind, members in hubs.items()
    }


def _error(entry: Valid, loc: tuple, message: str) -> RecordError:
    loc = entry.raw.as_written(loc)
    return RecordError(entry.raw.path, entry.raw.line_of(loc), format_loc(loc), message)
