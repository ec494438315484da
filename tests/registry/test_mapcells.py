"""The map's kept cell counts (registry.mapcells) follow every write, and the map read from them
is the map counted from the records: the same clusters, confidential points never exact."""

from __future__ import annotations

import csv
import io
import math
import random

import pytest
from django.db import connection

from shield.geo import parse_bbox
from shield.registry import mapcells, maplayer, services
from shield.registry import models as registry_models
from shield.registry.bigimport import exclusive
from shield.registry.disclosure import bbox_filter, visible_to
from shield.registry.mapcells import MapCell
from shield.registry.models import CulturalProperty, coarse_point
from shield.registry.transfer import import_bytes
from tests.registry.factories import REFUGE, SECRET, record

pytestmark = pytest.mark.django_db(transaction=True)


def kept() -> dict:
    return {
        (c.level, c.coarse, c.cell_row, c.cell_col, c.confidentiality, c.inventory_state_id): (
            c.count,
            round(c.sum_lat, 6),
            round(c.sum_lon, 6),
        )
        for c in MapCell.objects.filter(count__gt=0)
    }


def counted() -> dict:
    """The cells as a plain computation from the records reads them."""
    out: dict = {}
    for p in visible_to(_everyone()).filter(lat__isnull=False, lon__isnull=False):
        for level in mapcells.LEVELS:
            size = mapcells.cell_size(level)
            points = [(False, p.lat, p.lon)]
            if p.confidentiality != "public":
                points.append((True, p.coarse_lat, p.coarse_lon))
            for coarse, lat, lon in points:
                key = (
                    level,
                    coarse,
                    math.floor(lat / size),
                    math.floor(lon / size),
                    p.confidentiality,
                    p.inventory_state_id,
                )
                n, la, lo = out.get(key, (0, 0.0, 0.0))
                out[key] = (n + 1, la + lat, lo + lon)
    return {k: (n, round(la, 6), round(lo, 6)) for k, (n, la, lo) in out.items()}


def _everyone():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


def _same():
    assert kept() == counted()
    for user in (None, _everyone()):  # the home page's count, from the cells
        assert maplayer.count_visible(user) == visible_to(user).count()


def _csv(prefix: str, n: int, shift: float = 0.0) -> bytes:
    rnd = random.Random(n)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["external_id", "category", "state", "name:en", "lat", "lon", "confidentiality"])
    for i in range(n):
        w.writerow(
            [
                f"{prefix}:{i}",
                "monument",
                ["ARM", "AZE", "NOR"][i % 3],
                f"Place {prefix} {i}",
                f"{rnd.uniform(-60, 70) + shift:.5f}",
                f"{rnd.uniform(-179, 179):.5f}",
                ["public", "public", "location", "restricted"][i % 4],
            ]
        )
    return out.getvalue().encode()


def test_the_cells_follow_every_write(users):
    admin = users["admin"]
    _same()  # nothing yet
    a = services.create_property(admin, record("t:a", lat=40.1, lon=44.5))
    refuge = services.create_property(admin, REFUGE)
    services.create_property(admin, SECRET)
    services.create_property(
        admin, record("t:none", lat=None, lon=None, location_certainty="unknown")
    )
    _same()
    services.update_property(admin, a, {**record("t:a"), "lat": -33.9, "lon": 151.2})  # moved
    services.update_property(admin, refuge, {**REFUGE, "confidentiality": "public"})
    _same()
    services.delete_property(admin, a, "test")  # soft: not counted
    _same()
    services.restore_property(admin, a)
    _same()
    CulturalProperty.objects.filter(pk=refuge.pk).update(lat=10.0, lon=-170.0)  # raw update
    CulturalProperty.objects.filter(pk=a.pk).delete()
    _same()
    lat, lon = 59.9, 10.7
    clat, clon = coarse_point(lat, lon)
    CulturalProperty.objects.bulk_create(
        [
            CulturalProperty(
                code=f"NOR-9{i:04d}",
                category="monument",
                inventory_state_id=refuge.inventory_state_id,
                lat=lat,
                lon=lon,
                coarse_lat=clat,
                coarse_lon=clon,
                confidentiality="location",
            )
            for i in range(5)
        ]
    )
    _same()


@pytest.mark.parametrize("parallel", [False, True])
def test_the_cells_follow_imports_and_reimports(users, settings, parallel):
    if parallel:  # the big import (registry.bigimport, registry.bulk)
        settings.SHIELD_IMPORT_PARALLEL_FROM = 200
        settings.SHIELD_IMPORT_BATCH = 50
    admin = users["admin"]
    import_bytes(admin, _csv("imp", 300), "first.csv")
    assert sum(n for n, _la, _lo in kept().values()) > 0
    _same()
    import_bytes(admin, _csv("imp", 300, shift=5.0), "moved.csv")  # the same records, moved
    _same()


def test_the_cells_follow_an_exclusive_load(users, settings):
    """The one-transaction load (bigimport.exclusive) takes the trigger off and adds the cells
    its worker processes counted (bulk.count_cells) to those of the records there were."""
    settings.SHIELD_IMPORT_PARALLEL_FROM = 200
    settings.SHIELD_IMPORT_BATCH = 50
    admin = users["admin"]
    services.create_property(admin, record("t:a", lat=40.1, lon=44.5))
    services.create_property(admin, SECRET)
    with exclusive():
        result = import_bytes(admin, _csv("ex", 300), "ex.csv")
    assert result.workers >= 1 and result.created == 300
    _same()
    with exclusive():
        import_bytes(admin, _csv("more", 250, shift=3.0), "more.csv")
    _same()


