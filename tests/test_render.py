"""Rendered Markdown: golden pages, section order, fallbacks and number formats."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import pytest

from generator import jinjacache, present
from generator.pipeline import read_project
from generator.present import format_number
from generator.views import render_site

GOLDEN = Path(__file__).parent / "golden" / "render"

FULL_CASE = """\
id: full
title: {en: "Full practice", es: "Práctica completa"}
original_language: en
kind: cooperative
countries: [PE, CO]
period: {start: 2005, end: 2011}
themes: [associativity]
summary: {en: "Summary in English.", es: "Resumen en español."}
results: {en: "Results only in English."}
context: {en: "Context.", es: "Contexto."}
challenges:
  - title: {en: "A challenge", es: "Un reto"}
phases:
  - year: 2011
    text: {en: "Second phase.", es: "Segunda fase."}
  - year: 2005
    text: {en: "First phase.", es: "Primera fase."}
key_figures:
  - value: 70000000000
    currency: COP
    label: {en: "budget per year", es: "presupuesto anual"}
    approximate: true
    source: s
  - value: 0.46
    unit: {en: "share", es: "proporción"}
    label: {en: "led by women", es: "lideradas por mujeres"}
    source: s
sources:
  - id: s
    title: "Source (with parentheses) *and* stars"
    url: "https://example.org/a_(b)"
"""


# A methodology with modules that the full practice applies, and the practice's hubs of every
# kind (value chain, population, SDG, organizations): every page kind has a golden page.
FULL_METHOD = """\
id: method
title: {en: "A method", es: "Un método"}
original_language: en
owner: [ilo]
year: 2012
countries: [PE]
themes: [associativity]
summary: {en: "A method to train producers.", es: "Un método para formar productores."}
modules:
  - id: first
    title: {en: "First module", es: "Primer módulo"}
sources: []
"""
FULL_CASE_HUBS = FULL_CASE.replace(
    "themes: [associativity]\n",
    """\
