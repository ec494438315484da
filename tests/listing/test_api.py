"""The procedure through the API: the happy path, and the steps the treaty does not allow
(each a refusal with its code and citations)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shield.audit.verify import verify_chain
from shield.listing.models import Notification, Request
from shield.parties.models import State
from shield.treaty import status
from tests.listing.helpers import EVIDENCE, MEMBERS, days_ago, notified, prop, seat, session

pytestmark = pytest.mark.django_db

ALL_YES = {m: "yes" for m in MEMBERS}


def test_request_to_list_through_the_api(api, users):
    p = prop(users)
    arm, aze, sec = api(users["officer_arm"]), api(users["officer_aze"]), api(users["secretariat"])
    r = arm.post(
        "/api/listing/requests",
        {"property": p.code, "state": "ARM", **EVIDENCE, "submitted_on": days_ago(80).isoformat()},
    )
    assert r.status_code == 201, r.json()
    ref = r.json()["ref"]
    assert r.json()["status"] == "submitted"
    assert (
        sec.post(
            f"/api/listing/requests/{ref}/register", {"on": days_ago(75).isoformat()}
        ).status_code
        == 200
    )
    r = sec.post(f"/api/listing/requests/{ref}/notify", {"on": days_ago(70).isoformat()})
    assert r.status_code == 200
    assert r.json()["window_closes"] == (days_ago(70) + timedelta(days=60)).isoformat()
    receipts = Notification.objects.filter(request__ref=ref, kind="receipt")
    parties = status.parties_on(days_ago(70)).result  # the shipped register, by code
    expected = {s.code for s in State.objects.filter(code__in=parties)}
    assert {n.state.code for n in receipts} == expected and {
        "ARM",
        "AZE",
    } <= expected  # one record per Party

    r = aze.post(
        f"/api/listing/requests/{ref}/representations",
        {
            "state": "AZE",
            "criterion": "c",
            "facts": "A checkpoint stands 300 m from the west gate.",
            "attachments": [{"title": "Photograph of 3 May", "ref": "doc-17"}],
            "submitted_on": days_ago(40).isoformat(),
        },
    )
    assert r.status_code == 201, r.json()
    assert (
        arm.post(
            f"/api/listing/requests/{ref}/responses",
            {"facts": "The checkpoint was removed in May."},
        ).status_code
        == 201
    )
    assert (
        sec.post(
            f"/api/listing/requests/{ref}/advice",
            {"organisation": "ICBS", "criterion": "a", "facts": "Of the greatest importance."},
        ).status_code
        == 201
    )

    seat(users)
    r = sec.post(
        "/api/listing/sessions",
        {
            "ref": "5.EXT",
            "kind": "extraordinary",
            "held_on": days_ago(1).isoformat(),
            "members": MEMBERS,
            "present": MEMBERS,
        },
    )
    assert r.status_code == 201, r.json()
    assert sec.post("/api/listing/sessions/5.EXT/agenda", {"request": ref}).status_code == 200
    votes = {
        "AUT": "yes",
        "CYP": "yes",
        "EGY": "yes",
        "MLI": "yes",
        "ARM": "yes",
        "AZE": "no",
    }  # 5/6 >= 4/5
    r = sec.post(
        "/api/listing/sessions/5.EXT/decisions", {"request": ref, "motion": "grant", "votes": votes}
    )
    assert r.status_code == 201, r.json()
    d = r.json()
    assert d["carried"] is True
    assert "Art. 11(5)" in d["finding"]["citations"]  # four-fifths: representations were before it
    assert "fire femdeler" in d["finding"]["reason"]["nb"]

    detail = api().get(f"/api/listing/requests/{ref}").json()
    assert detail["status"] == "granted"
    kinds = {n["kind"] for n in detail["notifications"]}
    assert {"receipt", "inclusion"} <= kinds
    assert any(
        n["addressee"].startswith("Secretary-General")
        for n in detail["notifications"]
        if n["kind"] == "inclusion"
    )
    actions = [t["action"] for t in detail["timeline"]]
    assert actions[:3] == ["submitted", "registered", "notified"]
    assert "decision" in actions and "notified_inclusion" in actions

    today = api().get("/api/list").json()["entries"]
    entry = next(e for e in today if e["code"] == p.code)
    assert (
        entry["decision"] == "5.EXT 1"
        and entry["request"] == ref
        and entry["since"] == days_ago(1).isoformat()
    )
    before = api().get("/api/list", on=days_ago(2).isoformat()).json()["entries"]
    assert p.code not in [e["code"] for e in before]
    assert verify_chain()[0] is None


def test_four_fifths_not_reached_with_representations(api, users):
    req = notified(users, prop(users))
    from shield.listing import services

    services.represent(
        users["officer_aze"],
        req,
        {
            "state": "AZE",
            "criterion": "a",
            "facts": "Not unique.",
            "submitted_on": days_ago(60).isoformat(),
        },
    )
    s = session(users)
    sec = api(users["secretariat"])
    sec.post(f"/api/listing/sessions/{s.ref}/agenda", {"request": req.ref})
    votes = {
        "AUT": "yes",
        "CYP": "yes",
        "EGY": "yes",
        "MLI": "no",
        "ARM": "yes",
        "AZE": "no",
    }  # 4/6 < 4/5, >= 2/3
    d = sec.post(
        f"/api/listing/sessions/{s.ref}/decisions",
        {"request": req.ref, "motion": "grant", "votes": votes},
    ).json()
    assert d["carried"] is False
    assert Request.objects.get(pk=req.pk).status == "notified"
    assert p_code_not_listed(api, req.property.code)


def p_code_not_listed(api, code):
    return code not in [e["code"] for e in api().get("/api/list").json()["entries"]]


# --- every step the treaty does not allow ----------------------------------------------------------


def _decide(api, users, req, motion="grant", votes=None, grounds=None, present=None, ref="19.COM"):
    s = session(users, ref=ref, present=present)
    sec = api(users["secretariat"])
    assert (
        sec.post(f"/api/listing/sessions/{s.ref}/agenda", {"request": req.ref}).status_code == 200
    )
    return sec.post(
        f"/api/listing/sessions/{s.ref}/decisions",
        {"request": req.ref, "motion": motion, "votes": votes or ALL_YES, "grounds": grounds or []},
    )


def test_no_decision_before_the_window_closes(api, users):
    req = notified(users, prop(users), notified_ago=10)
    r = _decide(api, users, req)
    assert r.status_code == 409 and r.json()["code"] == "procedure.decision_before_window"
    closes = (days_ago(10) + timedelta(days=60)).isoformat()
    assert r.json()["error"].startswith(
        "Art. 11(5): the sixty-day window for representations closes on " + closes
    )
    assert Request.objects.get(pk=req.pk).status == "notified"


def test_no_vote_without_quorum(api, users):
    req = notified(users, prop(users))
    r = _decide(
        api,
        users,
        req,
        votes={"AUT": "yes", "CYP": "yes", "EGY": "yes"},
        present=["AUT", "CYP", "EGY"],
    )
    assert r.status_code == 409 and r.json()["code"] == "procedure.no_quorum"
    assert r.json()["error"].startswith("Art. 26(2)")
    assert "3 of 6" in r.json()["error"]


def test_a_member_does_not_vote_on_a_conflict_it_is_party_to(api, users):
    req = notified(users, prop(users), conflict_parties=["ARM", "AZE"])
    r = _decide(api, users, req)  # ARM and AZE vote yes
    assert r.status_code == 409
    assert r.json()["error"].startswith(
        "Art. 26(3): Armenia (ARM) is a party to the armed conflict"
    )
    assert (
        r.json()["errors"][0]["field"] == "votes.ARM"
        and r.json()["code"] == "procedure.member_recused"
    )
    ok = {"AUT": "yes", "CYP": "yes", "EGY": "yes", "MLI": "yes", "ARM": "", "AZE": ""}
    s = req.sessions.first()
    r = api(users["secretariat"]).post(
        f"/api/listing/sessions/{s.ref}/decisions",
        {"request": req.ref, "motion": "grant", "votes": ok},
    )
    assert r.status_code == 201 and r.json()["carried"]
    assert any("Art. 26(3)" in p["citations"] for p in r.json()["finding"]["parts"])


@pytest.mark.parametrize("grounds", [["political situation"], [], ["a", "territorial dispute"]])
def test_a_refusal_rests_on_article_10_only(api, users, grounds):
    req = notified(users, prop(users))
    r = _decide(api, users, req, motion="deny", grounds=grounds)
    assert r.status_code == 422 and r.json()["code"] == "procedure.grounds_not_article_10"
    assert r.json()["error"].startswith(
        "Art. 11(7): a decision to grant or deny enhanced protection rests only on "
        "the criteria of Art. 10"
    )
    r = api(users["secretariat"]).post(
        "/api/listing/sessions/19.COM/decisions",
        {"request": req.ref, "motion": "deny", "votes": ALL_YES, "grounds": ["b"]},
    )
    assert r.status_code == 201 and r.json()["carried"]
    assert Request.objects.get(pk=req.pk).status == "denied"


def test_representations_only_on_article_10_criteria(api, users):
    req = notified(users, prop(users), notified_ago=5)
    aze = api(users["officer_aze"])
    r = aze.post(
        f"/api/listing/requests/{req.ref}/representations",
        {"state": "AZE", "criterion": "sovereignty", "facts": "The territory is disputed."},
    )
    assert r.status_code == 422 and r.json()["code"] == "procedure.representation_criterion"
    assert r.json()["error"].startswith(
        "Art. 11(5): representations are made only on the basis of the criteria of Art. 10"
    )
    late = notified(users, prop(users, "t:late"), notified_ago=61)
    r = aze.post(
        f"/api/listing/requests/{late.ref}/representations",
        {"state": "AZE", "criterion": "a", "facts": "x"},
    )
    assert r.status_code == 409 and "too late" in r.json()["error"]
    assert r.json()["code"] == "procedure.representations_closed" and r.json()["citations"] == [
        "Art. 11(5)"
    ]


def test_a_party_acts_only_for_itself(api, users):
    p = prop(users)
    aze = api(users["officer_aze"])
    r = aze.post("/api/listing/requests", {"property": p.code, "state": "ARM", **EVIDENCE})
    assert r.status_code == 403 and r.json()["code"] == "procedure.acts_for_another"
    assert r.json()["error"] == (
        "Art. 11(2): you act for Azerbaijan (AZE), not for Armenia (ARM): a State makes a "
        "request for enhanced protection only in its own name"
    )
    r = aze.post("/api/listing/requests", {"property": p.code, "state": "AZE", **EVIDENCE})
    assert r.status_code == 403 and r.json()["code"] == "procedure.no_jurisdiction_on_date"
    req = notified(users, p, notified_ago=5)
    r = api(users["officer_arm"]).post(
        f"/api/listing/requests/{req.ref}/representations",
        {"state": "AZE", "criterion": "a", "facts": "x"},
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.acts_for_another.representation"
    assert r.json()["citations"] == ["Art. 11(5)"]
    r = aze.post(f"/api/listing/requests/{req.ref}/withdraw", {})
    assert r.status_code == 403 and r.json()["code"] == "procedure.acts_for_another.withdrawal"
    assert Request.objects.get(pk=req.pk).status == "notified"
    assert not Request.objects.filter(state__code="AZE").exists()


def test_a_request_needs_evidence_for_each_criterion(api, users):
    p = prop(users)
    r = api(users["officer_arm"]).post(
        "/api/listing/requests",
        {"property": p.code, "state": "ARM", "evidence_a": "x", "declaration": False},
    )
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"evidence_b", "evidence_c", "declaration"}
    assert r.json()["code"] == "procedure.evidence_missing" and r.json()["errors"][2][
        "citations"
    ] == ["Art. 10(c)"]
    assert not Request.objects.exists()


def test_suspension_needs_the_views_step_first(api, users):
    req = granted(users)
    r = _decide(api, users, req, motion="suspend", grounds=["c"], ref="S.1")
    assert r.status_code == 409 and r.json()["code"] == "procedure.views_not_invited"
    assert r.json()["error"].startswith(
        "Art. 14(4): the Parties have not been given an opportunity"
    )
    r = api(users["secretariat"]).post(
        f"/api/listing/requests/{req.ref}/views",
        {
            "proposal": "suspend",
            "grounds": ["political"],
            "opened_on": days_ago(30).isoformat(),
            "closes_on": days_ago(5).isoformat(),
        },
    )
    assert r.status_code == 422 and r.json()["code"] == "procedure.suspension_grounds"
    assert r.json()["citations"] == ["Art. 14(1)", "Art. 14(2)"]
    r = api(users["secretariat"]).post(
        f"/api/listing/requests/{req.ref}/views",
        {"proposal": "suspend", "grounds": ["c"], "opened_on": days_ago(30).isoformat()},
    )
    assert (
        r.status_code == 422 and r.json()["code"] == "procedure.views_period"
    )  # the period is set when invited


def granted(users, ago=200):
    """A request granted in session G.1, 100 days ago."""
    from shield.listing import committee

    req = notified(users, prop(users), notified_ago=ago)
    s = session(users, "G.1", days_ago(100))
    committee.add_to_agenda(users["secretariat"], s, req)
    assert committee.decide(users["secretariat"], s, req, "grant", ALL_YES).carried
    req.refresh_from_db()
    return req


def test_list_on_a_date_through_suspension_and_lifting(api, users):
    from shield.listing import committee

    sec = users["secretariat"]
    req = granted(users)
    committee.open_views(sec, req, "suspend", ["c"], days_ago(60), days_ago(31))
    s2 = session(users, "S.1", days_ago(30))
    committee.add_to_agenda(sec, s2, req)
    d = committee.decide(sec, s2, req, "suspend", ALL_YES, ["c"])
    assert d.carried and [c.label() for c in d.basis] == ["Art. 14(1)"]
    s3 = session(users, "L.1", days_ago(10))
    committee.add_to_agenda(sec, s3, req)
    assert committee.decide(sec, s3, req, "lift", ALL_YES).carried

    def listed(n):
        return req.property.code in [
            e["code"] for e in api().get("/api/list", on=days_ago(n).isoformat()).json()["entries"]
        ]

    assert [listed(n) for n in (101, 100, 31, 30, 11, 10, 0)] == [
        False,
        True,
        True,
        False,
        False,
        True,
        True,
    ]
    kinds = set(Notification.objects.filter(request=req).values_list("kind", flat=True))
    assert {"inclusion", "views", "suspension", "restoration"} <= kinds
    feed = api().get("/api/list/feed.atom").content.decode()
    assert "suspended" in feed and "suspension lifted" in feed


def test_emergency_path_decides_before_the_window_with_four_fifths(api, users):
    p = prop(users, "t:lviv", "UKR")
    from shield.listing import services

    req = services.submit_request(
        users["admin"],
        p,
        {
            "state": "UKR",
            "evidence_a": "x",
            "evidence_c": "y",
            "declaration": True,
            "emergency": True,
            "conflict_parties": ["UKR", "RUS"],
        },
    )
    services.register(users["secretariat"], req)
    transmitted = Notification.objects.filter(request=req, kind="emergency")
    assert [n.state.code for n in transmitted] == [
        "RUS",
        "UKR",
    ]  # at once, to the parties to the conflict
    services.notify(users["secretariat"], req)
    req.refresh_from_db()
    r = _decide(api, users, req, motion="grant", votes=ALL_YES)
    assert r.status_code == 409 and r.json()["error"].startswith(
        "Art. 11(5)"
    )  # regular inclusion waits
    r = api(users["secretariat"]).post(
        "/api/listing/sessions/19.COM/decisions",
        {"request": req.ref, "motion": "provisional", "votes": ALL_YES},
    )
    assert r.status_code == 201 and r.json()["carried"]
    assert "Art. 11(9)" in r.json()["finding"]["citations"]
    entry = next(e for e in api().get("/api/list").json()["entries"] if e["code"] == p.code)
    assert entry["level"] == "provisional_enhanced"


def test_provisional_only_on_emergency_and_exceptional_needs_assistance(api, users):
    req = notified(users, prop(users))
    r = _decide(api, users, req, motion="provisional")
    assert r.status_code == 409 and r.json()["code"] == "procedure.provisional_needs_emergency"
    assert r.json()["citations"] == ["Art. 11(9)"]
    r = api(users["secretariat"]).post(
        "/api/listing/sessions/19.COM/decisions",
        {"request": req.ref, "motion": "exceptional_grant", "votes": ALL_YES},
    )
    assert r.status_code == 422 and r.json()["code"] == "procedure.exceptional_needs_assistance"
    assert r.json()["error"].startswith("Art. 11(8)")


def test_second_ordinary_session_in_a_year_refused(api, users):
    seat(users)
    sec = api(users["secretariat"])
    body = {
        "ref": "19.COM",
        "kind": "ordinary",
        "held_on": days_ago(40).isoformat(),
        "members": MEMBERS,
        "present": MEMBERS,
    }
    assert sec.post("/api/listing/sessions", body).status_code == 201
    r = sec.post(
        "/api/listing/sessions", {**body, "ref": "20.COM", "held_on": days_ago(20).isoformat()}
    )
    if days_ago(40).year == days_ago(20).year:
        assert r.status_code == 409 and r.json()["error"].startswith("Art. 24(2)")


def test_only_the_secretariat_registers_and_committee_records(api, users):
    req = notified(users, prop(users))
    s = session(users)
    r = api(users["officer_arm"]).post(
        f"/api/listing/sessions/{s.ref}/agenda", {"request": req.ref}
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.secretariat_only"
    assert r.json()["citations"] == ["Art. 28"]
    r = api(users["committee"]).post(
        "/api/listing/sessions",
        {
            "ref": "X",
            "kind": "extraordinary",
            "held_on": days_ago(3).isoformat(),
            "members": MEMBERS,
            "present": MEMBERS,
        },
    )
    assert r.status_code == 403
    r = api(users["committee"]).post(
        f"/api/listing/sessions/{s.ref}/decisions",
        {"request": req.ref, "motion": "grant", "votes": ALL_YES},
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.committee_only"


def test_refusal_after_provisional_protection_ends_it(api, users):
    from shield.listing import committee, services

    sec = users["secretariat"]
    p = prop(users, "t:emergency", "UKR")
    req = services.submit_request(
        users["admin"],
        p,
        {
            "state": "UKR",
            "evidence_a": "x",
            "evidence_c": "y",
            "declaration": True,
            "emergency": True,
            "conflict_parties": ["UKR", "RUS"],
            "submitted_on": days_ago(100).isoformat(),
        },
    )
    services.register(sec, req, days_ago(99))
    services.notify(sec, req, days_ago(98))
    votes = ALL_YES
    s1 = session(users, "E.1", days_ago(97))
    committee.add_to_agenda(sec, s1, req)
    assert committee.decide(sec, s1, Request.objects.get(pk=req.pk), "provisional", votes).carried
    s2 = session(users, "E.2", days_ago(10))
    committee.add_to_agenda(sec, s2, req)
    assert committee.decide(sec, s2, Request.objects.get(pk=req.pk), "deny", votes, ["a"]).carried

    def listed(n):
        return p.code in [
            e["code"] for e in api().get("/api/list", on=days_ago(n).isoformat()).json()["entries"]
        ]

    assert [listed(n) for n in (98, 97, 11, 10)] == [False, True, True, False]
