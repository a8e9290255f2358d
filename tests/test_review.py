"""`minka review`: a proposal checked against the project without being copied in.

The proposals are made-up records; the near-duplicate borrows SAMER's own title and
summary from the project, read at test time, so the test follows whatever SAMER says.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import ROOT, run_minka

SNIPPET = """\
# Append these entries to vocabularies/organizations.yaml
organizations:
  - id: "seed-keepers"
    name:
      en: "Seed Keepers Association"
    country: "PE"
    type: "ngo"
"""
GOOD = """\
# yaml-language-server: $schema=../schema/case.schema.json
id: "shared-seed-banks"
title:
  en: "Shared seed banks of highland farmer groups"
original_language: "en"
status: "draft"
kind: "network"
countries:
  - "PE"
summary:
  en: "Farmer groups keep a shared seed bank and lend seed to members."
lead:
  - "seed-keepers"
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("cases", "vocabularies")
        for p in sorted((root / folder).rglob("*"))
    }


def test_good_proposal_passes_and_says_what_it_adds(tmp_path):
    before = _tree(ROOT)
    record = _write(tmp_path, "shared-seed-banks.yaml", GOOD)
    snippet = _write(tmp_path, "organizations-shared-seed-banks.yaml", SNIPPET)
    result = run_minka(ROOT, "review", str(record), str(snippet))
    assert result.returncode == 0, result.stderr
    assert (
        "practice shared-seed-banks: Shared seed banks of highland farmer groups" in result.stdout
    )
    assert "organization seed-keepers: Seed Keepers Association" in result.stdout
    assert "most similar records" in result.stdout
    assert _tree(ROOT) == before  # nothing copied into the project


def test_broken_proposal_lists_errors_at_the_lines_of_the_given_files(tmp_path):
    record = _write(tmp_path, "shared-seed-banks.yaml", GOOD.replace('  - "PE"', '  - "XX"'))
    snippet = _write(tmp_path, "orgs.yaml", SNIPPET.replace('"ngo"', '"charity"'))
    result = run_minka(ROOT, "review", str(record), str(snippet))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        f"{record}:9: countries[0]: expected an ISO 3166 country code such as 'CO' or "
        f"'PE', but got 'XX'"
    ) in lines
    assert any(
        line.startswith(f"{snippet}:7: organizations[0].type: expected one of ") for line in lines
    ), result.stderr
    assert lines[-1] == "Error: 2 errors in the proposal"
    # Without its snippet, the new organization is unknown.
    result = run_minka(ROOT, "review", str(_write(tmp_path, "shared-seed-banks.yaml", GOOD)))
    assert result.returncode == 1
    assert (
        "lead[0]: expected an organization of vocabularies/organizations.yaml, but got "
        "'seed-keepers'" in result.stderr
    )


def test_near_duplicate_of_samer_names_samer_first(tmp_path):
    samer = yaml.safe_load((ROOT / "cases" / "samer.yaml").read_text(encoding="utf-8"))
    lang = samer["original_language"]
    copy = {
        "id": "samer-again",
        "title": {lang: samer["title"][lang]},
        "original_language": lang,
        "status": "draft",
        "kind": samer["kind"],
        "countries": samer["countries"],
        "summary": {lang: samer["summary"][lang]},
        "themes": samer.get("themes", []),
        "value_chains": samer.get("value_chains", []),
    }
    record = _write(tmp_path, "samer-again.yaml", yaml.safe_dump(copy, allow_unicode=True))
    result = run_minka(ROOT, "review", str(record))
    assert result.returncode == 0, result.stderr
    similar = result.stdout.split("most similar records")[1].splitlines()[1:]
    assert similar[0].strip().startswith("samer: ")


def test_a_proposal_named_like_an_existing_record_is_refused(tmp_path):
    record = _write(tmp_path, "samer.yaml", GOOD.replace("shared-seed-banks", "samer"))
    result = run_minka(ROOT, "review", str(record))
    assert result.returncode == 1
    assert (
        f"{record}:1: id: expected a new record, but cases/samer.yaml already exists"
        in result.stderr
    )
