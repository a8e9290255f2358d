"""The exchange route: route page, exchanges hub, each practice's exchange box and request form."""

from __future__ import annotations

import datetime
import gzip
import html
import io
import json
import re
import unicodedata
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from babel import Locale
from babel.dates import format_date
from conftest import MINIMAL_CASE, ROOT, run_minka, serve_folder, write_project
from playwright.sync_api import expect
from pypdf import PdfReader

from generator import reference
from generator.errors import BuildFailed
from generator.exchange import FORMS, STEPS
from generator.pipeline import read_project
from generator.present import labels, plural, site_nav
from generator.request import ExchangeRequest, ExchangeRequestV1, read_request, request_fields
from generator.requestform import form_html, render_form, request_values
from generator.schema import export_schemas
from generator.views import render_site
from generator.views.base import View
from generator.views.listings import HOME_CARDS

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
    for category in (
        "knowledge",
        "relationships",
        "visibility",
        "sdg_alignment",
        "differential_focus",
    ):
        assert f"| **{L[category]}** |" in page


def test_route_page_says_it_is_minkas_route_not_an_agency_procedure(pages):
    assert "not the official procedure of any agency" in pages["en"]["exchange/index.md"]
    assert "no es el procedimiento oficial de ninguna agencia" in pages["es"]["exchange/index.md"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_route_page_documents_every_field_of_the_request_format(pages, lang):
    page = pages[lang]["exchange/index.md"]
    assert "`minka-exchange-request/2`" in page and "`minka-exchange-request/1`" in page
    for field in request_fields():
        assert f"| `{field['path']}` |" in page, field["path"]
    assert '<a href="../schema/exchange-request.schema.json">' in page
    example = page[page.index('<code class="language-json">') + 28 :]
    example = example[: example.index("</code>")].replace("&#34;", '"').replace("&#39;", "'")
    assert ExchangeRequest.model_validate_json(example).language == lang


def _exchanges() -> list[tuple]:
    """(practice, exchange) for every exchange the project records."""
    return [
        (case, ex)
        for case in read_project(ROOT).cases.values()
        for ex in (case.exchange.exchanges if case.exchange else [])
    ]


def _folded(name: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).casefold()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_hub_groups_every_exchange_by_step_country_and_form(pages, lang):
    page, L, exchanges = pages[lang]["exchanges/index.md"], labels(lang), _exchanges()
    for number, status in enumerate(STEPS, start=1):
        count = sum(ex.status == status for _, ex in exchanges)
        assert f'<a href="#exchanges-{status}" aria-label="{number}. ' in page
        assert (
            f"### {number}. {L['route_steps'][status]['name']} ({count}) "
            f"{{ #exchanges-{status} }}" in page
        )
    for form in FORMS:
        count = sum(ex.form == form for _, ex in exchanges)
        assert f"| {L['forms'][form]} | {count} |" in page
    by_country = page[page.index("{ #by-country }") : page.index("{ #by-form }")]
    names = sorted(
        {
            reference.country_name(ex.partner_country, lang)
            for _, ex in exchanges
            if ex.partner_country
        },
        key=_folded,
    )
    assert [by_country.index(name) for name in names] == sorted(
        by_country.index(name) for name in names
    )  # alphabetical, accents folded
    for case, ex in exchanges:
        # raw HTML (a Markdown table of every exchange was slow to convert): built URLs
        assert f'<a href="../practices/{case.id}/">' in by_country
        assert f'<a href="../exchange/#step-{ex.status}">' in by_country


def test_hub_counts_agree_in_number(pages):
    exchanges = _exchanges()
    n, m = len(exchanges), len({case.id for case, _ in exchanges})
    assert (
        f"{n} {'exchange' if n == 1 else 'exchanges'} recorded in "
        f"{m} {'practice' if m == 1 else 'practices'},"
    ) in pages["en"]["exchanges/index.md"]
    assert (
        f"{n} {'intercambio registrado' if n == 1 else 'intercambios registrados'} en "
        f"{m} {'práctica' if m == 1 else 'prácticas'},"
    ) in pages["es"]["exchanges/index.md"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_nav_has_the_route_and_the_hub(lang):
    L = labels(lang)
    entry = next(e for e in site_nav(lang) if L["exchange"] in e)
    assert entry[L["exchange"]] == [
        {L["route_title"]: "exchange/index.md"},
        {L["open_title"]: "exchange/open/index.md"},
        {L["exchanges_hub_title"]: "exchanges/index.md"},
    ]


# The practices open to exchange: all on their page, the latest few on the home page.

CARD_LINK = re.compile(r'class="minka-card__title" href="(?:\.\./)*practices/([a-z0-9-]+)/"')


def _open(cases) -> list:
    """The practices that say what they can transfer or whom to contact, in catalog order."""
    return [c for c in cases if c.exchange and (c.exchange.offer or c.exchange.contact)]


def _open_section(home: str) -> str:
    """The home page's "Open to exchange" section (the page's last)."""
    return home[home.index("{ #open-to-exchange }") :]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_open_page_lists_exactly_the_practices_open_to_exchange(pages, lang):
    page, L = pages[lang]["exchange/open/index.md"], labels(lang)
    practices = _open(read_project(ROOT).cases.values())
    assert CARD_LINK.findall(page) == [c.id for c in practices]
    assert f"# {L['open_title']}\n" in page
    intro = plural(L["open_count"], len(practices), lang)
    assert intro in page
    assert "(../index.md)" in page  # the route, which explains how an exchange goes


@pytest.mark.parametrize("lang", ["en", "es"])
def test_home_shows_the_latest_practices_open_to_exchange_and_links_to_all(make_project, lang):
    # More open practices than the home shows, and some that are not open.
    files = {
        f"cases/open-{i}.yaml": _case(f"open-{i}", f"2020-{i:02d}-15", open_=True)
        for i in range(1, HOME_CARDS + 4)
    }
    files |= {f"cases/closed-{i}.yaml": _case(f"closed-{i}", "2024-01-15") for i in (1, 2)}
    catalog = read_project(make_project(files))
    page = render_site(catalog, lang)
    home, L = page["index.md"], labels(lang)
    practices = _open(catalog.cases.values())
    latest = sorted(practices, key=lambda c: str(c.documented), reverse=True)[:HOME_CARDS]
    section = _open_section(home)
    assert CARD_LINK.findall(section) == [c.id for c in latest]
    every = plural(L["open_all"], len(practices), lang)
    assert f"[{every}](exchange/open/index.md)" in section
    # The request path box leads to the page too, not to the section.
    assert f"- [{L['open_title']}](exchange/open/index.md)" in home
    assert "](#open-to-exchange)" not in home
    assert CARD_LINK.findall(page["exchange/open/index.md"]) == [c.id for c in practices]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_without_practices_open_to_exchange_the_page_says_so_and_home_hides_it(make_project, lang):
    pages = render_site(read_project(make_project()), lang)  # the demo practice: no exchange
    L, home, page = labels(lang), pages["index.md"], pages["exchange/open/index.md"]
    assert "open-to-exchange" not in home and "exchange/open/" not in home
    assert L["open_none"].format(route="../index.md") in page
    assert "minka-card" not in page


@pytest.mark.parametrize("lang", ["en", "es"])
def test_home_names_as_recently_documented_only_practices_with_a_date(make_project, tmp_path, lang):
    files = {f"cases/dated-{i}.yaml": _case(f"dated-{i}", f"2021-0{i}-10") for i in (1, 2, 3)}
    files |= {
        f"cases/{name}.yaml": MINIMAL_CASE.replace("id: demo", f"id: {name}")
        for name in ("zz-undated", "yy-undated")
    }
    catalog = read_project(make_project(files))
    home, L = render_site(catalog, lang)["index.md"], labels(lang)
    section = home[home.index(f"## {L['recent']}") :]
    dated = sorted(
        (c for c in catalog.cases.values() if c.documented),
        key=lambda c: (str(c.documented), c.id),
        reverse=True,
    )
    assert CARD_LINK.findall(section) == [c.id for c in dated[:HOME_CARDS]]
    # With no practice dated, the home has no such list.
    undated = {"cases/yy-undated.yaml": files["cases/yy-undated.yaml"]}
    catalog = read_project(write_project(tmp_path / "undated", undated, with_demo=False))
    assert catalog.cases and not any(c.documented for c in catalog.cases.values())
    assert f"## {L['recent']}" not in render_site(catalog, lang)["index.md"]


def _case(case_id: str, documented: str, open_: bool = False) -> str:
    """A practice documented on `documented`; open to exchange when `open_`."""
    case = MINIMAL_CASE.replace("id: demo", f"id: {case_id}")
    case += f"documented: {documented}\n"
    if open_:
        case += "exchange:\n  contact: {organization: sena}\n"
    return case


# The exchange box of each practice.


def test_exchange_box_shows_the_step_of_each_exchange(pages):
    en, es = pages["en"]["practices/ser.md"], pages["es"]["practices/ser.md"]
    assert '<a href="../../exchange/#step-closed">step 7 of 7: closure</a>' in en
    assert '<a href="../../exchange/#step-request">paso 2 de 7: solicitud</a>' in es
    assert '<a href="../../exchange/#step-formulation">paso 3 de 7: formulación</a>' in es
    indicator = es[es.index("paso 3 de 7") - 400 : es.index("paso 3 de 7")]
    assert '<i class="done"></i><i class="done"></i><i class="current"></i><i></i>' in indicator


def test_every_practice_offers_the_request_form(pages):
    for path, page in pages["en"].items():
        # A practice's page, not the catalog nor its factsheet (practices/<id>/factsheet.md).
        if path.startswith("practices/") and path.count("/") == 1 and path != "practices/index.md":
            assert "### Request an exchange { #request-exchange }" in page, path
            assert page.count('<details class="minka-request"') == 1, path


def test_form_is_prefilled_with_the_practice_and_its_contact(pages):
    page = pages["es"]["practices/ser.md"]
    start = page.index('<details class="minka-request"')
    form = page[start : page.index("</details>", start)]
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


def test_the_form_names_every_country_as_the_cldr_does_in_spanish(pages):
    """Spanish country names are the CLDR's (pycountry's translations had "Costa de
    Marfíl", "Tunez" and English names such as "Algeria")."""
    spanish = Locale("es").territories
    form = next(
        page[page.index('<details class="minka-request"') :]
        for path, page in pages["es"].items()
        if path.startswith("practices/") and '<details class="minka-request"' in page
    )
    options = dict(re.findall(r'<option value="([A-Z]{2})">([^<]*)</option>', form))
    assert set(options) == set(reference.all_countries())
    for code, name in options.items():
        assert html.unescape(name) == spanish[code], code
    assert html.unescape(options["DZ"]) != reference.country_name("DZ", "en")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_form_offers_e_mail_only_where_it_has_an_address(pages, lang):
    """Without the practice's e-mail or a desk, the form's first words do not promise
    sending by e-mail, as the note under them says Minka has no address."""
    L = labels(lang)
    catalog = read_project(ROOT)
    assert L["rq_lead"] != L["rq_lead_no_email"]
    for case in catalog.cases.values():
        page = pages[lang][f"practices/{case.id}.md"]
        emailed = bool(case.exchange and case.exchange.contact and case.exchange.contact.email)
        assert (L["rq_lead"] in page) == emailed, case.id
        assert (L["rq_lead_no_email"] in page) != emailed, case.id
        assert ('data-action="mail"' in page) == emailed, case.id


def test_record_strings_are_escaped_in_the_form_and_the_mailto(make_project):
    root = make_project(
        {
            "cases/odd.yaml": """\
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
        """
        }
    )
    page = render_site(read_project(root), "en")["practices/odd.md"]
    form = page[page.index("<details") : page.index("</details>")]
    assert 'data-practice-title="Fish &amp; &#34;chips&#34; now"' in form
    assert 'data-title="Say &#34;yes&#34; &amp; mean it"' in form
    assert 'data-title="1. Numbered and split"' in form and "\n\n" not in form
    assert "mailto:some%2Bone@example.org?subject=Exchange%20request%3A%20Fish%20%26%20" in form
    demo = render_site(read_project(root), "en")["practices/demo.md"]  # no exchange at all
    assert '<details class="minka-request"' in demo and "Minka has no contact" in demo


# Record and site strings with every character HTML escapes: a title, a success factor, the
# contact's address; the site's desk name (set below). "lead" names the letter's addressee.
ODD_CASE = """\
id: odd
title: {en: 'Fish & "chips" (< 5 km, > 2 t) O''Neil', es: 'Pescado & "papas" (< 5 km) O''Neil'}
original_language: en
kind: network
countries: [CO]
summary: {en: "A summary.", es: "Un resumen."}
success_factors:
  - id: quotes
    title: {en: 'Say "yes" & > 2 t', es: 'Decir "sí" & > 2 t'}
exchange:
  contact:
    organization: sena
    email: "o'neil+1@example.org"
"""
LED_CASE = MINIMAL_CASE.replace("id: demo", "id: led") + "lead: [sena]\n"
ODD_DESK = {
    "email": "desk@example.org",
    "name": {"en": 'Desk & "Co" <1> O\'Neil', "es": "Mesa & 'Co'"},
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_form_is_the_template_written_for_its_practice(make_project, lang):
    # The form is written once per language and each practice's values are put in: the
    # same bytes as the template rendering it for that practice, with or without a desk.
    root = make_project({"cases/odd.yaml": ODD_CASE, "cases/led.yaml": LED_CASE})
    catalog = read_project(root)
    view = View(catalog, lang, {})
    for desk in (None, ODD_DESK):
        for case in catalog.cases.values():
            values = request_values(view, case, desk)
            assert form_html(view, values) == render_form(view, values), (case.id, desk)


def test_markup_characters_of_a_practice_are_escaped_in_its_form(make_project):
    root = make_project({"cases/odd.yaml": ODD_CASE, "cases/led.yaml": LED_CASE})
    pages = render_site(read_project(root), "en", contribute={"exchange_desk": ODD_DESK})
    page = pages["practices/odd.md"]
    form = page[page.index("<details") : page.index("</details>")]
    title = "Fish &amp; &#34;chips&#34; (&lt; 5 km, &gt; 2 t) O&#39;Neil"
    assert f'data-practice-title="{title}"' in form and f"<strong>{title}</strong>" in form
    assert 'data-recipient-email="o&#39;neil+1@example.org" data-recipient-desk=""' in form
    assert 'data-title="Say &#34;yes&#34; &amp; &gt; 2 t"> Say &#34;yes&#34;' in form
    assert f'data-subject="Exchange request: {title}"' in form
    # Without a contact e-mail, the desk receives it and the letter is addressed to it.
    page = pages["practices/led.md"]
    form = page[page.index("<details") : page.index("</details>")]
    desk = "Desk &amp; &#34;Co&#34; &lt;1&gt; O&#39;Neil"
    assert f'data-recipient-desk="{desk}" data-addressee="{desk}"' in form


# The request format.

GOOD_REQUEST = {
    "format": "minka-exchange-request/2",
    "reference": "REQ-2026-03-01-ser-PE",
    "created": "2026-03-01",
    "language": "es",
    "practice": {"id": "ser", "title": "SENA Emprende Rural"},
    "requester": {
        "institution": "Instituto",
        "country": "PE",
        "contact": "Ana",
        "email": "ana@example.org",
        "address": "Av. Uno 1, Lima",
        "phone": "+51 1 555 0100",
    },
    "need": "Organizar a los productores.",
    "objectives": "Ver cómo se organizan.",
    "results": "Un plan de trabajo.",
    "costs": {"travel": "requester", "stay": "shared", "experts": "provider"},
    "focal_point": {"institution": "Agencia de cooperación"},
}
# A file of the first version, as the form wrote it before version 2.
V1_REQUEST = """\
format: "minka-exchange-request/1"
created: "2026-03-01"
language: "es"
practice:
  id: "ser"
  title: "SENA Emprende Rural"
recipient:
  organization: "apc-colombia"
  email: "saberhacercolombia@apccolombia.gov.co"
requester:
  institution: "Instituto"
  country: "PE"
  contact: "Ana"
  email: "ana@example.org"
need: "Organizar a los productores."
"""


def test_request_reads_from_json_and_yaml():
    assert read_request(json.dumps(GOOD_REQUEST)).requester.phone == "+51 1 555 0100"
    request = read_request(yaml.safe_dump(GOOD_REQUEST, allow_unicode=True))
    assert request.reference == "REQ-2026-03-01-ser-PE" and request.costs.stay == "shared"


def test_a_version_1_file_still_reads():
    request = read_request(V1_REQUEST, "old.yaml")
    assert isinstance(request, ExchangeRequestV1)
    assert request.recipient.organization == "apc-colombia" and request.need.startswith("Organizar")


def _errors(text: str, path: str = "request.yaml") -> str:
    with pytest.raises(BuildFailed) as info:
        read_request(text, path)
    return "\n".join(str(e) for e in info.value.errors)


def _yaml(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize(
    "change, error",
    [
        (
            {"requester": {**GOOD_REQUEST["requester"], "country": "XX"}},
            "request.yaml:10: requester.country: expected an ISO 3166 country code such as 'PE', "
            "but got 'XX'",
        ),
        (
            {"requester": {**GOOD_REQUEST["requester"], "email": "ana"}},
            "request.yaml:12: requester.email: expected an e-mail address like name@example.org, "
            "but got 'ana'",
        ),
        (
            {"requester": {**GOOD_REQUEST["requester"], "phone": "call me"}},
            "request.yaml:14: requester.phone: expected a phone number (digits, spaces and + ( ) . -) "
            "like +51 1 234 5678, but got 'call me'",
        ),
        (
            {"reference": "REQ-2026-03-01-ser-CO"},
            "request.yaml:2: reference: expected 'REQ-2026-03-01-ser-PE' (from created, practice.id "
            "and requester.country), but got 'REQ-2026-03-01-ser-CO'",
        ),
        (
            {"costs": {"travel": "them"}},
            "request.yaml:19: costs.travel: expected one of requester, provider, shared, to-agree, "
            "but got 'them'",
        ),
        (
            {"objectives": "   "},
            "request.yaml:16: objectives: expected text of at least 1 character(s), but got '   '",
        ),
        (
            {"extra": 1},
            "request.yaml:24: extra: expected a known field, but got unknown field 'extra'",
        ),
        (
            {"format": "minka-exchange-request/3"},
            "request.yaml:1: format: expected 'minka-exchange-request/2' or "
            "'minka-exchange-request/1', but got 'minka-exchange-request/3'",
        ),
    ],
)
def test_bad_request_files_give_exact_errors(change, error):
    assert _errors(_yaml(GOOD_REQUEST | change)) == error


def test_bad_request_files_report_every_error_and_bad_yaml():
    doc = {k: v for k, v in GOOD_REQUEST.items() if k not in ("objectives", "results")}
    assert _errors(_yaml(doc), "r.yaml") == (
        "r.yaml:1: objectives: expected a value (this field is required), but got none\n"
        "r.yaml:1: results: expected a value (this field is required), but got none"
    )
    assert _errors("format: [unclosed\n", "r.json").startswith("r.json:")
    assert _errors("", "r.json") == "r.json:1: expected a YAML mapping, but got an empty file"
    v1 = V1_REQUEST.replace('country: "PE"', 'country: "XX"')
    assert _errors(v1, "old.yaml") == (
        "old.yaml:12: requester.country: expected an ISO 3166 "
        "country code such as 'PE', but got 'XX'"
    )


def test_request_schema_is_exported_and_the_repo_copy_is_current():
    schema = json.loads(export_schemas()["exchange-request.schema.json"])
    assert schema["properties"]["format"]["const"] == "minka-exchange-request/2"
    assert set(schema["required"]) == {
        "format",
        "reference",
        "created",
        "language",
        "practice",
        "requester",
        "need",
        "objectives",
        "results",
    }
    result = run_minka(ROOT, "schema", "--check")
    assert result.returncode == 0, result.stderr


def test_built_site_ships_the_schema_and_a_light_practice_page(built_site):
    assert (built_site / "en" / "schema" / "exchange-request.schema.json").is_file()
    html = (built_site / "en" / "practices" / "ser" / "index.html").read_bytes()
    # With the stylesheet and the script the page links (exchange.js is in the script).
    assets = [
        built_site / "en" / name
        for name in re.findall(r'"\.\./\.\./(assets/minka[^"]+)"', html.decode())
    ]
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
    form.locator("#rq-email").fill("ana@example.org")
    form.get_by_label("Postal address of the institution").fill("Av. Uno 123\nLima")
    form.get_by_label("Phone").fill("+51 1 555 0100")
    form.get_by_label("The need or problem to address").fill(
        "Producers sell alone.\nWe want them to sell together & better."
    )
    form.get_by_label("Objectives of the exchange").fill("See how producer networks sell.")
    form.get_by_label("Results expected").fill("A plan for two networks.")
    form.get_by_label("Travel").select_option("requester")
    form.get_by_label("Board and lodging").select_option("shared")
    form.get_by_label("Experts' time").select_option("provider")
    form.get_by_label("Focal point (agency or office)").fill("Peruvian cooperation agency")
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
    for field in ("institution", "country", "contact", "email", "need", "objectives", "results"):
        error = page.locator(f"#rq-{field}-error")
        expect(error).to_be_visible()
        expect(error).to_have_text("Please fill in this field.")
        expect(page.locator(f"#rq-{field}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#rq-role-error")).to_have_count(0)
    expect(form.get_by_role("alert")).to_have_text(
        "Some fields need attention: see the messages next to them."
    )
    assert page.evaluate("document.activeElement.id") == "rq-institution"
    form.get_by_label("Requesting institution").fill("Instituto")
    expect(page.locator("#rq-institution-error")).to_be_hidden()
    assert page.console_errors == []


def test_messages_are_in_the_page_language(page, base_url):
    form = _open_form(page, f"{base_url}/es/practices/ser/")
    form.locator("#rq-email").fill("ana")
    form.get_by_label("Teléfono").fill("llámeme")
    form.get_by_label("Persona que la respalda").fill("Rosa")  # a focal point without its agency
    form.get_by_label("Fecha más temprana").fill("2026-05-01")
    form.get_by_label("Fecha más tardía").fill("2026-04-01")
    form.get_by_role("button", name="Descargar YAML").click()
    expect(page.locator("#rq-institution-error")).to_have_text("Complete este campo.")
    expect(page.locator("#rq-email-error")).to_have_text(
        "Escriba un correo electrónico como nombre@ejemplo.org."
    )
    expect(page.locator("#rq-end-error")).to_have_text(
        "La fecha más tardía debe ser igual o posterior a la más temprana."
    )
    expect(page.locator("#rq-phone-error")).to_have_text(
        "Escriba un teléfono solo con dígitos, espacios y + ( ) . -, como +51 1 555 0100."
    )
    expect(page.locator("#rq-focal-institution-error")).to_have_text(
        "Indique el punto focal o deje vacíos sus tres campos."
    )


def test_filled_request_goes_by_mail_json_yaml_and_print(page, base_url, tmp_path):
    form = _open_form(page, f"{base_url}/en/practices/ser/")
    _fill(form)
    created = page.evaluate("new Date().toLocaleDateString('sv')")  # the browser's today
    reference = f"REQ-{created}-ser-PE"

    mail = urlsplit(form.get_by_role("link", name="Send by e-mail").get_attribute("href"))
    assert mail.scheme == "mailto" and unquote(mail.path) == SER_CONTACT
    query = parse_qs(mail.query)
    assert query["subject"] == [
        f"Exchange request {reference}: SENA Emprende Rural (SER): "
        "training for rural entrepreneurship and productive inclusion "
        "in Colombia"
    ]
    body = query["body"][0]
    for text in (
        f"Reference: {reference}",
        "Requesting institution: Instituto de Desarrollo Rural",
        "Country: Peru",
        "Contact person: Ana Quispe",
        "E-mail: ana@example.org",
        "Phone: +51 1 555 0100",
        "Objectives of the exchange: See how producer",
        "Producers sell alone.\r\nWe want them to sell together & better.",
        "What you want to learn: A committed community; My.Coop",
        "Preferred form of exchange: Learning route",
        "Proposed sharing of costs: travel: The requesting side",
        "Focal point (agency or office): Peruvian cooperation agency",
        "Expected number of participants: 8",
        "Working languages: Spanish; Portuguese",
        f"{base_url}/en/practices/ser/",
        "format minka-exchange-request/2",
    ):
        assert text in body, text

    with page.expect_download() as info:
        form.get_by_role("button", name="Download JSON").click()
    download = info.value
    assert download.suggested_filename == f"{reference}.json"
    path = tmp_path / "request.json"
    download.save_as(path)
    request = read_request(path.read_text(encoding="utf-8"), "request.json")
    assert isinstance(request, ExchangeRequest) and request.reference == reference
    assert request.requester.country == "PE" and request.recipient.email == SER_CONTACT
    assert request.requester.address == "Av. Uno 123\nLima"
    assert request.requester.phone == "+51 1 555 0100"
    assert request.objectives == "See how producer networks sell."
    assert request.results == "A plan for two networks."
    assert (request.costs.travel, request.costs.stay, request.costs.experts) == (
        "requester",
        "shared",
        "provider",
    )
    assert request.focal_point.institution == "Peruvian cooperation agency"
    assert [(i.kind, i.id) for i in request.learn] == [
        ("success-factor", "committed-community"),
        ("methodology", "my-coop"),
    ]
    assert request.form == "learning-route" and request.participants.number == 8
    assert request.languages == ["es", "pt"] and request.language == "en"
    assert str(request.dates.end) == "2026-04-17" and request.notes is None
    expect(form.get_by_role("status")).to_have_text(f"Downloaded {reference}.json.")

    with page.expect_download() as info:
        form.get_by_role("button", name="Download YAML").click()
    path = tmp_path / "request.yaml"
    info.value.save_as(path)
    assert info.value.suggested_filename == f"{reference}.yaml"
    assert read_request(path.read_text(encoding="utf-8"), "request.yaml") == request

    page.evaluate("window.print = () => { window.printed = true; }")
    form.get_by_role("button", name="Print or save as PDF").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator("h1")).to_be_hidden()
    summary = page.locator(".minka-request__summary")
    expect(summary).to_be_visible()
    for text in (
        "Instituto de Desarrollo Rural",
        "Av. Uno 123",
        SER_CONTACT,
        f"Reference: {reference}",
        "To: Presidential Agency of International Cooperation of Colombia (APC-Colombia)",
        "Request for a South-South exchange: SENA Emprende Rural",
        "Signature",
        "Seal of the institution",
        "Endorsed by: Peruvian cooperation agency",
        "Signature and seal of the focal point",
    ):
        expect(summary).to_contain_text(text)
    expect(form.get_by_role("button", name="Download JSON")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(summary).to_be_hidden()
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_request_too_long_for_a_mail_link_asks_for_the_file(page, base_url, lang):
    """A mailto: link much past 2,000 characters fails or is cut without a word in common
    set-ups (Chrome on Windows, Outlook): a long request's e-mail carries its heading and
    asks for the downloaded file, and the page says so; a short one goes whole."""
    L = labels(lang)
    practice = next(
        c
        for c in read_project(ROOT).cases.values()
        if c.exchange and c.exchange.contact and c.exchange.contact.email
    )
    form = _open_form(page, f"{base_url}/{lang}/practices/{practice.id}/")
    _fill_required(form, L)
    need = form.get_by_label(L["rq_need"])
    need.fill("Producers sell alone. " * 150)
    mail = form.get_by_role("link", name=L["rq_send"])
    href = mail.get_attribute("href")
    assert len(href) <= 2000
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert L["rq_mail_attach"] in body and f"{L['rq_reference']}: REQ-" in body
    assert "Instituto de Desarrollo Rural" in body and "Producers sell alone." not in body
    page.evaluate(
        "document.querySelector('[data-action=mail]')"
        ".addEventListener('click', (e) => e.preventDefault())"
    )
    mail.click()
    expect(form.locator(".minka-request__status")).to_have_text(L["rq_msg_mail_attach"])
    need.fill("Producers sell alone.")
    body = parse_qs(urlsplit(mail.get_attribute("href")).query)["body"][0]
    assert "Producers sell alone." in body and L["rq_mail_attach"] not in body


def test_practice_without_contact_email_offers_files_but_no_mail(page, base_url):
    form = _open_form(page, f"{base_url}/es/practices/samer/")
    expect(form.get_by_role("link", name="Enviar por correo")).to_have_count(0)
    expect(page.locator("article")).to_contain_text("pregunte a la organización que la lidera")
    assert page.locator('article a[href="../../organizations/sena/"]').count() >= 1
    # The lead's own web address, from the organizations vocabulary, is given beside it.
    url = read_project(ROOT).vocab.organizations["sena"].url
    expect(page.locator(f'article p a[href="{url}"]').first).to_be_visible()
    for name in ("Descargar JSON", "Descargar YAML", "Imprimir o guardar como PDF"):
        expect(form.get_by_role("button", name=name)).to_be_visible()


def test_open_form_has_no_accessibility_violations(page, base_url):
    from axe_playwright_python.sync_playwright import Axe

    _open_form(page, f"{base_url}/en/practices/ser/")
    results = Axe().run(page, context={"include": [["details.minka-request"]]})
    assert results.violations_count == 0, results.generate_report()


def _fill_required(form, L: dict, country: str = "PE"):
    """Fill in the required fields (and the letter's sender), with the page's own labels."""
    form.get_by_label(L["rq_institution"]).fill("Instituto de Desarrollo Rural")
    form.locator("#rq-country").select_option(country)
    form.get_by_label(L["rq_contact"]).fill("Ana Quispe")
    form.get_by_label(L["rq_role"]).fill("Directora")
    form.locator("#rq-email").fill("ana@example.org")
    form.get_by_label(L["rq_address"]).fill("Av. Uno 123, Lima")
    form.get_by_label(L["rq_phone"]).fill("+51 1 555 0100")
    for label in ("rq_need", "rq_objectives", "rq_results"):
        form.get_by_label(L[label]).fill("Producers sell alone; we want them to sell together.")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_request_with_every_field_prints_without_a_blank_page(page, base_url, lang):
    """Every field filled in and every item ticked, on the practice that offers the most to
    learn: the letter starts on the first sheet and no sheet is blank (Material keeps a
    <details> whole, which left the first sheet blank when the letter did not fit)."""
    L, catalog = labels(lang), read_project(ROOT)
    most = max(
        catalog.cases.values(),
        key=lambda c: (len(c.success_factors) + len(c.methodologies), c.id),
    )
    form = _open_form(page, f"{base_url}/{lang}/practices/{most.id}/")
    _fill_required(form, L)
    form.locator("#rq-participants").fill("6")
    form.locator("#rq-start").fill("2027-03-01")
    form.locator("#rq-end").fill("2027-03-10")
    for box in form.locator('input[name="languages"], input[name="learn"]').all():
        box.check()
    form.locator("#rq-cost-travel").select_option(index=1)
    form.get_by_label(L["rq_focal_institution"]).fill("Viceministerio de Inversión Pública")
    form.locator("#rq-focal-email").fill("focal@example.org")
    page.evaluate("window.print = () => {}")
    form.get_by_role("button", name=L["rq_print"]).click()
    page.emulate_media(media="print")
    sheets = [p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]
    assert all(text.strip() for text in sheets), [len(text) for text in sheets]
    assert L["rq_reference"] in sheets[0] and "Instituto de Desarrollo Rural" in sheets[0]
    # Its dates as the letter's own date is written, not in ISO (the files keep ISO).
    letter = " ".join(" ".join(sheets).split())
    earliest = format_date(datetime.date(2027, 3, 1), format="long", locale=lang)
    assert earliest in letter and "2027-03-01" not in letter


@pytest.mark.parametrize("lang", ["en", "es"])
def test_printed_request_is_a_one_page_letter_in_the_page_language(page, base_url, lang):
    L = labels(lang)
    form = _open_form(page, f"{base_url}/{lang}/practices/ser/")
    _fill_required(form, L)
    form.get_by_label(L["rq_focal_institution"]).fill("Agencia de cooperación")
    page.evaluate("window.print = () => {}")  # the button's print; the PDF is printed below
    form.get_by_role("button", name=L["rq_print"]).click()
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    created = page.evaluate("new Date().toLocaleDateString('sv')")
    for expected in (
        f"{L['rq_reference']}: REQ-{created}-ser-PE",
        L["rq_signature"],
        L["rq_seal"],
        L["rq_endorsement_signature"],
        L["rq_letter_subject"].split(":")[0],
        L["rq_objectives"],
        "Instituto de Desarrollo Rural",
        "Av. Uno 123, Lima",
    ):
        assert expected in text, expected
    other = labels("es" if lang == "en" else "en")
    assert other["rq_seal"] not in text and other["rq_objectives"] not in text


def _without_email(catalog):
    return [
        c
        for c in catalog.cases.values()
        if not (c.exchange and c.exchange.contact and c.exchange.contact.email)
    ]


def test_without_a_desk_the_form_names_the_lead_and_its_web_address(pages):
    catalog = read_project(ROOT)
    led = [c for c in _without_email(catalog) if c.lead and not (c.exchange and c.exchange.contact)]
    assert led, "the project has a practice led by an organization, without a contact"
    for lang in ("en", "es"):
        for case in led:
            page = pages[lang][f"practices/{case.id}.md"]
            whom = page[
                page.index("{ #request-exchange }") : page.index('<details class="minka-request"')
            ]
            assert labels(lang)["rq_whom_lead"].split("{orgs}")[0] in whom
            for org_id in case.lead:
                org = catalog.vocab.organizations[org_id]
                assert f"](../organizations/{org_id}.md)" in whom
                if org.url:
                    assert f"(<{org.url}>)" in whom
            assert 'data-action="mail"' not in page and 'data-recipient-email=""' in page
            for action in ("json", "yaml", "print"):
                assert f'data-action="{action}"' in page


DESK = (
    "extra:\n  minka:\n    exchange_desk:\n      email: desk@example.org\n"
    "      name: {en: Example exchange desk, es: Mesa de intercambios de ejemplo}\n"
)


def _with_config(root, text: str):
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + text, encoding="utf-8")


def test_with_a_desk_a_practice_without_contact_sends_to_the_desk(make_project, browser, tmp_path):
    # Its demo practice has no exchange contact; "own" has its own contact e-mail.
    own = MINIMAL_CASE.replace("id: demo", "id: own") + (
        "lead: [sena]\nexchange:\n  contact:\n    organization: sena\n    email: own@example.org\n"
    )
    root = make_project({"cases/own.yaml": own})
    _with_config(root, DESK)
    result = run_minka(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "en" / "practices" / "own" / "index.html").read_text("utf-8")
    assert 'data-recipient-email="own@example.org" data-recipient-desk=""' in html
    assert "exchange desk" not in html.split('<details class="minka-request"')[0][-3000:]
    html = (root / "site" / "es" / "practices" / "demo" / "index.html").read_text("utf-8")
    assert (
        "la solicitud va a la mesa de intercambios de este sitio, Mesa de intercambios de "
        "ejemplo (desk@example.org)"
    ) in html
    assert labels("es")["rq_lead"] in html  # sent by e-mail, to the desk
    context = browser.new_context(locale="en-US", accept_downloads=True)
    page = context.new_page()
    with serve_folder(root / "site") as url:
        form = _open_form(page, f"{url}/en/practices/demo/")
        expect(page.locator("article")).to_contain_text(
            "the request goes to this site's exchange desk, Example exchange desk "
            "(desk@example.org)"
        )
        _fill_required(form, labels("en"), country="EC")
        mail = urlsplit(form.get_by_role("link", name="Send by e-mail").get_attribute("href"))
        assert unquote(mail.path) == "desk@example.org"
        created = page.evaluate("new Date().toLocaleDateString('sv')")
        assert parse_qs(mail.query)["subject"] == [
            f"Exchange request REQ-{created}-demo-EC: Demo practice"
        ]
        with page.expect_download() as info:
            form.get_by_role("button", name="Download JSON").click()
        info.value.save_as(tmp_path / "r.json")
    context.close()
    request = read_request((tmp_path / "r.json").read_text("utf-8"), "r.json")
    assert request.recipient.email == "desk@example.org"
    assert request.recipient.desk == "Example exchange desk"
    assert request.recipient.organization is None


@pytest.mark.parametrize(
    "desk, error",
    [
        (
            "    exchange_desk:\n      email: not-an-address\n      name: Desk\n",
            "mkdocs.yml: extra.minka.exchange_desk.email: expected an e-mail address like "
            "name@example.org, but got 'not-an-address' (an email address must have an @-sign)",
        ),
        (
            "    exchange_desk:\n      email: desk@example.org\n",
            "mkdocs.yml: extra.minka.exchange_desk.name: expected a name, as one text or as "
            "{en: ..., es: ...}, but got None",
        ),
        (
            "    exchange_desk:\n      name: Desk\n",
            "mkdocs.yml: extra.minka.exchange_desk.email: expected an e-mail address like "
            "name@example.org, but got None",
        ),
        (
            "    exchange_desk: desk@example.org\n",
            "mkdocs.yml: extra.minka.exchange_desk: expected a mapping with `email` and `name`, but "
            "got 'desk@example.org'",
        ),
    ],
)
def test_a_bad_desk_is_reported_once_by_validate_and_build_and_nothing_is_built(
    make_project, desk, error
):
    root = make_project()
    _with_config(root, "extra:\n  minka:\n" + desk)
    for command in (["validate"], ["build", "--strict"]):
        result = run_minka(root, *command)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", f"Error: {error}\n")
    assert not (root / "site").exists()
