"""Every map's data says which records are invented: ``synthetic`` true or false on each point
of ``/api/map``, ``/api/list.geojson``, ``/api/monitoring/map``, the search results' embedded
points and the OGC API collections (the popups mark them: test_synthetic_maps_browser.py)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.test import Client

from shield.registry import maplayer, services
from tests.monitoring.helpers import assessment
from tests.registry.factories import GANDZASAR, INVENTED, REFUGE, SHUSHA

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(users):
    """Real Gandzasar (on the List), an invented fortress (on the List), real Shusha with an
    invented assessment, and the confidential refuge (real, an area on the maps)."""
    admin = users["admin"]
    out = {
        "real": services.create_property(admin, GANDZASAR),
        "invented": services.create_property(admin, INVENTED),
        "shusha": services.create_property(admin, SHUSHA),
        "refuge": services.create_property(admin, REFUGE),
    }
    for key in ("real", "invented", "refuge"):
        services.add_protection_event(admin, out[key], "enhanced", "granted", date(2024, 5, 1), "t")
    assessment(users["assessor"], out["real"], condition="good")
    assessment(users["assessor"], out["invented"], condition="poor")
    assessment(users["assessor"], out["shusha"], condition="poor", synthetic=True)
    assessment(users["assessor"], out["refuge"], condition="good")
    return out


def _flags(features, key="code") -> dict:
    return {f["properties"][key]: f["properties"]["synthetic"] for f in features}


def test_the_world_map_points_say_which_are_synthetic(made, api):
    layer = api().get("/api/map").json()
    assert layer["complete"] is True
    assert _flags(layer["features"]) == {
        made["real"].code: False,
        made["invented"].code: True,
        made["shusha"].code: False,
        made["refuge"].code: False,
    }
    for f in layer["features"]:
        assert f["properties"]["synthetic"] is made[_key(made, f)].synthetic


def _key(made, feature) -> str:
    return next(k for k, p in made.items() if p.code == feature["properties"]["code"])


def test_clusters_carry_no_flag_and_no_name(made, api, monkeypatch):
    monkeypatch.setattr(maplayer, "POINTS_MAX", 1)
    layer = api().get("/api/map", zoom=3).json()
    assert layer["complete"] is False and layer["features"]
    for f in layer["features"]:
        assert set(f["properties"]) == {"cluster", "count"}


def test_the_list_geojson_says_which_entries_are_synthetic(made, api):
    fc = api().get("/api/list.geojson").json()
    assert _flags(fc["features"]) == {
        made["real"].code: False,
        made["invented"].code: True,
        made["refuge"].code: False,
    }
    assert fc["synthetic_entries"] == 1


def test_the_condition_map_says_synthetic_for_the_property_or_its_latest_assessment(made, api):
    features = api().get("/api/monitoring/map").json()["features"]
    assert _flags(features) == {
        made["real"].code: False,
        made["invented"].code: True,  # an invented property
        made["shusha"].code: True,  # a real property, its latest assessment invented
        made["refuge"].code: False,
    }


def test_the_condition_map_follows_the_latest_assessment(made, users, api):
    # a real assessment after the invented one: Shusha's condition now rests on a real finding
    assessment(users["assessor"], made["shusha"], condition="good", assessed_on="2021-06-01")
    features = api().get("/api/monitoring/map").json()["features"]
    assert _flags(features)[made["shusha"].code] is False


def _results_points(html: str) -> list[dict]:
    found = re.search(r'<script id="results-points" type="application/json">(.*?)</script>', html)
    assert found, "no results-points"
    return json.loads(found.group(1))


def test_the_search_results_points_say_which_are_synthetic(made):
    html = Client().get("/search/", {"state": "ARM"}).content.decode()
    points = _results_points(html)
    assert {p["code"]: p["synthetic"] for p in points} == {
        made["real"].code: False,
        made["invented"].code: True,
    }
    assert 'data-synthetic-label="synthetic demo data"' in html
    # and in Norwegian: the same words as the pages' badge
    nb = Client(headers={"Accept-Language": "nb"}).get("/search/", {"state": "ARM"})
    assert 'data-synthetic-label="syntetiske demodata"' in nb.content.decode()


def test_the_ogc_collections_say_which_are_synthetic(made, api):
    registry = api().get("/ogc/collections/registry/items", f="json", limit=50).json()
    by_name = {
        f["properties"]["external_id"]: f["properties"]["synthetic"] for f in registry["features"]
    }
    assert by_name["t:invented"] is True and by_name[GANDZASAR["external_id"]] is False

    listed = api().get("/ogc/collections/list/items", f="json").json()
    assert _flags(listed["features"]) == {
        made["real"].code: False,
        made["invented"].code: True,
        made["refuge"].code: False,
    }

    assessed = api().get("/ogc/collections/assessments/items", f="json", limit=50).json()
    flags = {
        (f["properties"]["property"], f["properties"]["synthetic"]) for f in assessed["features"]
    }
    assert (made["shusha"].code, True) in flags
    assert (made["real"].code, False) in flags


def test_map_pages_carry_the_word_for_synthetic_in_the_readers_language(made):
    for path, ident in (
        ("/map/", "world-map"),
        ("/", "world-map"),
        ("/list/", "list-map"),
        ("/conditions/", "condition-map"),
    ):
        for lang, words in (("en", "synthetic demo data"), ("nb", "syntetiske demodata")):
            r = Client(headers={"Accept-Language": lang}).get(path)
            assert r.status_code == 200, (path, lang)
            tag = re.search(rf'<div id="{ident}"[^>]*>', r.content.decode())
            assert tag is not None, (path, ident)
            assert f'data-synthetic-label="{words}"' in tag.group(0), (path, lang)
