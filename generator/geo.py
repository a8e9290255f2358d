"""Country shapes and the map projection: which country a place lies in, in map units.

The shapes are data/countries.json (Natural Earth, see data/SHAPES.md), already projected;
`project()` brings a longitude and latitude into the same units.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache

from . import packaged

SHAPES = "countries.json"
# Coasts are simplified and small islands left out of the shapes, so a place this close to
# a country (map units, about 90 km at the equator) still counts as in it.
NEAR = 25

# Equal Earth (Šavrič, Patterson, Jenny 2018), the projection data/make_shapes.py used.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_MOVE = re.compile(r"M(-?\d+) (-?\d+)l([^z]*)z")
_NUMBER = re.compile(r"-?\d+")


def shapes() -> dict:
    """The country shapes that ship with the package (see data/SHAPES.md)."""
    return packaged.load(SHAPES, json.loads)


def project(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees to the map units of countries.json (Equal Earth, y pointing down)."""
    projection = shapes()["projection"]
    lam = math.radians(_wrap(lon - projection["lon0"]))
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x * projection["radius"], -y * projection["radius"]


def _wrap(degrees: float) -> float:
    """Bring a longitude into -180..180, leaving 180 itself alone: Natural Earth cuts shapes
    there, and their edge on the 180th meridian must stay on the east side."""
    return degrees - 360 if degrees > 180 else degrees + 360 if degrees < -180 else degrees


def is_near(code: str, lon: float, lat: float) -> bool:
    """Whether a place lies in the country `code`, or within NEAR units of its shape."""
    x, y = project(lon, lat)
    for x0, y0, x1, y1, rings in _rings(code):
        if not (x0 - NEAR <= x <= x1 + NEAR and y0 - NEAR <= y <= y1 + NEAR):
            continue
        if _inside(rings, x, y) or _distance(rings, x, y) <= NEAR:
            return True
    return False


def country_at(lon: float, lat: float) -> str | None:
    """The code of the country a place lies in, if any."""
    x, y = project(lon, lat)
    for code in shapes()["countries"]:
        if any(
            x0 <= x <= x1 and y0 <= y <= y1 and _inside(rings, x, y)
            for x0, y0, x1, y1, rings in _rings(code)
        ):
            return code
    return None


def _rings(code: str) -> list[tuple]:
    return _rings_of(code, packaged.stamp(SHAPES))


@lru_cache(maxsize=512)
def _rings_of(code: str, version: tuple) -> list[tuple]:
    """A country's parts as (box, rings of absolute points), read from their SVG path data
    in the version of the shapes file that `version` stamps."""
    parts = []
    for x0, y0, x1, y1, d in shapes()["countries"].get(code, ()):
        rings = []
        for mx, my, moves in _MOVE.findall(d):
            x, y = int(mx), int(my)
            ring = [(x, y)]
            numbers = [int(n) for n in _NUMBER.findall(moves)]
            for dx, dy in zip(numbers[::2], numbers[1::2], strict=False):
                x, y = x + dx, y + dy
                ring.append((x, y))
            rings.append(ring)
        parts.append((x0, y0, x1, y1, rings))
    return parts


def _inside(rings: list, x: float, y: float) -> bool:
    """Even-odd rule over every ring, so that holes (lakes, enclaves) are outside."""
    inside = False
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=False):
            if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
                inside = not inside
    return inside


def _distance(rings: list, x: float, y: float) -> float:
    best = math.inf
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=False):
            dx, dy = bx - ax, by - ay
            t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy or 1)))
            best = min(best, math.hypot(ax + t * dx - x, ay + t * dy - y))
    return best
