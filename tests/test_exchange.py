"""The exchange route: route page, exchanges hub, each practice's exchange box and request form."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import expect
from pydantic import ValidationError

from conftest import ROOT, run_minka
from generator import reference
from generator.exchange import FORMS, STEPS
from generator.pipeline import read_project
from generator.present import labels, site_nav
from generator.views import render_site
from generator.request import ExchangeRequest, read_request, request_fields
from generator.schema import export_schemas

SER_CONTACT = "saberhacercolombia@apccolombia.gov.co"


@pytest.fixture(scope="module")
def pages():
    catalog = read_project(ROOT)
    return {lang: render_site(catalog, lang) for lang in ("en", "es")}


# The route page and the hub follow the model's vocabulary.

@pytest.mark.parametrize("lang", ["en", "es"])
def test_route_page_shows_every_step_and_form_in_order(pages, lang):
    page, L = pages[lang]["exchange/index.md"], labels(lang)
    positions = [page.index(f'id="step-{status}"') for status in STEPS]
    assert positions == sorted(positions)
    for status in STEPS:
        step = L["route_steps"][status]
        for text in (step["name"], step["what"], step["who"], f"status: {status}"):
            assert text.replace("'", "&#39;") in page, text
    for form in FORMS:
        assert f"{{ #form-{form} }}" in page and f"(`{form}`)" in page
        assert L["forms"][form][1:] in page
    for category in ("knowledge", "relationships", "visibility", "sdg_alignment",
                     "differential_focus"):
        assert f"| **{L[category]}** |" in page


def test_route_page_says_it_is_minkas_route_not_an_agency_procedure(pages):
    assert "not the official procedure of any agency" in pages["en"]["exchange/index.md"]
    assert "no es el procedimiento oficial de ninguna agencia" in pages["es"]["exchange/index.md"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_route_page_documents_every_field_of_the_request_format(pages, lang):
    page = pages[lang]["exchange/index.md"]
    assert "`minka-exchange-request/1`" in page
    for field in request_fields():
        assert f"| `{field['path']}` |" in page, field["path"]
    assert '<a href="../schema/exchange-request.schema.json">' in page
    example = page[page.index('<code class="language-json">') + 28:]
    example = example[:example.index("</code>")].replace("&#34;", '"').replace("&#39;", "'")
    assert ExchangeRequest.model_validate_json(example).language == lang


def _exchanges() -> list[tuple]:
    """(practice, exchange) for every exchange the project records."""
    return [(case, ex) for case in read_project(ROOT).cases.values()
            for ex in (case.exchange.exchanges if case.exchange else [])]


def _folded(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(c)).casefold()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_hub_groups_every_exchange_by_step_country_and_form(pages, lang):
    page, L, exchanges = pages[lang]["exchanges/index.md"], labels(lang), _exchanges()
    for number, status in enumerate(STEPS, start=1):
        count = sum(ex.status == status for _, ex in exchanges)
        assert f'<a href="#exchanges-{status}" aria-label="{number}. ' in page
        assert f"### {number}. {L['route_steps'][status]['name']} ({count}) " \
               f"{{ #exchanges-{status} }}" in page
    for form in FORMS:
        count = sum(ex.form == form for _, ex in exchanges)
        assert f"| {L['forms'][form]} | {count} |" in page
    by_country = page[page.index("{ #by-country }"):page.index("{ #by-form }")]
    names = sorted({reference.country_name(ex.partner_country, lang)
                    for _, ex in exchanges if ex.partner_country}, key=_folded)
    assert [by_country.index(name) for name in names] == \
        sorted(by_country.index(name) for name in names)  # alphabetical, accents folded
    for case, ex in exchanges:
        assert f"](../practices/{case.id}.md)" in by_country
        assert f"(../exchange/index.md#step-{ex.status})" in by_country


def test_hub_counts_agree_in_number(pages):
    exchanges = _exchanges()
    n, m = len(exchanges), len({case.id for case, _ in exchanges})
    assert (f"{n} {'exchange' if n == 1 else 'exchanges'} recorded in "
            f"{m} {'practice' if m == 1 else 'practices'},") in pages["en"]["exchanges/index.md"]
    assert (f"{n} {'intercambio registrado' if n == 1 else 'intercambios registrados'} en "
            f"{m} {'práctica' if m == 1 else 'prácticas'},") in pages["es"]["exchanges/index.md"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_nav_has_the_route_and_the_hub(lang):
    L = labels(lang)
    entry = next(e for e in site_nav(lang) if L["exchange"] in e)
    assert entry[L["exchange"]] == [{L["route_title"]: "exchange/index.md"},
                                    {L["exchanges_hub_title"]: "exchanges/index.md"}]


# The exchange box of each practice.

def test_exchange_box_shows_the_step_of_each_exchange(pages):
    en, es = pages["en"]["practices/ser.md"], pages["es"]["practices/ser.md"]
    assert "[step 7 of 7: closure](../exchange/index.md#step-closed)" in en
    assert "[paso 2 de 7: solicitud](../exchange/index.md#step-request)" in es
    assert "[paso 3 de 7: formulación](../exchange/index.md#step-formulation)" in es
    indicator = es[es.index("paso 3 de 7") - 400:es.index("paso 3 de 7")]
    assert '<i class="done"></i><i class="done"></i><i class="current"></i><i></i>' in indicator


def test_every_practice_offers_the_request_form(pages):
    for path, page in pages["en"].items():
        # A practice's page, not the catalog nor its factsheet (practices/<id>/factsheet.md).
        if path.startswith("practices/") and path.count("/") == 1 and path != "practices/index.md":
            assert "### Request an exchange { #request-exchange }" in page, path
            assert page.count("<details class=\"minka-request\"") == 1, path


def test_form_is_prefilled_with_the_practice_and_its_contact(pages):
    page = pages["es"]["practices/ser.md"]
    start = page.index('<details class="minka-request"')
    form = page[start:page.index("</details>", start)]
    assert 'data-practice-id="ser"' in form and f'data-recipient-email="{SER_CONTACT}"' in form
    assert 'value="success-factor:committed-community"' in form
    assert 'value="methodology:tropenbos"' in form
    assert form.count('value="methodology:my-coop"') == 1  # used down to modules, offered once
    assert '<option value="PE">Perú</option>' in form
    assert '<option value="CO">Colombia</option>' in form
    assert f'href="mailto:{SER_CONTACT}?subject=Solicitud%20de%20intercambio%3A%20SENA' in form
    assert "\n\n" not in form  # one raw HTML block: Markdown never splits it into paragraphs


def test_practices_without_a_contact_email_say_whom_to_ask(pages):
    samer = pages["en"]["practices/samer.md"]  # led by SENA, no contact
    assert "ask the organization that leads it, [National Training Service (SENA)]" in samer
    assert "](../organizations/sena.md)" in samer
    assert 'data-action="mail"' not in samer
    chordeleg = pages["es"]["practices/chordeleg-crafts.md"]  # no lead, no contact
    assert "[sus fuentes](#source-" in chordeleg


def test_record_strings_are_escaped_in_the_form_and_the_mailto(make_project):
    root = make_project({"cases/odd.yaml": """\
        id: odd
        title: {en: 'Fish & "chips" *now*', es: 'Pescado & "papas"'}
        original_language: en
        kind: network
        countries: [CO]
        summary: {en: "A summary.", es: "Un resumen."}
        success_factors:
          - id: quotes
            title: {en: 'Say "yes" & mean it', es: 'Decir "sí"'}
          - id: numbered
            title: {en: "1. Numbered\n\nand split", es: "1. Numerado"}
        exchange:
          contact:
            organization: sena
            email: "some+one@example.org"
        """})
    page = render_site(read_project(root), "en")["practices/odd.md"]
    form = page[page.index("<details"):page.index("</details>")]
    assert 'data-practice-title="Fish &amp; &#34;chips&#34; now"' in form
    assert 'data-title="Say &#34;yes&#34; &amp; mean it"' in form
    assert 'data-title="1. Numbered and split"' in form and "\n\n" not in form
    assert "mailto:some%2Bone@example.org?subject=Exchange%20request%3A%20Fish%20%26%20" in form
    demo = render_site(read_project(root), "en")["practices/demo.md"]  # no exchange at all
    assert "<details class=\"minka-request\"" in demo and "Minka has no contact" in demo


# The request format.

GOOD_REQUEST = {
    "format": "minka-exchange-request/1", "created": "2026-03-01", "language": "es",
    "practice": {"id": "ser", "title": "SENA Emprende Rural"},
    "requester": {"institution": "Instituto", "country": "PE", "contact": "Ana",
                  "email": "ana@example.org"},
    "need": "Organizar a los productores.",
}


def test_request_reads_from_json_and_yaml():
    assert read_request(json.dumps(GOOD_REQUEST)).requester.country == "PE"
    assert read_request(yaml.safe_dump(GOOD_REQUEST)).need == "Organizar a los productores."


@pytest.mark.parametrize("change, message", [
    ({"requester": {**GOOD_REQUEST["requester"], "country": "XX"}}, "ISO 3166 country code"),
    ({"requester": {**GOOD_REQUEST["requester"], "email": "ana"}}, "pattern"),
    ({"dates": {"start": "2026-05-01", "end": "2026-04-01"}}, "expected end on or after start"),
    ({"format": "minka-exchange-request/2"}, "minka-exchange-request/1"),
    ({"form": "holiday"}, "expert-visit"),
    ({"need": "   "}, "at least 1 character"),
    ({"extra": 1}, "Extra inputs are not permitted"),
])
def test_request_rejects_what_the_format_does_not_allow(change, message):
    with pytest.raises(ValidationError, match=message):
        ExchangeRequest.model_validate(GOOD_REQUEST | change)


def test_request_schema_is_exported_and_the_repo_copy_is_current():
    schema = json.loads(export_schemas()["exchange-request.schema.json"])
    assert schema["properties"]["format"]["const"] == "minka-exchange-request/1"
    assert set(schema["required"]) == {"format", "created", "language", "practice", "requester",
                                       "need"}
    result = run_minka(ROOT, "schema", "--check")
    assert result.returncode == 0, result.stderr


def test_built_site_ships_the_schema_and_a_light_practice_page(built_site):
    assert (built_site / "en" / "schema" / "exchange-request.schema.json").is_file()
    html = (built_site / "en" / "practices" / "ser" / "index.html").read_bytes()
    # With the stylesheet and the script the page links (exchange.js is in the script).
    assets = [built_site / "en" / name
              for name in re.findall(r'"\.\./\.\./(assets/minka[^"]+)"', html.decode())]
    assert len(assets) == 2
    size = sum(len(gzip.compress(b)) for b in [html] + [p.read_bytes() for p in assets])
    assert size < 60_000


# In the browser.

# Browser tests use the shared fixtures of conftest.py (served site, Chromium, page).


def _open_form(page, url):
    page.goto(url)
    summary = page.locator("details.minka-request > summary")
    summary.focus()
    page.keyboard.press("Enter")  # a keyboard user opens it the same way
    expect(page.locator("details.minka-request")).to_have_attribute("open", "")
    return page.locator("details.minka-request")


def _fill(form):
    form.get_by_label("Requesting institution").fill("Instituto de Desarrollo Rural")
    form.get_by_label("Country").select_option("PE")
    form.get_by_label("Contact person").fill("Ana Quispe")
    form.get_by_label("Role or position").fill("Directora")
    form.get_by_label("E-mail").fill("ana@example.org")
    form.get_by_label("The need or problem to address").fill(
        "Producers sell alone.\nWe want them to sell together & better.")
    form.get_by_label("A committed community").check()
    form.get_by_label("My.Coop").check()
    form.get_by_label("Preferred form of exchange").select_option("learning-route")
    form.get_by_label("Expected number of participants").fill("8")
    form.get_by_label("Earliest date").fill("2026-04-06")
    form.get_by_label("Latest date").fill("2026-04-17")
    form.get_by_label("Spanish").check()
    form.get_by_label("Portuguese").check()


def test_empty_request_shows_required_field_messages(page, base_url):
    form = _open_form(page, f"{base_url}/en/practices/ser/")
    page.keyboard.press("Tab")  # from the summary into the form
    assert page.evaluate("document.activeElement.id") == "rq-institution"
    form.get_by_role("button", name="Download JSON").click()
    for field in ("institution", "country", "contact", "email", "need"):
        error = page.locator(f"#rq-{field}-error")
        expect(error).to_be_visible()
        expect(error).to_have_text("Please fill in this field.")
        expect(page.locator(f"#rq-{field}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#rq-role-error")).to_have_count(0)
    expect(form.get_by_role("alert")).to_have_text(
        "Some fields need attention: see the messages next to them.")
    assert page.evaluate("document.activeElement.id") == "rq-institution"
    form.get_by_label("Requesting institution").fill("Instituto")
    expect(page.locator("#rq-institution-error")).to_be_hidden()
    assert page.console_errors == []


def test_messages_are_in_the_page_language(page, base_url):
    form = _open_form(page, f"{base_url}/es/practices/ser/")
    form.get_by_label("Correo electrónico").fill("ana")
    form.get_by_label("Fecha más temprana").fill("2026-05-01")
    form.get_by_label("Fecha más tardía").fill("2026-04-01")
    form.get_by_role("button", name="Descargar YAML").click()
    expect(page.locator("#rq-institution-error")).to_have_text("Complete este campo.")
    expect(page.locator("#rq-email-error")).to_have_text(
        "Escriba un correo electrónico como nombre@ejemplo.org.")
    expect(page.locator("#rq-end-error")).to_have_text(
        "La fecha más tardía debe ser igual o posterior a la más temprana.")


def test_filled_request_goes_by_mail_json_yaml_and_print(page, base_url, tmp_path):
    form = _open_form(page, f"{base_url}/en/practices/ser/")
    _fill(form)

    mail = urlsplit(form.get_by_role("link", name="Send by e-mail").get_attribute("href"))
    assert mail.scheme == "mailto" and unquote(mail.path) == SER_CONTACT
    query = parse_qs(mail.query)
    assert query["subject"] == ["Exchange request: SENA Emprende Rural (SER): training for rural "
                                "entrepreneurship and productive inclusion in Colombia"]
    body = query["body"][0]
    for text in ("Requesting institution: Instituto de Desarrollo Rural", "Country: Peru",
                 "Contact person: Ana Quispe", "E-mail: ana@example.org",
                 "Producers sell alone.\r\nWe want them to sell together & better.",
                 "What you want to learn: A committed community; My.Coop",
                 "Preferred form of exchange: Learning route",
                 "Expected number of participants: 8", "Working languages: Spanish; Portuguese",
                 f"{base_url}/en/practices/ser/"):
        assert text in body, text

    with page.expect_download() as info:
        form.get_by_role("button", name="Download JSON").click()
    download = info.value
    assert download.suggested_filename.startswith("exchange-request-ser-")
    path = tmp_path / "request.json"
    download.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    request = ExchangeRequest.model_validate(data)
    assert request.requester.country == "PE" and request.recipient.email == SER_CONTACT
    assert [(i.kind, i.id) for i in request.learn] == [("success-factor", "committed-community"),
                                                       ("methodology", "my-coop")]
    assert request.form == "learning-route" and request.participants.number == 8
    assert request.languages == ["es", "pt"] and request.language == "en"
    assert str(request.dates.end) == "2026-04-17" and request.notes is None
    expect(form.get_by_role("status")).to_contain_text("Downloaded exchange-request-ser-")

    with page.expect_download() as info:
        form.get_by_role("button", name="Download YAML").click()
    path = tmp_path / "request.yaml"
    info.value.save_as(path)
    assert info.value.suggested_filename.endswith(".yaml")
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == data

    page.evaluate("window.print = () => { window.printed = true; }")
    form.get_by_role("button", name="Print or save as PDF").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator("h1")).to_be_hidden()
    summary = page.locator(".minka-request__summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Instituto de Desarrollo Rural")
    expect(summary).to_contain_text(SER_CONTACT)
    expect(form.get_by_role("button", name="Download JSON")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(summary).to_be_hidden()
    assert page.console_errors == []


def test_practice_without_contact_email_offers_files_but_no_mail(page, base_url):
    form = _open_form(page, f"{base_url}/es/practices/samer/")
    expect(form.get_by_role("link", name="Enviar por correo")).to_have_count(0)
    expect(page.locator("article")).to_contain_text("pregunte a la organización que la lidera")
    assert page.locator('article a[href="../../organizations/sena/"]').count() >= 1


def test_open_form_has_no_accessibility_violations(page, base_url):
    from axe_playwright_python.sync_playwright import Axe

    _open_form(page, f"{base_url}/en/practices/ser/")
    results = Axe().run(page, context={"include": [["details.minka-request"]]})
    assert results.violations_count == 0, results.generate_report()
