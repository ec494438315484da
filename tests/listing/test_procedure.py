"""The pure rules of the procedure (shield.treaty.procedure), on plain values."""

from __future__ import annotations

from datetime import date

import pytest

from shield.treaty import procedure as P
from shield.treaty.refusals import Refused


def refused(fn, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as exc:
        fn(*args, **kwargs)
    return exc.value


def test_decision_time_boundary():
    notified = date(2026, 1, 1)
    r = refused(P.check_decision_time, notified, date(2026, 3, 2), emergency=False)  # the last day
    assert r.code == "procedure.decision_before_window"
    assert r.message("en") == (
        "Art. 11(5): the sixty-day window for representations closes on 2026-03-02; "
        "the Committee cannot decide before then (decision date 2026-03-02)"
    )
    assert r.message("nb").startswith(
        "art. 11 nr. 5: fristen på seksti dager for uttalelser løper ut 2026-03-02"
    )
    P.check_decision_time(notified, date(2026, 3, 3), emergency=False)
    P.check_decision_time(notified, date(2026, 1, 2), emergency=True)  # the emergency path
    assert (
        refused(P.check_decision_time, None, date(2026, 3, 3), emergency=False).code
        == "procedure.not_before_committee"
    )


def test_request_refusals_name_each_missing_criterion():
    full = {"a": "x", "b": "y", "c": "z"}
    assert P.request_refusals(full, True, False, "") == []
    assert [r.field for r in P.request_refusals({"a": "x", "c": "z"}, True, False, "")] == [
        "evidence_b"
    ]
    assert P.request_refusals({"a": "x", "c": "z"}, True, False, "assistance request 7") == []
    assert (
        P.request_refusals({"a": "x", "c": "z"}, True, True, "") == []
    )  # provisional needs (a) and (c)
    r = refused(P.check_request, {"a": "x"}, False, False, "")
    assert [x.field for x in r.all()] == ["evidence_b", "evidence_c", "declaration"]
    assert r.all()[2].labels("nb") == ("art. 10 bokstav c)",)


def test_steps_follow_in_order():
    P.check_step(P.SUBMITTED, "register")
    r = refused(P.check_step, P.SUBMITTED, "notify")
    assert (
        r.code == "procedure.step_out_of_order"
        and "cannot be notified to the Parties" in r.reason_in("en")
    )
    assert "innsendt" in r.reason_in("nb")
    assert refused(P.check_step, P.GRANTED, "withdraw").code == "procedure.step_out_of_order"


def test_majorities():
    assert P.majority_kind(P.GRANT, True).value == "inclusion_with_representations"
    assert P.majority_kind(P.GRANT, False).value == "ordinary"
    assert P.majority_kind(P.PROVISIONAL_GRANT, False).value == "provisional_enhanced_protection"
    assert P.majority_kind(P.DENY, True).value == "ordinary"


def test_recused_member_may_not_vote_and_absent_quorum():
    r = refused(
        P.check_votes, ["ARM", "NOR", "MLI"], ["ARM", "NOR", "MLI"], {"ARM": "abstain"}, ["ARM"]
    )
    assert r.code == "procedure.member_recused" and r.field == "votes.ARM"
    assert r.reason_in("nb").startswith("Armenia (ARM) er part i den væpnede konflikten")
    r = refused(P.check_votes, ["ARM", "NOR", "MLI", "GEO"], ["NOR", "MLI"], {"NOR": "yes"}, [])
    assert r.code == "procedure.no_quorum" and r.labels() == ("Art. 26(2)",)
    P.check_votes(["ARM", "NOR", "MLI"], ["ARM", "NOR"], {"NOR": "yes"}, ["ARM"])


# --- jurisdiction or control on the day ---------------------------------------------------------

GHAZANCHETSOTS = [  # the demo's claims for Shusha, as recorded (abridged bases)
    {
        "state": "AZE",
        "role": "claimant",
        "valid_from": "1991-10-18",
        "valid_to": None,
        "source": "UNSC 822-884",
    },
    {
        "state": "ARM",
        "role": "control",
        "valid_from": "1992-05-09",
        "valid_to": "2020-11-08",
        "source": "statements",
    },
    {
        "state": "AZE",
        "role": "control",
        "valid_from": "2020-11-08",
        "valid_to": None,
        "source": "statements",
    },
]


def test_a_state_whose_control_ended_is_refused_citing_11_2():
    r = refused(P.check_claims, "ARM", GHAZANCHETSOTS, date(2021, 3, 1))
    assert r.code == "procedure.control_ended" and r.labels() == ("Art. 11(2)",)
    assert "ended on 2020-11-08 (statements)" in r.reason_in("en")
    assert r.reason_in("nb").startswith(
        "den registrerte kontroll til Armenia (ARM)"
    ) and "opphørte 2020-11-08" in r.reason_in("nb")
    assert r.labels("nb") == ("art. 11 nr. 2",)


def test_overlapping_claims_go_on_with_the_conflict_recorded():
    during = P.check_claims("ARM", GHAZANCHETSOTS, date(2010, 1, 1))
    assert {(c.state, c.role) for c in during} == {("AZE", "claimant"), ("ARM", "control")}
    assert (
        P.check_claims("AZE", GHAZANCHETSOTS, date(2021, 3, 1)) == ()
    )  # one State alone claims the place
    # the day control passed belongs to the new holder
    assert (
        refused(P.check_claims, "ARM", GHAZANCHETSOTS, date(2020, 11, 8)).code
        == "procedure.control_ended"
    )
    assert P.check_claims("ARM", GHAZANCHETSOTS, date(2020, 11, 7))


def test_no_claim_no_jurisdiction_and_the_inventory_is_not_a_claim():
    r = refused(P.check_claims, "NOR", GHAZANCHETSOTS, date(2010, 1, 1))
    assert r.code == "procedure.no_jurisdiction_on_date"
    assert (
        "Armenia (ARM) claims control from 1992-05-09 until 2020-11-08 (source: statements)"
        in r.reason_in("en")
    )
    assert (
        "Armenia (ARM) hevder kontroll fra 1992-05-09 til 2020-11-08 (kilde: statements)"
        in r.reason_in("nb")
    )
    r = refused(P.check_claims, "ARM", [], date(2010, 1, 1))
    assert "no claim is recorded for that day" in r.reason_in("en")
    assert (
        P.check_claims("ARM", [{"state": "ARM", "role": "control"}], date(2010, 1, 1)) == ()
    )  # open ends


def test_claims_are_described_as_claims():
    c = P.Claim.of(GHAZANCHETSOTS[0])
    assert P.describe_claim(c, "en") == (
        "Azerbaijan (AZE) claims sovereignty or jurisdiction since 1991-10-18 "
        "(source: UNSC 822-884)"
    )
    assert P.describe_claim(c, "nb") == (
        "Aserbajdsjan (AZE) gjør krav på suverenitet eller jurisdiksjon siden "
        "1991-10-18 (kilde: UNSC 822-884)"
    )


# --- Art. 14 -------------------------------------------------------------------------------------

VIEWS = [
    P.ViewsOpportunity("cancel", ("art12",), date(2026, 1, 1), date(2026, 2, 1)),
    P.ViewsOpportunity("suspend", ("c",), date(2026, 1, 1), date(2026, 2, 1)),
]


def test_cancellation_on_article_12_needs_the_finding_of_continuous_violations():
    args = ("cancel", P.GRANTED, False, "", ["art12"], "active", VIEWS, date(2026, 3, 1))
    r = refused(P.check_motion, *args)
    assert r.code == "procedure.cancellation_not_continuous" and r.labels() == ("Art. 14(2)",)
    P.check_motion(*args, continuous=True)  # no prior suspension needed (CANCELLATION_READING)
    assert "continuous" in P.CANCELLATION_READING and "Art. 14(2)" in P.CANCELLATION_READING


def test_motion_citations_follow_the_ground():
    assert [c.label() for c in P.motion_citations("cancel", ["c"])] == ["Art. 14(1)"]
    assert [c.label() for c in P.motion_citations("cancel", ["art12"])] == ["Art. 14(2)"]
    assert [c.label() for c in P.motion_citations("suspend", ["a", "art12"])] == [
        "Art. 14(1)",
        "Art. 14(2)",
    ]
    assert [c.label("nb") for c in P.motion_citations("grant")] == ["art. 11 nr. 10"]


def test_the_views_period_set_when_views_were_invited():
    early = ("suspend", P.GRANTED, False, "", ["c"], "active", VIEWS, date(2026, 2, 1))
    r = refused(P.check_motion, *early)
    assert r.code == "procedure.views_open" and "until 2026-02-01" in r.reason_in("en")
    P.check_motion("suspend", P.GRANTED, False, "", ["c"], "active", VIEWS, date(2026, 2, 2))
    r = refused(
        P.check_motion, "suspend", P.GRANTED, False, "", ["a"], "active", VIEWS, date(2026, 3, 1)
    )
    assert r.code == "procedure.views_not_invited"  # not on the grounds invited
    assert (
        refused(P.check_views_period, date(2026, 1, 1), date(2026, 1, 1)).code
        == "procedure.views_period"
    )


def test_future_acts_are_refused_with_the_acts_provision():
    r = refused(P.check_not_future, "representation", date(2030, 1, 1), date(2026, 1, 1))
    assert r.code == "procedure.in_future.representation" and r.labels() == ("Art. 11(5)",)
    r = refused(P.check_not_future, "decision", date(2030, 1, 1), date(2026, 1, 1))
    assert r.code == "procedure.in_future.decision" and r.labels("nb") == (
        "art. 27 nr. 1 bokstav b)",
    )
    P.check_not_future("request", date(2026, 1, 1), date(2026, 1, 1))
