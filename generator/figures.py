"""Draw figures at build time as inline SVG and HTML: maps, timelines, bar charts, SDG badges.

Pure functions from plain values (names, numbers, links already made relative to the
page) to escaped Markup; nothing here knows about records or pages. Everything is drawn
once when the site is built, so a reader downloads a few kilobytes of markup and never
a script, a tile or a font. Colours come from CSS classes (theme/assets/figures.css) so
they follow Material's palette and a dark scheme; only the SDG colours, which are
fixed by the UN, are written inline.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from markupsafe import Markup, escape

from . import packaged
from .geo import SHAPES, project, shapes

# West, south, east, north (degrees): Mexico and the Caribbean to Tierra del Fuego, where
# most practices are; the view of a map given nothing to frame.
LATIN_AMERICA = (-118.0, -56.0, -33.0, 33.0)

_MAIN_PART = 0.1  # a part counts for the view when its box is 10% of the largest's
_PAD = 0.12  # margin around what a map must show, as a share of its larger side
_MIN_SPAN = 420  # map units (~15° at the equator): small countries keep some context
_ASPECT = (0.8, 1.7)  # width / height of a map, so a long country does not make a sliver
_MAP_PX = 600  # a map's larger side before CSS shrinks it to the column
# Shapes as detailed as a view needs (data/make_shapes.py): wider views use coarser shapes,
# which look the same at their scale and weigh half as much or less.
_DETAIL = ((2000, "countries"), (5000, "overview"), (math.inf, "world"))
_BAR_ROW, _LANE = 34, 36  # px per bar-chart row and per timeline lane
_LABEL_CHARS = 48  # longer labels are cut with "…" in charts (the table/list has them whole)
_CELL = 256  # map units per side of a cell of the index of shapes (_grid)


class Area(NamedTuple):
    """A country with a name on the map: highlighted (`focus`) or a neighbour with a hub.

    `href` links it to its hub page (None when it has none, or it is the page itself).
    Countries that are not areas are drawn, unnamed and unlinked, as neutral context.
    """

    code: str
    name: str
    href: str | None = None
    focus: bool = True


class Dot(NamedTuple):
    """A place with coordinates, in degrees."""

    lon: float
    lat: float
    title: str


class Bar(NamedTuple):
    """One bar: its label, its value, and the value as readers write it (1.800 / 1,800)."""

    label: str
    value: float
    text: str


class Span(NamedTuple):
    """One phase of a record: first year, last year (None for a single year), label."""

    start: int
    end: int | None
    label: str


def map_svg(
    areas: Sequence[Area],
    dots: Sequence[Dot] = (),
    *,
    label: str,
    bounds: tuple[float, float, float, float] | None = None,
    fit_dots: bool = True,
    caption: str = "",
) -> Markup:
    """Return a map of the focus areas among their neighbours, with `dots` for places.

    The view fits the focus areas (and the dots, if `fit_dots`), or `bounds` (west, south,
    east, north, in degrees) when given; dots outside the view are left out. The SVG is a
    labelled group, not role="img", which would hide the country links from assistive
    technology; the unnamed context is aria-hidden. "{names}" in `label` becomes the names
    of the focus areas the map draws, so that it names nothing the reader cannot see.
    """
    points = [(project(d.lon, d.lat), d) for d in dots]
    if bounds:
        view = _geo_box(bounds)
    else:
        focus = [a.code for a in areas if a.focus]
        view = _fit(focus, [xy for xy, _ in points] if fit_dots else [])
    x0, y0, x1, y1 = view
    level = next(name for width, name in _DETAIL if max(x1 - x0, y1 - y0) <= width)
    # A size in proportion to the view, so CSS can shrink the map without letterboxing it
    # (what lies outside the view box would show in the letterbox).
    scale = _MAP_PX / max(x1 - x0, y1 - y0)
    width, height = round((x1 - x0) * scale), round((y1 - y0) * scale)
    # The path data of what is in view, by country (None: lands with no name), in data order.
    visible: dict[str | None, list[str]] = {}
    for code, part in _parts_in(level, view):
        visible.setdefault(code, []).append(part[4])
    named = {a.code for a in areas}
    context = "".join("".join(d) for code, d in visible.items() if code not in named)
    drawn = [a.name for a in areas if a.focus and a.code in visible]
    label = label.replace("{names}", ", ".join(drawn))
    out = [
        f'<figure class="minka-map" data-pagefind-ignore="all">'
        f'<svg xmlns="http://www.w3.org/2000/svg" class="minka-map__svg" role="group" '
        f'aria-label="{escape(label)}" viewBox="{x0} {y0} {x1 - x0} {y1 - y0}" '
        f'width="{width}" height="{height}">',
        f'<rect class="minka-map__sea" x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}"/>',
    ]
    if context:
        out.append(f'<path class="minka-map__context" aria-hidden="true" d="{context}"/>')
    # Neighbours first, so the highlighted countries' borders are drawn on top.
    for area in sorted(areas, key=lambda a: a.focus):
        d = "".join(visible.get(area.code, ()))
        if not d:
            continue
        name = escape(area.name)
        kind = "minka-map__area" if area.focus else "minka-map__neighbour"
        shape = f'<path class="{kind}" d="{d}"><title>{name}</title></path>'
        if area.href:
            shape = (
                f'<a class="minka-map__link" href="{escape(area.href)}" aria-label="{name}">'
                f"{shape}</a>"
            )
        out.append(shape)
    radius = round(max(x1 - x0, y1 - y0) / 90, 1)
    for (x, y), dot in points:
        if x0 <= x <= x1 and y0 <= y <= y1:
            out.append(
                f'<circle class="minka-map__dot" cx="{x:.0f}" cy="{y:.0f}" r="{radius}">'
                f"<title>{escape(dot.title)}</title></circle>"
            )
    out.append("</svg>")
    if caption:
        out.append(f"<figcaption>{escape(caption)}</figcaption>")
    out.append("</figure>")
    return Markup("".join(out))


def timeline_svg(spans: list[Span]) -> Markup:
    """Return the phases on a year axis: one lane per phase, a bar over its years.

    Decorative (aria-hidden): the page lists the same phases as text right below.
    """
    first = min(s.start for s in spans)
    last = max(s.end or s.start for s in spans)
    years = last - first + 1

    def x(year: float) -> str:
        return _pct((year - first) / years)

    out = []
    for n, span in enumerate(spans):
        top = n * _LANE
        start, stop = span.start, max(span.end or span.start, span.start) + 1
        # Labels start at the left edge: next to their bar they would run off narrow screens.
        out.append(
            f'<text class="minka-timeline__label" x="0" y="{top + 14}">'
            f"{escape(_cut(span.label))}</text>"
            f'<rect class="minka-timeline__bar" x="{x(start)}" y="{top + 19}" '
            f'width="{_pct((stop - start) / years)}" height="10" rx="3"/>'
        )
    axis = len(spans) * _LANE + 6
    step = next((s for s in (1, 2, 5, 10, 20, 50) if years / s <= 8), 100)
    out.append(f'<line class="minka-timeline__axis" x1="0" x2="100%" y1="{axis}" y2="{axis}"/>')
    labelled = list(range(first, last + 1, step))
    if last - labelled[-1] > step / 2:  # the last year too, unless it would crowd the one before
        labelled.append(last)
    for year in labelled:
        out.append(
            f'<line class="minka-timeline__tick" x1="{x(year + 0.5)}" '
            f'x2="{x(year + 0.5)}" y1="{axis}" y2="{axis + 5}"/>'
            f'<text class="minka-timeline__year" text-anchor="middle" '
            f'x="{x(year + 0.5)}" y="{axis + 19}">{year}</text>'
        )
    height = axis + 24
    return Markup(
        f'<figure class="minka-timeline" aria-hidden="true" '
        f'data-pagefind-ignore="all"><svg xmlns="http://www.w3.org/2000/svg" '
        f'class="minka-timeline__svg" width="100%" height="{height}" focusable="false">'
        f"{''.join(out)}</svg></figure>"
    )


def bar_chart_svg(bars: list[Bar]) -> Markup:
    """Return horizontal bars, longest = full width, each with its label and value.

    Decorative (aria-hidden): the page shows the same numbers in a table right below.
    """
    top = max((b.value for b in bars), default=0) or 1
    out = []
    for n, bar in enumerate(bars):
        y = n * _BAR_ROW
        out.append(
            f'<text class="minka-bars__label" x="0" y="{y + 14}">{escape(_cut(bar.label))}'
            f'</text><text class="minka-bars__value" text-anchor="end" x="100%" '
            f'y="{y + 14}">{escape(bar.text)}</text>'
            f'<rect class="minka-bars__bar" x="0" y="{y + 19}" '
            f'width="{_pct(bar.value / top)}" height="10" rx="2"/>'
        )
    return Markup(
        f'<figure class="minka-bars" aria-hidden="true" data-pagefind-ignore="all">'
        f'<svg xmlns="http://www.w3.org/2000/svg" class="minka-bars__svg" width="100%" '
        f'height="{len(bars) * _BAR_ROW}" focusable="false">{"".join(out)}'
        f"</svg></figure>"
    )


def sdg_badge(number: int, name: str, colour: str, href: str) -> Markup:
    """Return an SDG tile in the goal's official colour: number and short name, linked."""
    return Markup(
        f'<a class="minka-sdg" href="{escape(href)}" style="{_sdg_style(colour)}">'
        f'<span class="minka-sdg__number">{number}</span> '
        f'<span class="minka-sdg__name">{escape(name)}</span></a>'
    )


