"""The real project built end to end with `minka build --strict`."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import markdown
import pytest
from conftest import ROOT
from mkdocs.utils.meta import get_data

from generator.languages import LANGS
from generator.pipeline import read_project
from generator.present import (
    environment,
    format_number,
    labels,
    plural,
    raw_html,
    unwrap_raw,
)
from generator.setaside import SiteMarkdown, json_front_matter, restore, set_aside
from generator.views import render_site


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_record_has_a_page_with_the_right_html_lang(built_site, lang):
    catalog = read_project(ROOT)
    for folder, ids in (("practices", catalog.cases), ("methodologies", catalog.methodologies)):
        for record_id in ids:
            html = (built_site / lang / folder / record_id / "index.html").read_text("utf-8")
            assert f'<html lang="{lang}"' in html


def test_language_switcher_leads_to_the_same_record(built_site):
    html = (built_site / "en" / "practices" / "samer" / "index.html").read_text("utf-8")
    assert 'href="../../../es/practices/samer/" hreflang="es"' in html
    html = (built_site / "es" / "methodologies" / "my-coop" / "index.html").read_text("utf-8")
    assert 'href="../../../en/methodologies/my-coop/" hreflang="en"' in html


def test_records_stay_out_of_the_nav(built_site):
    # The about page links to no record itself, so any record link would come from the nav.
    html = (built_site / "en" / "about" / "index.html").read_text("utf-8")
    assert "practices/samer/" not in html and "methodologies/my-coop/" not in html
    assert 'href="../practices/"' in html and 'href="../methodologies/"' in html


def test_methodology_pages_list_the_cases_that_applied_them_by_module(built_site):
    html = (built_site / "en" / "methodologies" / "tropenbos" / "index.html").read_text("utf-8")
    applied = html[html.index('id="module-characterization"') :]
    assert "SENA" in applied[:3000]
    assert "../../practices/ser/" in html


def test_spanish_pages_use_spanish_labels_and_number_format(built_site):
    html = (built_site / "es" / "practices" / "ser" / "index.html").read_text("utf-8")
    assert "Cifras clave" in html and "Fuentes" in html
    assert "1.800.000" in html
    assert "1,800,000" in (built_site / "en" / "practices" / "ser" / "index.html").read_text(
        "utf-8"
    )


def test_the_site_makes_no_request_outside_itself(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        assert [u for u in external if 'rel="alternate"' not in u] == [], page


def test_root_page_leads_to_a_language(built_site):
    html = (built_site / "index.html").read_text("utf-8")
    assert 'location.replace(lang + "/")' in html and 'href="es/"' in html


@pytest.mark.parametrize(
    "lang, path, expected",
    [
        ("en", "countries/pe", ["Peru", "Agro Rural", "APOMIPE"]),
        ("es", "countries/pe", ["Perú", "Agro Rural"]),
        ("en", "sdgs/8", ["SDG 8: Decent work and economic growth", "SENA Emprende Rural"]),
        ("es", "sdgs/8", ["ODS 8: Trabajo decente y crecimiento económico"]),
        ("en", "value-chains/cuy", ["Agro Rural"]),
        ("es", "organizations/sena", ["Lidera", "SAMER", "SENA Emprende Rural"]),
        ("en", "organizations/helvetas", ["Owns the methodology", "Business networks"]),
    ],
)
def test_hub_pages_list_their_records(built_site, lang, path, expected):
    html = (built_site / lang / path / "index.html").read_text("utf-8")
    for text in expected:
        assert text in html, text


def test_hubs_exist_only_for_terms_that_records_use(built_site):
    used = {p.name for p in (built_site / "en" / "value-chains").iterdir() if p.is_dir()}
    assert "cuy" in used and "coffee" in used
    vocabulary = (ROOT / "vocabularies" / "value-chains.yaml").read_text("utf-8")
    defined = set(re.findall(r"- id: ([a-z0-9-]+)", vocabulary))
    assert used <= defined


def test_record_facts_link_to_their_hubs(built_site):
    html = (built_site / "en" / "practices" / "samer" / "index.html").read_text("utf-8")
    for hub in (
        "countries/co/",
        "organizations/sena/",
        "value-chains/coffee/",
        "themes/associativity/",
    ):
        assert f'href="../../{hub}"' in html, hub


def test_record_pages_show_similar_records_but_never_themselves(built_site):
    html = (built_site / "es" / "practices" / "quesinor" / "index.html").read_text("utf-8")
    similar = html[html.index('id="registros-similares"') :]
    similar = similar[: similar.index("</ul>")]
    assert "../chordeleg-crafts/" in similar
    assert "../quesinor/" not in similar


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", ("practices", "countries with practices", "methodologies", "organizations")),
        ("es", ("prácticas", "países con prácticas", "metodologías", "organizaciones")),
    ],
)
def test_home_shows_live_numbers_and_three_paths(built_site, lang, words):
    html = (built_site / lang / "index.html").read_text(encoding="utf-8")
    cases = read_project(ROOT).cases
    numbers = dict(
        re.findall(
            r'class="minka-stat__number">([\d.,]+)</span> '
            r'<span class="minka-stat__label">([^<]+)<',
            html,
        )
    )
    by_label = {label: n for n, label in numbers.items()}
    assert by_label[words[0]] == format_number(len(cases), lang)
    # The countries of the practices: the number practices/ gives (test_catalog_intro...).
    countries = {c for case in cases.values() for c in case.countries}
    assert by_label[words[1]] == format_number(len(countries), lang)
    assert list(numbers.values()) == list(words)
    assert len(re.findall(r'class="minka-path"', html)) == 3
    for target in (
        "practices/",
        "countries/",
        "exchange/",
        "exchanges/",
        "methodologies/",
        "explore/",
        "compare/",
        "data/",
    ):
        assert f'href="{target}"' in html, target
    assert "minka-map" in html  # the map of the countries with practices


@pytest.mark.parametrize("lang", ["en", "es"])
def test_home_links_to_the_built_page_of_practices_open_to_exchange(built_site, lang):
    home = (built_site / lang / "index.html").read_text(encoding="utf-8")
    page = (built_site / lang / "exchange" / "open" / "index.html").read_text(encoding="utf-8")
    cases = read_project(ROOT).cases.values()
    practices = [c.id for c in cases if c.exchange and (c.exchange.offer or c.exchange.contact)]
    listed = re.findall(r'class="minka-card__title" href="\.\./\.\./practices/([^/"]+)/"', page)
    assert listed == practices
    # From the request path box and under the home's few cards (none open: neither link).
    L = labels(lang)
    for text in (L["open_title"], plural(L["open_all"], len(practices), lang)):
        assert (f'<a href="exchange/open/">{text}</a>' in home) == bool(practices), text


def test_nav_has_the_six_sections(built_site):
    html = (built_site / "en/index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'<a href="[^"]*" class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>', html)
    assert tabs == ["Home", "Practices", "Methodologies", "Explore", "Exchange", "Data", "About"]


def test_html_blocks_kept_from_markdown_are_all_put_back(built_site):
    # The generator hides finished HTML (forms, maps, citations) from Markdown in comments.
    pages = list(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        assert "minka:raw" not in page.read_text("utf-8"), page
    record = (built_site / "en" / "practices" / "ser" / "index.html").read_text("utf-8")
    for block in (
        '<details class="minka-request"',
        '<div class="minka-cite"',
        '<figure class="minka-map"',
        '<div class="minka-sdgs">',
    ):
        assert block in record, block


def test_each_kept_html_block_ends_at_its_first_closing():
    # (raw_html drops a block's last line break: unwrapped, it ends as Markdown would end it)
    blocks = str(raw_html("<p>a</p>\n")) + " text " + str(raw_html("")) + "\n-->"
    assert unwrap_raw(f"<h1>T</h1>{blocks}<p>end</p>") == "<h1>T</h1><p>a</p> text \n--><p>end</p>"
    unclosed = "<p>x</p><!--minka:raw\n<p>y</p>"
    assert unwrap_raw(unclosed) == unclosed


# What MkDocs' Markdown is given on Minka's pages (generator/setaside.py), with the site's
# own extensions (mkdocs.yml).
EXTENSIONS = ["attr_list", "md_in_html", "def_list", "tables", "admonition", "toc"]
CONFIGS = {"toc": {"permalink": True, "permalink_title": "Permanent link"}}


def _as_markdown_makes_it(page: str, site_md: SiteMarkdown | None) -> tuple[str, list]:
    """The HTML and table of contents of `page` through set_aside, Markdown and restore."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    aside = set_aside(page, site_md)
    html = unwrap_raw(restore(md.convert(aside.markdown), aside))
    return html, md.toc_tokens if aside.toc is None else aside.toc


