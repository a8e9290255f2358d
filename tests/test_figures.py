"""Figures drawn at build time (maps, timelines, bar charts, SDG badges) and pages showing them."""

from __future__ import annotations

import gzip
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pycountry
import pytest
from conftest import REPO, ROOT, contrast

from generator import figures, reference
from generator.figures import Area, Bar, Dot, Span
from generator.pipeline import read_project
from generator.views import render_site

SVG = "{http://www.w3.org/2000/svg}"
BUDGET = 150 * 1024  # DESIGN.md section 9: a record page, search excluded, gzip


def _svg(markup) -> ET.Element:
    """Parse a figure's markup as XML (it must be well-formed) and return its <svg>."""
    root = ET.fromstring(str(markup))
    svg = root if root.tag == f"{SVG}svg" else root.find(f"{SVG}svg")
    assert svg is not None
    return svg


def _accessible(svg: ET.Element, figure: ET.Element | None = None) -> bool:
    hidden = "true" in (
        svg.get("aria-hidden"),
        figure.get("aria-hidden") if figure is not None else None,
    )
    return hidden or (svg.get("role") in ("img", "group") and bool(svg.get("aria-label")))


# Bar charts


def test_bars_are_proportional_to_their_values():
    markup = figures.bar_chart_svg(
        [
            Bar("Textiles", 12, "12"),
            Bar("Coffee", 9, "9"),
            Bar("Panela", 3, "3"),
            Bar("None yet", 0, "0"),
        ]
    )
    figure = ET.fromstring(str(markup))
    svg = _svg(markup)
    assert figure.get("aria-hidden") == "true" and _accessible(svg, figure)
    widths = [float(r.get("width").rstrip("%")) for r in svg.iter(f"{SVG}rect")]
    assert widths == [100, 75, 25, 0]
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Textiles", "12", "Coffee", "9", "Panela", "3", "None yet", "0"]


def test_bar_labels_are_escaped_and_long_ones_cut():
    long = "A very long label that goes on and on " * 3
    svg = _svg(figures.bar_chart_svg([Bar("<b>&</b>", 1, "1,5"), Bar(long, 2, "2")]))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts[0] == "<b>&</b>"
    assert texts[2].endswith("…") and len(texts[2]) < len(long)


# Timelines


def test_timeline_years_are_in_order_and_bars_cover_their_years():
    spans = [Span(2003, 2005, "First"), Span(2009, None, "Second"), Span(2017, 2018, "Last")]
    markup = figures.timeline_svg(spans)
    figure = ET.fromstring(str(markup))
    svg = _svg(markup)
    assert figure.get("aria-hidden") == "true"
    years = [
        int(t.text) for t in svg.iter(f"{SVG}text") if t.get("class") == "minka-timeline__year"
    ]
    # Sixteen years: every other one is labelled (sixteen labels would not fit a phone).
    assert years == list(range(2003, 2018, 2))
    bars = [
        (float(r.get("x").rstrip("%")), float(r.get("width").rstrip("%")))
        for r in svg.iter(f"{SVG}rect")
    ]
    assert bars == [(0, 3 / 16 * 100), (6 / 16 * 100, 1 / 16 * 100), (pytest.approx(87.5), 12.5)]
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "minka-timeline__label"]
    assert labels == ["First", "Second", "Last"]


def test_a_timeline_of_a_single_year_labels_it_once():
    svg = _svg(figures.timeline_svg([Span(2016, None, "a"), Span(2016, None, "b")]))
    years = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "minka-timeline__year"]
    assert years == ["2016"]


# Maps


def _map(areas, dots=(), label="Map: test", **kw):
    return _svg(figures.map_svg(areas, dots, label=label, **kw))


def _links(svg: ET.Element) -> dict[str, str]:
    return {a.get("aria-label"): a.get("href") for a in svg.iter(f"{SVG}a")}


def test_map_links_every_country_with_a_hub_and_names_it():
    svg = _map(
        [
            Area("CO", "Colombia", "../../countries/co/"),
            Area("PE", "Peru", "../../countries/pe/", focus=False),
            Area("EC", "Ecuador", None),
        ]
    )
    assert svg.get("role") == "group" and svg.get("aria-label") == "Map: test"
    assert _links(svg) == {"Colombia": "../../countries/co/", "Peru": "../../countries/pe/"}
    titles = {
        p.find(f"{SVG}title").text: p.get("class")
        for p in svg.iter(f"{SVG}path")
        if p.find(f"{SVG}title") is not None
    }
    assert titles == {
        "Colombia": "minka-map__area",
        "Peru": "minka-map__neighbour",
        "Ecuador": "minka-map__area",
    }
    context = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "minka-map__context"]
    assert len(context) == 1 and context[0].get("aria-hidden") == "true"  # Venezuela, Brazil...


