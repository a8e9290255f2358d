"""Make generator/data/countries.json from world-atlas's Natural Earth TopoJSON.

Usage (from the project root; see SHAPES.md):

    cd /tmp && npm pack world-atlas@2.0.2
    .venv/bin/python generator/data/make_shapes.py /tmp/world-atlas-2.0.2.tgz

Only the standard library and pycountry (ISO numeric -> alpha-2): the TopoJSON arcs are
decoded here. The output holds every country of ISO 3166-1, projected once with Equal
Earth, simplified and rounded to whole units, as SVG path data per country part so a page
takes just the parts in its view, at three levels of detail for three sizes of view.

Arcs are simplified before rings are assembled: a border shared by two countries is one
arc, so both sides get the same simplified line and no gaps or overlaps appear.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
import tarfile
from pathlib import Path

import pycountry

COUNTRIES, DETAILED, LAND = (
    "package/countries-50m.json",
    "package/countries-10m.json",
    "package/land-10m.json",
)
OUT = Path(__file__).with_name("countries.json")
# Central meridian: Greenwich, so that the seam of the map is the 180th meridian, where
# Natural Earth already cuts every shape (any other seam would slice countries in two).
LON0 = 0.0
RADIUS = 2000  # units per radian: 1 unit is about 3.7 km at the equator
# Douglas-Peucker tolerances in units, and the smallest island kept (square units), for
# maps of a few countries ("countries"), of a continent ("overview") and of the world
# ("world"); at each, a unit is about a pixel, a fifth of one and a twentieth of one.
LEVELS = {"countries": (1.5, 0.0), "overview": (5.0, 60.0), "world": (14.0, 400.0)}
MARKER = 3  # half the width of the diamond that stands for land too small to draw (units)

# ISO codes that Natural Earth 1:50m draws inside another feature, taken out of it: the
# parts whose centre lies in a box (west, south, east, north, degrees) around the territory.
SPLIT = {
    "GF": ("FR", [(-55.0, 2.0, -51.0, 6.5)]),  # French Guiana
    "GP": ("FR", [(-62.0, 15.8, -60.9, 16.6)]),  # Guadeloupe
    "MQ": ("FR", [(-61.3, 14.3, -60.7, 15.0)]),  # Martinique
    "RE": ("FR", [(55.0, -21.5, 56.0, -20.8)]),  # Réunion
    "YT": ("FR", [(44.9, -13.1, 45.4, -12.5)]),  # Mayotte
    "SJ": (
        "NO",
        [
            (-10.0, 74.0, 35.0, 82.0),  # Svalbard, Bjørnøya
            (-9.5, 70.7, -7.5, 71.3),
        ],
    ),  # Jan Mayen
    "BQ": ("NL", [(-69.0, 11.5, -62.0, 18.0)]),  # Bonaire, Sint Eustatius, Saba
    "CC": ("Indian Ocean Ter.", [(96.0, -13.0, 98.0, -11.0)]),  # Cocos (Keeling) Islands
    "CX": ("Indian Ocean Ter.", [(105.0, -11.0, 106.5, -10.0)]),  # Christmas Island
}
# Too small for 1:50m: their 1:10m country feature, or for the smallest their 1:10m land.
FROM_DETAILED = ("GI", "TV", "UM")
FROM_LAND = {"BV": (3.0, -54.7, 4.0, -54.2), "TK": (-173.0, -9.7, -171.0, -8.3)}

# Equal Earth (Šavrič, Patterson, Jenny 2018); figures.project() uses the same formulas.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def project(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees to map units (Equal Earth, y pointing down as in SVG)."""
    lam = math.radians(_wrap(lon - LON0))
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x * RADIUS, -y * RADIUS


def _wrap(degrees: float) -> float:
    """Bring a longitude into -180..180, leaving 180 itself alone: Natural Earth cuts shapes
    there, and their edge on the 180th meridian must stay on the east side."""
    return degrees - 360 if degrees > 180 else degrees + 360 if degrees < -180 else degrees