def _markdown_alone(page: str) -> tuple[str, list]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    return unwrap_raw(md.convert(page)), md.toc_tokens


def test_raw_blocks_set_aside_while_markdown_reads_the_page_come_back_the_same():
    # The plugin sets the blocks aside before MkDocs' Markdown and puts them back after: the
    # page must be what Markdown makes of the page with its blocks in place, wherever they sit.
    page = "\n".join(
        [
            "# Title { #top }",
            str(raw_html('<table id="t"><tr><td>1 &amp; 2</td></tr></table>\n')),
            "Text right after a block, *emphasised*.",
            "",
            '<div class="x" markdown>',
            str(raw_html("<p>inside</p>")),
            "",
            "A [link](other.md) in the div.",
            "</div>",
            "",
            "- a list item " + str(raw_html("<b>inline</b>")),
            "",
            str(raw_html("")),
        ]
    )
    aside = set_aside(page, None)
    assert len(aside.blocks) == 4 and "minka:raw" not in aside.markdown
    assert _as_markdown_makes_it(page, None) == _markdown_alone(page)
    assert set_aside("no blocks", None).markdown == "no blocks"


@pytest.mark.parametrize(
    "page",
    [
        # the same heading twice, and a heading whose own id another would have taken
        "# T\n\n## Factors\n\nOne.\n\n## Factors\n\nTwo.\n\n## Other { #factors_2 }\n\n"
        "## Factors { data-pagefind-ignore }\n\nThree.",
        # a heading right after a raw block, a heading of punctuation only, emphasis
        "# T\n\n" + str(raw_html("<p>x</p>")) + "\n## After *it*\n\n## ¿?\n\n## ¿?\n\nEnd",
        # paragraphs Markdown reads as more than text: a definition's term, a list, a rule
        "# T\n\nTerm\n\n:   Its definition\n\n1. one\n\nA & B < C\n\n---\n\nLine  \nbreak",
        # raw blocks one after another and headings inside a div Markdown reads (it joins
        # blocks there with one line break, where it leaves a blank line at the top)
        '# T\n\n<div class="x" markdown>\n\nText.\n\n'
        + str(raw_html("<p>a</p>"))
        + "\n\n"
        + str(raw_html("<p>b</p>"))
        + "\n\n## H\n\n"
        + str(raw_html("<p>c</p>"))
        + "\n\n</div>\n\n"
        + str(raw_html("<p>d</p>"))
        + "\n\n"
        + str(raw_html("<p>e</p>")),
        # headings inside a div Markdown reads, and in a list item (left to Markdown)
        '# T\n\n<div class="x" markdown>\n\n## Inside\n\nText.\n\n</div>\n\n- item\n\n    ## Deep',
        # a heading that is a link (MkDocs rewrites it per page), a setext heading
        "# T\n\n## [Link](other.md)\n\nText.",
        "# T\n\nSetext\n------\n\n## Atx\n\nText.",
        # an id written elsewhere on the page, which the headings' ids must avoid
        "# T\n\n## Box\n\nText { #box }\n\n## Box",
    ],
)
def test_headings_and_paragraphs_set_aside_come_back_as_markdown_makes_them(page):
    site_md = SiteMarkdown(EXTENSIONS, CONFIGS)
    assert _as_markdown_makes_it(page, site_md) == _markdown_alone(page)


