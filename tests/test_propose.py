"""Propose a practice: the form on contribute/propose/, in Chromium, and `minka review`.

The proposals typed here name no real practice: they are made-up examples, checked only for
their form. Expected messages are read from the labels, so the tests never pin wording.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, run_minka

from generator.pipeline import read_project
from generator.present import format_number, labels
from generator.propose import FIELDS, field_rule, form_rules

MAX_TABS = 400
# A made-up practice, in each language: only the form of its values matters.
PROPOSALS = {
    "en": {
        "title": "Shared seed banks of highland farmer groups",
        "summary": "Farmer groups keep a shared seed bank and lend seed to members.",
        "countries": "pe, BO",
        "places": "Puno; La Paz",
        "start": "2015",
        "org": "Seed Keepers Association",
        "acronym": "SKA",
        "org_country": "PE",
        "fig_value": "120",
        "fig_unit": "families",
        "fig_label": "families taking part",
        "fig_year": "2019",
        "src_title": "Seed banks report",
        "src_publisher": "SKA",
        "src_date": "2019",
        "offer": "Visits to the seed banks.",
        "name": "Ana Example",
        "email": "ana@example.org",
        "kind": "Network",
    },
    "es": {
        "title": "Bancos de semillas compartidos de grupos campesinos",
        "summary": "Los grupos campesinos mantienen un banco de semillas y prestan semilla.",
        "countries": "EC",
        "places": "Chimborazo",
        "start": "2012",
        "org": "Asociación Guardianes de Semillas",
        "acronym": "",
        "org_country": "EC",
        "fig_value": "3500",
        "fig_unit": "kilogramos",
        "fig_label": "semilla prestada",
        "fig_year": "2020",
        "src_title": "Informe de bancos de semillas",
        "src_publisher": "Asociación Guardianes de Semillas",
        "src_date": "2020-06-30",
        "offer": "Pasantías en los bancos.",
        "name": "Ana Ejemplo",
        "email": "ana@example.org",
        "kind": "Red",
    },
}


# Rules: read from the models, never typed again.


def test_rules_come_from_the_models_and_vocabularies():
    catalog = read_project(ROOT)
    rules = form_rules(catalog)
    assert set(rules["fields"]) == set(FIELDS)
    assert rules["fields"]["title"]["maxLength"] == 200 and rules["fields"]["title"]["required"]
    assert rules["fields"]["key_figures.year"].get("not_future") is True
    assert rules["fields"]["sources.date"].get("not_future") is True
    assert "not_future" not in rules["fields"]["period.start"]
    assert set(rules["record_ids"]) == set(catalog.cases) | set(catalog.methodologies)
    assert set(rules["organization_ids"]) == set(catalog.vocab.organizations)
    assert "CO" in rules["countries"] and "XX" not in rules["countries"]
    assert field_rule(*FIELDS["kind"])["enum"]


def test_page_offers_every_vocabulary_term_and_the_editors_button(built_site):
    catalog = read_project(ROOT)
    for lang in ("en", "es"):
        html = (built_site / lang / "contribute" / "propose" / "index.html").read_text("utf-8")
        for name, field in (
            ("themes", "themes"),
            ("value-chains", "value_chains"),
            ("populations", "populations"),
        ):
            for term in catalog.vocab.terms[name]:
                assert f'name="{field}" value="{term}"' in html
        assert 'data-action="download"' in html
        assert 'data-action="mail"' not in html  # the project names no editors
        assert html.count("assets/minka-propose.") == 1  # the form's bundle (test_assets.py)
    home = (built_site / "en" / "index.html").read_text("utf-8")
    assert "minka-propose." not in home  # the form's script loads on its page only


def test_editors_and_repo_url_from_mkdocs_yml(make_project):
    root = make_project()
    config = root / "mkdocs.yml"
    config.write_text(
        "repo_url: https://github.com/example/minka\nedit_uri: edit/main/docs/\n"
        + config.read_text("utf-8")
        + "extra:\n  minka:\n    editors: [ed@example.org]\n",
        encoding="utf-8",
    )
    result = run_minka(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "es" / "contribute" / "propose" / "index.html").read_text("utf-8")
    assert 'data-editors="ed@example.org"' in html and 'data-action="mail"' in html
    record = (root / "site" / "en" / "practices" / "demo" / "index.html").read_text("utf-8")
    assert 'href="https://github.com/example/minka/blob/main/cases/demo.yaml"' in record
    assert 'href="mailto:ed@example.org?subject=' in record


# "Suggest a correction" on every record.


def test_every_record_page_offers_a_correction_naming_its_file(built_site):
    catalog = read_project(ROOT)
    for lang in ("en", "es"):
        L = labels(lang)
        for rec_id, path in catalog.paths.items():
            folder = "practices" if rec_id in catalog.cases else "methodologies"
            html = (built_site / lang / folder / rec_id / "index.html").read_text("utf-8")
            assert html.count('<aside class="minka-correction"') == 1, (lang, rec_id)
            assert f'data-file="{L["cx_file"]}: {path}"' in html
            assert "/blob/" not in html.split('<aside class="minka-correction"')[1]  # no repo_url


def test_source_url_follows_materials_edit_uri():
    from generator.correction import source_url

    assert (
        source_url("cases/x.yaml", "https://github.com/o/r/", "edit/dev/docs/")
        == "https://github.com/o/r/blob/dev/cases/x.yaml"
    )
    assert source_url("cases/x.yaml", None, "edit/dev/docs/") == ""
    assert source_url("cases/x.yaml", "https://example.org/r", None) == ""


@pytest.mark.parametrize("lang", ["en", "es"])
def test_correction_names_the_section_the_reader_was_reading(page, base_url, lang):
    L = labels(lang)
    page.goto(f"{base_url}/{lang}/practices/samer/")
    page.wait_for_load_state("networkidle")
    headings = page.locator("article h2[id]")
    heading = headings.nth(headings.count() // 2)
    name = heading.evaluate("h => h.textContent.replace(/\\s*¶\\s*$/, '').trim()")
    heading.evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 10)")
    page.wait_for_timeout(200)
    page.evaluate("window.addEventListener('click', e => e.preventDefault())")  # no mail program
    link = page.locator("a[data-minka-correction]")
    link.focus()  # the keyboard's way to it scrolls it into view
    page.keyboard.press("Enter")
    href = link.get_attribute("href")
    from urllib.parse import unquote

    body = unquote(href.split("&body=")[1])
    assert f"{L['cx_record']}: samer" in body
    assert f"{L['cx_file']}: cases/samer.yaml" in body
    assert f"{L['cx_section']}: {name}" in body  # the section, then the part read in it
    assert page.console_errors == []


# In Chromium, keyboard only.


def _tab_to(page, selector: str) -> None:
    for _ in range(MAX_TABS):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _type(page, selector: str, text: str) -> None:
    _tab_to(page, selector)
    page.keyboard.type(text)


def _press(page, selector: str, key: str = "Space") -> None:
    _tab_to(page, selector)
    page.keyboard.press(key)


def _choose(page, selector: str, text: str) -> None:
    """Pick an option of a focused <select> by typing the start of its text (its ASCII start:
    a letter typed as composed text leaves the <select>)."""
    _tab_to(page, selector)
    page.keyboard.type(re.match(r"[ -~]*", text).group(0))


def _fill(page, p: dict) -> None:
    page.keyboard.press("Tab")
    _type(page, "#pp-title", p["title"])
    _choose(page, "#pp-kind", p["kind"])
    _type(page, "#pp-summary", p["summary"])
    _type(page, "#pp-countries", p["countries"])
    _type(page, "#pp-places", p["places"])
    _type(page, "#pp-start", p["start"])
    _press(page, 'input[name="period.ongoing"]')
    _press(page, 'input[name="themes"]')  # the first theme
    _press(page, 'input[name="partners"]')  # the first organization
    _press(page, '[data-add="organizations"]', "Enter")
    _type(page, "#pp-org-1-name", p["org"])
    if p["acronym"]:
        _type(page, "#pp-org-1-acronym", p["acronym"])
    _type(page, "#pp-org-1-country", p["org_country"])
    _choose(page, "#pp-org-1-type", labels(page.lang)["pp_org_types"]["ngo"])
    _choose(page, "#pp-org-1-role", labels(page.lang)["pp_role_lead"])
    _press(page, '[data-add="sources"]', "Enter")
    _type(page, "#pp-src-1-title", p["src_title"])
    _type(page, "#pp-src-1-publisher", p["src_publisher"])
    _type(page, "#pp-src-1-date", p["src_date"])
    page.keyboard.press("Shift+Tab")  # back up to the figures, above the sources
    _press(page, '[data-add="key_figures"]', "Enter")
    _type(page, "#pp-fig-1-value", p["fig_value"])
    _type(page, "#pp-fig-1-unit", p["fig_unit"])
    _type(page, "#pp-fig-1-label", p["fig_label"])
    _type(page, "#pp-fig-1-year", p["fig_year"])
    _type(page, "#pp-fig-1-source", "1")
    _type(page, "#pp-offer", p["offer"])
    _type(page, "#pp-name", p["name"])
    _type(page, "#pp-email", p["email"])


def _open(page, base_url, lang):
    page.lang = lang
    page.goto(f"{base_url}/{lang}/contribute/propose/")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_keyboard_proposal_downloads_a_record_that_validates(page, base_url, tmp_path, lang):
    _open(page, base_url, lang)
    _fill(page, PROPOSALS[lang])
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    _tab_to(page, '[data-action="download"]')
    with page.expect_download():
        page.keyboard.press("Enter")
    page.wait_for_timeout(500)  # the snippet follows the record
    files = {d.suggested_filename: Path(d.path()).read_text("utf-8") for d in downloads}
    record_name = next(n for n in files if not n.startswith("organizations-"))
    record = files[record_name]
    assert record.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")
    data = yaml.safe_load(record)
    assert data["status"] == "draft" and data["original_language"] == lang
    assert record_name == f"{data['id']}.yaml" and data["id"] not in read_project(ROOT).cases
    assert "ana@example.org" not in record  # the proposer is kept apart from the record
    assert (
        page.locator("#pp-title").evaluate("e => e.form.querySelectorAll('[aria-invalid]').length")
        == 0
    )
    snippet = files[f"organizations-{data['id']}.yaml"]
    # Dropped into a copy of the project, with the snippet merged, the file validates as is.
    project = tmp_path / "project"
    for name in ("cases", "methodologies", "vocabularies", "docs"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "cases" / record_name).write_text(record, encoding="utf-8")
    orgs = project / "vocabularies" / "organizations.yaml"
    registry = yaml.safe_load(orgs.read_text("utf-8"))
    registry["organizations"] += yaml.safe_load(snippet)["organizations"]
    orgs.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), "utf-8")
    result = run_minka(project, "validate", "--drafts")
    assert result.returncode == 0, result.stderr + record + snippet
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_browser_refuses_bad_values_in_the_pages_language(page, base_url, lang):
    L = labels(lang)
    _open(page, base_url, lang)
    p = dict(PROPOSALS[lang], summary="", countries="CO, XX", email="ana@example")
    p["fig_year"] = str(datetime.date.today().year + 1)
    p["fig_value"] = "-5"
    _fill(page, p)
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    _press(page, '[data-action="download"]', "Enter")
    page.wait_for_timeout(300)
    assert downloads == []

    def error(field_id):
        return page.locator(f"#{field_id}-error").text_content()

    assert error("pp-summary") == L["pp_msg_missing"]
    assert error("pp-countries") == L["pp_msg_country"].format(codes="XX")
    assert error("pp-email") == L["pp_msg_email"]
    assert error("pp-fig-1-year") == L["pp_msg_future"].format(max=datetime.date.today().year)
    # The bounds as the pages write numbers (the largest figure the schema takes).
    rule = field_rule(*FIELDS["key_figures.value"])
    assert error("pp-fig-1-value") == L["pp_msg_number"].format(
        min=format_number(rule["minimum"], lang), max=format_number(rule["maximum"], lang)
    )
    assert page.locator(".minka-request__alert").text_content() == L["pp_msg_invalid"]
    assert page.evaluate("document.activeElement.id") == "pp-summary"  # the first to fix
    violations = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert violations == []
