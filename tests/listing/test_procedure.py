"""The pure rules of the procedure, on plain values."""

from __future__ import annotations

from datetime import date

import pytest

from shield.listing import procedure as P


def test_decision_time_boundary():
    notified = date(2026, 1, 1)
    with pytest.raises(P.ProcedureRefused) as exc:
        P.check_decision_time(notified, date(2026, 3, 2), emergency=False)  # the last day for representations
    assert str(exc.value) == ("Art. 11(5): the sixty-day window for representations closes on 2026-03-02; "
                              "the Committee cannot decide before then (decision date 2026-03-02)")
    P.check_decision_time(notified, date(2026, 3, 3), emergency=False)
    P.check_decision_time(notified, date(2026, 1, 2), emergency=True)  # Art. 11(9)
    with pytest.raises(P.ProcedureRefused, match=r"^Art. 11\(5\): the Parties have not been informed"):
        P.check_decision_time(None, date(2026, 3, 3), emergency=False)


def test_request_problems():
    full = {"a": "x", "b": "y", "c": "z"}
    assert P.request_problems(full, True, False, "", []) == []
    assert [f for f, _ in P.request_problems({"a": "x", "c": "z"}, True, False, "", [])] == ["evidence_b"]
    assert P.request_problems({"a": "x", "c": "z"}, True, False, "Art. 32 request 7", []) == []  # Art. 11(8)
    assert [f for f, _ in P.request_problems({"a": "x", "c": "z"}, True, True, "", [])] == ["conflict_parties"]
    assert [f for f, _ in P.request_problems(full, False, False, "", [])] == ["declaration"]


def test_steps_follow_in_order():
    P.check_step(P.SUBMITTED, "register")
    with pytest.raises(P.ProcedureRefused, match="cannot be notified"):
        P.check_step(P.SUBMITTED, "notify")
    with pytest.raises(P.ProcedureRefused):
        P.check_step(P.GRANTED, "withdraw")


def test_majorities():
    assert P.majority_kind(P.GRANT, True).value == "inclusion_with_representations"
    assert P.majority_kind(P.GRANT, False).value == "ordinary"
    assert P.majority_kind(P.PROVISIONAL_GRANT, False).value == "provisional_enhanced_protection"
    assert P.majority_kind(P.DENY, True).value == "ordinary"


def test_recused_member_may_not_vote_and_absent_quorum():
    with pytest.raises(P.ProcedureRefused, match=r"^Art. 26\(3\): ARM"):
        P.check_votes(["ARM", "NOR", "MLI"], ["ARM", "NOR", "MLI"], {"ARM": "abstain"}, ["ARM"])
    with pytest.raises(P.ProcedureRefused, match=r"^Art. 26\(2\)"):
        P.check_votes(["ARM", "NOR", "MLI", "GEO"], ["NOR", "MLI"], {"NOR": "yes"}, [])
    P.check_votes(["ARM", "NOR", "MLI"], ["ARM", "NOR"], {"NOR": "yes"}, ["ARM"])
