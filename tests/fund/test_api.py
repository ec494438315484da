"""The API of the fund app: typed answers, refusals as {error, code, errors, citations}."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fund.conftest import YES

pytestmark = pytest.mark.django_db

TODAY = date.today().isoformat()


def test_emergency_assistance_through_the_api(users, sitting, api):
    sec, arm = api(users["secretariat"]), api(users["officer_arm"])
    r = sec.post(
        "/api/fund/contributions",
        {"source": "a", "contributor_state": "CHE", "amount": "8000.00", "currency": "EUR"},
    )
    assert r.status_code == 201, r.json()
    assert {e["account"] for e in r.json()["entries"]} == {"pool:free", "income:a"}
    r = arm.post(
        "/api/assistance",
        {
            "state": "ARM",
            "kind": "emergency",
            "title": "Shelter",
            "description": "Roof",
            "amount": "3000",
            "currency": "EUR",
            "conflict_parties": ["AZE"],
        },
    )
    assert r.status_code == 201, r.json()
    ref = r.json()["ref"]
    r = sec.post(
        f"/api/assistance/{ref}/decision",
        {
            "motion": "grant",
            "votes": YES,
            "purpose_clause": "b",
            "amount": "3000",
            "currency": "EUR",
        },
    )
    assert r.status_code == 409 and r.json()["code"] == "assistance.not_on_agenda"
    assert (
        r.json()["citations"] == ["Art. 27(1)(e)"] and r.json()["errors"][0]["field"] == "session"
    )
    assert sec.post(f"/api/assistance/{ref}/agenda", {"session": "19.COM"}).status_code == 200
    r = sec.post(
        f"/api/assistance/{ref}/decision",
        {
            "motion": "grant",
            "votes": YES,
            "purpose_clause": "b",
            "amount": "3000",
            "currency": "EUR",
        },
    )
    assert r.status_code == 201 and r.json()["carried"], r.json()
    r = sec.post(f"/api/assistance/{ref}/disbursements", {"amount": "3000"})
    assert r.status_code == 201 and r.json()["kind"] == "disbursement"
    assert api().get("/api/fund/holdings").json() == [{"currency": "EUR", "amount": "5000.00"}]
    s = api().get("/api/fund/statement", start="2000-01-01", end=TODAY).json()
    eur = s["currencies"][0]
    assert (eur["received"], eur["disbursed"], eur["closing"], eur["balanced"]) == (
        "8000.00",
        "3000.00",
        "5000.00",
        True,
    )
    r = arm.post(f"/api/assistance/{ref}/use", {"text": "Sheltered"})
    assert r.status_code == 201
    assert api().get(f"/api/assistance/{ref}").json()["status"] == "closed"


def test_refusals_cite_the_article(users, sitting, api):
    sec = api(users["secretariat"])
    r = sec.post(
        "/api/fund/contributions",
        {
            "source": "b.iv",
            "contributor": "X",
            "amount": "10",
            "currency": "EUR",
            "earmark": "none",
        },
    )
    assert r.status_code == 409 and r.json()["code"] == "fund.earmark_not_decided"
    assert r.json()["citations"] == ["Art. 29(3)"]
    r = sec.post(
        "/api/fund/disbursements",
        {"purpose": "none", "amount": "10", "currency": "EUR", "recipient": "x"},
    )
    assert r.json()["code"] == "fund.purpose_not_decided"
    r = sec.post(
        "/api/fund/contributions",
        {"source": "b.iv", "contributor": "X", "amount": "1.234", "currency": "EUR"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "amount"
    r = sec.post("/api/fund/contributions", {"source": "zz", "amount": "1", "currency": "EUR"})
    assert r.status_code == 422
    r = api(users["officer_arm"]).post(
        "/api/fund/contributions", {"source": "c", "amount": "1", "currency": "EUR"}
    )
    assert r.status_code == 403
    r = api().post("/api/fund/contributions", {"source": "c", "amount": "1", "currency": "EUR"})
    assert r.status_code == 401


def test_reports_meetings_measures_notifications(users, sitting, api):
    sec = api(users["secretariat"])
    r = sec.post(
        "/api/reporting/cycles",
        {
            "ref": "C1",
            "title": "Joint",
            "period_from": "2017-01-01",
            "period_to": "2020-12-31",
            "due_on": "2021-06-30",
            "covers": ["convention", "protocol"],
        },
    )
    assert r.status_code == 201
    r = api(users["officer_arm"]).post(
        "/api/reporting/cycles/C1/reports", {"state": "ARM", "submitted_on": "2021-05-02"}
    )
    assert r.status_code == 201 and r.json()["status"] == "submitted"
    rows = {
        x["state"]: x["status"] for x in api().get("/api/reporting/cycles/C1").json()["reports"]
    }
    assert rows["ARM"] == "submitted" and rows["AUT"] == "overdue"
    r = sec.post(
        "/api/meetings",
        {
            "ref": "X",
            "kind": "extraordinary",
            "held_on": TODAY,
            "requested_on": TODAY,
            "requested_by": ["ARM"],
        },
    )
    assert r.status_code == 409 and r.json()["citations"] == ["Art. 23(4)"]
    r = api(users["officer_arm"]).post(
        "/api/dissemination", {"state": "ARM", "year": 2024, "kind": "training", "title": "Course"}
    )
    assert r.status_code == 201
    n = api().get("/api/depositary/notifications", kind="deposit").json()
    assert len(n) == 68 and {x["state"] for x in n if x["speediest"]} == {"MLI", "UKR"}
    assert (
        api()
        .get("/api/depositary/notifications", kind="deposit", HTTP_ACCEPT_LANGUAGE="nb")
        .status_code
        == 200
    )


def test_a_non_party_that_accepts_the_provisions_may_request(users, sitting, api):
    sec = api(users["secretariat"])
    body = {
        "state": "NOR",
        "kind": "emergency",
        "title": "t",
        "description": "d",
        "amount": "10",
        "currency": "EUR",
    }
    r = sec.post("/api/assistance", body)
    assert r.status_code == 409 and r.json()["citations"] == [
        "Art. 32(1)",
        "Art. 32(2)",
        "Art. 3(2)",
    ]
    r = sec.post(
        "/api/assistance/acceptances",
        {"state": "NOR", "declared_on": "2020-01-01", "conflict": "a test conflict"},
    )
    assert r.status_code == 201
    r = sec.post("/api/assistance", body)
    assert r.status_code == 201 and r.json()["non_party_acceptance"] is True
