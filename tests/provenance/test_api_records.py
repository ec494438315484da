"""The API of export certificates, provenance records and return cases."""

from __future__ import annotations

import pytest

from shield.provenance import certificates

from .test_exports_trace_cases import EXPORT, ICON_EXPORT

pytestmark = pytest.mark.django_db


def _measured(body):
    out = dict(body)
    out["measurements"] = [
        {"dimension": "height", "value": 32, "unit": "cm"},
        {"dimension": "width", "value": 24.5, "unit": "cm"},
    ]
    return out


def test_export_issued_and_refused(api, users, reported):
    officer = api(users["officer_nor"])
    made = officer.post("/api/exports", _measured(EXPORT))
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["valid"] is True and body["fields"]["exporter"]["name"] == "Demo Museum"
    certificates.verify(body["certificate"])
    assert api().get(f"/api/exports/{body['number']}").json()["number"] == body["number"]
    refused = officer.post("/api/exports", _measured(ICON_EXPORT))
    assert refused.status_code == 409
    err = refused.json()
    assert err["code"] == "provenance.export_of_registered_loss"
    assert err["citations"] == ["Art. 21(b)", "UNGA res. 76/16 para. 31"]
    assert reported["icon"].number in err["error"]
    assert api().post("/api/exports", _measured(EXPORT)).status_code == 401


def test_provenance_with_gaps(api, users, states):
    client = api(users["officer_arm"])
    made = client.post("/api/provenance", {"title": "Gospel book", "origin_state": "ARM"})
    assert made.status_code == 201, made.content
    code = made.json()["code"]
    client.post(f"/api/provenance/{code}/events", {"kind": "creation", "on": "1650"})
    r = client.post(f"/api/provenance/{code}/events", {"kind": "sale", "on": "1999"})
    assert r.status_code == 201
    gaps = r.json()["gaps"]
    assert gaps[0]["reasons"] == ["silence", "1970"]
    assert "1970 Convention Art. 7" in gaps[0]["citations"]
    bad = client.post(f"/api/provenance/{code}/events", {"kind": "sale", "on": "yesterday"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "on"


def test_case_steps_through_the_api(api, users, reported):
    client = api(users["officer_arm"])
    made = client.post(
        "/api/cases",
        {
            "title": "Return",
            "claimant": "ARM",
            "holder": "A gallery",
            "legal_basis": "bilateral",
            "opened_on": "2023-01-01",
            "entries": [reported["icon"].number],
        },
    )
    assert made.status_code == 201, made.content
    code = made.json()["code"]
    assert made.json()["legal_basis_citation"] == "UNGA res. 76/16 para. 29"
    r = client.post(f"/api/cases/{code}/steps", {"step": "mediation", "on": "2023-02-01"})
    assert r.status_code == 201 and r.json()["status"] == "in_mediation"
    r = client.post(f"/api/cases/{code}/steps", {"step": "return", "on": "2023-03-01"})
    assert r.status_code == 422
    r = client.post(
        f"/api/cases/{code}/positions",
        {
            "side": "holder",
            "party": "A gallery",
            "stated_on": "2023-02-02",
            "statement": "Bought in good faith.",
        },
    )
    assert r.json()["positions"][0]["statement"] == "Bought in good faith."
