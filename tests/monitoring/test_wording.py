"""A party's report stays a claim on every page, the dossier and the API until verified."""

from __future__ import annotations

import pytest
from django.test import Client

from shield.monitoring import services, wording
from shield.registry.services import NotAllowed
from shield.registry.validation import RecordInvalid

from .helpers import assessment, party_report

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_report_is_worded_as_a_claim_in_english_and_norwegian(users, props):
    i = party_report(users["officer_aze"], props["shusha"])
    assert wording.describe(i, "en") == (
        "Azerbaijan reported on Jan. 12, 2021, that Shusha was damaged (a claim, not verified)."
    )
    assert wording.describe(i, "nb") == (
        "Aserbajdsjan rapporterte 12. januar 2021 at Shusha ble skadet (en påstand, ikke verifisert)."
    )
    assert wording.is_claim(i)


def test_verified_wording_names_the_assessment(users, props):
    i = party_report(users["officer_aze"], props["shusha"])
    a = assessment(users["assessor"], props["shusha"])
    services.set_incident_status(users["assessor"], i, "verified", a.pk)
    assert wording.describe(i, "en") == (
        "Verified by the field assessment of March 1, 2021 (Field team A): Shusha was damaged, "
        "as Azerbaijan reported on Jan. 12, 2021."
    )
    assert not wording.is_claim(i)


def pages_of(incident, code):
    return [
        "/monitoring/",
        f"/timeline/{code}/",
        f"/incidents/{incident.pk}/",
        f"/dossier/{code}/",
        f"/dossier/{code}/?lang=nb",
        f"/api/incidents?property={code}",
        f"/api/incidents/{incident.pk}",
        f"/api/monitoring/properties/{code}/timeline",
    ]


def _contains(body: str, text: str) -> bool:
    import html
    import json

    return (
        text in html.unescape(body)
        or json.dumps(text, ensure_ascii=False)[1:-1] in body
        or text in body
    )


def test_every_page_uses_the_one_wording_until_verified(users, props):
    code = props["shusha"].code
    i = party_report(users["officer_aze"], props["shusha"])
    client = Client()
    for url in pages_of(i, code):
        lang = "nb" if "lang=nb" in url else "en"
        body = client.get(url).content.decode()
        assert _contains(body, wording.describe(i, lang)), url
        assert "Verified by" not in body and "Verifisert ved" not in body, url
    a = assessment(users["assessor"], props["shusha"])
    services.set_incident_status(users["assessor"], i, "verified", a.pk)
    i.refresh_from_db()
    for url in pages_of(i, code):
        lang = "nb" if "lang=nb" in url else "en"
        body = client.get(url).content.decode()
        assert _contains(body, wording.describe(i, lang)), url
        assert "(a claim, not verified)" not in body, url


def test_a_mission_page_words_its_incidents_the_same_way(users, props):
    m = services.create_mission(
        users["secretariat"], {"title": "M", "mandate": "assess", "requesting_body": "Committee"}
    )
    i = services.create_incident(
        users["secretariat"],
        {
            "property": props["gandzasar"].code,
            "reporter_kind": "mission",
            "reporter_name": "Mission M",
            "reported_on": "2021-02-01",
            "allegation": "looting",
        },
    )
    i.mission = m
    i.save()
    body = Client().get(f"/missions/{m.pk}/").content.decode()
    assert _contains(body, wording.describe(i, "en"))
    assert "Mission M reported on Feb. 1, 2021, that Gandzasar was looted" in body


def test_a_party_cannot_verify_and_verification_needs_an_assessment_of_that_property(users, props):
    i = party_report(users["officer_aze"], props["shusha"])
    with pytest.raises(NotAllowed):
        services.set_incident_status(users["officer_aze"], i, "verified")
    other = assessment(users["assessor"], props["gandzasar"])
    with pytest.raises(RecordInvalid) as exc:
        services.set_incident_status(users["assessor"], i, "verified", other.pk)
    assert exc.value.errors[0].field == "assessment"
    with pytest.raises(RecordInvalid) as exc:
        services.set_incident_status(users["assessor"], i, "corroborated")
    assert "independent" in exc.value.errors[0].message
    i.refresh_from_db()
    assert i.status == "reported"


def test_a_party_officer_reports_only_in_its_own_name(users, props, api):
    r = api(users["officer_arm"]).post(
        "/api/incidents",
        {
            "property": props["shusha"].code,
            "reporter_kind": "party",
            "reporter_state": "AZE",
            "reported_on": "2021-01-12",
            "allegation": "damage",
        },
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "reporter_state"
    r = api(users["officer_arm"]).post(
        "/api/incidents",
        {
            "property": props["shusha"].code,
            "reporter_kind": "party",
            "reporter_state": "ARM",
            "reported_on": "2021-01-12",
            "allegation": "destruction",
            "occurred_on": "2021-01-20",
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "occurred_on"
