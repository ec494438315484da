"""The map's layer of property: every located record as a point, or clusters where many are in view.

A registry of a few thousand records goes to the browser whole, and the browser clusters
it. A larger one would not (a million points are some 200 MB of GeoJSON): past
``POINTS_MAX`` records in view, each grid cell that meets the view is one cluster with its
count, placed at the mean of its records; the cells shrink as the reader zooms in. A cluster
is its whole cell, so its count does not change as the reader pans (``total`` is the sum of
the clusters shown). Both count each record where the reader may see it: at its exact point,
or at the centre of its ~10 km cell when its location is confidential (``disclosure``), so
neither a cluster's place nor its count tells more than the points would.

Up to the zoom of the finest kept grid (``mapcells.LEVELS``), the clusters of the reader's
whole view are summed from the counts the database keeps per cell (a world view of a million
records reads a few hundred rows); closer in, or for a narrower set of records, they are
counted from the records in view. A view is counted at a zoom where it spans at most
``CELLS_ACROSS`` cells each way, so that no answer grows with the registry. Clusters are kept
per version of the registry (``aggregates``).
"""

from __future__ import annotations

import math
import operator
from functools import reduce

from django.core.cache import cache
from django.db.models import Case, Count, F, FloatField, Q, Sum, When
from django.db.models.functions import Floor

from shield.geo import BBox

from . import aggregates, mapcells
from .disclosure import (
    bbox_filter,
    location_for,
    readable,
    seen_exactly,
    seen_within,
    visible_to,
)

POINTS_MAX = 2000  # records in view up to which they go as points
MAX_ZOOM = 18
CELLS_ACROSS = 48  # cells a view may span each way; a wider one is counted at a lower zoom


def cell_degrees(zoom: int) -> float:
    """The side of a grid cell at a web-map zoom level: a quarter of a 256-pixel tile, so that
    clusters sit some 64 pixels apart and their 40-pixel labels do not cover each other."""
    return 360 / 2 ** max(0, min(zoom, MAX_ZOOM)) / 4


def map_layer(user, qs, lang: str, bbox=None, zoom: int = 2) -> dict:
    """A GeoJSON FeatureCollection of the records of ``qs`` that have a location (in ``bbox``,
    if given), with ``total`` (how many are in view, or in the clusters' cells) and
    ``complete`` (true when the features are every such record, as points: the browser may
    cluster them itself)."""
    located = qs.filter(lat__isnull=False, lon__isnull=False)
    in_view = located if bbox is None else bbox_filter(user, located, bbox)
    zoom = bounded_zoom(zoom, bbox)
    # Clusters (no names in them) are kept per version of the registry and per view: the
    # query's SQL holds what the reader may see and the bbox; where they see points exactly
    # is part of the key too (registry.aggregates).
    key = aggregates.query_key("map", in_view, str(seen_exactly(user)), zoom)
    found = cache.get(key)
    if found is not None:
        return found
    few = in_view.order_by()[: POINTS_MAX + 1].count()  # bounded: at most POINTS_MAX + 1 read
    if few <= POINTS_MAX:
        # Points carry names (in the reader's language): kept per language as well, once the
        # registry is large (a zoomed view of a few hundred records read again reads nothing).
        def points() -> dict:
            return {
                "type": "FeatureCollection",
                "features": [
                    _point(user, prop, lang)
                    for prop in in_view.select_related("inventory_state").prefetch_related("names")
                ],
                "total": few,
                "complete": bbox is None,
            }

        return aggregates.kept(
            # "-synthetic": points kept before they carried the flag are not read again.
            aggregates.query_key(
                "map-points-synthetic", in_view, str(seen_exactly(user)), zoom, lang
            ),
            points,
            lambda _layer: (
                aggregates.count(qs, lambda: count_visible(user)) >= aggregates.KEEP_FROM
            ),
        )
    if zoom <= max(mapcells.LEVELS) and _whole_view(user, qs):
        clusters = _kept_clusters(user, bbox, zoom)
    else:
        clusters = _counted_clusters(user, located, bbox, zoom)
    total = sum(n for n, _lat, _lon in clusters)
    layer = {
        "type": "FeatureCollection",
        "features": [_cluster(n, lat, lon) for n, lat, lon in clusters],
        "total": total,
        "complete": False,
    }
    if total >= aggregates.KEEP_FROM:
        cache.set(key, layer, aggregates.KEEP_FOR)
    return layer


def bounded_zoom(zoom: int, bbox) -> int:
    """``zoom``, or a lower one at which ``bbox`` spans at most ``CELLS_ACROSS`` cells each way."""
    zoom = max(0, min(zoom, MAX_ZOOM))
    if bbox is None:
        span = 360.0  # the whole world
    else:
        width = (bbox.east - bbox.west) % 360 or (360 if bbox.east != bbox.west else 0)
        span = max(width, bbox.north - bbox.south)
    while zoom > 0 and span / cell_degrees(zoom) > CELLS_ACROSS:
        zoom -= 1
    return zoom


