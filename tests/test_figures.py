"""Figures drawn at build time (maps, timelines, bar charts, SDG badges) and pages showing them."""

from __future__ import annotations

import gzip
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator import figures, reference
from generator.figures import Area, Bar, Dot, Span
from generator.pipeline import read_project
from generator.views import render_site

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
BUDGET = 150 * 1024  # DESIGN.md section 9: a record page, search excluded, gzip


def _svg(markup) -> ET.Element:
    """Parse a figure's markup as XML (it must be well-formed) and return its <svg>."""
    root = ET.fromstring(str(markup))
    svg = root if root.tag == f"{SVG}svg" else root.find(f"{SVG}svg")
    assert svg is not None
    return svg


def _accessible(svg: ET.Element, figure: ET.Element | None = None) -> bool:
    hidden = "true" in (svg.get("aria-hidden"), figure.get("aria-hidden") if figure is not None
                        else None)
    return hidden or (svg.get("role") in ("img", "group") and bool(svg.get("aria-label")))


# Bar charts


def test_bars_are_proportional_to_their_values():
    markup = figures.bar_chart_svg([Bar("Textiles", 12, "12"), Bar("Coffee", 9, "9"),
                                    Bar("Panela", 3, "3"), Bar("None yet", 0, "0")])
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
    years = [int(t.text) for t in svg.iter(f"{SVG}text")
             if t.get("class") == "minka-timeline__year"]
    # Sixteen years: every other one is labelled (sixteen labels would not fit a phone).
    assert years == list(range(2003, 2018, 2))
    bars = [(float(r.get("x").rstrip("%")), float(r.get("width").rstrip("%")))
            for r in svg.iter(f"{SVG}rect")]
    assert bars == [(0, 3 / 16 * 100), (6 / 16 * 100, 1 / 16 * 100), (pytest.approx(87.5), 12.5)]
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "minka-timeline__label"]
    assert labels == ["First", "Second", "Last"]


def test_a_timeline_of_a_single_year_labels_it_once():
    svg = _svg(figures.timeline_svg([Span(2016, None, "a"), Span(2016, None, "b")]))
    years = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "minka-timeline__year"]
    assert years == ["2016"]


# Maps


def _map(areas, dots=(), **kw):
    return _svg(figures.map_svg(areas, dots, label="Map: test", **kw))


def _links(svg: ET.Element) -> dict[str, str]:
    return {a.get("aria-label"): a.get("href") for a in svg.iter(f"{SVG}a")}


def test_map_links_every_country_with_a_hub_and_names_it():
    svg = _map([Area("CO", "Colombia", "../../countries/co/"),
                Area("PE", "Peru", "../../countries/pe/", focus=False),
                Area("EC", "Ecuador", None)])
    assert svg.get("role") == "group" and svg.get("aria-label") == "Map: test"
    assert _links(svg) == {"Colombia": "../../countries/co/", "Peru": "../../countries/pe/"}
    titles = {p.find(f"{SVG}title").text: p.get("class") for p in svg.iter(f"{SVG}path")
              if p.find(f"{SVG}title") is not None}
    assert titles == {"Colombia": "minka-map__area", "Peru": "minka-map__neighbour",
                      "Ecuador": "minka-map__area"}
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
    width = {k: float(s.get("viewBox").split()[2]) for k, s in
             (("co", colombia), ("all", americas), ("sv", small))}
    assert width["sv"] < width["co"] < width["all"]
    for svg in (colombia, americas, small):
        _, _, w, h = map(float, svg.get("viewBox").split())
        assert 0.79 <= w / h <= 1.71
        assert abs(float(svg.get("width")) / float(svg.get("height")) - w / h) < 0.02


def test_map_with_bounds_leaves_out_dots_outside_them():
    svg = _map([Area("CO", "Colombia")], [Dot(-74, 4.6, "Bogotá"), Dot(2.35, 48.85, "Paris")],
               bounds=figures.LATIN_AMERICA)
    assert [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")] == ["Bogotá"]


def test_map_names_are_escaped():
    svg = _map([Area("CO", '"><script>alert(1)</script>', "x/?a=1&b=2")])
    link = next(svg.iter(f"{SVG}a"))
    assert link.get("href") == "x/?a=1&b=2"
    assert link.get("aria-label") == '"><script>alert(1)</script>'
    assert not list(svg.iter("script")) and not list(svg.iter(f"{SVG}script"))


# Shapes


def test_shapes_cover_every_country_a_record_is_about():
    used = set()
    for path in (ROOT / "cases").glob("*.yaml"):
        used |= set(yaml.safe_load(path.read_text("utf-8")).get("countries", []))
    assert used and used <= set(figures.shapes()["countries"])


def test_shapes_are_small_and_every_part_is_well_formed():
    assert (ROOT / "generator" / "data" / "countries.json").stat().st_size < 60_000
    shapes = figures.shapes()
    assert set(shapes["overview"]) <= set(shapes["countries"])
    for code, parts in [*shapes["countries"].items(), *shapes["overview"].items()]:
        assert reference.country_exists(code), code
        for x0, y0, x1, y1, d in parts:
            assert x0 <= x1 and y0 <= y1 and re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]*z)+", d), code


