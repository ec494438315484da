"""Missions: mandate, consent of each party with dates, status; refusals are facts of their own."""

from __future__ import annotations

import pytest

from shield.audit.models import AuditEntry
from shield.monitoring.models import AccessRefusal, Mission

pytestmark = pytest.mark.django_db(transaction=True)

MISSION = {
    "title": "Technical mission",
    "mandate": "assess the status of cultural property",
    "requesting_body": "Committee",
    "starts_on": "2020-12-01",
    "areas": ["north"],
    "team": [{"name": "A. Expert", "role": "lead"}],
}


def test_mission_with_consents_refusal_and_status(users, props, api):
    sec = api(users["secretariat"])
    r = sec.post("/api/missions", MISSION | {"properties": [props["gandzasar"].code]})
    assert r.status_code == 201, r.content
    mid = r.json()["id"]
    r = sec.post(
        f"/api/missions/{mid}/consents",
        {
            "state": "ARM",
            "status": "granted",
            "requested_on": "2020-11-20",
            "answered_on": "2020-11-25",
        },
    )
    assert r.status_code == 200
    r = api(users["officer_aze"]).post(
        f"/api/missions/{mid}/consents",
        {"state": "AZE", "status": "no_answer", "requested_on": "2020-11-20"},
    )
    assert r.status_code == 200
    assert {c["state"]: c["status"] for c in r.json()["consents"]} == {
        "ARM": "granted",
        "AZE": "no_answer",
    }
    r = api(users["assessor"]).post(
        f"/api/missions/{mid}/refusals",
        {
            "refused_by": "AZE",
            "refused_on": "2020-12-03",
            "property": props["gandzasar"].code,
            "description": "checkpoint refused passage",
            "source": "team log",
        },
    )
    assert r.status_code == 201
    assert AccessRefusal.objects.get().refused_by.code == "AZE"
    r = sec.post(f"/api/missions/{mid}/status", {"status": "blocked"})
    assert r.json()["status"] == "blocked"
    actions = list(AuditEntry.objects.filter(target_id=mid).values_list("action", flat=True))
    assert actions == ["create", "consent", "consent", "access_refused", "status"]
    page = api().get(f"/missions/{mid}/").content.decode()
    assert "checkpoint refused passage" in page and "Azerbaijan" in page and "2020-11-25" in page


def test_a_party_answers_only_for_itself_and_errors_name_fields(users, props, api):
    mid = api(users["secretariat"]).post("/api/missions", MISSION).json()["id"]
    r = api(users["officer_arm"]).post(
        f"/api/missions/{mid}/consents",
        {
            "state": "AZE",
            "status": "granted",
            "requested_on": "2020-11-20",
            "answered_on": "2020-11-21",
        },
    )
    assert r.status_code == 403
    r = api(users["secretariat"]).post(
        f"/api/missions/{mid}/consents",
        {"state": "ARM", "status": "refused", "requested_on": "2020-11-20"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "answered_on"
    r = api(users["secretariat"]).post("/api/missions", {"title": "x", "requesting_body": "y"})
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["mandate"]
    assert api(users["officer_arm"]).post("/api/missions", MISSION).status_code == 403
    assert Mission.objects.count() == 1


def test_a_mission_deploys_only_with_every_consent(users, props, api):
    sec = api(users["secretariat"])
    mid = sec.post("/api/missions", MISSION).json()["id"]
    r = sec.post(f"/api/missions/{mid}/status", {"status": "deployed"})
    assert r.status_code == 422 and "none recorded" in r.json()["errors"][0]["message"]
    sec.post(
        f"/api/missions/{mid}/consents",
        {
            "state": "ARM",
            "status": "granted",
            "requested_on": "2020-11-20",
            "answered_on": "2020-11-22",
        },
    )
    sec.post(
        f"/api/missions/{mid}/consents",
        {"state": "AZE", "status": "no_answer", "requested_on": "2020-11-20"},
    )
    r = sec.post(f"/api/missions/{mid}/status", {"status": "deployed"})
    assert r.status_code == 422 and "not granted by AZE" in r.json()["errors"][0]["message"]
    sec.post(
        f"/api/missions/{mid}/consents",
        {
            "state": "AZE",
            "status": "granted",
            "requested_on": "2020-11-20",
            "answered_on": "2020-12-01",
        },
    )
    assert (
        sec.post(f"/api/missions/{mid}/status", {"status": "deployed"}).json()["status"]
        == "deployed"
    )