themes: [associativity]
value_chains: [coffee]
populations: [women]
lead: [sena]
methodologies: ["method#first"]
sdg: {goals: [8], targets: ["8.3"]}
""",
)
# Every kind of page the site generates, once: the refactors of the renderer keep them as they are.
EVERY_KIND = [
    "index.md",
    "practices/index.md",
    "practices/full.md",
    "practices/demo.md",
    "methodologies/index.md",
    "methodologies/method.md",
    "countries/index.md",
    "countries/pe.md",
    "themes/index.md",
    "themes/associativity.md",
    "value-chains/index.md",
    "value-chains/coffee.md",
    "populations/index.md",
    "populations/women.md",
    "sdgs/index.md",
    "sdgs/8.md",
    "organizations/index.md",
    "organizations/sena.md",
    "organizations/ilo.md",
    "explore/index.md",
    "exchange/index.md",
    "exchange/open/index.md",
    "exchanges/index.md",
    "compare/index.md",
    "compare/_choices.json",
    "compare/full.json",
    "compare/method.json",
    "data/index.md",
]


@pytest.fixture
def pages(make_project):
    root = make_project(
        {"cases/full.yaml": FULL_CASE_HUBS, "methodologies/method.yaml": FULL_METHOD}
    )
    catalog = read_project(root)
    return {lang: render_site(catalog, lang) for lang in ("en", "es")}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("page", EVERY_KIND)
def test_pages_match_golden_files(pages, lang, page, update_golden):
    golden = GOLDEN / lang / page
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[lang][page], encoding="utf-8")
    assert pages[lang][page] == golden.read_text(encoding="utf-8")


def test_raw_html_writes_characters_beyond_latin1_as_references_a_reader_reads_the_same():
    # A period's dash and cite.js's tokens as character references: the page's strings stay
    # one byte per character; the parsed text is the same.
    block = present.raw_html('<p title="2005–2011">Retrieved ⟦date⟧ in Nariño</p>')
    inner = str(block)[len(present.RAW_OPEN) : -len(present.RAW_CLOSE)]
    assert inner == '<p title="2005&#8211;2011">Retrieved &#10214;date&#10215; in Nariño</p>'
    assert html.unescape(inner) == '<p title="2005–2011">Retrieved ⟦date⟧ in Nariño</p>'
    # In a script or style element a reference is not read: such a block is left as written.
    script = '<script type="application/json">{"period": "2005–2011"}</script>'
    assert str(present.raw_html(script)) == present.RAW_OPEN + script + present.RAW_CLOSE


def test_every_raw_block_of_every_page_is_one_byte_per_character(pages):
    for lang, site in pages.items():
        for path, text in site.items():
            at = 0
            while (start := text.find(present.RAW_OPEN, at)) >= 0:
                end = text.index(present.RAW_CLOSE, start)
                block = text[start:end]
                if "<script" not in block and "<style" not in block:
                    assert block.isascii() or max(block) <= "\xff", (lang, path)
                at = end + 1


def test_sections_follow_the_design_order_and_empty_ones_are_left_out(pages):
    page = pages["en"]["practices/full.md"]
    # Without the attribute lists ({ data-pagefind-ignore }) of the headings.
    headings = [line[3:].partition(" {")[0] for line in page.splitlines() if line.startswith("## ")]
    assert headings == [
        "Summary",
        "At a glance",
        "Key figures",
        "Context",
        "Phases",
        "Results",
        "What was not achieved",
        "SDGs",
        "Methodologies used",
        "Exchange",
        "Cite this",
        "Sources",
    ]


def test_phases_are_in_year_order(pages):
    page = pages["en"]["practices/full.md"]
    assert page.index("First phase.") < page.index("Second phase.")


def test_missing_translation_shows_the_original_with_a_note(pages):
    page = pages["es"]["practices/full.md"]
    assert 'lang="en"' in page
    assert "Aún sin traducir: se muestra en su idioma original (inglés)." in page
    assert "Results only in English." in page


def test_figures_show_value_unit_year_and_source_in_the_reader_format(pages):
    es, en = pages["es"]["practices/demo.md"], pages["en"]["practices/demo.md"]
    assert "1.800.000" in es and "1,800,000" in en
    assert (
        '<span class="minka-figure__when">2018</span> · '
        '<a href="#source-booklet">Fuente: A booklet</a>' in es
    )
    full = pages["es"]["practices/full.md"]
    assert "aprox. COP 70.000.000.000" in full
    # Its only figure has no year: said once above the cards, not on each card.
    assert full.count("Ninguna de estas cifras indica su año.") == 1
    assert "año no indicado" not in full


def test_evidence_says_how_many_figures_are_dated_and_when_documented(pages):
    demo, full = pages["en"]["practices/demo.md"], pages["es"]["practices/full.md"]
    assert (
        "<strong>Evidence:</strong> 1 key figure, traced to its source; year stated for 1 of 1"
        in demo
    )
    assert "2 cifras clave, cada una con su fuente; año indicado en 0 de 2" in full


def test_plain_strings_cannot_format_markdown(pages):
    page = pages["en"]["practices/full.md"]
    # The list of sources is finished HTML, which Markdown passes over (present.raw_html):
    # the stars stay stars, the parentheses of the URL stay inside its link.
    source = (
        '<li id="source-s">Source (with parentheses) *and* stars. '
        '<a href="https://example.org/a_%28b%29">https://example.org/a_%28b%29</a></li>'
    )
    assert source in page
    at = page.index(source)
    assert page.rfind("<!--minka:raw", 0, at) > page.rfind("-->", 0, at)


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        (1800000, "en", "1,800,000"),
        (1800000, "es", "1.800.000"),
        (0.46, "es", "0,46"),
        (12.0, "en", "12"),
    ],
)
def test_format_number(value, lang, expected):
    assert format_number(value, lang) == expected


MARKED_CASE = """\
id: marked
title: {en: "Marked practice", es: "Práctica marcada"}
original_language: en
kind: program
countries: [CO]
lead: [ilo]
summary: {en: "Summary.", es: "Resumen."}
sdg: {goals: [2], indicators: ["2.3.2", "11.5.3"]}
key_figures:
  - value: 5
    unit: {en: "networks", es: "redes"}
    label: {en: "networks", es: "redes"}
    source: s
