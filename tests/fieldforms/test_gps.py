"""The assessment's field GPS (lat, lon, accuracy) in the API and on the pages (timeline,
monitoring index), as far as the reader may see it: exact for those who see the property's
exact location; for the others the property's own coarse area, exactly as its location is
shown to them, and never the assessor's digits."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield.accounts.models import ApiToken
from shield.monitoring.models import Assessment
from shield.registry.disclosure import location_for
from tests.fieldforms import generate as g

pytestmark = pytest.mark.django_db


def _api(user=None):
    if user is None:
        return Client()
    _t, raw = ApiToken.issue(user, "t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _page(user=None, lang="en"):
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        c.force_login(user)
    return c


@pytest.fixture
def surveyed(users, props, sites, form_bytes):
    """Every site surveyed twice: the refuge (its location confidential) found by GPS."""
    client = _api(users["assessor"])
    client.post("/api/fieldforms/forms", {"file": SimpleUploadedFile("f.xlsx", form_bytes)})
    subs = g.submissions(8, sites)
    r = client.post(
        "/api/fieldforms/imports",
        {"file": SimpleUploadedFile("e.json", g.kobo_json(subs)), "form": g.FORM_ID},
    )
    assert r.status_code == 200, r.content
    refuge = props["refuge"]
    at_refuge = list(Assessment.objects.filter(property=refuge))
    assert len(at_refuge) == 2 and all(a.lat is not None for a in at_refuge)
    return refuge, at_refuge


def _digits(a) -> list[str]:
    """The assessor's point as any output would print it (5 decimals and more)."""
    return [f"{a.lat:.5f}", f"{a.lon:.5f}", f"{a.lat:.4f}", str(a.lat)[:8], str(a.lon)[:7]]


def test_the_api_gives_the_point_to_those_who_see_it(users, surveyed):
    refuge, at_refuge = surveyed
    a = at_refuge[0]
    for who in ("assessor", "secretariat", "officer_nor"):
        body = _api(users[who]).get(f"/api/assessments/{a.pk}").json()
        assert body["location"] == {
            "precision": "exact",
            "lat": a.lat,
            "lon": a.lon,
            "accuracy_m": a.location_accuracy,
        }, who
    public = [a for a in Assessment.objects.exclude(property=refuge) if a.lat is not None][0]
    assert _api().get(f"/api/assessments/{public.pk}").json()["location"]["precision"] == "exact"


@pytest.mark.parametrize("who", [None, "officer_arm", "committee"])
def test_the_api_coarsens_it_as_the_property_for_the_others(users, surveyed, who):
    refuge, at_refuge = surveyed
    reader = users[who] if who else None
    area = location_for(reader, refuge)
    assert area["precision"] == "area"
    client = _api(reader)
    listed = client.get("/api/assessments", {"property": refuge.code})
    assert listed.status_code == 200
    body = listed.content.decode()
    for a in at_refuge:
        got = client.get(f"/api/assessments/{a.pk}").json()["location"]
        assert got == {
            "precision": "area",
            "lat": area["lat"],
            "lon": area["lon"],
            "accuracy_m": None,
        }
        for d in _digits(a):
            assert d not in body, (who, d)


def test_the_pages_show_the_point_or_only_the_area(users, surveyed):
    refuge, at_refuge = surveyed
    a = at_refuge[0]
    exact = _page(users["assessor"]).get(f"/timeline/{refuge.code}/").content.decode()
    assert f"field GPS {a.lat:.5f}, {a.lon:.5f}" in exact
    index = _page(users["assessor"]).get("/monitoring/").content.decode()
    assert f"GPS {a.lat:.5f}, {a.lon:.5f}" in index
    for reader in (None, users["officer_arm"]):
        for lang, word in (
            ("en", "field GPS: area only"),
            ("nb", "GPS-punkt i felt: bare området"),
        ):
            timeline = _page(reader, lang).get(f"/timeline/{refuge.code}/").content.decode()
            assert word in timeline
            index = _page(reader, lang).get("/monitoring/").content.decode()
            assert ("GPS: area only" if lang == "en" else "GPS: bare området") in index
            for page in (timeline, index):
                for x in at_refuge:
                    for d in _digits(x):
                        assert d not in page, (reader, lang, d)
