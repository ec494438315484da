"""The map's data: whole for a small registry, counts per grid cell past POINTS_MAX in view."""

from __future__ import annotations

import pytest

from shield.registry import maplayer, services
from tests.registry.factories import REFUGE, SECRET, record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry(users):
    """Twelve monuments around Yerevan, four around Kyiv, a confidential refuge in Norway, a
    restricted store, and one record without a location."""
    admin = users["admin"]
    for i in range(12):
        services.create_property(
            admin, record(f"t:yer{i}", lat=40.10 + i * 0.01, lon=44.40 + i * 0.01)
        )
    for i in range(4):
        services.create_property(
            admin, record(f"t:kyiv{i}", "UKR", lat=50.40 + i * 0.01, lon=30.50)
        )
    services.create_property(admin, REFUGE)
    services.create_property(admin, SECRET)
    services.create_property(
        admin,
        record("t:nowhere", category="museum", lat=None, lon=None, location_certainty="unknown"),
    )


def test_a_small_registry_goes_whole_as_points(registry, api):
    layer = api().get("/api/map").json()
    assert (
        layer["complete"] is True and layer["total"] == 17
    )  # the store is restricted, one has no place
    assert len(layer["features"]) == 17
    assert not any(f["properties"].get("cluster") for f in layer["features"])
    refuge = next(f for f in layer["features"] if f["properties"]["name"] == "Refuge Nordfjell")
    assert refuge["properties"]["precision"] == "area"


def test_past_points_max_the_map_gets_counts_per_cell(registry, api, monkeypatch):
    monkeypatch.setattr(maplayer, "POINTS_MAX", 5)
    layer = api().get("/api/map", zoom=4).json()
    assert layer["complete"] is False and layer["total"] == 17
    cells = {
        tuple(f["geometry"]["coordinates"]): f["properties"]["count"] for f in layer["features"]
    }
    assert all(f["properties"]["cluster"] for f in layer["features"])
    assert sorted(cells.values()) == [
        1,
        4,
        12,
    ]  # Norway, Kyiv, Yerevan: cells of 5.625 degrees at zoom 4
    lon, lat = next(c for c, n in cells.items() if n == 12)
    assert lat == pytest.approx(40.155) and lon == pytest.approx(44.455)  # the mean of its records

    zoomed = api().get("/api/map", zoom=12, bbox="44.0,39.5,45.0,41.0").json()
    assert zoomed["total"] == 12 and sum(f["properties"]["count"] for f in zoomed["features"]) == 12
    assert len(zoomed["features"]) > 1  # finer cells split the twelve

    few = api().get("/api/map", zoom=12, bbox="30.0,50.0,31.0,51.0").json()
    assert few["total"] == 4 and few["complete"] is False  # points again, but only of this view
    assert {f["properties"]["code"] for f in few["features"]} == {
        f"UKR-0000{i}" for i in range(1, 5)
    }


def test_cells_count_confidential_places_where_the_reader_sees_them(
    registry, api, users, monkeypatch
):
    monkeypatch.setattr(maplayer, "POINTS_MAX", 0)
    anonymous = api().get("/api/map", zoom=18, bbox="8.0,61.0,10.0,62.0")
    body = anonymous.content.decode()
    assert anonymous.json()["total"] == 1
    assert "61.4738" not in body and "8.9163" not in body  # the ~10 km cell's centre, not the point
    assert anonymous.json()["features"][0]["geometry"]["coordinates"] == [8.95, 61.45]
    assert (
        api().get("/api/map", zoom=18, bbox="8.90,61.46,8.93,61.48").json()["total"] == 0
    )  # not found by its point

    exact = api(users["secretariat"]).get("/api/map", zoom=18, bbox="8.0,61.0,10.0,62.0").json()
    assert exact["features"][0]["geometry"]["coordinates"] == [8.91636, 61.47383]
    assert exact["total"] == 1
    assert api(users["secretariat"]).get("/api/map", zoom=2).json()["total"] == 18  # and the store


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"bbox": "1,2,3"}, "bbox: bbox must be four numbers"),
        ({"bbox": "10,50,20,40"}, "bbox: bbox south must not be greater than north"),
        ({"zoom": 19}, "zoom"),
        ({"zoom": "near"}, "zoom"),
    ],
)
def test_bad_map_parameters_are_named(api, params, message):
    response = api().get("/api/map", **params)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_cell_size_halves_with_each_zoom_level():
    assert maplayer.cell_degrees(2) == 22.5
    assert maplayer.cell_degrees(3) == 11.25
    assert maplayer.cell_degrees(40) == maplayer.cell_degrees(maplayer.MAX_ZOOM)
