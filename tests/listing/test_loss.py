"""Loss and suspension as the treaty has them: an assertion of military use is an attributed
claim that never changes the List or the protection history; only decisions suspend or
cancel, cited Art. 14(1) for a criterion of Art. 10 and Art. 14(2) for violations of Art. 12;
the views period is the one set when the Parties' views were invited."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from shield.cli import main
from shield.listing import committee
from shield.registry.models import ProtectionEvent
from tests.listing.helpers import MEMBERS, days_ago, notified, prop, session

pytestmark = pytest.mark.django_db
ALL_YES = {m: "yes" for m in MEMBERS}


@pytest.fixture
def granted(users):
    """A request granted in session G.1, 100 days ago."""
    req = notified(users, prop(users), notified_ago=200)
    s = session(users, "G.1", days_ago(100))
    committee.add_to_agenda(users["secretariat"], s, req)
    assert committee.decide(users["secretariat"], s, req, "grant", ALL_YES).carried
    req.refresh_from_db()
    return req


def on_list(api, code, n):
    return code in [
        e["code"] for e in api().get("/api/list", on=days_ago(n).isoformat()).json()["entries"]
    ]


def test_an_assertion_of_military_use_is_a_claim_that_leaves_the_list_unchanged(
    api, users, granted
):
    code = granted.property.code
    events = list(
        ProtectionEvent.objects.filter(property=granted.property).values_list(
            "action", "effective_date"
        )
    )
    body = {
        "asserted_by_state": "AZE",
        "asserted_on": days_ago(20).isoformat(),
        "period_from": days_ago(50).isoformat(),
        "period_to": days_ago(30).isoformat(),
        "facts": "Armoured vehicles were parked in the courtyard.",
        "evidence": [{"title": "Satellite image of 2 May", "ref": "img-7"}],
    }
    r = api(users["officer_aze"]).post(
        f"/api/listing/requests/{granted.ref}/military-use-assertions", body
    )
    assert r.status_code == 201, r.json()
    a = r.json()
    assert a["asserted_by"] == "AZE" and a["claim"] is True and a["citations"] == ["Art. 13(1)(b)"]
    assert a["text"].startswith("Azerbaijan (AZE) asserted on " + days_ago(20).isoformat())
    assert "(a claim, not a finding; the List is unchanged)" in a["text"]
    assert [on_list(api, code, n) for n in (60, 50, 40, 30, 0)] == [True] * 5
    assert (
        list(
            ProtectionEvent.objects.filter(property=granted.property).values_list(
                "action", "effective_date"
            )
        )
        == events
    )
    detail = api().get(f"/api/listing/requests/{granted.ref}").json()
    assert (
        detail["status"] == "granted"
        and detail["military_use_assertions"][0]["asserted_by"] == "AZE"
    )
    # the Secretariat records an organisation's assertion; the page shows who asserts each
    r = api(users["secretariat"]).post(
        f"/api/listing/requests/{granted.ref}/military-use-assertions",
        {
            "asserted_by_organisation": "Monitoring NGO",
            "facts": "A mortar position.",
            "period_from": days_ago(10).isoformat(),
        },
    )
    assert r.status_code == 201 and r.json()["period_to"] is None
    page = Client().get(f"/requests/{granted.ref}/").content.decode()
    assert "Azerbaijan (AZE) asserted on" in page and "Monitoring NGO asserted on" in page
    assert "Art. 13(1)(b)" in page and "[Satellite image of 2 May: img-7]" in page
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    page = c.get(f"/requests/{granted.ref}/").content.decode()
    assert (
        "Aserbajdsjan (AZE) hevdet" in page
        and "en påstand, ikke en konstatering; listen er uendret" in page
    )
    assert "Art. 13" not in page
    # the old door that took property off the List is gone
    assert api(users["secretariat"]).post(
        f"/api/listing/requests/{granted.ref}/military-use", {"action": "lost_military_use"}
    ).status_code in (404, 405)


def test_assertions_are_attributed_dated_and_factual(api, users, granted):
    url = f"/api/listing/requests/{granted.ref}/military-use-assertions"
    r = api(users["officer_aze"]).post(url, {"asserted_by_state": "ARM", "facts": "x"})
    assert r.status_code == 403 and r.json()["code"] == "procedure.acts_for_another.assertion"
    r = api(users["secretariat"]).post(url, {"facts": "x"})
    assert r.status_code == 422 and r.json()["code"] == "procedure.assertion_by"
    r = api(users["secretariat"]).post(url, {"asserted_by_state": "AZE"})
    assert r.status_code == 422 and r.json()["code"] == "procedure.assertion_facts"
    r = api(users["secretariat"]).post(
        url,
        {
            "asserted_by_state": "AZE",
            "facts": "x",
            "period_from": days_ago(5).isoformat(),
            "period_to": days_ago(9).isoformat(),
        },
    )
    assert r.status_code == 422 and r.json()["code"] == "procedure.assertion_period"
    r = api(users["secretariat"]).post(
        url, {"asserted_by_state": "AZE", "facts": "x", "asserted_on": days_ago(-3).isoformat()}
    )
    assert r.status_code == 409 and r.json()["code"] == "procedure.in_future.assertion"
    pending = notified(users, prop(users, "t:pending"), notified_ago=5)
    r = api(users["secretariat"]).post(
        f"/api/listing/requests/{pending.ref}/military-use-assertions",
        {"asserted_by_state": "AZE", "facts": "x"},
    )
    assert r.status_code == 409 and r.json()["code"] == "procedure.assertion_not_listed"
    assert r.json()["citations"] == ["Art. 13(1)"]


def test_assertions_through_the_cli(users, granted, capsys):
    assert (
        main(
            [
                "listing",
                "assert",
                granted.ref,
                "--state",
                "AZE",
                "--facts",
                "Snipers on the bell tower.",
                "--from",
                days_ago(15).isoformat(),
                "--evidence",
                "Video of 3 May",
            ]
        )
        == 0
    )
    assert "Azerbaijan (AZE) asserted on" in capsys.readouterr().out
    assert main(["listing", "assert", granted.ref, "--facts", "Nobody's.", "--lang", "nb"]) == 2
    err = capsys.readouterr().err
    assert "art. 13 nr. 1 bokstav b): en påstand om militær bruk skal oppgi hvem" in err
    assert main(["listing", "assertions", granted.ref, "--lang", "nb"]) == 0
    assert "Aserbajdsjan (AZE) hevdet" in capsys.readouterr().out
    assert main(["listing", "list", "--format", "json"]) == 0
    assert granted.property.code in [
        e["code"] for e in json.loads(capsys.readouterr().out)["entries"]
    ]


def _motion(users, req, motion, grounds, ref, held_ago, continuous=False):
    s = session(users, ref, days_ago(held_ago))
    committee.add_to_agenda(users["secretariat"], s, req)
    return committee.decide(
        users["secretariat"], s, req, motion, ALL_YES, grounds, continuous=continuous
    )


def test_a_cancellation_on_a_criterion_of_article_10_cites_14_1(api, users, granted):
    committee.open_views(users["secretariat"], granted, "cancel", ["b"], days_ago(60), days_ago(40))
    d = _motion(users, granted, "cancel", ["b"], "C.1", 30)
    assert d.carried and [c.label() for c in d.basis] == ["Art. 14(1)"]
    event = ProtectionEvent.objects.get(property=granted.property, action="cancelled")
    assert event.basis.startswith("Art. 14(1); decision C.1 1 (Art. 10(b))")
    html = (
        Client().get(f"/requests/{granted.ref}/notices/cancellation.html?lang=nb").content.decode()
    )
    assert "art. 14 nr. 1, art. 14 nr. 3" in html
    assert [on_list(api, granted.property.code, n) for n in (31, 30)] == [True, False]


def test_a_cancellation_for_violations_of_article_12_needs_the_finding_that_they_are_continuous(
    api, users, granted
):
    committee.open_views(
        users["secretariat"], granted, "cancel", ["art12"], days_ago(60), days_ago(40)
    )
    s = session(users, "C.1", days_ago(30))
    sec = api(users["secretariat"])
    sec.post(f"/api/listing/sessions/{s.ref}/agenda", {"request": granted.ref})
    body = {"request": granted.ref, "motion": "cancel", "grounds": ["art12"], "votes": ALL_YES}
    r = sec.post(f"/api/listing/sessions/{s.ref}/decisions", body)
    assert r.status_code == 409 and r.json()["code"] == "procedure.cancellation_not_continuous"
    assert (
        r.json()["citations"] == ["Art. 14(2)"] and r.json()["errors"][0]["field"] == "continuous"
    )
    r = sec.post(
        f"/api/listing/sessions/{s.ref}/decisions", {**body, "continuous": True}
    )  # no prior suspension
    assert r.status_code == 201 and r.json()["carried"] and r.json()["basis"] == ["Art. 14(2)"]
    event = ProtectionEvent.objects.get(property=granted.property, action="cancelled")
    assert event.basis.startswith("Art. 14(2); decision C.1 1 (serious violation of Art. 12)")


def test_no_decision_before_the_views_period_set_at_the_invitation_has_closed(api, users, granted):
    sec = api(users["secretariat"])
    r = sec.post(
        f"/api/listing/requests/{granted.ref}/views",
        {
            "proposal": "suspend",
            "grounds": ["c"],
            "opened_on": days_ago(40).isoformat(),
            "closes_on": days_ago(10).isoformat(),
        },
    )
    assert r.status_code == 201 and r.json()["closes_on"] == days_ago(10).isoformat()
    s = session(users, "S.1", days_ago(10))
    sec.post(f"/api/listing/sessions/{s.ref}/agenda", {"request": granted.ref})
    r = sec.post(
        f"/api/listing/sessions/{s.ref}/decisions",
        {"request": granted.ref, "motion": "suspend", "grounds": ["c"], "votes": ALL_YES},
    )
    assert r.status_code == 409 and r.json()["code"] == "procedure.views_open"
    assert f"until {days_ago(10).isoformat()}" in r.json()["error"]
    s2 = session(users, "S.2", days_ago(9))
    sec.post(f"/api/listing/sessions/{s2.ref}/agenda", {"request": granted.ref})
    r = sec.post(
        f"/api/listing/sessions/{s2.ref}/decisions",
        {"request": granted.ref, "motion": "suspend", "grounds": ["c"], "votes": ALL_YES},
    )
    assert r.status_code == 201 and r.json()["carried"] and r.json()["basis"] == ["Art. 14(1)"]
    html = Client().get(f"/requests/{granted.ref}/notices/views.html?lang=en").content.decode()
    assert f"The Parties may make their views known until {days_ago(10).isoformat()}." in html
