"""What each reader may see of a property: one place for every door.

Restricted records are invisible to those who may not see them. For records whose
location is confidential, the unauthorised get the ~10 km cell (shield.geo.coarsen) and
never the point, the boundary or the location certainty.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from shield.accounts import roles
from shield.geo import coarsen

from . import staging
from .ids import as_uuid
from .models import CulturalProperty


def visible_to(user, qs: QuerySet | None = None, include_deleted: bool = False) -> QuerySet:
    """Records the user may read. Soft-deleted ones only for the Secretariat and administrators;
    those of an import not yet published (``staging``) for no one."""
    qs = CulturalProperty.objects.all() if qs is None else qs
    qs = qs.exclude(staged_in__in=staging.hidden())
    if not (include_deleted and roles.is_staff_role(user)):
        qs = qs.filter(deleted_at__isnull=True)
    return qs.filter(readable(user))


def readable(user) -> Q:
    """Of the records not deleted, those ``user`` may read: restricted ones only for those who
    see every restricted record, and for a Party's officer, their State's. A condition on
    ``confidentiality`` and ``inventory_state``, so it reads the same on the map's cells
    (``registry.mapcells``) as on the records."""
    if roles.sees_all_restricted(user):
        return Q()
    state = roles.state_of(user) if roles.has_role(user, roles.PARTY_OFFICER) else None
    if state is not None:
        return ~Q(confidentiality="restricted") | Q(inventory_state=state)
    return ~Q(confidentiality="restricted")


def find_visible(user, ref, include_deleted: bool = False) -> CulturalProperty | None:
    """The property a reader means by ``ref`` (its code, external id or UUID), if they may read it."""
    ref = str(ref or "").strip()
    if not ref:
        return None
    qs = visible_to(user, include_deleted=include_deleted).select_related("inventory_state")
    key = as_uuid(ref)
    found = qs.filter(pk=key).first() if key else None
    return found or qs.filter(code=ref).first() or qs.filter(external_id=ref).first()


def sees_exact(user, prop: CulturalProperty) -> bool:
    return prop.confidentiality == "public" or roles.can_see_restricted(user, prop)


def location_for(user, prop: CulturalProperty) -> dict:
    """The location block of any output: exact, coarse, or nothing."""
    if prop.lat is None or prop.lon is None:
        return {
            "precision": "unknown",
            "lat": None,
            "lon": None,
            "area": None,
            "boundary": None,
            "certainty": prop.location_certainty,
        }
    if sees_exact(user, prop):
        return {
            "precision": "exact",
            "lat": prop.lat,
            "lon": prop.lon,
            "area": None,
            "boundary": prop.boundary,
            "certainty": prop.location_certainty,
        }
    area = coarsen(prop.lat, prop.lon)
    return {
        "precision": "area",
        "lat": area.lat,
        "lon": area.lon,
        "area": {"south": area.south, "west": area.west, "north": area.north, "east": area.east},
        "boundary": None,
        "certainty": "general",
    }


def seen_exactly(user) -> Q:
    """The records whose exact point ``user`` sees (``sees_exact``, as a query): the rest are
    seen at their coarse point."""
    if roles.sees_all_restricted(user):
        return Q(pk__isnull=False)
    if roles.has_role(user, roles.PARTY_OFFICER) and roles.state_of(user) is not None:
        return Q(confidentiality="public") | Q(inventory_state=roles.state_of(user))
    return Q(confidentiality="public")


def bbox_filter(user, qs: QuerySet, bbox) -> QuerySet:
    """Filter by a bounding box on what the reader may see, never on hidden points."""
    if bbox.west <= bbox.east:
        return seen_within(user, qs, bbox.south, bbox.north, bbox.west, bbox.east)
    exact = Q(lat__gte=bbox.south, lat__lte=bbox.north)  # crosses the antimeridian
    coarse = Q(coarse_lat__gte=bbox.south, coarse_lat__lte=bbox.north)
    exact &= Q(lon__gte=bbox.west) | Q(lon__lte=bbox.east)
    coarse &= Q(coarse_lon__gte=bbox.west) | Q(coarse_lon__lte=bbox.east)
    return _where_seen(user, qs, exact, coarse)


def seen_within(
    user, qs: QuerySet, south, north, west, east, north_open=False, east_open=False, through=""
) -> QuerySet:
    """The records of ``qs`` the reader sees in a rectangle (west <= east), its north and east
    sides left out where ``north_open``/``east_open`` (the parts of a box that a grid's cells
    do not cover, ``maplayer.count_in_box``). ``through`` ("lat" or "lon"): the side whose
    index is to be read (a narrow strip's); the other side is compared as an expression, which
    no index offers itself for (SQLite keeps no histogram to choose by)."""
    names = {"lat": "lat", "lon": "lon", "coarse_lat": "coarse_lat", "coarse_lon": "coarse_lon"}
    if through:
        other = "lon" if through == "lat" else "lat"
        for field in (other, f"coarse_{other}"):
            names[field] = f"{field}_read"
            qs = qs.annotate(**{f"{field}_read": F(field) + 0.0})

    def within(lat: str, lon: str) -> Q:
        lat, lon = names[lat], names[lon]
        return Q(
            **{
                f"{lat}__gte": south,
                f"{lat}__lt" if north_open else f"{lat}__lte": north,
                f"{lon}__gte": west,
                f"{lon}__lt" if east_open else f"{lon}__lte": east,
            }
        )

    return _where_seen(user, qs, within("lat", "lon"), within("coarse_lat", "coarse_lon"))


def _where_seen(user, qs: QuerySet, exact: Q, coarse: Q) -> QuerySet:
    """``exact`` on the points the reader sees exactly, ``coarse`` on the others' coarse points."""
    if roles.sees_all_restricted(user):
        return qs.filter(exact)
    seen = seen_exactly(user)
    return qs.filter(seen & exact | ~seen & coarse)


_LOCATION_KEYS = {"lat", "lon", "boundary", "location_certainty"}


def redact_changes(changes):
    """Audit changes without location fields, for readers who may not see the exact point."""
    if isinstance(changes, dict):
        return {
            k: ("[confidential]" if k in _LOCATION_KEYS else redact_changes(v))
            for k, v in changes.items()
        }
    if isinstance(changes, list):
        return [redact_changes(v) for v in changes]
    return changes