def test_map_draws_a_dot_with_a_title_per_coordinate_and_fits_them():
    dots = [Dot(-77.28, 1.21, "Pasto <&>"), Dot(-76.0, 4.0, "Somewhere")]
    svg = _map([Area("CO", "Colombia")], dots)
    circles = list(svg.iter(f"{SVG}circle"))
    assert [c.find(f"{SVG}title").text for c in circles] == ["Pasto <&>", "Somewhere"]
    x0, y0, w, h = map(float, svg.get("viewBox").split())
    for c in circles:
        assert x0 <= float(c.get("cx")) <= x0 + w and y0 <= float(c.get("cy")) <= y0 + h


def test_map_view_zooms_to_the_focus_and_keeps_a_sensible_shape():
    colombia = _map([Area("CO", "Colombia")])
    americas = _map([Area("CO", "Colombia"), Area("CL", "Chile"), Area("MX", "Mexico")])
    small = _map([Area("SV", "El Salvador")])
    width = {
        k: float(s.get("viewBox").split()[2])
        for k, s in (("co", colombia), ("all", americas), ("sv", small))
    }
    assert width["sv"] < width["co"] < width["all"]
    for svg in (colombia, americas, small):
        _, _, w, h = map(float, svg.get("viewBox").split())
        assert 0.79 <= w / h <= 1.71
        assert abs(float(svg.get("width")) / float(svg.get("height")) - w / h) < 0.02


def test_map_with_bounds_leaves_out_dots_outside_them():
    svg = _map(
        [Area("CO", "Colombia")],
        [Dot(-74, 4.6, "Bogotá"), Dot(2.35, 48.85, "Paris")],
        bounds=figures.LATIN_AMERICA,
    )
    assert [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")] == ["Bogotá"]


def test_map_label_names_only_the_countries_it_draws():
    svg = _map(
        [Area("PE", "Peru"), Area("IN", "India"), Area("CO", "Colombia", focus=False)],
        bounds=figures.LATIN_AMERICA,
        label="Map: {names}",
    )
    assert svg.get("aria-label") == "Map: Peru"
    assert "India" not in ET.tostring(svg, encoding="unicode")


def test_map_frames_its_countries_and_places_wherever_they_are():
    svg = _map(
        [Area("IN", "India"), Area("ID", "Indonesia")],
        [Dot(72.93, 22.56, "Anand"), Dot(110.36, -7.8, "Yogyakarta")],
        label="Map: {names}",
    )
    assert svg.get("aria-label") == "Map: India, Indonesia"
    assert [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")] == ["Anand", "Yogyakarta"]
    x0, y0, w, h = map(float, svg.get("viewBox").split())
    for code in ("IN", "ID"):
        main = max(figures.shapes()["countries"][code], key=lambda p: (p[2] - p[0]) * (p[3] - p[1]))
        assert x0 <= main[0] and main[2] <= x0 + w and y0 <= main[1] and main[3] <= y0 + h


def test_the_largest_map_there_can_be_stays_small():
    """Every country highlighted and linked: a world map, the most a page can carry."""
    areas = [
        Area(code, reference.country_name(code, "en"), f"../../countries/{code.lower()}/")
        for code in figures.shapes()["countries"]
    ]
    markup = str(figures.map_svg(areas, [Dot(0, 0, "A place")], label="Map: {names}"))
    assert len(markup) < 80_000 and len(gzip.compress(markup.encode(), 9)) < 25_000


def test_map_names_are_escaped():
    svg = _map([Area("CO", '"><script>alert(1)</script>', "x/?a=1&b=2")], label="{names}")
    link = next(svg.iter(f"{SVG}a"))
    assert link.get("href") == "x/?a=1&b=2"
    assert link.get("aria-label") == '"><script>alert(1)</script>'
    assert not list(svg.iter("script")) and not list(svg.iter(f"{SVG}script"))


# Shapes


def test_every_iso_country_has_a_shape_at_every_level():
    iso = {country.alpha_2 for country in pycountry.countries}
    for level in ("countries", "overview", "world"):
        assert set(figures.shapes()[level]) == iso, level


def test_shapes_stay_small_and_every_part_is_well_formed():
    # The whole world at three levels of detail; pages take only the parts in their view.
    assert (REPO / "generator" / "data" / "countries.json").stat().st_size < 350_000
    shapes = figures.shapes()
    parts = [
        (code, part)
        for level in ("countries", "overview", "world")
        for code, country in shapes[level].items()
        for part in country
    ]
    parts += [("unnamed", part) for level in shapes["unnamed"].values() for part in level]
    for code, (x0, y0, x1, y1, d) in parts:
        assert x0 <= x1 and y0 <= y1 and re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]*z)+", d), code
        # No part stretches across the map: shapes cut at the 180th meridian stay cut.
        assert x1 - x0 < 5000, code