def test_projection_agrees_with_the_script_that_made_the_shapes():
    spec = importlib.util.spec_from_file_location(
        "make_shapes", ROOT / "generator" / "data" / "make_shapes.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert figures.shapes()["projection"] == {"name": "Equal Earth", "lon0": script.LON0,
                                              "radius": script.RADIUS}
    for lon, lat in ((-80, 0), (-70.6, -33.4), (-99.1, 19.4), (-34.9, -8.0), (-150, 61)):
        assert figures.project(lon, lat) == pytest.approx(script.project(lon, lat))


# SDG badges


def _contrast(a: str, b: str) -> float:
    def lum(c):
        rgb = [int(c.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, bl = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("goal", reference.sdg_framework()["goals"], ids=lambda g: str(g["number"]))
def test_sdg_badges_use_the_official_colour_and_readable_text(goal):
    badge = ET.fromstring(str(figures.sdg_badge(goal["number"], goal["en"], goal["color"],
                                                "../../sdgs/1/")))
    style = dict(part.split(":") for part in badge.get("style").split(";"))
    assert style["background-color"] == goal["color"]
    text = {"#fff": "#ffffff"}.get(style["color"], style["color"])
    assert _contrast(goal["color"], text) >= 4.5
    assert "".join(badge.itertext()) == f"{goal['number']} {goal['en']}"
    chip = ET.fromstring(str(figures.sdg_chip(goal["number"], goal["color"])))
    assert chip.text == str(goal["number"]) and goal["color"] in chip.get("style")


# Rendered pages


@pytest.fixture(scope="module")
def pages():
    catalog = read_project(ROOT)
    return {lang: render_site(catalog, lang) for lang in ("en", "es")}


def test_a_timeline_only_when_the_phases_span_several_years(pages):
    assert "minka-timeline" in pages["en"]["practices/ser.md"]
    assert "minka-timeline" not in pages["en"]["practices/agro-rural-business-networks.md"]


def test_country_hubs_without_shapes_get_no_map(pages):
    assert "minka-map" in pages["es"]["countries/pe.md"]
    assert "minka-map" not in pages["es"]["countries/jp.md"]  # a methodology's country


def test_a_record_with_coordinates_shows_its_places(make_project):
    root = make_project({"cases/placed.yaml": """\
        id: placed
        title: {en: "Placed", es: "Ubicada"}
        original_language: en
        kind: network
        countries: [NI]
        coordinates:
          - {place: "Somoto <b>", lat: 13.48, lon: -86.58}
        summary: {en: "A summary.", es: "Un resumen."}
        """})
    pages = render_site(read_project(root), "en")
    figure = re.search(r'<figure class="minka-map".*?</figure>', pages["practices/placed.md"])
    svg = _svg(figure.group(0))
    assert [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")] == ["Somoto <b>"]
    assert _links(svg)["Nicaragua"] == "../../countries/ni/"
    hub = re.search(r'<figure class="minka-map".*?</figure>', pages["countries/ni.md"])
    assert [c.find(f"{SVG}title").text for c in _svg(hub.group(0)).iter(f"{SVG}circle")] \
        == ["Somoto <b> (Placed)"]


# The built site


def _figures(html: str, kind: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(
        rf'<figure class="minka-{kind}".*?</figure>', html, re.S)]


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
    badges = re.findall(r'<a class="minka-sdg" href="([^"]+)" style="background-color:([^;]+);'
                        r'[^"]*"><span class="minka-sdg__number">(\d+)</span>', html)
    assert [(int(n), colour, href) for href, colour, n in badges] == [
        (g, colours[g], f"../../sdgs/{g}/") for g in (1, 2, 4, 8)]
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


def _transfer(page: Path, site: Path) -> tuple[int, int]:
    """Gzip bytes of a page and the stylesheets and scripts it loads, search excluded."""
    html = page.read_bytes()
    total, largest_map = len(gzip.compress(html, 9)), 0
    for ref in re.findall(rb'<(?:link|script)[^>]+(?:href|src)="([^"]+\.(?:css|js))"', html):
        path = (page.parent / ref.decode()).resolve()
        assert path.is_relative_to(site.resolve()), f"{page}: {ref!r} leaves the site"
        if "pagefind" not in path.parts:  # the search index loads only when someone searches
            total += len(gzip.compress(path.read_bytes(), 9))
    for figure in re.findall(rb'<figure class="minka-map".*?</figure>', html, re.S):
        largest_map = max(largest_map, len(figure))
    return total, largest_map


def test_record_pages_stay_within_the_transfer_budget(built_site):
    sizes = {page: _transfer(page, built_site)
             for page in built_site.glob("*/practices/*/index.html")}
    page, (total, _) = max(sizes.items(), key=lambda item: item[1][0])
    assert total < BUDGET, f"{page}: {total} bytes gzip"
    # Each inline map stays small (tens of KB raw at most), the home page's included.
    largest_map = max(m for _, m in sizes.values())
    assert largest_map < 20_000
    assert _transfer(built_site / "en" / "index.html", built_site)[1] < 40_000


def test_long_timeline_labels_are_cut_between_words():
    label = "2003–2005 · A training programme for young people in rural areas of the country"
    svg = _svg(figures.timeline_svg([Span(2003, 2005, label), Span(2006, None, "2006 · Short")]))
    shown = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "minka-timeline__label"]
    assert shown[1] == "2006 · Short"
    assert shown[0].endswith("…") and len(shown[0]) < len(label)
    kept = shown[0][:-1]
    assert label.startswith(kept) and label[len(kept)] == " ", shown[0]  # never mid-word
