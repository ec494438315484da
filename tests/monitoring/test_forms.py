"""The monitoring forms without a browser: who may see each, what each refuses (beside the
field, in the reader's language, writing nothing), and what each writes (through the
services, audited)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield.audit.models import AuditEntry
from shield.monitoring import services
from shield.monitoring.models import AccessRefusal, Assessment, Consent, Evidence, Incident, Mission
from shield.registry import services as registry
from tests.registry.factories import record

from .conftest import jpeg_with_exif
from .helpers import assessment, party_report

pytestmark = pytest.mark.django_db

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def client_for(user=None, lang="en") -> Client:
    c = Client()
    c.cookies["django_language"] = lang
    if user is not None:
        c.force_login(user)
    return c


def field_error(body: str, field: str) -> str:
    """The message shown beside a field (its <p class="error field-error" id="id_<field>_error">)."""
    m = re.search(rf'id="id_{field}_error">(.*?)</p>', body, re.S)
    return html.unescape(m[1]) if m else ""


def visible_text(body: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def mission(users):
    return services.create_mission(
        users["secretariat"],
        {"title": "Mission K", "mandate": "assess damage", "requesting_body": "Committee"},
    )


@pytest.fixture
def report(users, props):
    return party_report(users["officer_aze"], props["shusha"])


# ---- who sees which form --------------------------------------------------------------------


def form_urls(mission, report, ev):
    return {
        "mission": "/monitoring/missions/new/",
        "status": f"/missions/{mission.pk}/status/",
        "consent": f"/missions/{mission.pk}/consent/",
        "mission_refusal": f"/missions/{mission.pk}/refusal/",
        "refusal": "/monitoring/refusals/new/",
        "assessment": "/monitoring/assessments/new/",
        "incident": "/monitoring/incidents/new/",
        "incident_status": f"/incidents/{report.pk}/status/",
        "evidence": "/monitoring/evidence/new/",
        "custody": f"/evidence/{ev.pk}/custody/",
    }


ALLOWED = {
    "mission": {"secretariat", "admin"},
    "status": {"secretariat", "admin"},
    "consent": {"secretariat", "admin", "officer_arm", "officer_aze", "officer_nor"},
    "mission_refusal": {"secretariat", "admin", "assessor"},
    "refusal": {"secretariat", "admin", "assessor"},
    "assessment": {"secretariat", "admin", "assessor"},
    "incident": {"secretariat", "admin", "assessor", "committee", "officer_arm", "officer_aze"}
    | {"officer_nor"},
    "incident_status": {"secretariat", "admin", "assessor"},
    "evidence": {"secretariat", "admin", "assessor", "officer_arm", "officer_aze", "officer_nor"},
    # custody: those who hold the item (it was submitted by the assessor: no State holds it)
    "custody": {"secretariat", "admin", "assessor"},
}


def test_each_form_shows_only_to_the_roles_allowed(users, props, mission, report):
    ev = Evidence.objects.get(
        pk=__import__("shield.monitoring.evidence", fromlist=["add_evidence"])
        .add_evidence(users["assessor"], "note.txt", b"field note", {"incident": str(report.pk)})
        .pk
    )
    urls = form_urls(mission, report, ev)
    for act, url in urls.items():
        r = Client().get(url)
        assert r.status_code == 302 and r["Location"].startswith("/login/"), (act, "anonymous")
        for who, user in users.items():
            r = client_for(user).get(url)
            expected = 200 if who in ALLOWED[act] else 403
            assert r.status_code == expected, (act, who, r.status_code)


def test_pages_offer_only_the_acts_the_reader_may_do(users, props, mission):
    code = props["shusha"].code
    anonymous = Client().get(f"/timeline/{code}/").content.decode()
    assert 'id="monitoring-actions"' not in anonymous
    committee = client_for(users["committee"]).get("/monitoring/").content.decode()
    assert 'id="new-incident"' in committee
    assert 'id="new-assessment"' not in committee and 'id="new-mission"' not in committee
    assessor = client_for(users["assessor"]).get(f"/timeline/{code}/").content.decode()
    assert f'href="/monitoring/assessments/new/?property={code}"' in assessor
    officer = client_for(users["officer_arm"]).get(f"/missions/{mission.pk}/").content.decode()
    assert 'id="new-consent"' in officer and 'id="mission-status-link"' not in officer
    secretariat = client_for(users["secretariat"]).get(f"/missions/{mission.pk}/").content.decode()
    assert 'id="mission-status-link"' in secretariat and 'id="new-mission-refusal"' in secretariat


def test_a_role_that_may_not_is_refused_when_it_posts_too(users, props):
    r = client_for(users["officer_arm"]).post(
        "/monitoring/assessments/new/",
        {"property": props["shusha"].code, "assessed_on": "2021-03-01", "method": "field"},
    )
    assert r.status_code == 403 and not Assessment.objects.exists()


# ---- missions, consents, refusals -----------------------------------------------------------


def test_a_mission_is_recorded_through_the_service_and_audited(users, props):
    c = client_for(users["secretariat"])
    r = c.post(
        "/monitoring/missions/new/",
        {
            "title": "Technical mission",
            "mandate": "assess",
            "requesting_body": "Committee",
            "status": "proposed",
            "starts_on": "2020-12-01",
            "team": "Ana Berg; lead; UNESCO\nJon Dahl",
            "areas": "Shusha\nAghdam",
            "properties": f"{props['shusha'].code}, {props['gandzasar'].code}",
        },
    )
    m = Mission.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/missions/{m.pk}/"
    assert m.team[0] == {"name": "Ana Berg", "role": "lead", "organisation": "UNESCO"}
    assert m.areas == ["Shusha", "Aghdam"] and m.properties.count() == 2
    assert AuditEntry.objects.filter(target_type="mission", action="create").count() == 1


def test_mission_errors_beside_their_fields_in_norwegian(users, props):
    c = client_for(users["secretariat"], "nb")
    r = c.post(
        "/monitoring/missions/new/",
        {
            "title": "M",
            "mandate": "assess",
            "requesting_body": "Committee",
            "status": "proposed",
            "starts_on": "2021-02-01",
            "ends_on": "2021-01-01",
            "properties": "NO-SUCH-CODE",
        },
    )
    body = r.content.decode()
    assert r.status_code == 422 and not Mission.objects.exists()
    assert field_error(body, "ends_on") == "Er før «Starter»."
    assert "NO-SUCH-CODE" in field_error(body, "properties")
    assert "Ingen kulturverdi" in field_error(body, "properties")
    r = c.post("/monitoring/missions/new/", {"status": "proposed"})
    assert field_error(r.content.decode(), "title") == "Dette feltet er påkrevd."


def test_deploying_without_consent_is_refused_beside_the_status(users, mission):
    r = client_for(users["secretariat"]).post(
        f"/missions/{mission.pk}/status/", {"status": "deployed"}
    )
    assert r.status_code == 422
    assert "consent of every party asked" in field_error(r.content.decode(), "status")
    mission.refresh_from_db()
    assert mission.status == "proposed"


def test_consent_by_the_secretariat_and_by_a_party_for_itself_only(users, mission):
    sec = client_for(users["secretariat"])
    r = sec.post(
        f"/missions/{mission.pk}/consent/",
        {"state": "AZE", "status": "granted", "requested_on": "2020-11-20"},
    )
    assert r.status_code == 422
    assert "answer" in field_error(r.content.decode(), "answered_on")
    r = sec.post(
        f"/missions/{mission.pk}/consent/",
        {"state": "AZE", "status": "requested", "requested_on": "2020-11-20"},
    )
    assert r.status_code == 302 and Consent.objects.get().status == "requested"
    officer = client_for(users["officer_arm"], "nb")
    page = officer.get(f"/missions/{mission.pk}/consent/").content.decode()
    assert 'value="ARM"' in page and 'value="AZE"' not in page
    r = officer.post(
        f"/missions/{mission.pk}/consent/",
        {"state": "AZE", "status": "refused", "requested_on": "2020-11-20"},
    )
    assert r.status_code == 422 and "Velg et gyldig valg" in field_error(
        r.content.decode(), "state"
    )
    r = officer.post(
        f"/missions/{mission.pk}/consent/",
        {
            "state": "ARM",
            "status": "granted",
            "requested_on": "2020-11-20",
            "answered_on": "2020-11-22",
        },
    )
    assert r.status_code == 302
    assert Consent.objects.get(state__code="ARM").status == "granted"
    page = officer.get(f"/missions/{mission.pk}/").content.decode()
    assert "Gitt" in page and 'datetime="2020-11-22"' in page
    assert AuditEntry.objects.filter(target_type="mission", action="consent").count() == 2


def test_a_refusal_names_who_refused_and_cannot_be_in_the_future(users, props, mission):
    c = client_for(users["assessor"], "nb")
    r = c.post(f"/missions/{mission.pk}/refusal/", {"refused_on": TOMORROW})
    body = r.content.decode()
    assert r.status_code == 422 and not AccessRefusal.objects.exists()
    assert "Velg staten som nektet adgang" in field_error(body, "refused_by")
    assert "etter i dag" in field_error(body, "refused_on")
    r = c.post(
        "/monitoring/refusals/new/",
        {
            "refused_by_label": "local commander",
            "refused_on": "2021-02-02",
            "property": props["shusha"].code,
        },
    )
    assert r.status_code == 302 and r["Location"] == f"/timeline/{props['shusha'].code}/"
    assert AccessRefusal.objects.get().refused_by_label == "local commander"


# ---- assessments -----------------------------------------------------------------------------


def remote(prop, **over):
    return {
        "property": prop.code,
        "assessed_on": "2021-03-01",
        "method": "remote",
        "image_date": "2021-02-20",
        "image_provider": "Maxar",
        "condition": "very_bad",
        "damage_extent": "31-60",
        "dist_category_0": "military_armed_conflict",
        "dist_cause_0": "explosion_heavy_weaponry",
        "dist_certainty_0": "high",
        "threat_category_0": "looting_illegal",
        "threat_probability_0": "probable",
        "priority": "urgent",
    } | over


def test_a_remote_assessment_needs_its_image_date_and_provider(users, props):
    for lang, date_message, provider_message in (
        ("en", "date of the image interpreted", "image's provider"),
        ("nb", "datoen for bildet som er tolket", "hvem som leverte bildet"),
    ):
        r = client_for(users["assessor"], lang).post(
            "/monitoring/assessments/new/",
            remote(props["shusha"], image_date="", image_provider=""),
        )
        body = r.content.decode()
        assert r.status_code == 422, lang
        assert date_message in field_error(body, "image_date"), lang
        assert provider_message in field_error(body, "image_provider"), lang
    assert not Assessment.objects.exists()
    assert not AuditEntry.objects.filter(target_type="assessment").exists()


def test_assessment_errors_name_their_own_fields(users, props):
    c = client_for(users["assessor"])
    r = c.post(
        "/monitoring/assessments/new/",
        remote(
            props["shusha"],
            assessed_on=TOMORROW,
            image_date="2021-02-20",
            dist_category_1="",
            dist_certainty_1="high",
        ),
    )
    body = r.content.decode()
    assert r.status_code == 422 and not Assessment.objects.exists()
    assert "after today" in field_error(body, "assessed_on")
    assert field_error(body, "dist_category_1") == "Choose one."
    r = c.post("/monitoring/assessments/new/", remote(props["shusha"], property="NOPE-1"))
    assert "No property “NOPE-1”" in field_error(r.content.decode(), "property")


def test_a_remote_assessment_with_its_image_is_one_write(users, props):
    prop = props["shusha"]
    photo = SimpleUploadedFile("scene.jpg", jpeg_with_exif(), content_type="image/jpeg")
    r = client_for(users["assessor"]).post(
        "/monitoring/assessments/new/", remote(prop, image=photo)
    )
    a = Assessment.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/timeline/{prop.code}/#a-{a.pk}"
    assert a.method == "remote" and a.image_provider == "Maxar"
    assert [(d["category"], d["cause"], d["certainty"]) for d in a.disturbances] == [
        ("military_armed_conflict", "explosion_heavy_weaponry", "high")
    ]
    assert a.threats == [{"category": "looting_illegal", "probability": "probable"}]
    assert a.assessor == "assessor" and a.created_by == users["assessor"]
    ev = Evidence.objects.get()
    assert ev.assessment == a and ev.property == prop and ev.kind == "image"
    assert [c.action for c in ev.custody.all()] == ["received"]
    assert ev.custody.get().handler == users["assessor"]
    actions = set(AuditEntry.objects.values_list("target_type", "action"))
    assert {
        ("assessment", "create"),
        ("evidence", "create"),
        ("evidence", "custody_received"),
    } <= actions
    page = client_for(users["assessor"]).get(r["Location"]).content.decode()
    assert f'id="a-{a.pk}"' in page and f"/api/evidence/{ev.pk}/thumbnail" in page
    text = visible_text(page)
    assert "Military/Armed Conflict: Explosion/Heavy Weaponry (High)" in text
    assert "image of Feb. 20, 2021 from Maxar" in text
    assert "military_armed_conflict" not in text and "explosion_heavy_weaponry" not in text
    nb = visible_text(client_for(users["assessor"], "nb").get(r["Location"]).content.decode())
    assert "Militær/væpnet konflikt: Eksplosjon/tunge våpen (Høy)" in nb
    assert "bilde fra 20. februar 2021 levert av Maxar" in nb


def test_an_image_too_large_refuses_the_assessment_too(users, props, settings):
    settings.SHIELD_EVIDENCE_MAX_BYTES = 2000
    photo = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"x" * 5000, content_type="image/jpeg")
    r = client_for(users["assessor"], "nb").post(
        "/monitoring/assessments/new/", remote(props["shusha"], image=photo)
    )
    assert r.status_code == 413
    assert "Større enn grensen" in field_error(r.content.decode(), "image")
    assert not Assessment.objects.exists() and not Evidence.objects.exists()


def test_monitoring_lists_assessments(users, props):
    assessment(users["assessor"], props["shusha"], condition="very_bad")
    body = visible_text(client_for(None, "nb").get("/monitoring/").content.decode())
    assert "Svært dårlig" in body and "Shusha" in body
    assert "Ingen tilstandsvurderinger registrert" not in body


# ---- incidents -------------------------------------------------------------------------------


def test_a_party_officer_reports_in_its_own_name_only(users, props):
    c = client_for(users["officer_arm"])
    r = c.post(
        "/monitoring/incidents/new/",
        {
            "property": props["gandzasar"].code,
            "reporter_kind": "ngo",  # disabled fields: what is posted is not read
            "reporter_state": "AZE",
            "reported_on": "2021-01-20",
            "allegation": "desecration",
            "source_title_0": "Ministry statement",
            "source_date_0": "2021-01-20",
        },
    )
    i = Incident.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/incidents/{i.pk}/"
    assert i.reporter_kind == "party" and i.reporter_state.code == "ARM"
    assert i.sources == [
        {"title": "Ministry statement", "url": "", "independent": False, "date": "2021-01-20"}
    ]
    page = visible_text(c.get(r["Location"]).content.decode())
    assert (
        "Armenia reported on Jan. 20, 2021, that Gandzasar was desecrated (a claim, not verified)."
        in page
    )


def test_incident_errors_beside_their_fields(users, props):
    c = client_for(users["assessor"], "nb")
    r = c.post(
        "/monitoring/incidents/new/",
        {
            "property": props["shusha"].code,
            "reporter_kind": "ngo",
            "reported_on": "2021-01-20",
            "occurred_on": "2021-02-01",
            "allegation": "damage",
            "source_url_0": "https://example.org/a",
        },
    )
    body = r.content.decode()
    assert r.status_code == 422 and not Incident.objects.exists()
    assert "Oppgi hvem som rapporterer" in field_error(body, "reporter_name")
    assert "Er etter «Rapportert»" in field_error(body, "occurred_on")
    assert field_error(body, "source_title_0") == "Dette feltet er påkrevd."


def test_verifying_needs_an_assessment_of_the_property(users, props, report):
    c = client_for(users["assessor"])
    r = c.post(f"/incidents/{report.pk}/status/", {"status": "verified"})
    assert r.status_code == 422
    assert "assessment that verifies" in field_error(r.content.decode(), "assessment")
    a = assessment(users["assessor"], props["shusha"])
    r = c.post(f"/incidents/{report.pk}/status/", {"status": "verified", "assessment": str(a.pk)})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.status == "verified" and report.verified_by == a


# ---- evidence and custody --------------------------------------------------------------------


def test_evidence_upload_and_its_custody(users, props, report):
    officer = client_for(users["officer_aze"])
    r = officer.post(
        "/monitoring/evidence/new/",
        {
            "file": SimpleUploadedFile("scene.jpg", jpeg_with_exif()),
            "incident": str(report.pk),
            "received_by": "a witness",
        },
    )
    ev = Evidence.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/evidence/{ev.pk}/"
    assert ev.incident == report and ev.property == props["shusha"] and ev.kind == "image"
    assert ev.submitting_state.code == "AZE" and ev.submitted_by == users["officer_aze"]
    received = ev.custody.get()
    assert received.handler == users["officer_aze"] and received.stated_by == "a witness"
    # a transfer needs to whom
    r = officer.post(f"/evidence/{ev.pk}/custody/", {"action": "transferred"})
    assert r.status_code == 422 and "transferred to" in field_error(r.content.decode(), "to")
    r = officer.post(
        f"/evidence/{ev.pk}/custody/",
        {
            "action": "transferred",
            "to": "Secretariat",
            "stated_by": "Officer Aliyev",
            "stated_at": "2021-01-13T09:30",
        },
    )
    assert r.status_code == 302
    event = ev.custody.order_by("-seq").first()
    assert event.action == "transferred" and event.handler == users["officer_aze"]
    assert event.stated_by == "Officer Aliyev" and event.stated_at.isoformat().startswith(
        "2021-01-13T09:30"
    )
    assert event.at.date() == date.today()  # the server's time, not the stated one
    page = visible_text(
        client_for(users["officer_aze"], "nb").get(f"/evidence/{ev.pk}/").content.decode()
    )
    assert "Overført" in page and "Officer Aliyev" in page and "Mottatt" in page
    # another State's officer neither holds it nor records its custody
    r = client_for(users["officer_arm"]).get(f"/evidence/{ev.pk}/custody/")
    assert r.status_code in (403, 404)


def test_evidence_refusals_beside_the_field(users, props, settings):
    c = client_for(users["assessor"])
    r = c.post(
        "/monitoring/evidence/new/",
        {
            "file": SimpleUploadedFile("a.txt", b"some text"),
            "property": props["shusha"].code,
            "sha256": "0" * 64,
        },
    )
    assert r.status_code == 422 and "changed on the way" in field_error(
        r.content.decode(), "sha256"
    )
    r = c.post("/monitoring/evidence/new/", {"property": props["shusha"].code})
    assert r.status_code == 422 and field_error(r.content.decode(), "file")
    settings.SHIELD_EVIDENCE_MAX_BYTES = 100
    r = c.post(
        "/monitoring/evidence/new/",
        {"file": SimpleUploadedFile("b.txt", b"y" * 1000), "property": props["shusha"].code},
    )
    assert r.status_code == 413 and "Larger than the limit" in field_error(
        r.content.decode(), "file"
    )
    assert not Evidence.objects.exists()


# ---- the condition map, timelines ------------------------------------------------------------


def test_the_condition_map_names_the_records_it_cannot_place(users, props):
    unplaced = registry.create_property(
        users["admin"],
        record(
            "t:nowhere",
            "ARM",
            names=[{"text": "Placeless chapel", "lang": "en"}],
            lat=None,
            lon=None,
            location_certainty="unknown",
        ),
    )
    assessment(users["assessor"], unplaced)
    assessment(users["assessor"], props["shusha"])
    body = visible_text(Client().get("/conditions/").content.decode())
    assert "1 record has no location" in body and "Placeless chapel" in body
    nb = visible_text(client_for(None, "nb").get("/conditions/").content.decode())
    assert "1 registrering har ingen plassering" in nb


def test_timelines_date_each_act_and_say_area_in_norwegian(users, props):
    prop = props["refuge"]  # confidential: the public sees the evidence's area only
    assessment(users["assessor"], prop, assessed_on="2020-05-04")
    from shield.monitoring import evidence

    evidence.add_evidence(users["assessor"], "scene.jpg", jpeg_with_exif(), {"property": prop.code})
    nb = client_for(None, "nb").get(f"/timeline/{prop.code}/").content.decode()
    assert '<time datetime="2020-05-04">4. mai 2020</time>' in nb
    assert '<time datetime="2021-01-10">10. januar 2021</time>' in nb  # its capture, not receipt
    assert "bare området" in nb and "; area" not in nb