def test_staged_records_count_once_published(users):
    StagedImport = getattr(registry_models, "StagedImport", None)
    if StagedImport is None:
        pytest.skip("imports are not staged here")
    admin = users["admin"]
    services.create_property(admin, record("t:a"))
    before = kept()
    stage = StagedImport.objects.create(file="x.csv", actor_label="t", host="h", pid=1)
    lat, lon = 41.7, 44.8
    clat, clon = coarse_point(lat, lon)
    CulturalProperty.objects.bulk_create(
        [
            CulturalProperty(
                code=f"GEO-9{i:04d}",
                category="monument",
                inventory_state=_state("GEO"),
                lat=lat,
                lon=lon,
                coarse_lat=clat,
                coarse_lon=clon,
                staged_in=stage.pk,
            )
            for i in range(3)
        ]
    )
    assert kept() == before  # hidden until published
    StagedImport.objects.filter(pk=stage.pk).update(published_in=1)
    _same()
    assert kept() != before


@pytest.fixture
def spread(users):
    """Records over the world, some confidential, some restricted, across the antimeridian."""
    rnd = random.Random(7)
    made = []
    for i in range(400):
        lat, lon = rnd.uniform(-70, 75), rnd.uniform(-180, 180)
        clat, clon = coarse_point(lat, lon)
        made.append(
            CulturalProperty(
                code=f"S-{i:05d}",
                category="monument",
                inventory_state=_state(["ARM", "AZE", "NOR"][i % 3]),
                lat=lat,
                lon=lon,
                coarse_lat=clat,
                coarse_lon=clon,
                confidentiality=["public", "public", "location", "restricted"][i % 4],
            )
        )
    CulturalProperty.objects.bulk_create(made)


def _state(code: str):
    from shield.parties.models import State

    return State.objects.get(code=code)


def _rounded(clusters) -> list:
    return sorted((n, round(lat, 6), round(lon, 6)) for n, lat, lon in clusters)


@pytest.mark.parametrize("zoom", [0, 2, 3, 4, 6, 7, 9])
@pytest.mark.parametrize(
    "box", [None, "-180,-85,180,85", "20,35,50,60", "170,-10,-170,60", "44,39,46,41"]
)
def test_clusters_are_the_same_whichever_way_they_are_read(spread, users, zoom, box):
    bbox = parse_bbox(box) if box else None
    for user in (None, users["admin"], users["officer_aze"], users["assessor"]):
        located = visible_to(user).filter(lat__isnull=False, lon__isnull=False)
        z = maplayer.bounded_zoom(zoom, bbox)
        assert _rounded(maplayer._kept_clusters(user, bbox, z)) == _rounded(
            maplayer._counted_clusters(user, located, bbox, z)
        )


def test_a_confidential_point_is_never_a_cluster_of_its_own(users, monkeypatch):
    monkeypatch.setattr(maplayer, "POINTS_MAX", 0)
    services.create_property(users["admin"], REFUGE)
    for user, expected in ((None, [8.95, 61.45]), (users["secretariat"], [8.91636, 61.47383])):
        layer = maplayer.map_layer(user, visible_to(user), "en", zoom=9)
        assert [f["geometry"]["coordinates"] for f in layer["features"]] == [expected]
        assert layer["total"] == 1


def test_the_world_view_reads_the_kept_cells_only(spread, users, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(maplayer, "POINTS_MAX", 10)
    with CaptureQueriesContext(connection) as q:
        layer = maplayer.map_layer(None, visible_to(None), "en", parse_bbox("-180,-85,180,85"), 2)
    assert layer["total"] == sum(f["properties"]["count"] for f in layer["features"])
    grouped = [x["sql"] for x in q.captured_queries if "GROUP BY" in x["sql"]]
    assert grouped and all("registry_mapcell" in sql for sql in grouped)


BOXES = [
    "-180,-90,180,90",
    "-180,-85,180,85",
    "20,35,50,60",
    "170,-10,-170,60",
    "44,39,46,41",
    "-0.3,-0.2,0.1,0.4",
    "-100,-60,-10.25,12.5",
    "8.9,61.4,9.0,61.5",
]


@pytest.mark.parametrize("box", BOXES)
def test_a_box_counted_from_the_cells_is_the_box_counted_from_the_records(spread, users, box):
    bbox = parse_bbox(box)
    services.create_property(users["admin"], REFUGE)  # a confidential point near a cell's edge
    for user in (None, users["admin"], users["officer_aze"], users["assessor"]):
        plain = bbox_filter(user, visible_to(user), bbox).count()
        assert maplayer.count_in_box(user, bbox) == plain


def test_random_boxes_count_the_same(spread, users):
    rnd = random.Random(3)
    for _ in range(40):
        south, north = sorted(rnd.uniform(-90, 90) for _ in range(2))
        west, east = (rnd.uniform(-180, 180) for _ in range(2))
        bbox = parse_bbox(f"{west},{south},{east},{north}")
        for user in (None, users["officer_aze"]):
            assert maplayer.count_in_box(user, bbox) == (
                bbox_filter(user, visible_to(user), bbox).count()
            )
