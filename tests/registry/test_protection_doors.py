"""Protection derived from the law, through the doors: the API, search, the property page and
the refusal of events the law does not allow."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from shield.registry import services
from shield.registry.models import CulturalProperty, ProtectionEvent
from shield.treaty.refusals import Refused

from .factories import record

pytestmark = pytest.mark.django_db

CLAIMS = [
    {"state": "AZE", "role": "claimant", "valid_from": "1991-10-18"},
    {"state": "ARM", "role": "control", "valid_from": "1992-05-09", "valid_to": "2020-11-08"},
    {"state": "AZE", "role": "control", "valid_from": "2020-11-08"},
]


def make(users, external_id="t:p", **over) -> CulturalProperty:
    return services.create_property(users["admin"], record(external_id, **over))


def test_general_protection_with_its_citations_and_the_states_it_binds_that_day(users, api):
    prop = make(users, claims=CLAIMS)
    body = api().get(f"/api/properties/{prop.code}/protection", on="2020-10-08").json()
    assert (
        body["on"] == "2020-10-08" and body["levels"] == ["general"] and body["cultural_property"]
    )
    general = body["general"]
    assert {
        "Convention Art. 4",
        "Convention Art. 18",
        "Convention Art. 19",
        "Art. 3",
        "Art. 5",
        "Art. 9",
    } <= set(general["citations"])
    assert general["reason"].startswith("general protection by the law")
    assert general["bound"] == {"convention": ["ARM", "AZE"], "protocol": ["ARM", "AZE"]}
    arm = general["states"][0]
    assert (arm["state"], arm["convention"], arm["protocol"]) == ("ARM", True, True)
    assert arm["citations"] == ["Convention Art. 18", "Art. 3(1)"]
    assert body["category"]["citations"] == ["Convention Art. 1(a)"]
    assert (
        body["reasoning"][0]["depth"] == 0
        and body["special_and_enhanced"] == []
        and body["art_4b"] is None
    )


def test_the_states_concerned_follow_the_claims_in_force_on_the_day(users, api):
    prop = make(users, claims=CLAIMS)
    states = lambda d: [
        s["state"]
        for s in api()
        .get(f"/api/properties/{prop.code}/protection", on=d)
        .json()["general"]["states"]
    ]
    assert states("1990-01-01") == ["ARM"]
    assert states("2000-01-01") == ["ARM", "AZE"]
    assert states("2021-01-01") == ["ARM", "AZE"]  # the inventory State stays concerned
    alone = make(users, "t:arm")
    states_on = lambda d: (
        api().get(f"/api/properties/{alone.code}/protection", on=d).json()["general"]["states"]
    )
    before, after = states_on("2006-08-17")[0], states_on("2006-08-18")[0]
    assert before["convention"] is True
    assert (before["protocol"], after["protocol"]) == (
        False,
        True,
    )  # Armenia: a Party from 2006-08-18


def test_the_answer_is_in_the_readers_language(users, api):
    prop = make(users, claims=CLAIMS)
    client = api()
    body = client.client.get(
        f"/api/properties/{prop.code}/protection", {"on": "2020-10-08"}, HTTP_ACCEPT_LANGUAGE="nb"
    ).json()
    assert body["lang"] == "nb"
    assert body["general"]["reason"].startswith("alminnelig beskyttelse i kraft av traktatene")
    assert "Aserbajdsjan (AZE)" in body["general"]["reason"]
    assert (
        "konvensjonen art. 4" in body["general"]["citations"]
        and "art. 3 nr. 1" in body["general"]["states"][0]["citations"]
    )
    assert body["general"]["states"][1]["name"] == "Aserbajdsjan"
    assert "Art." not in body["reason"] + body["general"]["reason"]
    assert (
        api()
        .get(f"/api/properties/{prop.code}/protection", on="2020-10-08", lang="nb")
        .json()["lang"]
        == "nb"
    )


def test_art_4b_and_the_histories_through_the_api(users, api):
    events = [
        {
            "level": "special",
            "action": "granted",
            "effective_date": "1978-04-22",
            "basis": "Convention Art. 8",
        },
        {
            "level": "enhanced",
            "action": "granted",
            "effective_date": "2010-11-16",
            "basis": "Art. 11(10)",
        },
        {
            "level": "enhanced",
            "action": "suspended",
            "effective_date": "2015-01-01",
            "basis": "Art. 14(1)",
        },
    ]
    prop = make(users, category="refuge", protection=events)
    on = lambda d: api().get(f"/api/properties/{prop.code}/protection", on=d).json()
    both = on("2012-01-01")
    assert both["levels"] == ["general", "enhanced"] and both["in_force"] == [
        "general",
        "special",
        "enhanced",
    ]
    assert both["art_4b"]["citations"] == ["Art. 4(b)"]
    assert {h["level"]: h["citations"] for h in both["special_and_enhanced"]} == {
        "special": ["Convention Art. 8"],
        "enhanced": ["Art. 11(10)"],
    }
    suspended = on("2016-01-01")
    assert suspended["levels"] == ["general", "special"] and suspended["art_4b"] is None
    assert api().get(f"/api/properties/{prop.code}").json()["protection"] == ["general", "special"]


def test_a_new_general_event_is_refused_at_every_door(users, api):
    bad = {
        "level": "general",
        "action": "granted",
        "effective_date": "2004-03-09",
        "basis": "the law",
    }
    r = api(users["admin"]).post("/api/properties", record("t:g", protection=[bad]))
    assert r.status_code == 422
    error = r.json()["errors"][0]
    assert (
        error["field"] == "protection[0]"
        and "general protection is not granted by an event" in error["message"]
    )
    assert error["message"].startswith("Convention Art. 4, Convention Art. 18, Art. 3(1): ")
    prop = make(users)
    with pytest.raises(Refused) as refused:
        services.add_protection_event(
            users["admin"], prop, "general", "granted", date(2004, 3, 9), "the law"
        )
    assert refused.value.code == "protection.general_needs_no_grant"
    assert "konvensjonen art. 1" in refused.value.reason_in("nb")
    with pytest.raises(Refused) as refused:
        services.add_protection_event(
            users["admin"],
            prop,
            "enhanced",
            "lost_military_use",
            date(2022, 1, 1),
            "asserted by a party",
            check_rights=False,
        )
    assert refused.value.code == "protection.military_use_is_no_event"
    with pytest.raises(Refused) as refused:
        services.add_protection_event(
            users["admin"],
            prop,
            "enhanced",
            "suspended",
            date(2022, 1, 1),
            "decision",
            check_rights=False,
        )
    assert refused.value.code == "protection.enhanced.not_in_force"
    assert refused.value.as_dict("nb")["citations"] == ["art. 14 nr. 1", "art. 14 nr. 2"]
    assert not prop.protection_events.exists()


def test_recorded_general_and_military_use_events_are_kept_and_not_read(users, api):
    prop = make(
        users,
        "t:old",
        protection=[
            {
                "level": "enhanced",
                "action": "granted",
                "effective_date": "2019-12-12",
                "basis": "Art. 11(10)",
            }
        ],
    )
    # as a database written before this rule holds them
    ProtectionEvent.objects.create(
        property=prop,
        level="general",
        action="granted",
        effective_date=date(2004, 3, 9),
        basis="Art. 5",
    )
    ProtectionEvent.objects.create(
        property=prop,
        level="enhanced",
        action="lost_military_use",
        effective_date=date(2022, 4, 2),
        basis="Art. 13(1)(b)",
    )
    body = api().get(f"/api/properties/{prop.code}/protection", on="2022-04-10").json()
    assert body["levels"] == ["general", "enhanced"]
    assert [(e["level"], e["action"]) for e in body["ignored_events"]] == [
        ("general", "granted"),
        ("enhanced", "lost_military_use"),
    ]
    assert body["ignored_events"][1]["citations"] == ["Art. 13(1)(b)", "Art. 14(1)", "Art. 14(2)"]
    detail = api().get(f"/api/properties/{prop.code}").json()
    assert [e["read"] for e in detail["protection_history"]] == [False, True, False]
    codes = lambda **p: [r["code"] for r in api().get("/api/properties", **p).json()["results"]]
    assert codes(level="enhanced", on="2022-04-10") == [
        prop.code
    ]  # the military use changed nothing


def test_search_by_general_protection_finds_every_cultural_property(users, api):
    made = [
        make(users, f"t:{i}", category=c).code
        for i, c in enumerate(["monument", "museum", "collection"])
    ]
    make(
        users,
        "t:e",
        protection=[
            {
                "level": "enhanced",
                "action": "granted",
                "effective_date": "2010-11-16",
                "basis": "Art. 11(10)",
            }
        ],
    )
    found = api().get("/api/properties", level="general", on="2020-10-08").json()
    assert found["count"] == 4 and set(made) <= {r["code"] for r in found["results"]}
    assert all("general" in r["protection"] for r in found["results"])
    assert api().get("/api/properties", level="enhanced", on="2020-10-08").json()["count"] == 1


def test_the_property_page_shows_the_law_in_the_readers_language(users, client):
    prop = make(users, claims=CLAIMS)
    url = reverse("web:property", args=[prop.code]) + "?on=2020-10-08"
    page = client.get(url).content.decode()
    assert 'id="protection-general"' in page and "general protection by the law" in page
    assert "Convention Art. 4" in page and "Convention Art. 18, Art. 3(1)" in page
    nb = client.get(url, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "alminnelig beskyttelse i kraft av traktatene" in nb and "konvensjonen art. 4" in nb
    assert "Aserbajdsjan (AZE)" in nb
