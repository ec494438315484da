"""Tentative lists, recommendations and invitations, each by a Party on the day (or, for a
recommendation, the ICBS or an NGO); the pages in Norwegian and in English."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.listing.helpers import prop

pytestmark = pytest.mark.django_db


def test_tentative_list_only_by_the_party_with_jurisdiction(api, users):
    p = prop(users)
    r = api(users["officer_arm"]).post(
        "/api/listing/tentative", {"property": p.code, "state": "ARM"}
    )
    assert r.status_code == 201
    r = api(users["officer_aze"]).post(
        "/api/listing/tentative", {"property": p.code, "state": "AZE"}
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.no_jurisdiction_on_date"
    assert r.json()["error"].startswith(
        "Art. 11(2): no jurisdiction or control of Azerbaijan (AZE) over"
    )
    assert [e["state"] for e in api().get("/api/listing/tentative").json()] == ["ARM"]
    assert p.code in Client().get("/requests/").content.decode()


def test_recommendations_and_invitations(api, users):
    p = prop(users)
    r = api(users["officer_aze"]).post(
        "/api/listing/initiatives",
        {
            "property": p.code,
            "kind": "recommendation",
            "by_state": "AZE",
            "text": "Of the greatest importance.",
        },
    )
    assert r.status_code == 201
    r = api(users["officer_aze"]).post(
        "/api/listing/initiatives",
        {"property": p.code, "kind": "recommendation", "by_state": "ARM", "text": "x"},
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.acts_for_another.recommendation"
    r = api(users["officer_aze"]).post(
        "/api/listing/initiatives",
        {"property": p.code, "kind": "invitation", "invited_state": "ARM", "text": "x"},
    )
    assert (
        r.status_code == 403 and r.json()["code"] == "procedure.secretariat_only"
    )  # the Committee invites
    r = api(users["secretariat"]).post(
        "/api/listing/initiatives",
        {"property": p.code, "kind": "invitation", "invited_state": "AZE", "text": "x"},
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.no_jurisdiction_on_date"
    r = api(users["secretariat"]).post(
        "/api/listing/initiatives",
        {
            "property": p.code,
            "kind": "recommendation",
            "by_organisation": "International Committee of the Blue Shield",
            "text": "Recommended.",
        },
    )
    assert r.status_code == 201  # open to the ICBS and NGOs
    r = api(users["secretariat"]).post(
        "/api/listing/initiatives",
        {"property": p.code, "kind": "recommendation", "text": "Nobody's."},
    )
    assert r.status_code == 422 and r.json()["code"] == "procedure.recommendation_by"
    r = api(users["secretariat"]).post(
        "/api/listing/initiatives",
        {
            "property": p.code,
            "kind": "invitation",
            "invited_state": "ARM",
            "text": "Please request.",
        },
    )
    assert r.status_code == 201
    page = Client().get("/requests/").content.decode()
    assert "Of the greatest importance." in page and "→ Armenia (ARM)" in page


def test_request_page_in_norwegian(users):
    from shield.listing import committee
    from tests.listing.helpers import MEMBERS, days_ago, notified, session

    req = notified(users, prop(users), notified_ago=200)
    s = session(users, "G.1", days_ago(100))
    committee.add_to_agenda(users["secretariat"], s, req)
    committee.decide(users["secretariat"], s, req, "grant", {m: "yes" for m in MEMBERS})
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    html = c.get(f"/requests/{req.ref}/").content.decode()
    assert "Tidslinje" in html and "Underretninger" in html
    assert "vedtatt: 6 ja av 6 som stemte" in html
    assert f"uttalelser til og med {req.window_closes.isoformat()} (art. 11 nr. 5)" in html
    assert "innvilget" in html and "[art. 11 nr. 10]" in html and "Art. " not in html


def test_every_procedure_page_names_provisions_in_the_readers_language(users):
    from shield.listing import committee
    from tests.listing.helpers import days_ago, notified, session

    req = notified(users, prop(users), notified_ago=200)
    s = session(users, "G.1", days_ago(100))
    committee.add_to_agenda(users["secretariat"], s, req)
    committee.decide(users["secretariat"], s, req, "grant", {m: "yes" for m in s.present})
    for lang, label, other in (
        ("nb", "art. 11 nr. 5", "Art. 11"),
        ("en", "Art. 11(5)", "art. 11 nr."),
    ):
        c = Client()
        c.force_login(users["secretariat"])
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        pages = {
            path: c.get(path)
            for path in (
                "/requests/",
                "/requests/new/",
                f"/requests/{req.ref}/",
                "/sessions/",
                f"/sessions/{s.ref}/",
                f"/requests/{req.ref}/notices/receipt.html",
            )
        }
        for path, r in pages.items():
            assert r.status_code == 200, path
            assert other not in r.content.decode(), (lang, path)
        assert label in pages[f"/requests/{req.ref}/"].content.decode()
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    assert (
        '<strong id="status" data-status="granted">innvilget</strong>'
        in c.get(f"/requests/{req.ref}/").content.decode()
    )
