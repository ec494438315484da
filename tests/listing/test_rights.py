"""Rights for Parties only, on the date of the act: as the officer of a State that is not a
Party to the Second Protocol (India), a request, a tentative-list entry and a representation
are each refused with the article, in English and in Norwegian (API and pages); a refused
representation never changes a majority; an emergency request comes only from a Party to the
conflict."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client

from shield.accounts import roles
from shield.audit.models import AuditEntry
from shield.listing import committee, services
from shield.listing.models import Request, Submission, TentativeEntry
from shield.parties.models import State
from shield.treaty import status
from shield.treaty.refusals import Refused
from tests.conftest import make_user
from tests.listing.helpers import EVIDENCE, days_ago, notified, prop, seat, session

pytestmark = pytest.mark.django_db

NINE = ["AUT", "BEL", "CYP", "CZE", "DEU", "EGY", "GRC", "LTU", "MLI"]
"""Nine Parties of the shipped register, none a party to a conflict over the test property."""


@pytest.fixture
def officer_ind(users):
    return make_user("officer-ind", roles.PARTY_OFFICER, State.objects.get(code="IND"))


def nb(client):
    client.headers["HTTP_ACCEPT_LANGUAGE"] = "nb"
    return client


def test_india_is_not_a_party_to_the_protocol_and_has_a_demo_login():
    from shield.demo.loader import DEMO_LOGINS

    assert ("officer-ind", "officer-demo", f"{roles.PARTY_OFFICER} (IND)") in DEMO_LOGINS
    assert status.is_party("IND", date.today()).result is False
    assert status.is_party("ARM", date.today()).result is True


def test_a_request_by_a_non_party_is_refused_with_the_article_in_both_languages(
    api, users, officer_ind
):
    p = prop(users, "t:taj", "IND")
    body = {"property": p.code, "state": "IND", **EVIDENCE}
    r = api(officer_ind).post("/api/listing/requests", body)
    assert r.status_code == 403
    assert r.json()["code"] == "procedure.not_a_party" and r.json()["citations"] == ["Art. 11(2)"]
    assert r.json()["error"].startswith(
        "Art. 11(2): India (IND) is not a Party to the Second Protocol on "
    )
    assert r.json()["errors"][0]["field"] == "state"
    r = nb(api(officer_ind)).post("/api/listing/requests", body)
    assert r.status_code == 403 and r.json()["citations"] == ["art. 11 nr. 2"]
    assert r.json()["error"].startswith(
        "art. 11 nr. 2: India (IND) er ikke part i annen protokoll "
    )
    assert "forbeholdt partene" in r.json()["error"] and "Art." not in r.json()["error"]
    assert not Request.objects.exists()
    r = api(officer_ind).post(
        "/api/listing/requests", {**body, "emergency": True, "conflict_parties": ["IND", "PAK"]}
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.not_a_party.emergency_request"
    assert r.json()["citations"] == ["Art. 11(9)"]


def test_a_tentative_list_entry_by_a_non_party_is_refused(api, users, officer_ind):
    p = prop(users, "t:taj", "IND")
    r = nb(api(officer_ind)).post("/api/listing/tentative", {"property": p.code, "state": "IND"})
    assert r.status_code == 403 and r.json()["code"] == "procedure.not_a_party.tentative_list"
    assert r.json()["citations"] == ["art. 11 nr. 1"]
    assert "en oppføring på en foreløpig liste er forbeholdt partene" in r.json()["error"]
    assert not TentativeEntry.objects.exists()


def test_a_representation_by_a_non_party_is_refused_and_writes_nothing(api, users, officer_ind):
    req = notified(users, prop(users), notified_ago=10)
    before = AuditEntry.objects.count()
    body = {"state": "IND", "criterion": "a", "facts": "Not of the greatest importance."}
    r = api(officer_ind).post(f"/api/listing/requests/{req.ref}/representations", body)
    assert r.status_code == 403 and r.json()["code"] == "procedure.not_a_party.representation"
    assert r.json()["citations"] == ["Art. 11(5)"]
    r = nb(api(officer_ind)).post(f"/api/listing/requests/{req.ref}/representations", body)
    assert r.json()["error"].startswith("art. 11 nr. 5: India (IND) er ikke part i annen protokoll")
    assert not Submission.objects.exists() and AuditEntry.objects.count() == before
    # the Secretariat cannot record it on India's behalf either: the right is the State's
    with pytest.raises(Refused) as exc:
        services.represent(users["secretariat"], req, body)
    assert exc.value.code == "procedure.not_a_party.representation"


def test_a_recommendation_by_a_state_needs_a_party(api, users, officer_ind):
    p = prop(users)
    r = api(officer_ind).post(
        "/api/listing/initiatives",
        {
            "property": p.code,
            "kind": "recommendation",
            "by_state": "IND",
            "text": "Of the greatest importance.",
        },
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.not_a_party.recommendation"
    assert r.json()["citations"] == ["Art. 11(3)"] and "Blue Shield" in r.json()["error"]


def test_the_refused_representation_leaves_the_majority_at_two_thirds(api, users, officer_ind):
    seat(users, NINE)
    sec = users["secretariat"]
    req = notified(users, prop(users), notified_ago=70)
    r = api(officer_ind).post(
        f"/api/listing/requests/{req.ref}/representations",
        {
            "state": "IND",
            "criterion": "a",
            "facts": "Not unique.",
            "submitted_on": days_ago(40).isoformat(),
        },
    )
    assert r.status_code == 403
    s = session(users, "N.1", days_ago(1), members=NINE)
    committee.add_to_agenda(sec, s, req)
    votes = {
        m: ("no" if m in ("AUT", "BEL") else "yes") for m in NINE
    }  # 7 of 9: two-thirds, not four-fifths
    r = api(sec).post(
        f"/api/listing/sessions/{s.ref}/decisions",
        {"request": req.ref, "motion": "grant", "votes": votes},
    )
    assert r.status_code == 201 and r.json()["carried"] is True
    assert (
        "Art. 26(2)" in r.json()["finding"]["citations"]
        and "Art. 11(5)" not in r.json()["finding"]["citations"]
    )
    # the same vote with a Party's representation before the Committee needs four-fifths and fails
    other = notified(users, prop(users, "t:other"), notified_ago=70)
    services.represent(
        users["officer_aze"],
        other,
        {
            "state": "AZE",
            "criterion": "a",
            "facts": "Not unique.",
            "submitted_on": days_ago(40).isoformat(),
        },
    )
    committee.add_to_agenda(sec, s, other)
    r = api(sec).post(
        f"/api/listing/sessions/{s.ref}/decisions",
        {"request": other.ref, "motion": "grant", "votes": votes},
    )
    assert (
        r.status_code == 201
        and r.json()["carried"] is False
        and "Art. 11(5)" in r.json()["finding"]["citations"]
    )


def test_an_emergency_request_only_from_a_party_to_the_conflict(api, users):
    p = prop(users)
    arm = api(users["officer_arm"])
    body = {
        "property": p.code,
        "state": "ARM",
        "evidence_a": "x",
        "evidence_c": "y",
        "declaration": True,
        "emergency": True,
    }
    r = arm.post("/api/listing/requests", {**body, "conflict_parties": ["AZE", "RUS"]})
    assert r.status_code == 403 and r.json()["code"] == "procedure.not_party_to_conflict"
    assert (
        r.json()["citations"] == ["Art. 11(9)"]
        and r.json()["errors"][0]["field"] == "conflict_parties"
    )
    assert "Azerbaijan (AZE), Russia (RUS)" in r.json()["error"]
    r = nb(arm).post("/api/listing/requests", {**body, "conflict_parties": ["AZE", "RUS"]})
    assert "Aserbajdsjan (AZE)" in r.json()["error"] and r.json()["error"].startswith(
        "art. 11 nr. 9: Armenia (ARM)"
    )
    r = arm.post("/api/listing/requests", body)
    assert r.status_code == 422 and r.json()["code"] == "procedure.conflict_parties_missing"
    r = arm.post("/api/listing/requests", {**body, "conflict_parties": ["ARM", "AZE"]})
    assert r.status_code == 201 and r.json()["emergency"] is True


def _page_client(user, lang="nb"):
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def test_the_pages_show_each_refusal_beside_its_field_in_norwegian(users, officer_ind):
    p = prop(users, "t:taj", "IND")
    c = _page_client(officer_ind)
    r = c.post(
        "/requests/new/",
        {
            "property": p.code,
            "state": "IND",
            **EVIDENCE,
            "declaration": "on",
            "submitted_on": date.today().isoformat(),
        },
    )
    assert r.status_code == 403
    html = r.content.decode()
    assert 'id="error-state"' in html
    assert (
        "art. 11 nr. 2: India (IND) er ikke part i annen protokoll" in html
        and "Art. 11" not in html
    )

    r = c.post("/requests/tentative/", {"property": p.code, "state": "IND"})
    assert r.status_code == 403
    html = r.content.decode()
    assert 'id="error-state"' in html and "art. 11 nr. 1: India (IND) er ikke part" in html

    req = notified(users, prop(users), notified_ago=10)
    r = c.post(
        f"/requests/{req.ref}/represent/",
        {"state": "IND", "criterion": "a", "facts": "Not unique."},
    )
    assert r.status_code == 403
    html = r.content.decode()
    assert 'id="error-state"' in html and "art. 11 nr. 5: India (IND) er ikke part" in html
    assert not Submission.objects.exists()

    r = _page_client(officer_ind, "en").post(
        f"/requests/{req.ref}/represent/",
        {"state": "IND", "criterion": "a", "facts": "Not unique."},
    )
    assert "Art. 11(5): India (IND) is not a Party to the Second Protocol" in r.content.decode()