@pytest.mark.parametrize("lang", LANGS)
def test_every_generated_page_comes_back_as_markdown_makes_it(lang):
    # Each page of the real catalog, as MkDocs' Markdown would make it without the plugin
    # setting anything aside: the same HTML, byte for byte, and the same table of contents.
    site_md = SiteMarkdown(EXTENSIONS, CONFIGS)
    pages = render_site(read_project(ROOT), lang)
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        assert _as_markdown_makes_it(body, site_md) == _markdown_alone(body), path


@pytest.mark.parametrize("lang", LANGS)
def test_front_matter_read_as_json_is_what_mkdocs_reads(lang):
    # The plugin reads a generated page's front matter as JSON where it can: the same values
    # as MkDocs' YAML, the same Markdown after it; record pages and fact sheets always can.
    for path, text in render_site(read_project(ROOT), lang).items():
        if not path.endswith(".md"):
            continue
        read = json_front_matter(text)
        record = path.startswith(("practices/", "methodologies/")) and "index" not in path
        assert read is not None or not record, path
        if read is None:
            continue
        markdown, meta = get_data(text)
        rest, empty = get_data(read[1])
        assert (read[0], rest, empty) == (meta, markdown, {}), path


def test_front_matter_that_json_and_yaml_might_read_apart_is_left_to_yaml():
    assert json_front_matter("---\nx: 1e-05\n---\n") is None  # a string to PyYAML
    assert json_front_matter("---\nhide: [navigation]\n---\n") is None  # YAML, not JSON
    assert json_front_matter('---\ntitle: "A"\n---\n\n# A') == (
        {"title": "A"},
        "---\n{}\n---\n\n# A",
    )


def test_a_template_edited_since_the_last_build_is_read_again_at_the_next():
    # Templates are compiled once per process and checked once per build (minka serve).
    template = environment("en").get_template("hub.md.j2")
    assert environment("en").get_template("hub.md.j2") is template
    template._uptodate = lambda: False  # as when its file changed
    assert environment("en").get_template("hub.md.j2") is not template


