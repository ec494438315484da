"""OGC API - Features at /ogc/: read by GDAL's OAPIF driver (``ogrinfo``) over a real HTTP
server, and checked against Part 1: Core (landing page, conformance, collections, items with
bbox, datetime, limit and paging, single features, 400s and 404s) with the reader's rights."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
from django.test import Client

from shield.monitoring import services as monitoring
from shield.registry import services
from tests.registry.factories import REFUGE, SECRET, SHUSHA, record

pytestmark = pytest.mark.django_db(transaction=True)

GRANTED = {
    "level": "enhanced",
    "action": "granted",
    "effective_date": "2020-01-10",
    "basis": "a decision of the Committee",
    "note": "a test source",
}
LISTED = record("t:listed", "ARM", lat=40.18, lon=44.51, protection=[GRANTED])
GONE = record("t:gone", "GEO", lat=41.7, lon=44.8)


@pytest.fixture
def world(users):
    admin = users["admin"]
    props = {
        rec["external_id"]: services.create_property(admin, rec)
        for rec in (REFUGE, SECRET, SHUSHA, LISTED, GONE)
    }
    services.delete_property(admin, props["t:gone"], "a test of what is hidden")
    assessed = {}
    for ext, day, lat, lon in (
        ("t:refuge", "2021-03-01", 61.473711, 8.916122),  # the field GPS at a hidden refuge
        ("t:shusha", "2022-06-15", 39.7581, 46.7512),
        ("t:secret", "2021-04-01", 49.837255, 24.031541),
    ):
        assessed[ext] = monitoring.create_assessment(
            admin,
            {
                "property": props[ext].code,
                "assessed_on": day,
                "method": "field",
                "condition": "poor",
                "damage_extent": "11-30",
                "assessor": "Field team A",
                "lat": lat,
                "lon": lon,
            },
        )
    return props, assessed


def ogrinfo(*args: str) -> str:
    if not shutil.which("ogrinfo"):
        if os.environ.get("CI") == "true":
            pytest.fail("ogrinfo is needed under CI (apt-get install gdal-bin)")
        pytest.skip("no ogrinfo (Debian's gdal-bin) on this machine")
    done = subprocess.run(
        ["ogrinfo", "-ro", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "GDAL_HTTP_TIMEOUT": "60",
            "CPL_DEBUG": "OFF",
            "NO_PROXY": "127.0.0.1,localhost",  # the live server is local, whatever proxy is set
            "no_proxy": "127.0.0.1,localhost",
        },
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ogrinfo_lists_the_collections_and_counts_their_features(world, live_server):
    source = f"OAPIF:{live_server.url}/ogc/"
    listing = ogrinfo(source, "-so")
    for layer in ("registry", "list", "assessments"):
        assert re.search(rf"^\d+: {layer}\b", listing, re.M), listing
    # anonymous: the restricted refuge and the deleted record are not there
    registry = ogrinfo(source, "-so", "registry")
    assert re.search(r"Feature Count: 3\b", registry), registry
    the_list = ogrinfo(source, "-so", "list")
    assert re.search(r"Feature Count: 1\b", the_list), the_list
    # every feature read through the pages (limit 1: GDAL follows the next links)
    paged = ogrinfo(f"OAPIF:{live_server.url}/ogc/", "-oo", "PAGE_SIZE=1", "registry")
    assert len(re.findall(r"^OGRFeature\(registry\):", paged, re.M)) == 3, paged
    assert "Refuge Nordfjell" in paged and "Shusha" in paged
    assert "Kalyna" not in paged and "61.4738" not in paged and "8.9163" not in paged
    assessments = ogrinfo(source, "assessments")
    assert len(re.findall(r"^OGRFeature\(assessments\):", assessments, re.M)) == 2


def test_landing_conformance_and_collections(world):
    anonymous = Client()
    landing = anonymous.get("/ogc/")
    assert landing.status_code == 200 and landing["Content-Type"] == "application/json"
    rels = {link["rel"]: link["href"] for link in landing.json()["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= set(rels)
    assert rels["conformance"].endswith("/ogc/conformance")
    conforms = anonymous.get(rels["conformance"]).json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conforms
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conforms
    definition = anonymous.get(rels["service-desc"])
    assert definition.json()["openapi"].startswith("3.0")
    assert "/collections/{collectionId}/items" in definition.json()["paths"]
    found = anonymous.get(rels["data"]).json()["collections"]
    assert [c["id"] for c in found] == ["registry", "list", "assessments"]
    one = anonymous.get("/ogc/collections/list").json()
    assert one["id"] == "list" and any(link["rel"] == "items" for link in one["links"])
    assert anonymous.get("/ogc/collections/nothing").status_code == 404
    assert anonymous.post("/ogc/collections").status_code == 405


def test_items_page_with_next_and_prev(world):
    anonymous = Client()
    first = anonymous.get("/ogc/collections/registry/items", {"limit": 2})
    assert first.status_code == 200 and first["Content-Type"] == "application/geo+json"
    body = first.json()
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == 3 and body["numberReturned"] == 2
    links = {link["rel"]: link["href"] for link in body["links"]}
    assert "prev" not in links and "offset=2" in links["next"]
    second = anonymous.get(links["next"]).json()
    assert second["numberReturned"] == 1
    links2 = {link["rel"]: link["href"] for link in second["links"]}
    assert "next" not in links2 and "prev" in links2
    codes = [f["properties"]["code"] for f in body["features"] + second["features"]]
    assert codes == sorted(codes) and len(set(codes)) == 3
    # a feature by its id or its code, as the items give it
    feature = body["features"][0]
    by_id = anonymous.get(f"/ogc/collections/registry/items/{feature['id']}")
    assert by_id.status_code == 200 and by_id.json()["properties"] == feature["properties"]
    code = feature["properties"]["code"]
    assert anonymous.get(f"/ogc/collections/registry/items/{code}").json()["id"] == feature["id"]


def test_limit_default_and_maximum(world):
    anonymous = Client()
    default = anonymous.get("/ogc/collections/registry/items").json()
    assert default["numberReturned"] == 3
    assert "limit=10" in next(x["href"] for x in default["links"] if x["rel"] == "self")
    big = anonymous.get("/ogc/collections/registry/items", {"limit": 50000}).json()
    assert "limit=1000" in next(x["href"] for x in big["links"] if x["rel"] == "self")


@pytest.mark.parametrize(
    "query,field",
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "100001"}, "offset"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "200,0,210,10"}, "bbox"),
        ({"bbox": "0,10,10,0"}, "bbox"),
        ({"datetime": "yesterday"}, "datetime"),
        ({"datetime": "2024-02-30"}, "datetime"),
        ({"datetime": "2024-05-01/2024-01-01"}, "datetime"),
        ({"f": "html"}, "f"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_are_400_with_the_error_body(world, query, field):
    answer = Client().get("/ogc/collections/assessments/items", query)
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["error"] and [e["field"] for e in body["errors"]] == [field]


def test_not_found(world):
    anonymous = Client()
    for url in (
        "/ogc/collections/nothing/items",
        "/ogc/collections/registry/items/NOR-99999",
        "/ogc/collections/assessments/items/not-a-uuid",
        "/ogc/collections/list/items/UKR-00001",
    ):
        answer = anonymous.get(url)
        assert answer.status_code == 404 and answer.json()["error"], url


def test_the_list_on_a_date(world):
    anonymous = Client()
    today = anonymous.get("/ogc/collections/list/items").json()
    assert [f["properties"]["code"] for f in today["features"]] == [world[0]["t:listed"].code]
    assert today["features"][0]["id"] == world[0]["t:listed"].code
    before = anonymous.get("/ogc/collections/list/items", {"datetime": "2019-12-31"}).json()
    assert before["numberMatched"] == 0 and before["features"] == []
    on = anonymous.get("/ogc/collections/list/items", {"on": "2020-01-10"}).json()
    assert on["numberMatched"] == 1
    stamp = {"datetime": "2020-01-10T10:00:00Z"}
    assert anonymous.get("/ogc/collections/list/items", stamp).json()["numberMatched"] == 1
    interval = anonymous.get("/ogc/collections/list/items", {"datetime": "2019-01-01/.."})
    assert interval.status_code == 400 and interval.json()["errors"][0]["field"] == "datetime"
    code = world[0]["t:listed"].code
    assert (
        anonymous.get(f"/ogc/collections/list/items/{code}", {"on": "2019-01-01"}).status_code
        == 404
    )
    assert anonymous.get(f"/ogc/collections/list/items/{code}").status_code == 200


def test_bbox_and_datetime_on_assessments(world):
    anonymous = Client()
    url = "/ogc/collections/assessments/items"
    every = anonymous.get(url).json()
    assert every["numberMatched"] == 2  # the restricted refuge's assessment is not there
    days = [f["properties"]["assessed_on"] for f in every["features"]]
    assert days == ["2021-03-01", "2022-06-15"]
    assert anonymous.get(url, {"datetime": "2022-01-01/.."}).json()["numberMatched"] == 1
    assert anonymous.get(url, {"datetime": "../2021-12-31"}).json()["numberMatched"] == 1
    assert anonymous.get(url, {"datetime": "2021-03-01"}).json()["numberMatched"] == 1
    assert anonymous.get(url, {"datetime": "../.."}).json()["numberMatched"] == 2
    caucasus = anonymous.get(url, {"bbox": "44,38,48,41"}).json()
    assert [f["properties"]["property"] for f in caucasus["features"]] == [
        world[0]["t:shusha"].code
    ]
    assert anonymous.get(url, {"bbox": "44,38,0,48,41,100"}).json()["numberMatched"] == 1
    registry = anonymous.get("/ogc/collections/registry/items", {"bbox": "44,38,48,41"}).json()
    assert registry["numberMatched"] == 2


def test_the_readers_rights_apply(world, users, api):
    props, assessed = world
    admin = api(users["admin"])
    secret = props["t:secret"].code
    assert Client().get(f"/ogc/collections/registry/items/{secret}").status_code == 404
    mine = admin.get(f"/ogc/collections/registry/items/{secret}")
    assert mine.status_code == 200 and mine.json()["geometry"]["coordinates"][1] == pytest.approx(
        49.837261
    )
    assert admin.get("/ogc/collections/registry/items").json()["numberMatched"] == 4
    refuge = assessed["t:refuge"].pk
    exact = admin.get(f"/ogc/collections/assessments/items/{refuge}").json()
    assert exact["properties"]["location_precision"] == "exact"
    coarse = Client().get(f"/ogc/collections/assessments/items/{refuge}").json()
    assert coarse["properties"]["location_precision"] == "area"
    assert "61.4737" not in json.dumps(coarse)
