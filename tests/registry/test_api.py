"""The registry API as a script would use it: search, read, create, update, delete, errors."""

from __future__ import annotations

import pytest

from shield.audit.models import AuditEntry
from shield.registry.models import CulturalProperty
from tests.registry.factories import GANDZASAR, SHUSHA, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(users, api):
    admin = api(users["admin"])
    for rec in (
        GANDZASAR,
        SHUSHA,
        record(
            "t:other",
            "NOR",
            names=[{"text": "Urnes stavkyrkje", "lang": "nn"}],
            lat=61.298,
            lon=7.322,
        ),
    ):
        assert admin.post("/api/properties", rec).status_code == 201
    return admin


def codes(response):
    assert response.status_code == 200, response.content
    return [r["code"] for r in response.json()["results"]]


@pytest.mark.parametrize("q", ["Шуша", "Shushi", "Shusha", "Şuşa", "Շուշի", "shu"])
def test_every_spelling_of_shusha_finds_one_property(loaded, api, q):
    found = codes(api().get("/api/properties", q=q))
    shusha = CulturalProperty.objects.get(external_id="t:shusha").code
    assert found == [shusha]


@pytest.mark.parametrize("q", ["Gandzasar", "Գանձասար", "Gəncəsər", "gandzasar"])
def test_every_spelling_of_gandzasar_finds_one_property(loaded, api, q):
    assert codes(api().get("/api/properties", q=q)) == [
        CulturalProperty.objects.get(external_id="t:gandzasar").code
    ]


def test_unrelated_names_find_nothing(loaded, api):
    assert codes(api().get("/api/properties", q="Palmyra")) == []
    assert codes(api().get("/api/properties", q="Tatev")) == []


def test_filters_by_category_state_and_bbox(loaded, api):
    client = api()
    assert len(codes(client.get("/api/properties", category="centre_containing_monuments"))) == 1
    assert len(codes(client.get("/api/properties", state="NOR"))) == 1
    # a claimant State finds the property too: jurisdiction is every claim, not only the inventory
    assert len(codes(client.get("/api/properties", state="ARM"))) == 1
    assert len(codes(client.get("/api/properties", bbox="46,39,47,41"))) == 2
    bad = client.get("/api/properties", bbox="46,39,47")
    assert bad.status_code == 422 and "bbox" in bad.json()["error"]


def test_pagination(loaded, api):
    page1 = api().get("/api/properties", page_size=2).json()
    page2 = api().get("/api/properties", page_size=2, page=2).json()
    assert page1["count"] == 3 and len(page1["results"]) == 2 and len(page2["results"]) == 1
    assert not {r["code"] for r in page1["results"]} & {r["code"] for r in page2["results"]}


def test_read_by_code_and_uuid(loaded, api):
    prop = CulturalProperty.objects.get(external_id="t:gandzasar")
    by_code = api().get(f"/api/properties/{prop.code}").json()
    by_id = api().get(f"/api/properties/{prop.id}").json()
    assert by_code == by_id
    assert {n["text"] for n in by_code["names"]} == {"Gandzasar", "Գանձասար", "Gəncəsər"}
    assert {c["state"] for c in by_code["claims"]} == {"AZE", "ARM"}
    assert api().get("/api/properties/t:gandzasar").json()["code"] == prop.code  # by external id
    assert api().get("/api/properties/NOPE-1").status_code == 404
    assert api().get("/api/properties/00000000-0000-7000-8000-000000000000").status_code == 404


def test_create_names_each_bad_field(users, api):
    bad = record(
        "t:bad",
        lat=95,
        names=[{"text": "", "lang": "not a tag!"}],
        protection=[
            {
                "level": "enhanced",
                "action": "suspended",
                "effective_date": "2020-01-01",
                "basis": "Art. 14(1)",
            }
        ],
    )
    response = api(users["admin"]).post("/api/properties", bad)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"lat", "names[0].text", "names[0].lang", "protection[0]"} <= fields
    assert CulturalProperty.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_schema_errors_are_json_with_fields(users, api):
    response = api(users["admin"]).post(
        "/api/properties", {"category": "spaceship", "state": "ARM", "names": []}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] and any(e["field"] == "category" for e in body["errors"])