def test_no_paragraph_of_a_record_page_holds_a_literal_list_marker(built_site):
    """A list an editor wrote shows as a list: never as "- item - item" run into a paragraph."""
    marker = re.compile(r"(^|[.:;]\s+)([-*+]|\d{1,2}\.)\s+\S")
    for page in [
        *built_site.glob("*/practices/*/index.html"),
        *built_site.glob("*/methodologies/*/index.html"),
    ]:
        for paragraph in re.findall(r"<p\b[^>]*>(.*?)</p>", page.read_text("utf-8"), re.S):
            text = " ".join(re.sub(r"<[^>]+>", "", paragraph).split())
            assert not marker.search(text), f"{page.relative_to(built_site)}: {text[:120]!r}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_fact_sheet_lists_funding_and_beneficiaries_one_per_line(built_site, lang):
    from generator.pipeline import read_project
    from generator.present import labels

    L = labels(lang)
    for case in read_project(ROOT).cases.values():
        html = (built_site / lang / "practices" / case.id / "index.html").read_text("utf-8")
        for field in ("funding", "beneficiaries"):
            entries = getattr(case, field)
            if len(entries) < 2:
                continue
            found = re.search(
                rf"<dt>{re.escape(L[field])}</dt>\s*<dd>\s*<ul>(.*?)</ul>", html, re.S
            )
            assert found, (lang, case.id, field)
            assert found.group(1).count("<li>") == len(entries), (lang, case.id, field)
            assert ".;" not in found.group(1) and "<li>(" not in found.group(1)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_interested_countries_stand_on_their_own_line(built_site, lang):
    from generator.present import labels

    label = labels(lang)["interested_countries"]
    pages = [
        p
        for p in built_site.glob(f"{lang}/practices/*/index.html")
        if label in p.read_text("utf-8")
    ]
    for page in pages:
        html = page.read_text("utf-8")
        assert re.search(rf"<p><strong>{re.escape(label)}:</strong>", html), page


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_nav_and_tabs_of_every_page_lead_to_the_same_pages(built_site, lang):
    """The nav and tabs of pages outside the nav (records, fact sheets) are made once per
    folder: from every page, at every depth, their links reach the pages the About page's do."""

    def targets(page: Path, start: str, end: str) -> list[str]:
        html = page.read_text("utf-8")
        part = html[html.index(start) : html.index(end, html.index(start))]
        base = page.parent.relative_to(built_site / lang).as_posix()
        return [
            posixpath.normpath(posixpath.join(base, href)).rstrip("/")
            for href in re.findall(r'href="([^"#:]*)"', part)
        ]

    nav = (
        '<div class="md-sidebar md-sidebar--primary"',
        '<div class="md-sidebar md-sidebar--secondary"',
    )
    tabs = ('<nav class="md-tabs"', "</nav>")
    about = built_site / lang / "about" / "index.html"
    expected = {part: targets(about, *part) for part in (nav, tabs)}
    catalog = read_project(ROOT)
    pages = [
        built_site / lang / folder / record_id / sub / "index.html"
        for folder, ids in (("practices", catalog.cases), ("methodologies", catalog.methodologies))
        for record_id in ids
        for sub in ("", "factsheet")
    ]
    pages.append(built_site / lang / "countries" / "index.html")
    for page in pages:
        for part, links in expected.items():
            assert targets(page, *part) == links, page.relative_to(built_site)


def test_a_large_site_holding_its_pages_compressed_builds_the_same_pages(
    make_project, tmp_path, monkeypatch
):
    # From held.COMPRESS_FROM records on, each page's HTML waits compressed between MkDocs'
    # two passes (generator/held.py): forced here on a small project, the site is the same.
    from generator import plugin
    from generator.build import build_site

    root = make_project()
    build_site(root / "mkdocs.yml", tmp_path / "plain")
    monkeypatch.setattr(plugin, "COMPRESS_FROM", 0)
    build_site(root / "mkdocs.yml", tmp_path / "held")
    pages = sorted(p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain").rglob("*.html"))
    assert pages and pages == sorted(
        p.relative_to(tmp_path / "held") for p in (tmp_path / "held").rglob("*.html")
    )
    for page in pages:
        assert (tmp_path / "held" / page).read_text(encoding="utf-8") == (
            tmp_path / "plain" / page
        ).read_text(encoding="utf-8"), page
    # Pagefind read the same record pages
    for lang in LANGS:
        entry = (tmp_path / "held" / lang / "pagefind" / "pagefind-entry.json").read_text()
        assert (
            entry.split('"page_count":')[1]
            == (
                (tmp_path / "plain" / lang / "pagefind" / "pagefind-entry.json")
                .read_text()
                .split('"page_count":')[1]
            )
        )
