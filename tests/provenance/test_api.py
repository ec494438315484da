"""The provenance API: report, read (with and without the police file), status, check with
its certificate, the certificate by number, export and import."""

from __future__ import annotations

import pytest

from shield.provenance import certificates

from .conftest import ICON
from .test_check import LISTING

pytestmark = pytest.mark.django_db


def _listing_body():
    return LISTING | {
        "measurements": [
            {"dimension": "height", "value": 32, "unit": "cm"},
            {"dimension": "width", "value": 24.5, "unit": "cm"},
        ]
    }


def test_report_and_read_with_disclosure(api, users):
    body = ICON | {"measurements": [{"dimension": "height", "value": 318, "unit": "mm"}]}
    made = api(users["officer_arm"]).post("/api/stolen", body)
    assert made.status_code == 201, made.content
    number = made.json()["number"]
    assert made.json()["police_reference"] == "POL-2020-4471"
    public = api().get(f"/api/stolen/{number}").json()
    assert "police_reference" not in public and "police_notes" not in public
    assert public["circumstances_citation"] == "Art. 15(1)(e)"
    other = api(users["officer_aze"]).get(f"/api/stolen/{number}").json()
    assert "police_notes" not in other
    assert "police_notes" in api(users["secretariat"]).get(f"/api/stolen/{number}").json()


def test_bad_report_names_fields(api, users):
    r = api(users["officer_arm"]).post(
        "/api/stolen", ICON | {"lost_from": "yesterday", "measurements": []}
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"lost_from"}
    r = api(users["officer_arm"]).post(
        "/api/stolen", ICON | {"circumstances": "borrowed", "measurements": []}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "circumstances"
    assert api().post("/api/stolen", ICON).status_code == 401
    assert (
        api(users["committee"]).post("/api/stolen", ICON | {"measurements": []}).status_code == 403
    )


def test_status_through_the_api(api, users, reported):
    number = reported["icon"].number
    r = api(users["officer_arm"]).post(f"/api/stolen/{number}/status", {"status": "circulated"})
    assert r.status_code == 200 and r.json()["status"] == "circulated"
    r = api(users["officer_arm"]).post(f"/api/stolen/{number}/status", {"status": "returned"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "status"


def test_anonymous_check_and_certificate_by_number(api, users, reported):
    r = api().post("/api/checks", _listing_body())
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["candidates"][0]["number"] == reported["icon"].number
    assert "police" not in str(body)
    cert = body["certificate"]
    assert cert["asked_by"] == "anonymous" and cert["valid"] is True
    certificates.verify(cert["certificate"])
    again = api().get(f"/api/certificates/{cert['number']}").json()
    assert again["certificate"] == cert["certificate"] and again["valid"] is True
    assert api().get("/api/certificates/SC-1999-000001").status_code == 404
    assert api().get("/api/certificates/key").json()["key"] == str(certificates.verifier())


def test_a_check_refuses_an_unknown_field(api):
    r = api().post("/api/checks", {"colour": "red"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "colour"
    r = api().post("/api/checks", {})
    assert r.status_code == 422


def test_export_and_import_through_the_api(api, users, reported):
    text = api(users["secretariat"]).get("/api/stolen/export", format="interpol").content.decode()
    assert text.startswith("National reference,")
    r = api(users["secretariat"]).post("/api/stolen/import", {"format": "interpol", "text": text})
    assert r.status_code == 200 and r.json() == {"created": 0, "updated": 0, "unchanged": 2}


def test_losses_linked_with_the_inventory_both_ways(api, users, reported):
    from shield.registry import services
    from tests.registry.factories import record

    icon = services.create_property(
        users["officer_arm"],
        record(
            "t:icon", "ARM", category="movable_object", object_type="icon", title="Saint George"
        ),
    )
    plain = services.create_property(users["officer_arm"], record("t:church", "ARM"))
    client = api(users["officer_arm"])
    number = reported["icon"].number
    r = client.patch(f"/api/stolen/{number}", {"property": icon.code})
    assert r.status_code == 200 and r.json()["property"] == icon.code
    assert [e["number"] for e in api().get("/api/stolen", property=icon.code).json()] == [number]
    assert icon.losses.get().number == number
    r = client.patch(f"/api/stolen/{number}", {"property": plain.code})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "property"
    assert api().get("/api/stolen", status="stolen").status_code == 422
