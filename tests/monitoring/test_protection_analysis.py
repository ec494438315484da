"""The offence analysis reads protection derived from the law: every cultural property has at
least general protection, so Art. 15(1)(c)-(e) are reachable for any of it and 15(1)(a)-(b)
only under enhanced protection. Checked on the loaded demo, through the API and the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from shield.monitoring import analysis
from shield.monitoring.models import Incident
from shield.registry import services as registry
from shield.treaty import status

from .helpers import party_report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    from shield.demo.loader import load_demo

    load_demo()


def test_the_demos_verified_attack_on_ghazanchetsots(demo):
    """The issue's first 'done when': ARM-00015 on 2020-10-08 has general protection with its
    citations, and the analysis of the verified incident lists Art. 15(1)(d)."""
    client = Client()
    r = client.get("/api/properties/ARM-00015/protection", {"on": "2020-10-08"})
    assert r.status_code == 200
    body = r.json()
    assert body["levels"] == ["general"]
    assert {
        "Convention Art. 4",
        "Convention Art. 18",
        "Convention Art. 19",
        "Art. 3",
        "Art. 5",
        "Art. 6",
        "Art. 7",
        "Art. 8",
        "Art. 9",
    } <= set(body["general"]["citations"])
    assert body["general"]["bound"] == {"convention": ["ARM", "AZE"], "protocol": ["ARM", "AZE"]}
    incident = Incident.objects.get(external_id="demo:i1")
    assert (incident.property.code, incident.status, incident.occurred_on) == (
        "ARM-00015",
        "verified",
        date(2020, 10, 8),
    )
    found = client.get(f"/api/incidents/{incident.pk}").json()["analysis"]
    assert found["protection_on_date"] == "general"
    assert found["result"]["offences"]["d"] == "unknown"  # may apply; intent not yet established
    assert (
        found["result"]["offences"]["a"] == "does not appear to apply"
    )  # needs enhanced protection
    top = found["reasoning"][0]
    assert top["depth"] == 0
    offences_row = next(
        row for row in found["reasoning"] if row["reason"].startswith("offences that may apply")
    )
    assert "15(1)(d)" in offences_row["reason"] and "Art. 15(1)(d)" in offences_row["citations"]
    protection_row = found["reasoning"][1]
    assert protection_row["reason"] == "protection on 2020-10-08: general protection"
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Art. 15(1)(d)" in page and "general protection by the law" in page
    nb = client.get(f"/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "art. 15 nr. 1 bokstav d)" in nb and "alminnelig beskyttelse" in nb


def test_any_cultural_property_reaches_c_to_e_and_only_enhanced_reaches_a_and_b(users, props, api):
    prop = props["gandzasar"]
    looted = party_report(
        users["officer_aze"], prop, occurred_on="2021-01-10", allegation="looting"
    )
    used = party_report(
        users["officer_aze"], prop, occurred_on="2021-01-10", allegation="military_use"
    )
    assert analysis.protection_level(looted).value == "general"
    assert (
        api().get(f"/api/incidents/{looted.pk}").json()["analysis"]["result"]["offences"]["e"]
        == "unknown"
    )
    assert (
        api().get(f"/api/incidents/{used.pk}").json()["analysis"]["result"]["offences"]["b"]
        == "does not appear to apply"
    )
    registry.add_protection_event(
        users["admin"],
        prop,
        "enhanced",
        "granted",
        date(2020, 12, 1),
        "Art. 11(10)",
        check_rights=False,
    )
    assert analysis.protection_level(used).value == "enhanced"
    assert (
        api().get(f"/api/incidents/{used.pk}").json()["analysis"]["result"]["offences"]["b"]
        == "unknown"
    )


def test_the_parties_are_the_protocols_parties_on_the_date_of_the_act(users, props):
    incident = party_report(
        users["officer_aze"], props["shusha"], occurred_on="2005-01-10", reported_on="2005-01-12"
    )
    parties = analysis.parties_on(analysis.act_date(incident))
    assert "AZE" in parties and "ARM" not in parties  # Armenia: a Party from 2006-08-18
    assert parties == status.parties_on(date(2005, 1, 10), treaty="protocol").result
    assert all(len(code) == 3 and code.isupper() for code in parties)