def make_shapes(tgz: Path) -> dict:
    """Return the countries.json document built from the world-atlas package `tgz`."""
    with tarfile.open(tgz) as archive:
        topologies = [
            _Topology(json.load(archive.extractfile(name))) for name in (COUNTRIES, DETAILED, LAND)
        ]
    features = _features(*topologies)
    missing = sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in features)
    if missing:
        raise SystemExit(f"no shape for {', '.join(missing)}")
    levels, unnamed = {}, {}
    for level, (tolerance, min_area) in LEVELS.items():
        shapes = {
            code: _parts(polygons, tolerance, min_area)
            for code, polygons in sorted(features.items())
        }
        # Disputed areas without an ISO code are drawn as context only, so a map has no hole.
        unnamed[level] = [p for p in shapes.pop("", []) if p]
        levels[level] = {code: parts for code, parts in shapes.items() if parts}
    return {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain; a few small territories "
        "at 1:10m), via the npm package world-atlas@2.0.2 (ISC); made by "
        "generator/data/make_shapes.py",
        "projection": {"name": "Equal Earth", "lon0": LON0, "radius": RADIUS},
        "parts": "[min x, min y, max x, max y, SVG path data] per polygon, in map units",
        "levels": {level: {"tolerance": t, "min_area": a} for level, (t, a) in LEVELS.items()},
        **levels,
        "unnamed": unnamed,
    }


def _features(main: _Topology, detailed: _Topology, land: _Topology) -> dict[str, list]:
    """Return {alpha-2 (or "" for areas without one): [(topology, rings)]}."""
    features: dict[str, list] = {}
    named: dict[str, list] = {}
    for geometry in main.objects("countries"):
        country = pycountry.countries.get(numeric=geometry.get("id") or "000")
        key = country.alpha_2 if country else geometry["properties"]["name"]
        # Two features may share a code: Australia and the Ashmore and Cartier Islands.
        named.setdefault(key, []).extend((main, rings) for rings in _polygons(geometry))
    for code, (parent, boxes) in SPLIT.items():
        features[code] = [p for p in named[parent] if any(_inside(p, box) for box in boxes)]
        named[parent] = [p for p in named[parent] if p not in features[code]]
    for key, polygons in named.items():
        if len(key) == 2:
            features[key] = polygons
        elif polygons:  # no ISO code: Somaliland, Kosovo, Northern Cyprus, Siachen
            features.setdefault("", []).extend(polygons)
    for geometry in detailed.objects("countries"):
        country = pycountry.countries.get(numeric=geometry.get("id") or "000")
        if country and country.alpha_2 in FROM_DETAILED:
            features[country.alpha_2] = [(detailed, rings) for rings in _polygons(geometry)]
    islands = [(land, rings) for geometry in land.objects("land") for rings in _polygons(geometry)]
    for code, box in FROM_LAND.items():
        features[code] = [p for p in islands if _inside(p, box)]
    return features


