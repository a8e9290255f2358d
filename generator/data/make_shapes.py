"""Make generator/data/countries.json from world-atlas's Natural Earth TopoJSON.

Usage (from the project root; see SHAPES.md):

    cd /tmp && npm pack world-atlas@2.0.2
    .venv/bin/python generator/data/make_shapes.py /tmp/world-atlas-2.0.2.tgz

Only the standard library and pycountry (ISO numeric -> alpha-2): the TopoJSON arcs are
decoded here. The output holds the Americas only (the records are Latin American; the
rest of the world would be bytes never drawn), projected once with Equal Earth centred
on the Americas, simplified and rounded to whole units, as SVG path data per country
part so a page can take just the parts in its view.

Arcs are simplified before rings are assembled: a border shared by two countries is one
arc, so both sides get the same simplified line and no gaps or overlaps appear.
"""

from __future__ import annotations

import json
import math
import sys
import tarfile
from pathlib import Path

import pycountry

SOURCE = "package/countries-50m.json"
OUT = Path(__file__).with_name("countries.json")
LON0 = -80.0  # central meridian: the middle of the Americas
RADIUS = 2000  # units per radian: 1 unit is about 3.7 km at the equator
# Douglas-Peucker tolerances, in units: "countries" for maps of a few countries, where a
# unit is about a pixel, and "overview" for maps of a continent, where it is a fifth of one.
TOLERANCE = {"countries": 1.5, "overview": 4.0}
MIN_PART_AREA = 12.0  # smaller islands are dropped (a country always keeps its largest part)
# Parts are kept when their centre lies between WEST and EAST and north of SOUTH, and some
# of their land south of NORTH: the Arctic, Greenland and Alaska never show on a map of
# Latin America and would only add weight.
WEST, EAST, SOUTH, NORTH = -160.0, -25.0, -60.0, 50.0

# Equal Earth (Šavrič, Patterson, Jenny 2018); figures.project() uses the same formulas.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def project(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees to map units (Equal Earth, y pointing down as in SVG)."""
    lam = math.radians(((lon - LON0 + 180) % 360) - 180)
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x * RADIUS, -y * RADIUS


def make_shapes(tgz: Path) -> dict:
    """Return the countries.json document built from the world-atlas package `tgz`."""
    with tarfile.open(tgz) as archive:
        topology = json.load(archive.extractfile(SOURCE))
    raw = [_decode_arc(arc, topology["transform"]) for arc in topology["arcs"]]
    projected = [[project(lon, lat) for lon, lat in arc] for arc in raw]
    levels = {name: _countries(topology, [_simplify(arc, tolerance) for arc in projected], raw)
              for name, tolerance in TOLERANCE.items()}
    return {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain), via the npm package "
                  "world-atlas@2.0.2 (ISC); made by generator/data/make_shapes.py",
        "projection": {"name": "Equal Earth", "lon0": LON0, "radius": RADIUS},
        "parts": "[min x, min y, max x, max y, SVG path data] per polygon, in map units",
        "tolerance": TOLERANCE,
        **levels,
    }


def _countries(topology: dict, arcs: list, raw: list) -> dict[str, list]:
    """Return {alpha-2: parts} for the countries with land in the Americas."""
    countries: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        country = pycountry.countries.get(numeric=geometry.get("id", "000"))
        if country is None:  # disputed areas without an ISO code; none lies in the Americas
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        parts = [p for p in (_polygon(rings, arcs, raw) for rings in polygons) if p]
        parts = [p for p in parts if WEST <= p["lon"] <= EAST and p["lat"] >= SOUTH
                 and p["south"] <= NORTH]
        if not parts:
            continue
        largest = max(parts, key=lambda p: p["area"])
        kept = [p for p in parts if p is largest or p["area"] >= MIN_PART_AREA]
        countries[country.alpha_2] = [[*p["bbox"], p["d"]] for p in kept]
    return dict(sorted(countries.items()))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    document = make_shapes(Path(argv[1]))
    OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"{OUT.name}: {len(document['countries'])} countries, {OUT.stat().st_size} bytes")
    return 0


def _decode_arc(arc: list, transform: dict) -> list[tuple[float, float]]:
    """Undo TopoJSON's delta encoding and quantization: longitude, latitude in degrees."""
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0
    points = []
    for dx, dy in arc:
        x += dx
        y += dy
        points.append((x * sx + tx, y * sy + ty))
    return points


def _simplify(points: list, tolerance: float) -> list[tuple[int, int]]:
    """Douglas-Peucker, then round to whole units; the end points always stay."""
    simple = points
    if len(points) > 2:
        if points[0] == points[-1]:  # a closed arc (an island): split at its farthest point
            far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
            simple = (_douglas_peucker(points[:far + 1], tolerance)[:-1]
                      + _douglas_peucker(points[far:], tolerance))
        else:
            simple = _douglas_peucker(points, tolerance)
    rounded = _rounded(simple)
    if points[0] == points[-1] and len(rounded) < 5 and tolerance > 0.5:
        return _simplify(points, tolerance / 3)  # keep small island states from vanishing
    return rounded


def _rounded(points: list) -> list[tuple[int, int]]:
    rounded: list[tuple[int, int]] = []
    for x, y in points:
        p = (round(x), round(y))
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    return rounded


def _douglas_peucker(points: list, tolerance: float) -> list:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        best, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def _ring(indexes: list[int], arcs: list) -> list[tuple[int, int]]:
    """Join a ring's arcs (a negative index ~i is arc i reversed), dropping shared ends."""
    ring: list[tuple[int, int]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc[1:] if ring else arc)
    return ring


def _polygon(rings: list, arcs: list, raw: list) -> dict | None:
    """Return one polygon's path data, bounding box, area and centre, or None if degenerate."""
    paths, outer = [], None
    for n, indexes in enumerate(rings):
        ring = _ring(indexes, arcs)
        if ring and ring[0] == ring[-1]:
            ring = ring[:-1]
        if len(set(ring)) < 3:
            continue
        if n == 0:
            outer = ring
        paths.append(_path(ring))
    if outer is None:
        return None
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    area = abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                   in zip(outer, outer[1:] + outer[:1]))) / 2
    # The centre is taken from the unprojected ring: Natural Earth cuts rings at 180°, where
    # the projection (centred on the Americas) has no seam to confuse it.
    geo = _ring(rings[0], raw)
    lon, lat = sum(p[0] for p in geo) / len(geo), sum(p[1] for p in geo) / len(geo)
    south = min(p[1] for p in geo)
    return {"d": "".join(paths), "bbox": [min(xs), min(ys), max(xs), max(ys)],
            "area": area, "lon": lon, "lat": lat, "south": south}


def _path(ring: list[tuple[int, int]]) -> str:
    """SVG path data: an absolute move, then relative lines, closed."""
    (x, y), parts = ring[0], [f"M{ring[0][0]} {ring[0][1]}l"]
    for px, py in ring[1:]:
        parts.append(_pair(px - x, py - y))
        x, y = px, py
    return "".join(parts).replace("l ", "l") + "z"


def _pair(dx: int, dy: int) -> str:
    # A minus sign separates numbers by itself; otherwise a space is needed.
    return f"{' ' if dx >= 0 else ''}{dx}{' ' if dy >= 0 else ''}{dy}"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
