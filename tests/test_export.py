"""Open data: catalog JSON and CSV, bibliography files, Atom feed, data page and `minka export`."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re

import bibtexparser
import feedparser
import pytest
import rispy
from conftest import ROOT, run_minka

from generator import cite, export, feed
from generator.models import Case, Methodology
from generator.pipeline import read_project

SITE_URL = "https://example.org/minka/"


@pytest.fixture(scope="module")
def catalog():
    return read_project(ROOT)


@pytest.fixture(scope="module")
def record_ids(catalog):
    return {*catalog.cases, *catalog.methodologies}


def test_catalog_json_holds_every_record_whole_in_both_languages(catalog):
    data = json.loads(export.catalog_json(catalog))
    assert [c["id"] for c in data["cases"]] == list(catalog.cases)
    assert [m["id"] for m in data["methodologies"]] == list(catalog.methodologies)
    # All fields: the models read the objects back into the very same records.
    for obj in data["cases"]:
        assert Case.model_validate(obj) == catalog.cases[obj["id"]]
    for obj in data["methodologies"]:
        assert Methodology.model_validate(obj) == catalog.methodologies[obj["id"]]
    samer = next(c for c in data["cases"] if c["id"] == "samer")
    assert samer["title"]["en"].startswith("SAMER") and "Nariño" in samer["title"]["es"]
    assert {o["id"] for o in data["organizations"]} >= {"sena", "ilo"}
    assert "coffee" in {t["id"] for t in data["terms"]["value-chains"]}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_csv_has_one_row_per_record_in_the_language(catalog, record_ids, lang):
    text = export.catalog_csv(catalog, lang)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(export.CSV_COLUMNS)
    assert {r["id"] for r in rows} == record_ids and len(rows) == len(record_ids)
    samer = next(r for r in rows if r["id"] == "samer")
    assert samer["title"] == catalog.cases["samer"].title.get(lang)
    assert samer["countries"] == "CO" and samer["type"] == "practice"
    assert samer["page"] == "practices/samer/"
    assert samer["value_chains"].split("; ") == [
        getattr(catalog.vocab.term("value-chains", v), lang)
        for v in catalog.cases["samer"].value_chains
    ]
    assert len(samer["value_chains"].split("; ")) == 3
    tropenbos = next(r for r in rows if r["id"] == "tropenbos")
    assert tropenbos["type"] == "methodology" and tropenbos["documented"] == "2018-07-30"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_csv_organizations_are_those_the_organization_hubs_list(catalog, lang):
    """Each row names every organization its record's hubs name (lead, partners, funders;
    a methodology's owners and adapters), and apart those that lead or own it."""
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(export.catalog_csv(catalog, lang)))}
    names = catalog.vocab.organizations
    for record_id, row in rows.items():
        listed = {
            o
            for o, roles in catalog.org_roles.items()
            for ids in roles.values()
            if record_id in ids
        }
        shown = set(row["organizations"].split("; ")) - {""}
        assert shown == {names[o].name.get(lang) for o in listed}, record_id
        rec = catalog.record(record_id)
        leading = rec.lead if record_id in catalog.cases else rec.owner
        assert row["lead_organizations"].split("; ") == [
            names[o].name.get(lang) for o in leading
        ] or (not leading and row["lead_organizations"] == ""), record_id


def test_csv_pages_are_absolute_with_a_site_url(catalog):
    rows = list(csv.DictReader(io.StringIO(export.catalog_csv(catalog, "es", SITE_URL + "es/"))))
    assert {r["page"] for r in rows if r["id"] == "ser"} == {f"{SITE_URL}es/practices/ser/"}


def test_bibliography_lists_every_page_then_each_original_once(catalog, record_ids):
    items = export.bibliography(catalog, "en")
    ids = [i["id"] for i in items]
    assert set(ids[: len(record_ids)]) == record_ids
    assert all(i["type"] == "webpage" for i in items[: len(record_ids)])
    assert len(ids) == len(set(ids))
    originals = [{k: v for k, v in i.items() if k != "id"} for i in items[len(record_ids) :]]
    assert len({json.dumps(s, sort_keys=True) for s in originals}) == len(originals)
    # Every methodology itself, and the practices' sources: records citing the same
    # document (the Chorlaví synthesis) share one entry.
    assert {f"{m}.original" for m in catalog.methodologies} <= set(ids)
    every_source = sum(len(c.sources) for c in catalog.cases.values())
    assert len(originals) - len(catalog.methodologies) < every_source


