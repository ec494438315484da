"""Boundaries (GeoJSON Polygon or MultiPolygon, with holes) and the distance to them on the
WGS84 ellipsoid: zero inside, else the shortest geodesic to any ring.

Edges are read as geodesics between their vertices (as a geographic database reads them), so a
ring may cross the antimeridian or pass near a pole as stored, without being cut. The inside
test projects the rings gnomonically about the target on the sphere of normals, where each edge
is a straight line; it differs from the geodesic edge only within a few centimetres of it, where
the distance to the boundary is that small anyway. A boundary must fit within a cap of
``MAX_CAP_DEG`` about its centre (a site, not a continent).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .ellipsoid import Floats, as_floats, forward, inverse, nvectors

MAX_CAP_DEG = 40.0
"""The largest angular radius of a boundary about its centre."""
TOLERANCE_M = 1e-6
"""The foot of the perpendicular on an edge is sought to this many metres."""
MAX_STEPS = 30


class BadBoundary(ValueError):
    """A boundary that is not a GeoJSON Polygon or MultiPolygon this engine can read."""


@dataclass(frozen=True)
class Ring:
    lat: Floats  # closed: the last vertex repeats the first
    lon: Floats
    normals: Floats  # n-vectors of the vertices


@dataclass(frozen=True)
class Boundary:
    """Polygons, each an outer ring and its holes; the cap that holds them all."""

    polygons: tuple[tuple[Ring, ...], ...]
    centre: Floats  # the cap's centre: a unit vector
    radius: float  # the cap's angular radius (radians), every edge inside it

    @property
    def rings(self) -> tuple[Ring, ...]:
        return tuple(r for poly in self.polygons for r in poly)


def _ring(coords: Any, where: str) -> Ring:
    try:
        pts = [(float(p[0]), float(p[1])) for p in coords]
    except (TypeError, ValueError, IndexError):
        raise BadBoundary(f"{where}: each position must be [longitude, latitude]") from None
    if len(pts) < 3:
        raise BadBoundary(f"{where}: a ring needs at least three positions")
    for x, y in pts:
        if not (math.isfinite(x) and math.isfinite(y)) or abs(y) > 90 or abs(x) > 540:
            raise BadBoundary(f"{where}: position [{x}, {y}] is not on the Earth")
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    lat = as_floats([p[1] for p in pts])
    lon = as_floats([p[0] for p in pts])
    return Ring(lat, lon, nvectors(lat, lon))


def parse(geometry: Any) -> Boundary:
    """A GeoJSON Polygon or MultiPolygon (a dict) as a :class:`Boundary`."""
    if not isinstance(geometry, dict):
        raise BadBoundary("a boundary must be a GeoJSON geometry object")
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    polys: Any
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = coords
    else:
        raise BadBoundary(f"a boundary must be a Polygon or a MultiPolygon, not {kind!r}")
    if not isinstance(polys, list) or not polys:
        raise BadBoundary("a boundary needs coordinates")
    parsed = []
    for i, poly in enumerate(polys):
        if not isinstance(poly, list) or not poly:
            raise BadBoundary(f"polygon {i}: it needs an outer ring")
        parsed.append(tuple(_ring(r, f"polygon {i} ring {j}") for j, r in enumerate(poly)))
    return _with_cap(tuple(parsed))


def _with_cap(polygons: tuple[tuple[Ring, ...], ...]) -> Boundary:
    normals = np.vstack([r.normals for poly in polygons for r in poly])
    total = normals.sum(axis=0)
    norm = float(np.linalg.norm(total))
    if norm < 1e-9:
        raise BadBoundary("a boundary must lie within one hemisphere")
    centre = total / norm
    radius = float(np.arccos(np.clip(normals @ centre, -1.0, 1.0)).max())
    if math.degrees(radius) > MAX_CAP_DEG:
        raise BadBoundary(
            f"a boundary must fit within {MAX_CAP_DEG:g} degrees of its centre (a site's outline)"
        )
    # An edge bows out of the cap of its vertices by less than this (the geodesic against the
    # great circle of the sphere of normals, and rounding): the prefilter adds it.
    return Boundary(polygons, centre, radius * 1.01 + 1e-7)


def from_polygons(rings_lonlat: Sequence[Sequence[Sequence[tuple[float, float]]]]) -> Boundary:
    """A boundary from plain ``[[outer, hole, ...], ...]`` rings of (lon, lat)."""
    return parse(
        {
            "type": "MultiPolygon",
            "coordinates": [[[list(p) for p in ring] for ring in poly] for poly in rings_lonlat],
        }
    )


# ---- inside ---------------------------------------------------------------------------------


def _plane(target: Floats) -> tuple[Floats, Floats]:
    """East and north unit vectors of the tangent plane at ``target`` (a unit vector)."""
    east = np.array([-target[1], target[0], 0.0])
    n = float(np.linalg.norm(east))
    east = np.array([1.0, 0.0, 0.0]) if n < 1e-12 else east / n  # at a pole: any east
    north = np.cross(target, east)
    return east, north


def _crossings(ring: Ring, target: Floats, east: Floats, north: Floats) -> int:
    """How many edges of ``ring`` the ray from ``target`` eastward crosses (gnomonic plane)."""
    depth = ring.normals @ target
    if (depth <= 1e-12).any():  # a vertex 90 degrees away or more: the ring is not around it
        return 0
    x = (ring.normals @ east) / depth
    y = (ring.normals @ north) / depth
    x1, y1, x2, y2 = x[:-1], y[:-1], x[1:], y[1:]
    straddles = (y1 > 0) != (y2 > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x1 + (0 - y1) * (x2 - x1) / (y2 - y1)
    return int(np.count_nonzero(straddles & (at > 0)))


def contains(boundary: Boundary, lat: float, lon: float) -> bool:
    """Whether the point lies inside an outer ring and in none of its holes."""
    target = nvectors([lat], [lon])[0]
    east, north = _plane(target)
    for poly in boundary.polygons:
        if _crossings(poly[0], target, east, north) % 2 == 1 and not any(
            _crossings(hole, target, east, north) % 2 == 1 for hole in poly[1:]
        ):
            return True
    return False


# ---- distance to the rings ------------------------------------------------------------------


def segment_distance(
    plat: Floats, plon: Floats, alat: Floats, alon: Floats, blat: Floats, blon: Floats
) -> Floats:
    """The geodesic distance from each point P to the geodesic segment from A to B (pairwise).

    The foot of the perpendicular is found by stepping along the segment by the projection of
    the geodesic to P on the segment's direction (the step is zero where they meet at a right
    angle), clamped to the segment; the answer is the least of that foot's distance and the
    ends'. Converges in a few steps for sites' edges and distances."""
    az_ab, _, length = inverse(alat, alon, blat, blon)
    _, _, d_a = inverse(plat, plon, alat, alon)
    _, _, d_b = inverse(plat, plon, blat, blon)
    best = np.minimum(d_a, d_b)
    live = length > 0
    if not live.any():
        return best
    idx = np.flatnonzero(live)
    s = _first_guess(plat[idx], plon[idx], alat[idx], alon[idx], blat[idx], blon[idx])
    s = np.clip(s * length[idx], 0.0, length[idx])
    for _ in range(MAX_STEPS):
        xlat, xlon, back = forward(alat[idx], alon[idx], az_ab[idx], s)
        az_xp, _, d_x = inverse(xlat, xlon, plat[idx], plon[idx])  # at X, towards P
        step = d_x * np.cos(np.radians(az_xp - (back + 180.0)))  # along the edge at X
        new = np.clip(s + step, 0.0, length[idx])
        best[idx] = np.minimum(best[idx], d_x)
        moved = np.abs(new - s)
        s = new
        if moved.max(initial=0.0) < TOLERANCE_M:
            break
    xlat, xlon, _ = forward(alat[idx], alon[idx], az_ab[idx], s)
    _, _, d_x = inverse(xlat, xlon, plat[idx], plon[idx])
    best[idx] = np.minimum(best[idx], d_x)
    return best


def _first_guess(
    plat: Floats, plon: Floats, alat: Floats, alon: Floats, blat: Floats, blon: Floats
) -> Floats:
    """The fraction of the way from A to B of P's foot on the great circle of the sphere of
    normals (a first guess, refined on the ellipsoid)."""
    p, a, b = nvectors(plat, plon), nvectors(alat, alon), nvectors(blat, blon)
    n = np.cross(a, b)
    norm = np.linalg.norm(n, axis=1)
    n = n / np.where(norm > 0, norm, 1.0)[:, None]
    foot = p - (np.einsum("ij,ij->i", p, n))[:, None] * n
    along = np.arctan2(np.einsum("ij,ij->i", np.cross(a, foot), n), np.einsum("ij,ij->i", a, foot))
    whole = np.arctan2(norm, np.einsum("ij,ij->i", a, b))
    return np.where(whole > 0, along / np.where(whole > 0, whole, 1.0), 0.0)


def distance_to(boundary: Boundary, lat: Floats, lon: Floats) -> Floats:
    """The distance (metres) from each point to ``boundary``: zero inside, else to its rings."""
    out = np.empty(lat.size)
    for i in range(lat.size):
        if contains(boundary, float(lat[i]), float(lon[i])):
            out[i] = 0.0
            continue
        best = math.inf
        for ring in boundary.rings:
            m = ring.lat.size - 1
            d = segment_distance(
                np.full(m, lat[i]),
                np.full(m, lon[i]),
                ring.lat[:-1],
                ring.lon[:-1],
                ring.lat[1:],
                ring.lon[1:],
            )
            best = min(best, float(d.min()))
        out[i] = best
    return out