def _whole_view(user, qs) -> bool:
    """Whether ``qs`` is every record the reader may see (what the kept cells count)."""
    return str(qs.query) == str(visible_to(user).query)


def _cell_ranges(bbox, size: float) -> tuple[range, list[range]] | None:
    """The rows and columns of the cells of side ``size`` that meet ``bbox`` (None: all)."""
    if bbox is None:
        return None
    rows = range(math.floor(bbox.south / size), math.floor(bbox.north / size) + 1)
    west, east = math.floor(bbox.west / size), math.floor(bbox.east / size)
    if bbox.west <= bbox.east:
        return rows, [range(west, east + 1)]
    top = math.floor(180 / size)
    return rows, [range(west, top + 1), range(math.floor(-180 / size), east + 1)]


def _kept_clusters(user, bbox, zoom: int) -> list[tuple[int, float, float]]:
    """Clusters summed from ``mapcells``: the finest kept level at or above ``zoom``, each of
    its cells added to the cell of ``zoom`` holding it (a whole number of them)."""
    level = min(lv for lv in mapcells.LEVELS if lv >= zoom)
    factor = 2 ** (level - zoom)
    cells = mapcells.MapCell.objects.filter(level=level, count__gt=0)
    ranges = _cell_ranges(bbox, cell_degrees(zoom))
    if ranges is not None:
        rows, columns = ranges
        cells = cells.filter(
            cell_row__gte=rows.start * factor, cell_row__lt=rows.stop * factor
        ).filter(
            reduce(
                operator.or_,
                (
                    Q(cell_col__gte=cols.start * factor, cell_col__lt=cols.stop * factor)
                    for cols in columns
                ),
            )
        )
    sums: dict[tuple[int, int], list] = {}
    for row, col, n, lat, lon in (
        row
        for kind in seen_kinds(user, cells)
        for row in kind.order_by()
        .values("cell_row", "cell_col")
        .annotate(n=Sum("count"), lat=Sum("sum_lat"), lon=Sum("sum_lon"))
        .values_list("cell_row", "cell_col", "n", "lat", "lon")
    ):
        acc = sums.setdefault((row // factor, col // factor), [0, 0.0, 0.0])
        acc[0] += n
        acc[1] += lat
        acc[2] += lon
    return [(n, lat / n, lon / n) for n, lat, lon in sums.values() if n > 0]


def seen_kinds(user, cells) -> list:
    """``cells`` as the reader may see them: the exact counts of the records they see exactly,
    the coarse counts of the others; each kind its own query (each reads the index by kind)."""
    seen = seen_exactly(user)
    kinds = [cells.filter(readable(user), seen, coarse=False)]
    if seen != Q(pk__isnull=False):  # someone who sees every point exactly needs no coarse one
        kinds.append(cells.filter(readable(user), ~seen, coarse=True))
    return kinds


def _counted_clusters(user, located, bbox, zoom: int) -> list[tuple[int, float, float]]:
    """Clusters counted from the records in the cells that meet the view."""
    size = cell_degrees(zoom)
    ranges = _cell_ranges(bbox, size)
    if ranges is not None:
        rows, columns = ranges
        around = BBox(
            max(-180.0, columns[0].start * size),
            max(-90.0, rows.start * size),
            min(180.0, columns[-1].stop * size),
            min(90.0, rows.stop * size),
        )
        located = bbox_filter(user, located, around)
    out = []
    for r in _clusters(user, located, size):
        if ranges is None or (
            r["row"] in ranges[0] and any(r["column"] in cols for cols in ranges[1])
        ):
            out.append((r["count"], r["lat"], r["lon"]))
    return out


def _cluster(n: int, lat: float, lon: float) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": {"cluster": True, "count": n},
    }


def _point(user, prop, lang: str) -> dict:
    loc = location_for(user, prop)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
        "properties": {
            "code": prop.code,
            "name": prop.display_name(lang),
            "category": prop.category,
            "precision": loc["precision"],
            "synthetic": prop.synthetic,  # invented demo data: the popup says so
        },
    }


def _clusters(user, located, cell: float):
    seen = seen_exactly(user)
    rows = (
        located.annotate(
            seen_lat=Case(
                When(seen, then=F("lat")), default=F("coarse_lat"), output_field=FloatField()
            ),
            seen_lon=Case(
                When(seen, then=F("lon")), default=F("coarse_lon"), output_field=FloatField()
            ),
        )
        .annotate(row=Floor(F("seen_lat") / cell), column=Floor(F("seen_lon") / cell))
        .order_by()
        .values("row", "column")
        .annotate(count=Count("pk"), sum_lat=Sum("seen_lat"), sum_lon=Sum("seen_lon"))
    )
    for r in rows:
        r["row"], r["column"] = int(r["row"]), int(r["column"])
        r["lat"], r["lon"] = r["sum_lat"] / r["count"], r["sum_lon"] / r["count"]
        yield r


