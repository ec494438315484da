"""Polygons cut at the antimeridian, so that a flat map never draws one across the world.

A ring that crosses longitude 180 (Chukotka, Fiji) or goes round a pole (Antarctica) is
stored as a jump from +180 to -180 or the other way. A web map joins the two points with a
straight line across the whole world: the bands of land drawn over the Arctic Ocean. Here
each such ring is unwrapped (its longitudes made continuous), closed along the pole if it goes
round one, and clipped into the [-180, 180] window and the windows beside it, each piece
shifted back: every edge of the result spans less than 180 degrees of longitude.

Used to build the offline basemap (``python -m shield.geo.antimeridian IN OUT``): TopoJSON
in, TopoJSON out, with the object ``land`` as one MultiPolygon of rings that share no arcs.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Sequence
from typing import Any

Point = tuple[float, float]  # (longitude, latitude)
Ring = list[Point]
Polygon = list[Ring]  # the outer ring first, then its holes


def _unwrap(ring: Sequence[Point]) -> Ring:
    """The ring with each longitude moved by a multiple of 360 to lie within 180 of the last."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        step = lon - prev
        step -= 360 * round(step / 360)
        out.append((prev + step, lat))
    return out


def _clip(ring: Ring, edge: float, keep_below: bool) -> Ring:
    """Sutherland-Hodgman: the part of a closed ring on one side of the meridian ``edge``."""
    if len(ring) < 2:
        return []
    pts = ring[:-1] if ring[0] == ring[-1] else ring

    def inside(p: Point) -> bool:
        return p[0] <= edge if keep_below else p[0] >= edge

    def cross(a: Point, b: Point) -> Point:
        t = (edge - a[0]) / (b[0] - a[0])
        return (edge, a[1] + t * (b[1] - a[1]))

    out: Ring = []
    for i, cur in enumerate(pts):
        prev = pts[i - 1]
        if inside(cur):
            if not inside(prev):
                out.append(cross(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(cross(prev, cur))
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _area(ring: Ring) -> float:
    return 0.5 * sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:]))


def _along_poles(ring: Ring) -> Ring:
    """The ring with its edges along a pole (from one side of the world to the other) drawn
    in steps of at most 90 degrees, so that no edge spans 180."""
    out = ring[:1]
    for a, b in zip(ring, ring[1:]):
        span = b[0] - a[0]
        if abs(span) > 90 and abs(a[1]) >= 89 and abs(b[1]) >= 89:
            steps = math.ceil(abs(span) / 90)
            out += [
                (a[0] + span * i / steps, a[1] + (b[1] - a[1]) * i / steps) for i in range(1, steps)
            ]
        out.append(b)
    return out


def split_ring(ring: Sequence[Point]) -> dict[int, Ring]:
    """The pieces of ``ring`` by window (0: the ring's own; -1, 1: shifted by -360, +360)
    once cut at the antimeridian, each within [-180, 180]. A ring that goes round a pole is
    closed along it."""
    ring = [(float(x), float(y)) for x, y in ring]
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    flat = _unwrap(ring)
    turn = flat[-1][0] - flat[0][0]
    if abs(turn) > 180:  # round a pole: close the ring along it
        pole = -90.0 if sum(p[1] for p in flat) < 0 else 90.0
        flat = flat + [(flat[-1][0], pole), (flat[0][0], pole), flat[0]]
    lons = [p[0] for p in flat]
    if min(lons) >= -180 and max(lons) <= 180:
        return {0: _along_poles(flat)}
    pieces: dict[int, Ring] = {}
    for k in range(math.floor((min(lons) + 180) / 360), math.ceil((max(lons) - 180) / 360) + 1):
        west, east = -180 + 360 * k, 180 + 360 * k
        piece = _clip(_clip(flat, east, keep_below=True), west, keep_below=False)
        if len(piece) >= 4 and abs(_area(piece)) > 1e-9:
            pieces[k] = _along_poles([(lon - 360 * k, lat) for lon, lat in piece])
    return pieces


def split_polygon(polygon: Polygon) -> list[Polygon]:
    """``polygon`` as one polygon per window it reaches, each with its holes there."""
    outer, holes = split_ring(polygon[0]), [split_ring(h) for h in polygon[1:]]
    return [[piece] + [h[k] for h in holes if k in h] for k, piece in sorted(outer.items())]


def crosses(rings: Iterable[Sequence[Point]]) -> list[tuple[Point, Point]]:
    """The edges of ``rings`` that span more than 180 degrees of longitude (none, once split)."""
    return [(a, b) for r in rings for a, b in zip(r, r[1:]) if abs(b[0] - a[0]) > 180]


# --- TopoJSON in and out -------------------------------------------------------------------------


def _arcs(topo: dict[str, Any]) -> list[Ring]:
    sx, sy = topo["transform"]["scale"] if "transform" in topo else (1, 1)
    tx, ty = topo["transform"]["translate"] if "transform" in topo else (0, 0)
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = (x + dx, y + dy) if "transform" in topo else (dx, dy)
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def polygons(topo: dict[str, Any], name: str) -> list[Polygon]:
    """The polygons of the object ``name`` (Polygon, MultiPolygon or a collection of them)."""
    arcs = _arcs(topo)

    def ring(indexes: list[int]) -> Ring:
        pts: Ring = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(arc if not pts else arc[1:])
        return pts

    def of(geom: dict[str, Any]) -> list[Polygon]:
        if geom["type"] == "GeometryCollection":
            return [p for g in geom["geometries"] for p in of(g)]
        if geom["type"] == "Polygon":
            return [[ring(r) for r in geom["arcs"]]]
        if geom["type"] == "MultiPolygon":
            return [[ring(r) for r in poly] for poly in geom["arcs"]]
        return []

    return of(topo["objects"][name])


QUANTUM = 100_000  # positions per axis, as the source's (world-atlas uses 1e5)


def topology(polys: list[Polygon], name: str = "land") -> dict[str, Any]:
    """TopoJSON of ``polys`` (quantized, delta-encoded), each ring an arc of its own."""
    sx, sy = 360 / (QUANTUM - 1), 180 / (QUANTUM - 1)
    arcs: list[list[list[int]]] = []
    shapes = []
    for poly in polys:
        rings = []
        for r in poly:
            q: list[tuple[int, int]] = []
            for lon, lat in r:
                p = (round((lon + 180) / sx), round((lat + 90) / sy))
                if not q or q[-1] != p:
                    q.append(p)
            if len(q) < 4:
                continue
            deltas = [list(q[0])] + [[b[0] - a[0], b[1] - a[1]] for a, b in zip(q, q[1:])]
            rings.append([len(arcs)])
            arcs.append(deltas)
        if rings:
            shapes.append(rings)
    return {
        "type": "Topology",
        "transform": {"scale": [sx, sy], "translate": [-180, -90]},
        "objects": {name: {"type": "MultiPolygon", "arcs": shapes}},
        "arcs": arcs,
    }


def split_topology(topo: dict[str, Any], name: str = "land") -> dict[str, Any]:
    return topology([p for poly in polygons(topo, name) for p in split_polygon(poly)], name)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m shield.geo.antimeridian IN.topojson OUT.topojson", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        topo = json.load(f)
    with open(argv[1], "w", encoding="utf-8") as f:
        json.dump(split_topology(topo), f, separators=(",", ":"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