def _feed(catalog, lang, site_url=None):
    """The feed as a reader gets it from http://host/<lang>/data/feed.xml."""
    text = feed.atom_feed(catalog, lang, cite.Site(url=site_url), feed.record_dates(ROOT, catalog))
    return feedparser.parse(
        text,
        response_headers={
            "content-location": f"http://host/{lang}/data/feed.xml",
            "content-type": "application/atom+xml; charset=utf-8",
        },
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_atom_feed_lists_every_record_newest_first_in_the_language(catalog, record_ids, lang):
    feed = _feed(catalog, lang)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.feed.language == lang
    entries = {e.link.split("/")[-2]: e for e in feed.entries}
    assert set(entries) == record_ids
    dates = [e.updated_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    ser = entries["ser"]
    assert ser.title == catalog.cases["ser"].title.get(lang)
    assert ser.updated.startswith("2018-07-30")
    assert ser.summary.startswith(catalog.cases["ser"].summary.get(lang)[:40])
    # The summaries are the portal's words: it is the one author, of the feed.
    assert feed.feed.author == "Minka" and "authors" not in ser
    assert entries["samer"].updated.startswith("2016-01-01")  # a year alone
    # Relative to the language root, which xml:base names relative to data/feed.xml.
    assert ser.link == f"http://host/{lang}/practices/ser/"
    assert [(link.rel, link.href) for link in feed.feed.links] == [
        ("self", f"http://host/{lang}/data/feed.xml"),
        ("alternate", f"http://host/{lang}/"),
    ]


def test_atom_feed_ids_and_links_are_absolute_with_a_site_url(catalog):
    feed = _feed(catalog, "en", SITE_URL + "en/")
    ser = next(e for e in feed.entries if e.link.endswith("/ser/"))
    assert ser.id == ser.link == f"{SITE_URL}en/practices/ser/"
    assert feed.feed.id == f"{SITE_URL}en/data/feed.xml"
    assert [(link.rel, link.href) for link in feed.feed.links] == [
        ("self", f"{SITE_URL}en/data/feed.xml"),
        ("alternate", f"{SITE_URL}en/"),
    ]


def test_undated_records_are_dated_by_their_last_change(make_project):
    root = make_project()  # not a git checkout: the file's modification time counts
    when = datetime.datetime(2021, 5, 4, 3, 2, 1, tzinfo=datetime.UTC)
    os.utime(root / "cases" / "demo.yaml", (when.timestamp(), when.timestamp()))
    catalog = read_project(root)
    assert feed.record_dates(root, catalog) == {"demo": when}
    parsed = feedparser.parse(
        feed.atom_feed(catalog, "en", cite.Site(), feed.record_dates(root, catalog))
    )
    assert [e.updated for e in parsed.entries] == ["2021-05-04T03:02:01Z"]
    assert feedparser.parse(feed.atom_feed(catalog, "en", cite.Site(), {})).entries == []


# The built site


@pytest.mark.parametrize("lang", ["en", "es"])
def test_data_files_are_written_and_linked_from_the_data_page(built_site, lang):
    data = built_site / lang / "data"
    page = (data / "index.html").read_text(encoding="utf-8")
    links = re.findall(
        r'<td><a href="([^"]+)"><code>([^<]+)</code></a></td>'
        r"<td>[^<]+</td><td>([^<]+)</td>",
        page,
    )
    names = [name for _, name, _ in links]
    assert names[:6] == [
        "catalog.json",
        "catalog.csv",
        "citations.bib",
        "citations.ris",
        "citations.json",
        "feed.xml",
    ]
    assert "case.schema.json" in names and "methodology.schema.json" in names
    for href, name, size in links:
        target = (data / href).resolve()
        assert target.is_file(), href
        assert target.name == name
        assert re.fullmatch(r"\d+ B|[\d.,]+ [KM]B", size)
    # The nav leads to the page.
    home = (built_site / lang / "index.html").read_text(encoding="utf-8")
    assert 'href="data/"' in home


def test_written_files_are_read_back(built_site, catalog, record_ids):
    data = built_site / "es" / "data"
    library = bibtexparser.parse_string((data / "citations.bib").read_text("utf-8"))
    assert library.failed_blocks == [] and record_ids <= {e.key for e in library.entries}
    records = rispy.loads((data / "citations.ris").read_text("utf-8"))
    assert record_ids <= {r["id"] for r in records}
    csl = json.loads((data / "citations.json").read_text("utf-8"))
    assert [i["id"] for i in csl] == [e.key for e in library.entries] == [r["id"] for r in records]
    rows = list(csv.DictReader((data / "catalog.csv").open(encoding="utf-8", newline="")))
    assert {r["id"] for r in rows} == record_ids
    feed = feedparser.parse(
        (data / "feed.xml").read_bytes(),
        response_headers={"content-location": "http://host/es/data/feed.xml"},
    )
    for entry in feed.entries:  # relative links lead to real pages
        assert (built_site / entry.link.removeprefix("http://host/") / "index.html").is_file()
    same = (built_site / "en" / "data" / "catalog.json").read_bytes()
    assert (data / "catalog.json").read_bytes() == same
    # A record's own citations travel in its page (tests/test_cite.py), not as files.
    assert not (data / "cite").exists()


# minka export


@pytest.fixture(scope="module")
def cli_project(tmp_path_factory):
    from conftest import write_project

    root = write_project(
        tmp_path_factory.mktemp("export") / "project",
        {
            "cases/led.yaml": """\
            id: led
            title: {en: "Led practice", es: "Práctica liderada"}
            original_language: en
            kind: program
            countries: [PE]
            lead: sena
            documented: 2019-03-27
            summary: {en: "Summary.", es: "Resumen."}
            """
        },
    )
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text("utf-8"), encoding="utf-8")
    return root


def _parse(fmt: str, text: str) -> list[str]:
    """Return the record ids a consumer of `fmt` reads from `text`."""
    if fmt == "json":
        data = json.loads(text)
        return [r["id"] for r in data["cases"] + data["methodologies"]]
    if fmt == "csv":
        return [r["id"] for r in csv.DictReader(io.StringIO(text, newline=""))]
    if fmt == "bibtex":
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == []
        return [e.key for e in library.entries]
    return [r["id"] for r in rispy.loads(text)]


@pytest.mark.parametrize("fmt", ["json", "csv", "bibtex", "ris"])
def test_export_writes_each_format_to_stdout_and_to_a_file(cli_project, fmt, tmp_path):
    shown = run_minka(cli_project, "export", "--format", fmt, "--lang", "es")
    assert shown.returncode == 0, shown.stderr
    # The citation files also hold the records' sources (the demo case cites a booklet).
    expected = ["demo", "led"] if fmt in ("json", "csv") else ["demo", "demo:booklet", "led"]
    assert sorted(_parse(fmt, shown.stdout)) == expected
    target = tmp_path / f"out.{fmt}"
    written = run_minka(
        cli_project, "export", "--format", fmt, "--lang", "es", "--output", str(target)
    )
    assert written.returncode == 0 and written.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert sorted(_parse(fmt, text)) == expected
    if fmt != "json":
        assert f"{SITE_URL}es/practices/led/" in text
        assert "Práctica liderada" in text


def test_export_bibtex_matches_the_site_file(cli_project):
    shown = run_minka(cli_project, "export", "--format", "bibtex", "--lang", "en")
    catalog = read_project(cli_project)
    site = export.citation_site(cli_project, catalog, "en", SITE_URL + "en/")
    assert shown.stdout == export.data_files(catalog, "en", site)["citations.bib"]


def test_export_takes_the_site_url_from_the_command_or_the_environment(make_project):
    root = make_project()
    assert "url = {" not in run_minka(root, "export", "--format", "bibtex").stdout
    shown = run_minka(root, "export", "--format", "ris", "--site-url", "https://a.example/m")
    assert "UR  - https://a.example/m/en/practices/demo/" in shown.stdout
    os.environ["MINKA_SITE_URL"] = "https://b.example/"
    try:
        shown = run_minka(root, "export", "--format", "csv", "--lang", "es")
    finally:
        del os.environ["MINKA_SITE_URL"]
    assert "https://b.example/es/practices/demo/" in shown.stdout


def test_export_reports_bad_records_like_validate(make_project):
    root = make_project({"cases/bad.yaml": "id: bad\n"})
    result = run_minka(root, "export", "--format", "csv")
    assert result.returncode == 1 and result.stderr.startswith("Error: ")
    assert result.stdout == ""