def _parts(polygons: list, tolerance: float, min_area: float) -> list:
    """Return a country's parts at one level of detail: the largest, and islands big enough."""
    parts = [part for topology, rings in polygons for part in _polygon(topology, rings, tolerance)]
    shapes = [p for p in parts if not p.get("marker")]
    if not shapes:  # a country of islets: one diamond stands for them all
        return [[*parts[0]["bbox"], parts[0]["d"]]] if parts else []
    largest = max(shapes, key=lambda p: p["area"])
    return [[*p["bbox"], p["d"]] for p in shapes if p is largest or p["area"] >= min_area]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    document = make_shapes(Path(argv[1]))
    OUT.write_text(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{OUT.name}: {len(document['countries'])} countries, {OUT.stat().st_size} bytes")
    return 0


class _Topology:
    """A TopoJSON topology: its arcs decoded, projected and simplified once per tolerance.

    world-atlas joins the two sides of a shape cut at the 180th meridian (Fiji, the east of
    Russia) with a jump from 180° to -180°; arcs are split into pieces at such jumps, and
    rings into one part per side, so that no part stretches across the whole map.
    """

    def __init__(self, topology: dict):
        self.topology = topology
        self._raw: dict[int, list] = {}
        self._simple: dict[tuple[int, float], list] = {}

    def objects(self, name: str) -> list[dict]:
        obj = self.topology["objects"][name]
        return obj["geometries"] if obj["type"] == "GeometryCollection" else [obj]

    def raw(self, index: int) -> list[list[tuple[float, float]]]:
        """An arc's pieces in degrees (a negative index ~i is arc i reversed)."""
        i = index if index >= 0 else ~index
        if i not in self._raw:
            self._raw[i] = _split_at_seam(
                _decode_arc(self.topology["arcs"][i], self.topology["transform"])
            )
        return self._raw[i] if index >= 0 else [piece[::-1] for piece in self._raw[i][::-1]]

    def simple(self, index: int, tolerance: float) -> list[list[tuple[int, int]]]:
        """An arc's pieces projected and simplified, in whole units."""
        i = index if index >= 0 else ~index
        if (i, tolerance) not in self._simple:
            self._simple[i, tolerance] = [
                _simplify([project(*p) for p in piece], tolerance) for piece in self.raw(i)
            ]
        pieces = self._simple[i, tolerance]
        return pieces if index >= 0 else [piece[::-1] for piece in pieces[::-1]]


def _split_at_seam(points: list) -> list[list]:
    """Cut a line where it jumps across the 180th meridian."""
    pieces = [[points[0]]]
    for a, b in itertools.pairwise(points):
        if abs(a[0] - b[0]) > 180:
            pieces.append([])
        pieces[-1].append(b)
    return pieces


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return [geometry["arcs"]] if geometry["type"] == "Polygon" else []


def _inside(polygon: tuple, box: tuple) -> bool:
    """Whether the centre of a polygon's outer ring lies in a box of degrees."""
    topology, rings = polygon
    ring = [p for chain in _chains(rings[0], topology.raw) for p in chain]
    lon, lat = sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


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
            simple = _douglas_peucker(points[: far + 1], tolerance)[:-1] + _douglas_peucker(
                points[far:], tolerance
            )
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
    return [p for p, k in zip(points, keep, strict=False) if k]


def _chains(indexes: list[int], pieces_of) -> list[list]:
    """Join a ring's arcs, dropping shared ends; one chain per side of the 180th meridian.

    `pieces_of(i)` gives arc i's pieces (reversed for ~i). A ring that crosses the meridian
    comes back across it, so its chains are closed along it, each on its own side.
    """
    chains: list[list] = [[]]
    for i in indexes:
        for n, piece in enumerate(pieces_of(i)):
            if n:
                chains.append([])
            chain = chains[-1]
            chain.extend(piece[1:] if chain else piece)
    if len(chains) > 1:  # the ring is a cycle: its last chain runs on into its first
        chains[0] = chains.pop() + chains[0][1:]
    return chains


def _polygon(topology: _Topology, rings: list, tolerance: float) -> list[dict]:
    """Return one polygon's parts (one per side of the 180th meridian), each with its path
    data, bounding box and area; a diamond marker when it is too small to draw."""

    def closed(chain: list) -> list | None:
        if chain and chain[0] == chain[-1]:
            chain = chain[:-1]
        return chain if len(set(chain)) >= 3 else None

    pieces = lambda i: topology.simple(i, tolerance)  # noqa: E731
    outers = [c for c in map(closed, _chains(rings[0], pieces)) if c]
    if not outers:
        return [_marker(topology, rings)]
    holes = [c for ring in rings[1:] for c in map(closed, _chains(ring, pieces)) if c]
    parts = []
    for outer in outers:
        xs, ys = [p[0] for p in outer], [p[1] for p in outer]
        box = [min(xs), min(ys), max(xs), max(ys)]
        inner = [h for h in holes if box[0] <= h[0][0] <= box[2] and box[1] <= h[0][1] <= box[3]]
        area = (
            abs(
                sum(
                    x0 * y1 - x1 * y0
                    for (x0, y0), (x1, y1) in zip(outer, outer[1:] + outer[:1], strict=False)
                )
            )
            / 2
        )
        parts.append({"d": "".join(_path(r) for r in [outer, *inner]), "bbox": box, "area": area})
    return parts


def _marker(topology: _Topology, rings: list) -> dict:
    """A small diamond for land too small to keep a shape in whole units (Gibraltar, Tuvalu)."""
    ring = [p for chain in _chains(rings[0], topology.raw) for p in chain]
    x, y = project(sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    x, y, r = round(x), round(y), MARKER
    return {
        "d": _path([(x, y - r), (x + r, y), (x, y + r), (x - r, y)]),
        "bbox": [x - r, y - r, x + r, y + r],
        "area": 0.0,
        "marker": True,
    }


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
