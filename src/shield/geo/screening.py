"""No-strike screening: which protected sites lie within reach of which targets, exactly.

A site is a point, or a boundary (``shield.geo.boundary``: polygons with holes, distance zero
inside), with a buffer in metres. A target is a point with a radius in metres. A target *hits*
a site when the geodesic distance on the WGS84 ellipsoid from the target to the site (its point,
or its boundary) is at most the target's radius plus the site's buffer. The reverse screen (the
property within a distance of each military objective) is the same search with the sites'
buffers left out (``with_buffers=False``).

Two stages:

1. A prefilter on the sphere of normals (``shield.geo.ellipsoid``) with a bound that is safe by
   construction: two points ``D`` metres apart on the ellipsoid have normals at most
   ``D / R_MIN`` radians apart. Points are kept in latitude bands cut into longitude cells of
   about ``cell_m`` (fewer cells towards the poles; a band that touches a pole is searched
   whole), sorted by cell, so that a target's candidates are a few contiguous runs of the sorted
   array, found and compared for the whole batch at once with numpy. Boundaries are kept as caps
   (centre and angular radius) in a ``scipy.spatial.cKDTree`` of their centres.
2. The exact test on the ellipsoid (``pyproj.Geod``, Karney's geodesics) for each candidate pair.

Pure: numbers in, numbers out; no Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from . import boundary as bnd
from .ellipsoid import R_MIN, Floats, as_floats, bound_angle, distance, nvectors

Ints = npt.NDArray[np.int64]

MAX_CELLS = 8_000_000
"""Cells at most (eight bytes of offsets each): a coarser grid beyond."""


class BadTargets(ValueError):
    """Targets or sites that are not points on the Earth (the message names the first)."""


def _check_points(lat: Floats, lon: Floats, what: str) -> None:
    bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 540))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise BadTargets(f"{what} {i}: ({lat[i]}, {lon[i]}) is not a latitude and longitude")


def _wrap(lon: Floats) -> Floats:
    """Longitudes in [-180, 180)."""
    return np.mod(lon + 180.0, 360.0) - 180.0


# ---- buffers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BufferPolicy:
    """The buffer (metres) kept round a site by its protection: the widest of its levels' buffers,
    unless the site has its own. Levels not named get ``default_m``."""

    by_level: Mapping[str, float] = field(default_factory=dict)
    default_m: float = 0.0

    def __post_init__(self) -> None:
        for level, metres in {**self.by_level, "default": self.default_m}.items():
            if not (isinstance(metres, int | float) and math.isfinite(metres) and metres >= 0):
                raise ValueError(f"the buffer of {level!r} must be a number of metres >= 0")

    def buffer_for(self, levels: Sequence[str], own_m: float | None = None) -> float:
        if own_m is not None:
            return float(own_m)
        return float(max((self.by_level.get(lvl, self.default_m) for lvl in levels), default=0.0))


# ---- the index ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hits:
    """Pairs (target, site) within reach, sorted by target then distance; ``site`` indexes the
    sites as given to :meth:`SiteIndex.build`."""

    target: Ints
    site: Ints
    distance_m: Floats

    def __len__(self) -> int:
        return int(self.target.size)


@dataclass(frozen=True)
class _Grid:
    band_deg: float
    bands: int
    band_edges: Floats  # bands + 1 latitudes
    per_band: Ints  # longitude cells in each band
    band_start: Ints  # first cell id of each band (bands + 1)
    offsets: Ints  # cells + 1: the sorted points of cell c are offsets[c]:offsets[c + 1]

    @classmethod
    def plan(cls, cell_m: float) -> _Grid:
        band_deg = math.degrees(cell_m / R_MIN)
        # Enough cells to matter, never more than MAX_CELLS (about 4 pi R^2 / cell^2 of them)
        area = 4 * math.pi * R_MIN**2
        band_deg = max(band_deg, math.degrees(math.sqrt(area / MAX_CELLS) / R_MIN))
        bands = max(1, math.ceil(180.0 / band_deg))
        band_deg = 180.0 / bands
        edges = (-90.0 + band_deg * np.arange(bands + 1)).astype(np.float64)
        nearer = np.minimum(np.abs(edges[:-1]), np.abs(edges[1:]))
        nearer[(edges[:-1] < 0) & (edges[1:] > 0)] = 0.0
        width = 2 * math.pi * R_MIN * np.cos(np.radians(nearer))
        cell = math.radians(band_deg) * R_MIN
        per_band = np.maximum(1, np.floor(width / cell)).astype(np.int64)
        band_start = np.concatenate([[0], np.cumsum(per_band)]).astype(np.int64)
        return cls(band_deg, bands, edges, per_band, band_start, np.zeros(1, dtype=np.int64))

    def band_of(self, lat: Floats) -> Ints:
        return np.clip(np.floor((lat + 90.0) / self.band_deg).astype(np.int64), 0, self.bands - 1)

    def cell_of(self, lat: Floats, lon: Floats) -> Ints:
        band = self.band_of(lat)
        n = self.per_band[band]
        col = np.minimum(np.floor((lon + 180.0) / 360.0 * n).astype(np.int64), n - 1)
        return self.band_start[band] + col


@dataclass(frozen=True)
class SiteIndex:
    """The sites, ready to screen against. Build with :meth:`build`."""

    count: int
    # points (sites without a boundary), sorted by cell
    order: Ints  # sorted position -> site index
    lat: Floats
    lon: Floats
    normals: Floats
    buffer_m: Floats
    grid: _Grid
    # boundaries
    shaped: Ints  # site indexes of the sites with a boundary
    shapes: tuple[bnd.Boundary, ...]
    shape_buffer_m: Floats
    shape_tree: cKDTree | None
    shape_reach: float  # the largest cap radius (radians)

    @classmethod
    def build(
        cls,
        lat: npt.ArrayLike,
        lon: npt.ArrayLike,
        buffer_m: npt.ArrayLike,
        boundaries: Mapping[int, bnd.Boundary] | None = None,
        cell_m: float | None = None,
    ) -> SiteIndex:
        """Index sites: their points (degrees), buffers (metres) and, by site index, boundaries
        (a site with a boundary is screened against it, not against its point). ``cell_m``: the
        grid's cell; by default the widest buffer plus 5 km."""
        la, lo, buf = as_floats(lat), as_floats(lon), as_floats(buffer_m)
        if not (la.size == lo.size == buf.size):
            raise BadTargets("lat, lon and buffer_m must be as long as each other")
        _check_points(la, lo, "site")
        if (~np.isfinite(buf) | (buf < 0)).any():
            raise BadTargets("site buffers must be metres >= 0")
        lo = _wrap(lo)
        shapes = dict(boundaries or {})
        is_point = np.ones(la.size, dtype=bool)
        shaped = np.array(sorted(shapes), dtype=np.int64)
        is_point[shaped] = False
        points = np.flatnonzero(is_point)
        cell = cell_m or float(buf[points].max(initial=0.0)) + 5000.0
        grid = _Grid.plan(cell)
        cells = grid.cell_of(la[points], lo[points])
        by_cell = np.argsort(cells, kind="stable")
        order = points[by_cell]
        counts = np.bincount(cells, minlength=int(grid.band_start[-1]))
        offsets = np.zeros(counts.size + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        grid = _Grid(
            grid.band_deg, grid.bands, grid.band_edges, grid.per_band, grid.band_start, offsets
        )
        caps = [shapes[int(i)] for i in shaped]
        tree = cKDTree(np.vstack([c.centre for c in caps])) if caps else None
        return cls(
            count=int(la.size),
            order=order.astype(np.int64),
            lat=la[order],
            lon=lo[order],
            normals=nvectors(la[order], lo[order]),
            buffer_m=buf[order],
            grid=grid,
            shaped=shaped,
            shapes=tuple(caps),
            shape_buffer_m=buf[shaped],
            shape_tree=tree,
            shape_reach=max((c.radius for c in caps), default=0.0),
        )

    # -- screening ----------------------------------------------------------------------------

    def screen(
        self,
        lat: npt.ArrayLike,
        lon: npt.ArrayLike,
        radius_m: npt.ArrayLike | float = 0.0,
        with_buffers: bool = True,
    ) -> Hits:
        """Every (target, site) pair within reach: distance <= radius (+ the site's buffer)."""
        tla, tlo = as_floats(lat), as_floats(lon)
        if tla.size != tlo.size:
            raise BadTargets("lat and lon must be as long as each other")
        _check_points(tla, tlo, "target")
        tlo = _wrap(tlo)
        rad = np.broadcast_to(as_floats(radius_m), tla.shape).astype(np.float64)
        if rad.size and (~np.isfinite(rad) | (rad < 0)).any():
            raise BadTargets("target radii must be metres >= 0")
        t_normals = nvectors(tla, tlo)
        parts = [
            self._screen_points(tla, tlo, t_normals, rad, with_buffers),
            self._screen_shapes(tla, tlo, t_normals, rad, with_buffers),
        ]
        target = np.concatenate([p.target for p in parts])
        site = np.concatenate([p.site for p in parts])
        dist = np.concatenate([p.distance_m for p in parts])
        ranked = np.lexsort((site, dist, target))
        return Hits(target[ranked], site[ranked], dist[ranked])

    def _screen_points(
        self, tla: Floats, tlo: Floats, t_normals: Floats, rad: Floats, with_buffers: bool
    ) -> Hits:
        empty = Hits(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
        if self.order.size == 0 or tla.size == 0:
            return empty
        widest = float(self.buffer_m.max()) if with_buffers else 0.0
        target, first, last = self._runs(tla, tlo, bound_angle(rad + widest))
        sizes = last - first
        total = int(sizes.sum())
        if total == 0:
            return empty
        pt = np.repeat(target, sizes)
        ps = np.repeat(first - np.cumsum(sizes) + sizes, sizes) + np.arange(total, dtype=np.int64)
        reach = rad[pt] + (self.buffer_m[ps] if with_buffers else 0.0)
        cosine = np.einsum("ij,ij->i", t_normals[pt], self.normals[ps])
        near = cosine >= np.cos(bound_angle(reach))
        pt, ps, reach = pt[near], ps[near], reach[near]
        dist = distance(tla[pt], tlo[pt], self.lat[ps], self.lon[ps])
        hit = dist <= reach
        return Hits(pt[hit], self.order[ps[hit]], dist[hit])

    def _runs(self, tla: Floats, tlo: Floats, angle: Floats) -> tuple[Ints, Ints, Ints]:
        """For each target, the runs of the sorted points in the cells its cap may reach:
        (target, first, last) per run, some empty."""
        g = self.grid
        deg = np.degrees(angle)
        b0, b1 = g.band_of(tla - deg), g.band_of(tla + deg)
        k = b1 - b0 + 1
        target = np.repeat(np.arange(tla.size, dtype=np.int64), k)
        band = np.repeat(b0, k) + (
            np.arange(int(k.sum()), dtype=np.int64) - np.repeat(np.cumsum(k) - k, k)
        )
        lat, lon, ang = tla[target], tlo[target], angle[target]
        # The widest longitude the cap spans within the band: at the band's latitude farthest
        # from the equator that the cap reaches.
        far = np.maximum(np.abs(g.band_edges[band]), np.abs(g.band_edges[band + 1]))
        far = np.minimum(far, np.abs(lat) + np.degrees(ang))
        sine = np.sin(ang) / np.maximum(np.cos(np.radians(np.minimum(far, 90.0))), 1e-300)
        whole = (sine >= 1.0) | (np.abs(lat) + np.degrees(ang) >= 90.0)
        half = np.degrees(np.arcsin(np.minimum(sine, 1.0)))
        n = g.per_band[band]
        lo = np.floor((lon - half + 180.0) / 360.0 * n).astype(np.int64)
        hi = np.floor((lon + half + 180.0) / 360.0 * n).astype(np.int64)
        lo = np.where(whole, 0, lo)
        hi = np.where(whole, n - 1, np.minimum(hi, lo + n - 1))
        # the run inside [0, n), and the part that wraps round the antimeridian
        a_lo, a_hi = np.maximum(lo, 0), np.minimum(hi, n - 1)
        w_lo = np.where(lo < 0, np.maximum(lo + n, a_hi + 1), np.where(hi >= n, 0, n))
        w_hi = np.where(lo < 0, n - 1, np.where(hi >= n, np.minimum(hi - n, a_lo - 1), -1))
        start = g.band_start[band]
        off = g.offsets
        first_a, last_a = off[start + a_lo], off[start + a_hi + 1]
        has_w = w_hi >= w_lo
        first_w = np.where(has_w, off[start + np.minimum(w_lo, n - 1)], 0)
        last_w = np.where(has_w, off[start + np.clip(w_hi, 0, n - 1) + 1], 0)
        return (
            np.concatenate([target, target]),
            np.concatenate([first_a, first_w]),
            np.concatenate([last_a, last_w]),
        )

    def _screen_shapes(
        self, tla: Floats, tlo: Floats, t_normals: Floats, rad: Floats, with_buffers: bool
    ) -> Hits:
        empty = Hits(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
        if self.shape_tree is None or tla.size == 0:
            return empty
        widest = float(self.shape_buffer_m.max()) if with_buffers else 0.0
        angle = bound_angle(rad + widest) + self.shape_reach
        chord = 2 * np.sin(np.minimum(angle, math.pi) / 2)
        found = self.shape_tree.query_ball_point(t_normals, chord)
        targets, sites, dists = [], [], []
        for t, near in enumerate(found):
            for j in near:
                shape = self.shapes[j]
                reach = float(rad[t]) + (float(self.shape_buffer_m[j]) if with_buffers else 0.0)
                gap = math.acos(max(-1.0, min(1.0, float(t_normals[t] @ shape.centre))))
                if gap > shape.radius + float(bound_angle([reach])[0]):
                    continue
                d = float(bnd.distance_to(shape, tla[t : t + 1], tlo[t : t + 1])[0])
                if d <= reach:
                    targets.append(t)
                    sites.append(int(self.shaped[j]))
                    dists.append(d)
        return Hits(
            np.array(targets, dtype=np.int64),
            np.array(sites, dtype=np.int64),
            np.array(dists, dtype=np.float64),
        )


def brute_force(
    index_lat: Floats,
    index_lon: Floats,
    buffer_m: Floats,
    lat: Floats,
    lon: Floats,
    radius_m: Floats,
    boundaries: Mapping[int, bnd.Boundary] | None = None,
) -> set[tuple[int, int]]:
    """Every pair within reach by computing every distance: for tests and checks, not for use."""
    out: set[tuple[int, int]] = set()
    shapes = boundaries or {}
    for t in range(lat.size):
        d = distance(
            np.full(index_lat.size, lat[t]), np.full(index_lat.size, lon[t]), index_lat, index_lon
        )
        for s in range(index_lat.size):
            ds = (
                float(bnd.distance_to(shapes[s], lat[t : t + 1], lon[t : t + 1])[0])
                if s in shapes
                else float(d[s])
            )
            if ds <= radius_m[t] + buffer_m[s]:
                out.add((t, s))
    return out
