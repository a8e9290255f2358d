"""`minka review`: check a proposed record (and its vocabulary snippet) against the project.

The proposal is checked in a temporary copy of the project's records, so nothing is copied
into the project; its errors are reported at their lines in the files as given, with what
it would add and the records it resembles most (duplicates are caught before merging).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BuildFailed, GeneratorError, RecordError
from .languages import LANGS
from .loader import KINDS
from .pipeline import read_project
from .similar import similar_records
from .validate import VOCABULARY_FILES

# A snippet's top-level key names the vocabulary file its entries are appended to.
_SNIPPET_KEYS = {
    "organizations": ("organizations", "organizations"),
    **{name: (name, "terms") for name in VOCABULARY_FILES if name != "organizations"},
}


@dataclass
class Review:
    errors: list[RecordError] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # "practice samer-2: title", ...
    similar: list[str] = field(default_factory=list)  # "samer: title", best first


def review_proposal(root: Path, record: Path, snippet: Path | None = None) -> Review:
    """Check `record` (a case file) and `snippet` (vocabulary entries) as if merged into `root`."""
    shown_record, shown_snippet = str(record), str(snippet) if snippet else ""
    with tempfile.TemporaryDirectory(prefix="minka-review-") as tmp:
        work = Path(tmp)
        for folder in KINDS:
            if (root / folder).is_dir():
                shutil.copytree(root / folder, work / folder)
            else:
                (work / folder).mkdir()
        review = Review()
        target = work / "cases" / record.name
        if target.exists():
            review.errors.append(
                RecordError(
                    shown_record,
                    1,
                    "id",
                    (f"expected a new record, but cases/{record.name} already exists"),
                )
            )
        shutil.copy(record, target)
        merged = _merge_snippet(work, snippet, shown_snippet, review) if snippet else {}
        try:
            catalog = read_project(work, include_drafts=True)
        except BuildFailed as exc:
            for error in exc.errors:
                review.errors.append(_as_given(error, record.name, shown_record, merged))
            review.errors.sort()
            return review
        if review.errors:
            return review
        rec = next(
            (c for c in catalog.cases.values() if catalog.paths[c.id] == f"cases/{record.name}"),
            None,
        )
        if rec is None:  # not a case: a methodology file in the wrong place, say
            raise GeneratorError(f"{shown_record}: expected a practice (a case record)")
        review.added.append(
            f"practice {rec.id}: {rec.title.get(rec.original_language)} (status: {rec.status})"
        )
        project = read_project(root, include_drafts=True).vocab
        for org_id, org in catalog.vocab.organizations.items():
            if org_id not in project.organizations:
                review.added.append(f"organization {org_id}: {org.name.get(LANGS[0])}")
        for name, terms in catalog.vocab.terms.items():
            for term_id, term in terms.items():
                if term_id not in project.terms.get(name, {}):
                    review.added.append(f"{name} term {term_id}: {term.label(LANGS[0])}")
        for other in similar_records(catalog).get(rec.id, []):
            found = catalog.record(other)
            review.similar.append(f"{other}: {found.title.get(found.original_language)}")
        return review


def _merge_snippet(work: Path, snippet: Path, shown: str, review: Review) -> dict:
    """Append the snippet's entries to their vocabulary files, keeping their text (and so
    their lines); return {vocabulary path: (its first appended line, the snippet's line)}."""
    text = snippet.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 1
        review.errors.append(RecordError(shown, line, "", f"expected YAML, but got: {exc}"))
        return {}
    unknown = [k for k in data if k not in _SNIPPET_KEYS] if isinstance(data, dict) else [data]
    if unknown or len(data) != 1:
        review.errors.append(
            RecordError(
                shown,
                1,
                "",
                (
                    f"expected one of {', '.join(_SNIPPET_KEYS)} as the only key, but got "
                    f"{', '.join(map(str, unknown or data)) or 'none'}"
                ),
            )
        )
        return {}
    key = next(iter(data))
    name, list_key = _SNIPPET_KEYS[key]
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    entries = lines[header + 1 :]
    vocab = work / "vocabularies" / f"{name}.yaml"
    base = vocab.read_text(encoding="utf-8").rstrip("\n").splitlines()
    # Entries are indented as in the vocabulary file, whatever indentation the snippet used.
    have = _indent(entries)
    want = _indent(base)
    moved = [
        (" " * max(want - have, 0)) + line[max(have - want, 0) :] if line.strip() else line
        for line in entries
    ]
    before = len((yaml.safe_load("\n".join(base)) or {}).get(list_key) or [])
    vocab.write_text("\n".join(base + moved) + "\n", encoding="utf-8")
    return {f"vocabularies/{name}.yaml": (len(base) + 1, header + 2, shown, list_key, before)}


def _indent(lines: list[str]) -> int:
    first = next((line for line in lines if line.lstrip().startswith("-")), "")
    return len(first) - len(first.lstrip())


def _as_given(error: RecordError, name: str, shown: str, merged: dict) -> RecordError:
    """Name the proposal's files as the editor gave them, at their own lines."""
    if error.path == f"cases/{name}":
        return RecordError(shown, error.line, error.field, error.message)
    if error.path in merged:
        first, snippet_line, snippet, list_key, before = merged[error.path]
        if error.line >= first:  # its entries count from the snippet's first one
            field = re.sub(
                rf"^{list_key}\[(\d+)\]",
                lambda m: f"{list_key}[{int(m.group(1)) - before}]",
                error.field,
            )
            return RecordError(snippet, error.line - first + snippet_line, field, error.message)
    return error
