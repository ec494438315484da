"""The sites a reader is screened against, on a date: immovable property with a location that
the reader may read; at its point or boundary where the reader sees it exactly, else as its
area of about 10 km (``shield.geo.coarsen``), so that no distance reveals a hidden point."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db.models import BooleanField, Case, Value, When

from shield.geo import boundary as bnd
from shield.geo import coarsen
from shield.geo.screening import BufferPolicy, SiteIndex
from shield.registry.disclosure import seen_exactly, visible_to
from shield.registry.models import ProtectionEvent
from shield.registry.protection import Event
from shield.registry.vocab import MOVABLE_CATEGORIES
from shield.treaty import protection as law

from .models import PropertyBuffer


@dataclass(frozen=True)
class Site:
    pk: str
    code: str
    category: str
    state: str
    synthetic: bool
    precision: str  # "exact" or "area"
    lat: float  # the point, or the area's centre
    lon: float
    measured_to: str  # "point", "boundary" or "area"
    area: dict | None  # south, west, north, east: the area's bounds
    levels: tuple[str, ...]
    buffer_m: float
    own_buffer: bool


@dataclass(frozen=True)
class Sites:
    rows: list[Site]
    index: SiteIndex


@cache
def _general(category: str, on: date) -> tuple[str, ...]:
    return tuple(law.levels_in_force(category, [], on).result)


def levels_by_property(pks: list, categories: dict, on: date) -> dict[str, tuple[str, ...]]:
    """The levels in force on ``on`` of each property (general protection for every cultural
    property; special and enhanced from the events up to that day)."""
    events: dict[str, list[Event]] = defaultdict(list)
    rows = ProtectionEvent.objects.filter(property_id__in=pks, effective_date__lte=on)
    for pid, level, action, when, basis in rows.values_list(
        "property_id", "level", "action", "effective_date", "basis"
    ).order_by("effective_date", "id"):
        events[str(pid)].append(Event(level, action, when, basis))
    out = {}
    for pk in pks:
        key = str(pk)
        cat = categories[key]
        out[key] = (
            tuple(law.levels_in_force(cat, events[key], on).result)
            if key in events
            else _general(cat, on)
        )
    return out


def area_boundary(a) -> bnd.Boundary:
    """The area's cell as a ring, each side in ten steps (its north and south sides follow
    their parallels to within centimetres)."""
    steps = [i / 10 for i in range(11)]
    ring = (
        [(a.west + (a.east - a.west) * t, a.south) for t in steps]
        + [(a.east, a.south + (a.north - a.south) * t) for t in steps[1:]]
        + [(a.east - (a.east - a.west) * t, a.north) for t in steps[1:]]
        + [(a.west, a.north - (a.north - a.south) * t) for t in steps[1:]]
    )
    return bnd.from_polygons([[ring]])


def for_reader(user, on: date, buffers: BufferPolicy, bbox=None) -> Sites:
    qs = visible_to(user).exclude(lat=None).exclude(lon=None)
    qs = qs.exclude(category__in=MOVABLE_CATEGORIES)
    if bbox is not None:
        from shield.registry.disclosure import bbox_filter

        qs = bbox_filter(user, qs, bbox)
    qs = qs.annotate(
        exact=Case(
            When(seen_exactly(user), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    raw = list(
        qs.values_list(
            "pk",
            "code",
            "category",
            "inventory_state__code",
            "synthetic",
            "exact",
            "lat",
            "lon",
            "boundary",
        ).order_by("code")
    )
    pks = [r[0] for r in raw]
    levels = levels_by_property(pks, {str(r[0]): r[2] for r in raw}, on)
    own = dict(
        PropertyBuffer.objects.filter(property_id__in=pks).values_list("property_id", "buffer_m")
    )
    rows: list[Site] = []
    shapes: dict[int, bnd.Boundary] = {}
    for i, (pk, code, cat, state, synthetic, exact, lat, lon, boundary) in enumerate(raw):
        lv = levels[str(pk)]
        buffer_m = buffers.buffer_for(lv, own.get(pk))
        if exact:
            measured = "point"
            if boundary:
                try:
                    shapes[i] = bnd.parse(boundary)
                    measured = "boundary"
                except bnd.BadBoundary:
                    pass  # screened at its point; the registry's own checks report the outline
            rows.append(
                Site(
                    str(pk),
                    code,
                    cat,
                    state,
                    synthetic,
                    "exact",
                    lat,
                    lon,
                    measured,
                    None,
                    lv,
                    buffer_m,
                    pk in own,
                )
            )
        else:
            a = coarsen(lat, lon)
            shapes[i] = area_boundary(a)
            bounds = {"south": a.south, "west": a.west, "north": a.north, "east": a.east}
            rows.append(
                Site(
                    str(pk),
                    code,
                    cat,
                    state,
                    synthetic,
                    "area",
                    a.lat,
                    a.lon,
                    "area",
                    bounds,
                    lv,
                    buffer_m,
                    pk in own,
                )
            )
    index = SiteIndex.build(
        [s.lat for s in rows], [s.lon for s in rows], [s.buffer_m for s in rows], shapes
    )
    return Sites(rows, index)