def test_update_and_soft_delete_keep_history(loaded, api):
    prop = CulturalProperty.objects.get(external_id="t:other")
    admin = loaded
    response = admin.patch(f"/api/properties/{prop.code}", {"description": "Stave church, c. 1130"})
    assert response.status_code == 200 and response.json()["description"] == "Stave church, c. 1130"
    assert admin.delete(f"/api/properties/{prop.code}", {"reason": "duplicate"}).status_code == 200
    assert api().get(f"/api/properties/{prop.code}").status_code == 404
    assert prop.code not in codes(api().get("/api/properties"))
    assert CulturalProperty.objects.filter(pk=prop.pk, deleted_at__isnull=False).exists()
    history = admin.get(f"/api/properties/{prop.id}/history")  # the Secretariat still reads it
    assert [h["action"] for h in history.json()] == ["create", "update", "delete"]
    assert admin.get(f"/api/properties/{prop.code}").json()["deleted"] is True
    actions = list(
        AuditEntry.objects.filter(target_id=str(prop.id)).values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]
    update = AuditEntry.objects.get(target_id=str(prop.id), action="update")
    assert update.changes["description"] == ["test record", "Stave church, c. 1130"]
    assert update.actor_label == "admin"


def test_party_officer_edits_only_its_own_state(users, api):
    arm = api(users["officer_arm"])
    assert arm.post("/api/properties", record("t:a", "ARM")).status_code == 201
    refused = arm.post("/api/properties", record("t:b", "AZE"))
    assert refused.status_code == 403 and "AZE" in refused.json()["error"]
    code = CulturalProperty.objects.get(external_id="t:a").code
    assert (
        api(users["officer_aze"]).patch(f"/api/properties/{code}", {"description": "x"}).status_code
        == 403
    )
    assert arm.patch(f"/api/properties/{code}", {"description": "x"}).status_code == 200
    assert (
        api(users["committee"]).patch(f"/api/properties/{code}", {"description": "y"}).status_code
        == 403
    )


def test_anonymous_cannot_write_and_bad_tokens_are_refused(states, api):
    assert api().post("/api/properties", record()).status_code == 401
    bad = api()
    bad.headers["HTTP_AUTHORIZATION"] = "Bearer hs_not-a-token"
    response = bad.get("/api/properties")
    assert response.status_code == 401 and response.json()["errors"][0]["field"] == "Authorization"


def test_session_writes_need_csrf(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    response = client.post("/api/properties", record(), content_type="application/json")
    assert response.status_code in {401, 403}
    assert CulturalProperty.objects.count() == 0


def test_protection_on_a_date(users, api):
    events = [  # general protection is the law's, not an event (tests/registry/test_protection_doors.py)
        {
            "level": "enhanced",
            "action": "granted",
            "effective_date": "2010-11-16",
            "basis": "Art. 11(10)",
        },
        {
            "level": "enhanced",
            "action": "suspended",
            "effective_date": "2015-01-01",
            "basis": "Art. 14(1)",
        },
        {
            "level": "enhanced",
            "action": "restored",
            "effective_date": "2016-01-01",
            "basis": "Art. 14(1)",
        },
    ]
    admin = api(users["admin"])
    code = admin.post("/api/properties", record("t:p", protection=events)).json()["code"]
    on = lambda d: api().get(f"/api/properties/{code}/protection", on=d).json()["levels"]
    assert on("2003-01-01") == ["general"]
    assert on("2009-01-01") == ["general"]
    assert sorted(on("2012-01-01")) == ["enhanced", "general"]
    assert on("2015-06-01") == ["general"]
    assert sorted(on("2016-01-01")) == ["enhanced", "general"]
    assert codes(api().get("/api/properties", level="enhanced", on="2015-06-01")) == []
    assert codes(api().get("/api/properties", level="enhanced", on="2016-06-01")) == [code]


def test_openapi_is_valid_openapi_3(client):
    from openapi_spec_validator import validate

    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    validate(spec)
    assert "/api/properties" in spec["paths"] and "/api/export" in spec["paths"]
    assert client.get("/api/docs").status_code == 200
