"""International assistance, reports, the Meeting of the Parties and dissemination (issue 19,
items 2-5): through the services, every refusal with its article."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from shield.audit.models import AuditEntry
from shield.core.errors import NotAllowed
from shield.fund import assistance, decisions, institutions, ledger, statements
from shield.parties.committee_models import Seat
from shield.treaty.refusals import Refused
from tests.fund.conftest import YES

pytestmark = pytest.mark.django_db

TODAY = date.today()


def ask(user, state="ARM", **kw):
    data = {
        "state": state,
        "kind": "emergency",
        "title": "Shelter the archive",
        "description": "The roof of the archive is damaged; temporary shelter and packing.",
        "amount": "5000",
        "currency": "EUR",
        **kw,
    }
    return assistance.submit(user, data)


def test_emergency_assistance_from_request_to_use(users, sitting):
    sec = users["secretariat"]
    ledger.contribute(
        sec, {"source": "a", "contributor_state": "CHE", "amount": "9000", "currency": "EUR"}
    )
    req = ask(users["officer_arm"], conflict_parties=["ARM", "AZE"])
    assert req.status == "submitted" and req.ref.startswith(f"IA-{TODAY.year}-")
    with pytest.raises(Refused) as no:  # not yet on the agenda
        decisions.decide(
            sec,
            sitting,
            "grant",
            YES,
            request=req,
            purpose_clause="b",
            amount="5000",
            currency="EUR",
        )
    assert no.value.code == "assistance.not_on_agenda" and no.value.labels() == ("Art. 27(1)(e)",)
    assistance.to_agenda(sec, req, sitting, "Urgent: rain expected.")
    d = decisions.decide(
        sec, sitting, "grant", YES, request=req, purpose_clause="b", amount="5000", currency="EUR"
    )
    # ARM and AZE are members and parties to the conflict: they do not vote (26(3)); 4 of 4 yes
    assert d.carried and "Art. 26(3)" in str(d.finding)
    req.refresh_from_db()
    assert req.status == "granted"
    tx = assistance.pay(sec, req, {"amount": "5000"})
    assert tx.kind == "disbursement" and tx.recipient.endswith("(ARM)")
    assert statements.holdings() == {"EUR": Decimal("4000.00")}
    with pytest.raises(NotAllowed):
        assistance.report_use(users["officer_aze"], req, {"text": "x"})
    assistance.report_use(
        users["officer_arm"], req, {"text": "Roof sheltered", "amount_used": "4800"}
    )
    req.refresh_from_db()
    assert req.status == "closed"


def test_a_grant_not_carried_disburses_nothing(users, sitting):
    sec = users["secretariat"]
    ledger.contribute(
        sec, {"source": "a", "contributor_state": "CHE", "amount": "9000", "currency": "EUR"}
    )
    req = ask(users["officer_arm"])
    assistance.to_agenda(sec, req, sitting)
    no_votes = {m: "no" for m in YES}
    d = decisions.decide(
        sec,
        sitting,
        "grant",
        no_votes,
        request=req,
        purpose_clause="b",
        amount="5000",
        currency="EUR",
    )
    assert not d.carried
    with pytest.raises(Refused) as no:
        assistance.pay(sec, req, {"amount": "1"})
    assert no.value.code == "assistance.step"
    with pytest.raises(Refused) as no:
        ledger.disburse(
            sec, {"purpose": d.ref, "amount": "1", "currency": "EUR", "recipient": "ARM"}
        )
    assert no.value.code == "fund.purpose_not_decided"


def test_who_may_request(users, sitting, states):
    with pytest.raises(Refused) as no:
        ask(users["officer_arm"], state="AZE")
    assert no.value.code == "assistance.own_state_only"
    # Norway is not a Party in the shipped register; a non-Party needs its acceptance (32(2), 3(2))
    with pytest.raises(Refused) as no:
        ask(users["secretariat"], state="NOR")
    assert no.value.code == "assistance.not_a_party"
    assert no.value.labels() == ("Art. 32(1)", "Art. 32(2)", "Art. 3(2)")
    with pytest.raises(Refused) as no:
        ask(users["secretariat"], state="NOR", channel="unesco")
    assert no.value.labels() == ("Art. 33(1)",)
    assistance.record_acceptance(
        users["secretariat"],
        {
            "state": "NOR",
            "declared_on": (TODAY - timedelta(days=3)).isoformat(),
            "conflict": "a test conflict",
        },
    )
    req = ask(users["secretariat"], state="NOR")
    assert req.acceptance is not None and "NOR" in req.conflict_parties
    with pytest.raises(Refused) as no:
        ask(users["officer_arm"], kind="exceptional")
    assert no.value.labels() == ("Art. 11(8)",)


def test_unesco_technical_assistance_is_recorded_the_same_way(users, sitting):
    req = ask(users["officer_arm"], channel="unesco", kind="preparatory", amount="", currency="")
    assistance.unesco_answer(users["secretariat"], req, True, TODAY, "Two experts for an inventory")
    req.refresh_from_db()
    assert req.status == "accorded"
    assistance.report_use(users["officer_arm"], req, {"text": "Inventory begun"})
    assert AuditEntry.objects.filter(target_id=str(req.id)).count() == 3


def test_a_member_not_present_does_not_vote(users, sitting):
    req = ask(users["officer_arm"])
    assistance.to_agenda(users["secretariat"], req, sitting)
    with pytest.raises(Refused) as no:
        decisions.decide(users["secretariat"], sitting, "refuse", {"NOR": "yes"}, request=req)
    assert no.value.code == "fund.vote_not_present"
    with pytest.raises(Refused) as no:
        decisions.decide(users["officer_arm"], sitting, "refuse", YES, request=req)
    assert no.value.code == "fund.not_a_member"


def test_report_status_due_overdue_submitted_published(users, sitting):
    sec = users["secretariat"]
    past = institutions.create_cycle(
        sec,
        {
            "ref": "C1",
            "title": "Joint",
            "period_from": "2017-01-01",
            "period_to": "2020-12-31",
            "due_on": "2021-06-30",
            "covers": ["convention", "first_protocol", "protocol"],
        },
    )
    institutions.submit_report(
        users["officer_arm"], past, {"state": "ARM", "submitted_on": "2021-05-01"}
    )
    r = institutions.submit_report(sec, past, {"state": "CYP", "submitted_on": "2021-08-01"})
    institutions.publish_report(sec, r, "2021-09-01")
    rows = {x["state"]: x["status"] for x in institutions.cycle_status(past)}
    assert rows["ARM"] == "submitted" and rows["CYP"] == "published" and rows["AUT"] == "overdue"
    assert "NOR" not in rows  # not a Party: owes no report
    with pytest.raises(Refused) as no:
        institutions.submit_report(sec, past, {"state": "NOR", "submitted_on": "2021-05-01"})
    assert no.value.labels() == ("Art. 37(2)",)
    later = institutions.create_cycle(
        sec,
        {
            "ref": "C2",
            "title": "Next",
            "period_from": "2021-01-01",
            "period_to": "2024-12-31",
            "due_on": (TODAY + timedelta(days=30)).isoformat(),
        },
    )
    assert {x["status"] for x in institutions.cycle_status(later)} == {"due"}
    institutions.comment(
        users["committee"], r, {"text": "Thorough.", "commented_on": TODAY.isoformat()}
    )
    assert r.comments.count() == 1


def test_meetings_extraordinary_fifth_and_the_election_fills_seats(users, sitting):
    sec = users["secretariat"]
    with pytest.raises(Refused) as no:
        institutions.convene(
            sec,
            {
                "ref": "X1",
                "kind": "extraordinary",
                "held_on": "2025-03-01",
                "requested_on": "2025-01-01",
                "requested_by": ["ARM", "CYP"],
            },
        )
    assert no.value.code == "meeting.extraordinary_fifth" and no.value.labels() == ("Art. 23(4)",)
    m = institutions.convene(sec, {"ref": "MP-9", "kind": "ordinary", "held_on": TODAY.isoformat()})
    before = Seat.objects.count()
    institutions.elect(sec, m, {"elected": ["CHE", "FIN"]})
    assert Seat.objects.count() == before + 2 and m.election.seats.count() == 2
    ledger.contribute(sec, {"source": "c", "amount": "12.34", "currency": "EUR"})
    s = institutions.supervise_fund(
        sec, m, {"period_from": "2000-01-01", "period_to": TODAY.isoformat()}
    )
    assert s.totals["EUR"]["closing"] == "12.34"


def test_dissemination_measures_by_kind_and_year(users, states):
    institutions.record_measure(
        users["officer_arm"],
        {"state": "ARM", "year": 2024, "kind": "military_instructions", "title": "Manual"},
    )
    with pytest.raises(NotAllowed):
        institutions.record_measure(
            users["officer_arm"], {"state": "AZE", "year": 2024, "kind": "training", "title": "x"}
        )