exchange:
  exchanges:
    - partner: {en: "Souza Cruz Institute", es: "Instituto Souza Cruz"}
      status: interest
    - partner: {en: "Upala unit"}
      status: interest
sources:
  - id: s
    title: "A report"
    language: en
"""


def test_each_language_gets_its_own_names_and_the_rest_is_marked(make_project):
    catalog = read_project(make_project({"cases/marked.yaml": MARKED_CASE}))
    es = render_site(catalog, "es")["practices/marked.md"]
    en = render_site(catalog, "en")["practices/marked.md"]
    # Acronyms and partners in each language's own form.
    assert "Organización Internacional del Trabajo (OIT)" in es
    assert "International Labour Organization (ILO)" in en
    assert "Instituto Souza Cruz" in es and "Souza Cruz Institute" not in es
    # An SDG indicator with no official Spanish text, a partner named in English only and an
    # English source title show in English, each marked as such.
    assert '<strong>11.5.3</strong> <span lang="en">(a) Damage to critical infrastructure' in es
    assert (
        "<strong>2.3.2</strong> Media de ingresos de los productores de alimentos en pequeña escala"
        in es
    )
    assert '<span lang="en">Upala unit</span> <span class="minka-note"' in es
    assert '<span lang="en">A report</span>' in es and 'lang="en">A report' not in en


@pytest.mark.parametrize(
    "assigned_by, en, es",
    [
        (
            "editors",
            "assigned by Minka's editors, not stated by the source",
            "asignados por el equipo editorial de Minka, no indicados por la fuente",
        ),
        ("source", "stated by the source", "indicados por la fuente"),
        (None, "is not recorded", "no consta"),
    ],
)
def test_sdgs_say_whether_the_source_or_the_editors_assigned_them(
    make_project, assigned_by, en, es
):
    sdg = f"sdg: {{goals: [2], assigned_by: {assigned_by}}}" if assigned_by else "sdg: {goals: [2]}"
    case = MARKED_CASE.replace('sdg: {goals: [2], indicators: ["2.3.2", "11.5.3"]}', sdg)
    catalog = read_project(make_project({"cases/marked.yaml": case}))
    for lang, said in (("en", en), ("es", es)):
        page = html.unescape(render_site(catalog, lang)["practices/marked.md"]).lower()
        # In the card, next to the goals, and at the head of the SDG section.
        assert page.count(said.lower()) == 2, lang


# Record text written into raw HTML blocks (list entries, titles, figure labels) is turned into
# HTML by present.inline_html, which skips the parser when there is nothing to parse: either
# way a reader sees what the same text showed as Markdown in a MkDocs page.
INLINE_TEXTS = [
    "Plain words, with a comma (and brackets) 100% done; año 2024",
    "A < b & c > d",
    "Encoded: &amp;lt;script&amp;gt; &#60;i&#62;",
    "*emphasis*, __strong__ and a_b_c",
    "A [link](https://example.org/a_(b)) and `code <b>`",
    r"Escaped \*stars\* and \[brackets\]",
    "# not a heading",
    "1. not a list",
    "- not a list",
    "Two lines\nof text",
    "Ends with two spaces  ",
    "He said \"yes\" and 'no'",
]


@pytest.mark.parametrize("text", INLINE_TEXTS)
def test_inline_record_text_is_the_html_markdown_makes(text):
    import markdown

    from generator.present import inline_html

    mkdocs = markdown.Markdown(extensions=["attr_list", "md_in_html", "def_list", "tables"])
    expected = mkdocs.convert(f"- {text}")  # as the templates wrote it: a list entry
    assert expected.startswith("<ul>\n<li>") and expected.endswith("</li>\n</ul>")
    inside = expected[len("<ul>\n<li>") : -len("</li>\n</ul>")]
    # A text Markdown reads as a block (a heading, a list) is one here too, space aside.
    assert _quotes(inline_html(text)).strip() == _quotes(inside).strip()


def _quotes(markup: str) -> str:
    """Quotes as characters: escaped or not, text shows them alike (and `<`, `&` stay as
    they are: a tag where Markdown had text would not compare equal)."""
    return str(markup).replace("&#34;", '"').replace("&quot;", '"').replace("&#39;", "'")


# A card (_macros.md.j2 `card`) is written as HTML, each text through the inline filter: it
# must show what Markdown made of the whole card when the card was Markdown.
CARD_MARKDOWN = """\
[{title}](minka-href-mark){{ .minka-card__title }}
<span class="minka-card__facts">{facts}</span>