def count_in_box(user, bbox) -> int:
    """How many records the reader sees in ``bbox`` (``disclosure.bbox_filter``'s count), at a
    cost that follows the box's edges, not what it holds: the cells of the kept grid that lie
    inside the box are summed (the largest cells first), and only the records in the strips
    along its edges that no whole cell covers are counted one by one."""
    if bbox.west <= bbox.east:
        return _count_rect(user, bbox.south, bbox.north, bbox.west, bbox.east)
    return _count_rect(user, bbox.south, bbox.north, bbox.west, 180.0) + _count_rect(
        user, bbox.south, bbox.north, -180.0, bbox.east
    )


def _count_rect(user, south: float, north: float, west: float, east: float) -> int:
    size = mapcells.cell_size(max(mapcells.LEVELS))
    r0, r1 = math.floor(south / size) + 1, math.floor(north / size) - 1  # whole cells inside
    c0, c1 = math.floor(west / size) + 1, math.floor(east / size) - 1
    visible = visible_to(user)
    if r0 > r1 or c0 > c1:  # a box narrower than two cells: its records are few to read
        return seen_within(user, visible, south, north, west, east).count()
    a, b, w, e = r0 * size, (r1 + 1) * size, c0 * size, (c1 + 1) * size  # cells: [a, b) x [w, e)
    strips = [  # south, north (read by latitude); west, east (by longitude)
        (south, a, west, east, True, False, "lat"),
        (b, north, west, east, False, False, "lat"),
        (a, b, west, w, True, True, "lon"),
        (a, b, e, east, True, False, "lon"),
    ]
    edges = sum(
        seen_within(user, visible, s, n, wst, est, north_open=no, east_open=eo, through=t).count()
        for s, n, wst, est, no, eo, t in strips
    )
    return edges + _cells_inside(user, r0, r1, c0, c1)


def _cells_inside(user, r0: int, r1: int, c0: int, c1: int) -> int:
    """The records counted in the kept cells of rows ``r0..r1`` and columns ``c0..c1`` of the
    finest kept level: each block of whole coarser cells read at its own level, so that a box
    around a million records reads some hundreds of rows."""
    finest = max(mapcells.LEVELS)
    cells = mapcells.MapCell.objects.all()
    total, inner = 0, None
    for level in sorted(mapcells.LEVELS):
        f = 2 ** (finest - level)
        rows = (-(-r0 // f), (r1 + 1) // f - 1)
        cols = (-(-c0 // f), (c1 + 1) // f - 1)
        if rows[0] > rows[1] or cols[0] > cols[1]:
            continue
        if inner is None:
            parts = [(rows, cols)]
        else:  # the block less the coarser block inside it: four strips
            ir = (inner[0] // f, (inner[1] + 1) // f - 1)
            ic = (inner[2] // f, (inner[3] + 1) // f - 1)
            parts = [
                ((rows[0], ir[0] - 1), cols),
                ((ir[1] + 1, rows[1]), cols),
                (ir, (cols[0], ic[0] - 1)),
                (ir, (ic[1] + 1, cols[1])),
            ]
        for (ra, rb), (ca, cb) in parts:
            if ra <= rb and ca <= cb:
                for kind in seen_kinds(user, cells.filter(level=level)):
                    total += _sum_cells(kind, ra, rb, ca, cb)
        inner = (rows[0] * f, (rows[1] + 1) * f - 1, cols[0] * f, (cols[1] + 1) * f - 1)
    return total


def _sum_cells(cells, ra: int, rb: int, ca: int, cb: int) -> int:
    """The sum of the counts in rows ``ra..rb`` and columns ``ca..cb``, read through the index
    of the narrower side (the other side's column is read as an expression, which no index
    offers itself for)."""
    if rb - ra <= cb - ca:
        picked = cells.annotate(c=F("cell_col") + 0).filter(
            cell_row__gte=ra, cell_row__lte=rb, c__gte=ca, c__lte=cb
        )
    else:
        picked = cells.annotate(r=F("cell_row") + 0).filter(
            r__gte=ra, r__lte=rb, cell_col__gte=ca, cell_col__lte=cb
        )
    return picked.aggregate(n=Sum("count"))["n"] or 0


def count_visible(user) -> int:
    """How many records the reader may read (``visible_to(user).count()``): the located ones
    summed from the kept cells of the coarsest level, the others (without a location, few)
    counted through the location's indexes."""
    level = min(mapcells.LEVELS)
    cells = mapcells.MapCell.objects.filter(level=level)
    located = sum(kind.aggregate(n=Sum("count"))["n"] or 0 for kind in seen_kinds(user, cells))
    elsewhere = visible_to(user).filter(Q(lat__isnull=True) | Q(lon__isnull=True)).count()
    return located + elsewhere