def sdg_chip(number: int, colour: str) -> Markup:
    """Return a small square with the goal number in its colour, to sit before its name."""
    return Markup(f'<span class="minka-sdg-chip" style="{_sdg_style(colour)}">{number}</span>')


def has_shape(code: str) -> bool:
    """Whether a map can draw the country (every ISO 3166 code has a shape)."""
    return code in shapes()["countries"]


def _fit(codes: list[str], points: list[tuple[float, float]]) -> tuple[int, int, int, int]:
    """The view of a map that must show the main land of `codes` and the `points`."""
    countries = shapes()["countries"]
    boxes = [p[:4] for code in codes if code in countries for p in _main_parts(countries[code])]
    boxes += [(x, y, x, y) for x, y in points]
    return _frame(_union(boxes)) if boxes else _geo_box(LATIN_AMERICA)


def _main_parts(parts: list) -> list:
    """The parts a map must show: the largest and those of comparable size, not far islets."""
    size = [(p[2] - p[0]) * (p[3] - p[1]) for p in parts]
    return [p for p, s in zip(parts, size, strict=False) if s >= _MAIN_PART * max(size)]


def _union(boxes: list) -> tuple:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _frame(box: tuple) -> tuple[int, int, int, int]:
    """Pad a box, give it a minimum size and a sensible shape; whole units."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    pad = _PAD * max(w, h)
    w, h = max(w + 2 * pad, _MIN_SPAN), max(h + 2 * pad, _MIN_SPAN)
    w, h = max(w, h * _ASPECT[0]), max(h, w / _ASPECT[1])
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (
        math.floor(cx - w / 2),
        math.floor(cy - h / 2),
        math.ceil(cx + w / 2),
        math.ceil(cy + h / 2),
    )


def _geo_box(bounds: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """The map box around a box in degrees (its edges curve in Equal Earth, so sample them)."""
    west, south, east, north = bounds
    steps = [i / 8 for i in range(9)]
    edge = [(west + (east - west) * t, lat) for t in steps for lat in (south, north)]
    edge += [(lon, south + (north - south) * t) for t in steps for lon in (west, east)]
    xs, ys = zip(*(project(lon, lat) for lon, lat in edge), strict=False)
    return math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))


def _parts_in(level: str, view: tuple) -> list[tuple[str | None, list]]:
    """The parts of every shape of `level` that overlap `view`, as (country code, part), in
    the order of the data: the countries', then the unnamed lands' (code None).

    Looked up in a grid of cells rather than tested one by one: a map shows a dozen of the
    1,600 parts, and testing them all was a fifth of the rendering of a practice's page."""
    parts, cells = _grid(packaged.stamp(SHAPES), level)
    x0, y0, x1, y1 = view
    found = {
        n
        for cx in range(x0 // _CELL, x1 // _CELL + 1)
        for cy in range(y0 // _CELL, y1 // _CELL + 1)
        for n in cells.get((cx, cy), ())
    }
    return [parts[n] for n in sorted(found) if _overlaps(parts[n][1], view)]


@lru_cache(maxsize=8)
def _grid(version: tuple, level: str) -> tuple[list, dict]:
    """The parts of `level` in data order, and for each cell of the grid the numbers of the
    parts whose box reaches into it; kept per version of the shapes (packaged.stamp)."""
    data = shapes()
    parts = [(code, p) for code, ps in data[level].items() for p in ps]
    parts += [(None, p) for p in data["unnamed"][level]]
    cells: dict[tuple[int, int], list[int]] = {}
    for n, (_, p) in enumerate(parts):
        for cx in range(math.floor(p[0]) // _CELL, math.floor(p[2]) // _CELL + 1):
            for cy in range(math.floor(p[1]) // _CELL, math.floor(p[3]) // _CELL + 1):
                cells.setdefault((cx, cy), []).append(n)
    return parts, cells


def _overlaps(part: list, view: tuple) -> bool:
    return part[0] <= view[2] and part[2] >= view[0] and part[1] <= view[3] and part[3] >= view[1]


def _pct(share: float) -> str:
    return f"{share * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _cut(text: str) -> str:
    """Shorten a label to fit its line, between words (the full text is listed beside it)."""
    if len(text) <= _LABEL_CHARS:
        return text
    kept = text[: _LABEL_CHARS - 1]
    if text[_LABEL_CHARS - 1] != " " and " " in kept:
        kept = kept.rsplit(" ", 1)[0]
    return kept.rstrip(" ·,;:–—") + "…"


@lru_cache(maxsize=256)
def _sdg_style(colour: str) -> str:
    """Background in the official colour; text white or near-black, whichever reads better."""
    return f"background-color:{escape(colour)};color:{_text_colour(colour)}"


def _text_colour(colour: str) -> str:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    bg = luminance(colour)
    white = 1.05 / (bg + 0.05)
    dark = (bg + 0.05) / (luminance("#1a1a1a") + 0.05)
    return "#fff" if white >= dark else "#1a1a1a"