{summary}

<span class="minka-card__figure">**{value}** {unit}: {label} ({when})</span>
"""


@pytest.mark.parametrize("text", [t for t in INLINE_TEXTS if "\n" not in t and "#" not in t])
def test_a_card_is_the_html_markdown_made_of_it(text):
    import markdown
    from markupsafe import Markup

    from generator.present import environment, labels
    from generator.stencil import HREF_MARK

    parts = {
        # A link in the title shows as its text (Markdown kept the brackets): the next test.
        "title": "Title" if "](" in text else f"Title: {text}",
        "facts": f"Peru · {text}",
        "summary": f"In short: {text}",
        "value": "1,000",
        "unit": f"ha {text}",
        "label": f"area {text}",
        "when": "2005",
    }
    card = {
        "link": {"title": Markup(parts["title"])},
        "facts": Markup(parts["facts"]),
        "summary": Markup(parts["summary"]),
        "figure": {
            "value": parts["value"],
            "unit": Markup(parts["unit"]),
            "label": {"text": Markup(parts["label"]), "note": ""},
            "when": parts["when"],
        },
    }
    macros = (
        environment("en")
        .get_template("_macros.md.j2")
        .make_module({"L": labels("en"), "HREF_MARK": HREF_MARK})
    )
    made = markdown.Markdown(extensions=["attr_list"]).convert(CARD_MARKDOWN.format(**parts))
    assert _quotes(macros.card(card)).strip() == _quotes(made).strip()


def test_a_link_in_a_record_title_is_text_on_its_card(make_project):
    root = make_project(
        {
            "cases/full.yaml": FULL_CASE.replace(
                '"Full practice"', '"Full [practice](https://example.org/p) *here*"'
            )
        }
    )
    listing = render_site(read_project(root), "en")["practices/index.md"]
    titles = re.findall(r'class="minka-card__title" href="[^"]*">(.*?)</a>\n', listing)
    assert "Full practice <em>here</em>" in titles


def test_templates_are_compiled_where_jinja_has_no_cache_folder(pages, make_project, monkeypatch):
    # Jinja refuses a temporary folder another user could write to: then every build
    # compiles the templates, and renders the same pages.
    def unsafe():
        raise RuntimeError("Cannot determine safe temp directory.")

    root = make_project(
        {"cases/full.yaml": FULL_CASE_HUBS, "methodologies/method.yaml": FULL_METHOD}
    )
    monkeypatch.setattr(jinjacache, "FileSystemBytecodeCache", unsafe)
    jinjacache.template_cache.cache_clear()
    monkeypatch.setattr(present, "_environment", functools.cache(present._environment.__wrapped__))
    try:
        assert jinjacache.template_cache() is None
        assert present.environment("en").bytecode_cache is None
        assert render_site(read_project(root), "en") == pages["en"]
    finally:
        jinjacache.template_cache.cache_clear()
