"""The map's layer of property: every located record as a point, or clusters where many are in view.

A registry of a few thousand records goes to the browser whole, and the browser clusters
it. A larger one would not (a million points are some 200 MB of GeoJSON): past
``POINTS_MAX`` records in view, the database counts them per cell of a grid whose cells
shrink as the reader zooms in, and the map shows each cell as one cluster with its count,
placed at the mean of its records. Both count each record where the reader may see it: at
its exact point, or at the centre of its ~10 km cell when its location is confidential
(``disclosure``), so neither a cluster's place nor its count tells more than the points
would. Clusters are kept per version of the registry (``aggregates``): the world view of a
million records is counted once after each change, not at every request.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Avg, Case, Count, F, FloatField, When
from django.db.models.functions import Floor

from . import aggregates
from .disclosure import bbox_filter, location_for, seen_exactly

POINTS_MAX = 2000  # records in view up to which they go as points
MAX_ZOOM = 18


def cell_degrees(zoom: int) -> float:
    """The side of a grid cell at a web-map zoom level: a quarter of a 256-pixel tile, so that
    clusters sit some 64 pixels apart and their 40-pixel labels do not cover each other."""
    return 360 / 2 ** max(0, min(zoom, MAX_ZOOM)) / 4


def map_layer(user, qs, lang: str, bbox=None, zoom: int = 2) -> dict:
    """A GeoJSON FeatureCollection of the records of ``qs`` that have a location (in ``bbox``,
    if given), with ``total`` (how many are in view) and ``complete`` (true when the
    features are every such record, as points: the browser may cluster them itself)."""
    located = qs.filter(lat__isnull=False, lon__isnull=False)
    if bbox is not None:
        located = bbox_filter(user, located, bbox)
    cell = cell_degrees(zoom)
    # Clusters (no names in them) are kept per version of the registry and per view: the
    # query's SQL holds what the reader may see and the bbox; where they see points exactly
    # is part of the key too (registry.aggregates).
    key = aggregates.query_key("map", located, str(seen_exactly(user)), cell)
    found = cache.get(key)
    if found is not None:
        return found
    total = located.count()
    if total <= POINTS_MAX:
        features = [
            _point(user, prop, lang)
            for prop in located.select_related("inventory_state").prefetch_related("names")
        ]
        complete = bbox is None
    else:
        features = _clusters(user, located, cell)
        complete = False
    layer = {
        "type": "FeatureCollection",
        "features": features,
        "total": total,
        "complete": complete,
    }
    if total > POINTS_MAX and total >= aggregates.KEEP_FROM:
        cache.set(key, layer, aggregates.KEEP_FOR)
    return layer


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
        },
    }


def _clusters(user, located, cell: float) -> list[dict]:
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
        .annotate(count=Count("pk"), lat=Avg("seen_lat"), lon=Avg("seen_lon"))
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(r["lon"], 5), round(r["lat"], 5)]},
            "properties": {"cluster": True, "count": r["count"]},
        }
        for r in rows
    ]