def test_projection_agrees_with_the_script_that_made_the_shapes():
    spec = importlib.util.spec_from_file_location(
        "make_shapes", REPO / "generator" / "data" / "make_shapes.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert figures.shapes()["projection"] == {
        "name": "Equal Earth",
        "lon0": script.LON0,
        "radius": script.RADIUS,
    }
    for lon, lat in (
        (-80, 0),
        (-70.6, -33.4),
        (-99.1, 19.4),
        (-34.9, -8.0),
        (-150, 61),
        (72.9, 22.6),
        (110.4, -7.8),
        (180, -16.5),
        (-180, 65.0),
        (0, 89.9),
    ):
        assert figures.project(lon, lat) == pytest.approx(script.project(lon, lat))


# SDG badges


@pytest.mark.parametrize("goal", reference.sdg_framework()["goals"], ids=lambda g: str(g["number"]))
def test_sdg_badges_use_the_official_colour_and_readable_text(goal):
    badge = ET.fromstring(
        str(figures.sdg_badge(goal["number"], goal["en"], goal["color"], "../../sdgs/1/"))
    )
    style = dict(part.split(":") for part in badge.get("style").split(";"))
    assert style["background-color"] == goal["color"]
    text = {"#fff": "#ffffff"}.get(style["color"], style["color"])
    assert contrast(goal["color"], text) >= 4.5
    assert "".join(badge.itertext()) == f"{goal['number']} {goal['en']}"
    chip = ET.fromstring(str(figures.sdg_chip(goal["number"], goal["color"])))
    assert chip.text == str(goal["number"]) and goal["color"] in chip.get("style")


# Rendered pages


@pytest.fixture(scope="module")
def pages():
    catalog = read_project(ROOT)
    return {lang: render_site(catalog, lang) for lang in ("en", "es")}


def test_a_timeline_only_when_the_phases_span_several_years(pages):
    catalog = read_project(ROOT)
    for case in catalog.cases.values():
        years = {y for p in case.phases for y in (p.year, p.end or p.year)}
        assert ("minka-timeline" in pages["en"][f"practices/{case.id}.md"]) == (len(years) > 1)


def test_every_country_hub_has_a_map(pages):
    for code in read_project(ROOT).hubs["countries"]:
        assert "minka-map" in pages["es"][f"countries/{code.lower()}.md"], code


