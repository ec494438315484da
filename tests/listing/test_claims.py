"""Jurisdiction or control on the day of the act, from the property's dated, sourced claims:
a State whose control ended before the request is refused citing Art. 11(2); where claims
overlap the request goes on with the conflict recorded (Art. 11(4)), each claim shown as a
claim; the inventory a record sits in is not a claim."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from shield.listing.models import Request, TentativeEntry
from tests.listing.helpers import EVIDENCE, prop

pytestmark = pytest.mark.django_db

KARABAKH = [  # as the demo records Shusha (bases abridged)
    {
        "state": "AZE",
        "role": "claimant",
        "valid_from": "1991-10-18",
        "basis": "Constitutional Act of 1991",
        "source": "UN Security Council resolutions 822, 853, 874, 884 (1993)",
    },
    {
        "state": "ARM",
        "role": "control",
        "valid_from": "1992-05-09",
        "valid_to": "2020-11-08",
        "basis": "de facto control",
        "source": "Armenian and Azerbaijani official statements",
    },
    {
        "state": "AZE",
        "role": "control",
        "valid_from": "2020-11-08",
        "basis": "taken by Azerbaijani forces",
        "source": "Trilateral statement of 9/10 November 2020",
    },
]
CRIMEA = [
    {
        "state": "UKR",
        "role": "claimant",
        "valid_from": "1991-08-24",
        "source": "UN General Assembly resolution 68/262",
    },
    {
        "state": "UKR",
        "role": "control",
        "valid_from": "1991-08-24",
        "valid_to": "2014-03-18",
        "source": "Ukrainian records",
    },
    {
        "state": "RUS",
        "role": "control",
        "valid_from": "2014-03-18",
        "source": "Russian and Ukrainian statements",
    },
]


def nb(client):
    client.headers["HTTP_ACCEPT_LANGUAGE"] = "nb"
    return client


def test_a_state_whose_control_ended_before_the_request_is_refused(api, users):
    p = prop(users, "t:shusha", "ARM", claims=KARABAKH)
    body = {"property": p.code, "state": "ARM", **EVIDENCE}
    r = api(users["officer_arm"]).post("/api/listing/requests", body)
    assert r.status_code == 403 and r.json()["code"] == "procedure.control_ended"
    assert r.json()["citations"] == ["Art. 11(2)"]
    assert "the recorded control of Armenia (ARM)" in r.json()["error"]
    assert "ended on 2020-11-08 (Armenian and Azerbaijani official statements)" in r.json()["error"]
    r = nb(api(users["officer_arm"])).post("/api/listing/requests", body)
    assert r.json()["citations"] == ["art. 11 nr. 2"] and "opphørte 2020-11-08" in r.json()["error"]
    assert not Request.objects.exists()
    # the inventory State is not assumed: a tentative entry fails the same way
    r = api(users["officer_arm"]).post(
        "/api/listing/tentative", {"property": p.code, "state": "ARM"}
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.control_ended"


def test_on_a_date_when_claims_overlap_the_request_goes_on_with_the_conflict_recorded(api, users):
    p = prop(users, "t:shusha", "ARM", claims=KARABAKH)
    r = api(users["officer_arm"]).post(
        "/api/listing/requests",
        {"property": p.code, "state": "ARM", **EVIDENCE, "submitted_on": "2010-06-01"},
    )
    assert r.status_code == 201, r.json()
    claims = r.json()["competing_claims"]
    assert {(c["state"], c["role"]) for c in claims} == {("AZE", "claimant"), ("ARM", "control")}
    aze = next(c for c in claims if c["state"] == "AZE")
    assert (
        aze["valid_from"] == "1991-10-18"
        and aze["valid_to"] is None
        and aze["source"].startswith("UN Security")
    )
    assert aze["text"] == (
        "Azerbaijan (AZE) claims sovereignty or jurisdiction since 1991-10-18 "
        "(source: UN Security Council resolutions 822, 853, 874, 884 (1993))"
    )
    stored = Request.objects.get(ref=r.json()["ref"]).competing_claims
    assert {c["state"] for c in stored} == {"AZE", "ARM"} and all(c["basis"] for c in stored)

    page = Client().get(f"/requests/{r.json()['ref']}/").content.decode()
    assert 'id="competing-claims"' in page and "Art. 11(4)" in page
    assert "Armenia (ARM) claims control from 1992-05-09 until 2020-11-08" in page
    assert "none is taken as established" in page
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    page = c.get(f"/requests/{r.json()['ref']}/").content.decode()
    assert "Aserbajdsjan (AZE) gjør krav på suverenitet eller jurisdiksjon siden 1991-10-18" in page
    assert "art. 11 nr. 4" in page and "Art. 11" not in page


def test_a_claimant_without_control_may_request_and_the_holder_of_control_is_recorded(api, users):
    p = prop(users, "t:bakhchysarai", "UKR", claims=CRIMEA)
    r = api(users["admin"]).post(
        "/api/listing/requests", {"property": p.code, "state": "UKR", **EVIDENCE}
    )
    assert r.status_code == 201, r.json()
    texts = [c["text"] for c in r.json()["competing_claims"]]
    assert (
        "Russia (RUS) claims control since 2014-03-18 (source: Russian and Ukrainian statements)"
        in texts
    )
    # a State with no claim at all on the day has no jurisdiction or control
    r = api(users["officer_aze"]).post(
        "/api/listing/tentative", {"property": p.code, "state": "AZE"}
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.no_jurisdiction_on_date"
    assert "Russia (RUS) claims control since 2014-03-18" in r.json()["error"]


def test_the_inventory_state_is_not_assumed(api, users):
    p = prop(users, "t:unclaimed", "ARM", claims=[])
    r = api(users["officer_arm"]).post(
        "/api/listing/requests", {"property": p.code, "state": "ARM", **EVIDENCE}
    )
    assert r.status_code == 403 and r.json()["code"] == "procedure.no_jurisdiction_on_date"
    assert "no claim is recorded for that day" in r.json()["error"]


def test_a_tentative_entry_records_the_competing_claims_of_its_date(api, users):
    p = prop(users, "t:shusha", "ARM", claims=KARABAKH)
    r = api(users["officer_arm"]).post(
        "/api/listing/tentative", {"property": p.code, "state": "ARM", "submitted_on": "2012-01-01"}
    )
    assert r.status_code == 201
    assert {c["state"] for c in TentativeEntry.objects.get().competing_claims} == {"ARM", "AZE"}
