"""The demo loads once and changes nothing the second time; field forms and refusals over the API."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from shield.accounts.models import ApiToken
from shield.monitoring import demo
from shield.monitoring.models import AccessRefusal, Assessment, Incident, Mission
from shield.registry import services as registry
from tests.registry.factories import record

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_is_idempotent_and_skips_missing_properties(users):
    registry.create_property(
        users["admin"],
        record("demo:ghazanchetsots", "ARM", names=[{"text": "Ghazanchetsots", "lang": "en"}]),
    )
    first = demo.load()
    assert "1 mission, 2 assessments, 1 incidents, 1 evidence file created" in first
    counts = (Mission.objects.count(), Assessment.objects.count(), Incident.objects.count())
    assert demo.load().endswith("0 mission, 0 assessments, 0 incidents, 0 evidence file created")
    assert (Mission.objects.count(), Assessment.objects.count(), Incident.objects.count()) == counts
    assert Incident.objects.get().status == "verified"


def _file(text, name):
    f = io.BytesIO(text.encode())
    f.name = name
    return f


def test_field_form_import_over_the_api_all_or_nothing(users, props):
    _t, raw = ApiToken.issue(users["assessor"], "t")
    mapping = json.dumps(
        {
            "kind": "assessment",
            "constants": {"method": "field"},
            "fields": {
                "property": "code",
                "assessed_on": "date",
                "condition": "cond",
                "assessor": "who",
            },
        }
    )
    code = props["shusha"].code
    bad = f"code,date,cond,who,_uuid\n{code},2021-01-01,good,A,u1\n{code},2021-01-02,,A,u2\n"
    r = Client().post(
        "/api/fieldforms/import",
        {"file": _file(bad, "k.csv"), "mapping": _file(mapping, "m.json")},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["message"].startswith("row 2 (kobo:u2): condition: is required")
    assert Assessment.objects.count() == 0
    good = bad.replace(",,A,u2", ",fair,A,u2")
    r = Client().post(
        "/api/fieldforms/import",
        {"file": _file(good, "k.csv"), "mapping": _file(mapping, "m.json")},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert r.status_code == 200 and r.json()["created"] == 2


def test_a_refusal_of_access_to_a_property_is_its_own_fact(users, props, api):
    r = api(users["assessor"]).post(
        "/api/refusals",
        {
            "refused_by_label": "local militia commander",
            "refused_on": "2021-02-02",
            "property": props["shusha"].code,
        },
    )
    assert r.status_code == 201
    assert AccessRefusal.objects.get().refused_by_label == "local militia commander"
    page = api().get(f"/timeline/{props['shusha'].code}/").content.decode()
    assert "local militia commander" in page
    r = api(users["assessor"]).post("/api/refusals", {"refused_on": "2021-02-02"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "refused_by"