def test_a_record_with_coordinates_shows_its_places(make_project):
    root = make_project(
        {
            "cases/placed.yaml": """\
        id: placed
        title: {en: "Placed", es: "Ubicada"}
        original_language: en
        kind: network
        countries: [NI]
        coordinates:
          - {place: "Somoto <b>", lat: 13.48, lon: -86.58}
        summary: {en: "A summary.", es: "Un resumen."}
        """
        }
    )
    pages = render_site(read_project(root), "en")
    figure = re.search(r'<figure class="minka-map".*?</figure>', pages["practices/placed.md"])
    svg = _svg(figure.group(0))
    assert [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")] == ["Somoto <b>"]
    assert _links(svg)["Nicaragua"] == "../../countries/ni/"
    hub = re.search(r'<figure class="minka-map".*?</figure>', pages["countries/ni.md"])
    assert [c.find(f"{SVG}title").text for c in _svg(hub.group(0)).iter(f"{SVG}circle")] == [
        "Somoto <b> (Placed)"
    ]


def test_records_anywhere_get_maps_on_their_page_their_hub_and_the_home_page(make_project):
    root = make_project(
        {
            "cases/far.yaml": """\
        id: far
        title: {en: "Far", es: "Lejos"}
        original_language: en
        kind: cooperative
        countries: [IN]
        coordinates:
          - {place: "Anand", lat: 22.56, lon: 72.93}
        summary: {en: "A summary.", es: "Un resumen."}
        """
        }
    )
    pages = render_site(read_project(root), "en")
    for page, dot in (
        ("practices/far.md", "Anand"),
        ("countries/in.md", "Anand (Far)"),
        ("index.md", "Anand (Far)"),
    ):
        svg = _svg(re.search(r'<figure class="minka-map".*?</figure>', pages[page]).group(0))
        assert dot in [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")], page
        assert "India" in svg.get("aria-label"), page
    home = _svg(re.search(r'<figure class="minka-map".*?</figure>', pages["index.md"]).group(0))
    assert {"India", "Colombia"} <= set(_links(home))  # the demo practice is in Colombia


# The built site


def _figures(html: str, kind: str) -> list[ET.Element]:
    return [
        ET.fromstring(m)
        for m in re.findall(rf'<figure class="minka-{kind}".*?</figure>', html, re.S)
    ]


def test_built_record_page_has_map_timeline_and_chart(built_site):
    html = (built_site / "en" / "practices" / "ser" / "index.html").read_text("utf-8")
    for kind in ("map", "timeline", "bars"):
        found = _figures(html, kind)
        assert found, kind
        for figure in found:
            assert _accessible(_svg(ET.tostring(figure, encoding="unicode")), figure)
    (map_,) = _figures(html, "map")
    assert _links(_svg(ET.tostring(map_, encoding="unicode")))["Colombia"] == "../../countries/co/"
    # The data stay readable without the pictures: the table and the phase list are kept.
    assert "<table>" in html and 'class="minka-phases"' in html


def test_built_sdg_badges_carry_the_official_colours(built_site):
    html = (built_site / "es" / "practices" / "ser" / "index.html").read_text("utf-8")
    colours = {g["number"]: g["color"] for g in reference.sdg_framework()["goals"]}
    badges = re.findall(
        r'<a class="minka-sdg" href="([^"]+)" style="background-color:([^;]+);'
        r'[^"]*"><span class="minka-sdg__number">(\d+)</span>',
        html,
    )
    assert [(int(n), colour, href) for href, colour, n in badges] == [
        (g, colours[g], f"../../sdgs/{g}/") for g in (1, 2, 4, 8)
    ]
    assert "Trabajo decente y crecimiento económico" in html
    assert html.count('class="minka-sdg-chip"') == 4  # the small ones in the facts


def test_built_home_map_links_every_country_with_practices(built_site):
    html = (built_site / "en" / "index.html").read_text("utf-8")
    (figure,) = _figures(html, "map")
    links = _links(_svg(ET.tostring(figure, encoding="unicode")))
    catalog = read_project(ROOT)
    countries = {c for case in catalog.cases.values() for c in case.countries}
    assert {reference.country_name(c, "en") for c in countries} <= set(links)
    for href in links.values():
        assert (built_site / "en" / href / "index.html").is_file(), href


def test_every_figure_link_leads_to_a_page(built_site):
    for lang in ("en", "es"):
        for page in (built_site / lang).glob("**/index.html"):
            html = page.read_text("utf-8")
            for href in re.findall(r'<a class="minka-(?:sdg|map__link)" href="([^"]+)"', html):
                assert (page.parent / href / "index.html").is_file(), (page, href)


def _transfer(page: Path, site: Path) -> int:
    """Gzip bytes of a page and the stylesheets and scripts it loads, search excluded."""
    html = page.read_bytes()
    total = len(gzip.compress(html, 9))
    for ref in re.findall(rb'<(?:link|script)[^>]+(?:href|src)="([^"]+\.(?:css|js))"', html):
        path = (page.parent / ref.decode()).resolve()
        assert path.is_relative_to(site.resolve()), f"{page}: {ref!r} leaves the site"
        if "pagefind" not in path.parts:  # the search index loads only when someone searches
            total += len(gzip.compress(path.read_bytes(), 9))
    return total


def test_record_pages_stay_within_the_transfer_budget(built_site):
    sizes = {
        page: _transfer(page, built_site) for page in built_site.glob("*/practices/*/index.html")
    }
    page, total = max(sizes.items(), key=lambda item: item[1])
    assert total < BUDGET, f"{page}: {total} bytes gzip"


def test_long_timeline_labels_are_cut_between_words():
    label = "2003–2005 · A training programme for young people in rural areas of the country"
    svg = _svg(figures.timeline_svg([Span(2003, 2005, label), Span(2006, None, "2006 · Short")]))
    shown = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "minka-timeline__label"]
    assert shown[1] == "2006 · Short"
    assert shown[0].endswith("…") and len(shown[0]) < len(label)
    kept = shown[0][:-1]
    assert label.startswith(kept) and label[len(kept)] == " ", shown[0]  # never mid-word
