"""Committee votes: quorum, recusals and majorities, on the edges."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from shield.treaty.votes import (
    PRESENT_AND_VOTING_READING,
    DecisionKind,
    casts_vote,
    decide,
    quorum,
    recusals,
    required_majority,
)

TWELVE = [f"M{i:02}" for i in range(12)]


def _ballot(yes: int, no: int, abstain: int, members: list[str] = TWELVE) -> dict[str, str]:
    names = iter(members)
    out = {next(names): "yes" for _ in range(yes)}
    out.update({next(names): "no" for _ in range(no)})
    out.update({next(names): "abstain" for _ in range(abstain)})
    return out


def test_the_reading_of_voting_lives_in_one_place() -> None:
    assert casts_vote("yes") and casts_vote("no")
    assert not casts_vote("abstain")
    assert "affirmative or a negative vote" in PRESENT_AND_VOTING_READING


@pytest.mark.parametrize(
    ("kind", "share", "label"),
    [
        (DecisionKind.ORDINARY, Fraction(2, 3), "Art. 26(2)"),
        (DecisionKind.INCLUSION_WITH_REPRESENTATIONS, Fraction(4, 5), "Art. 11(5)"),
        (DecisionKind.PROVISIONAL_ENHANCED_PROTECTION, Fraction(4, 5), "Art. 11(9)"),
    ],
)
def test_required_majorities(kind: DecisionKind, share: Fraction, label: str) -> None:
    found = required_majority(kind)
    assert found.result == share and found.labels() == (label,)


def test_four_fifths_reason_reads_as_the_issue_asks() -> None:
    found = decide(TWELVE, TWELVE, _ballot(8, 2, 0), "inclusion_with_representations")
    assert found.result is True
    assert (
        "needs four-fifths of the members present and voting because representations are "
        "before the Committee: Art. 11(5)"
    ) in found.reason_in("en")
    assert found.labels() == ("Art. 11(5)",)


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "kind", "carried"),
    [
        (8, 4, 0, "ordinary", True),  # exactly two-thirds
        (7, 4, 0, "ordinary", False),  # 7 of 11: 21 < 22
        (2, 1, 9, "ordinary", True),  # abstentions do not count
        (6, 6, 0, "ordinary", False),  # a tie
        (8, 2, 0, "inclusion_with_representations", True),  # exactly four-fifths
        (7, 2, 0, "inclusion_with_representations", False),  # 7/9 < 4/5
        (4, 1, 7, "provisional_enhanced_protection", True),
        (3, 1, 8, "provisional_enhanced_protection", False),
    ],
)
def test_thresholds(yes: int, no: int, abstain: int, kind: str, carried: bool) -> None:
    assert decide(TWELVE, TWELVE, _ballot(yes, no, abstain), kind).result is carried


def test_no_quorum_is_not_carried_with_26_2() -> None:
    present = TWELVE[:6]  # six of twelve is not a majority
    found = decide(TWELVE, present, {m: "yes" for m in present})
    assert found.result is False and found.labels() == ("Art. 26(2)",)
    assert "no quorum" in found.reason_in("en")
    assert quorum(TWELVE, TWELVE[:7]).result is True


def test_nobody_voting_is_not_carried_with_a_reason() -> None:
    everyone_abstains = decide(TWELVE, TWELVE, {m: "abstain" for m in TWELVE})
    assert everyone_abstains.result is False
    assert "no member voted yes or no" in everyone_abstains.reason_in("en")
    everyone_recused = decide(TWELVE, TWELVE, {m: "yes" for m in TWELVE}, recused=TWELVE)
    assert everyone_recused.result is False
    assert any("set aside" in p.reason_in("en") for p in everyone_recused.parts)


def test_parties_to_the_conflict_do_not_vote() -> None:
    votes = {**{f"M{i:02}": "yes" for i in range(1, 9)}, "M00": "no", "M10": "no", "M11": "no"}
    kind = "inclusion_with_representations"
    assert decide(TWELVE, TWELVE, votes, kind).result is False  # 8 of 11 < 4/5
    found = decide(TWELVE, TWELVE, votes, kind, conflict_parties=["M00", "Elsewhere"])
    assert found.result is True  # M00 set aside (Art. 26(3)): 8 of 10 = 4/5
    assert any(p.labels() == ("Art. 26(3)",) and "M00" in p.reason_in("en") for p in found.parts)
    assert recusals(TWELVE, ["M00", "Elsewhere"]).result == {"M00"}


def test_bad_input_names_the_field() -> None:
    with pytest.raises(ValueError, match="present: 'X' is not a member"):
        decide(TWELVE, ["X"], {})
    with pytest.raises(ValueError, match=r"votes\['M00'\]: 'maybe'"):
        decide(TWELVE, TWELVE, {"M00": "maybe"})
    with pytest.raises(ValueError, match="not present cannot vote"):
        decide(TWELVE, TWELVE[1:], {"M00": "yes"})
    with pytest.raises(ValueError, match="listed twice"):
        decide(["A", "A"], ["A"], {})


@st.composite
def sessions(draw: st.DrawFn) -> tuple[list[str], list[str], dict[str, str], set[str]]:
    n = draw(st.integers(min_value=1, max_value=15))
    members = [f"M{i:02}" for i in range(n)]
    present = draw(st.lists(st.sampled_from(members), unique=True))
    votes = {
        m: draw(st.sampled_from(["yes", "no", "abstain"])) for m in present if draw(st.booleans())
    }
    recused = set(draw(st.lists(st.sampled_from(members), unique=True, max_size=3)))
    return members, present, votes, recused


@given(sessions(), st.sampled_from(list(DecisionKind)))
def test_decision_matches_integer_arithmetic(session, kind: DecisionKind) -> None:  # type: ignore[no-untyped-def]
    members, present, votes, recused = session
    found = decide(members, present, votes, kind, recused=recused)
    counted = {m: v for m, v in votes.items() if m not in recused}
    yes = sum(v == "yes" for v in counted.values())
    voting = sum(v in ("yes", "no") for v in counted.values())
    p, q = (2, 3) if kind is DecisionKind.ORDINARY else (4, 5)
    expected = 2 * len(present) > len(members) and voting > 0 and yes * q >= p * voting
    assert found.result is expected
    assert found.citations


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=12))
def test_exact_shares_carry_and_one_less_does_not(k: int, extra_abstain: int) -> None:
    """yes = 2k of 3k voting carries; 2k-1 of 3k does not (and likewise 4k of 5k)."""
    for (p, q), kind in (((2, 3), "ordinary"), ((4, 5), "inclusion_with_representations")):
        voting = q * k
        members = [f"M{i:03}" for i in range(voting + extra_abstain)]
        assume(len(members) <= 200)
        exact = _ballot(p * k, voting - p * k, extra_abstain, members)
        assert decide(members, members, exact, kind).result is True
        short = _ballot(p * k - 1, voting - p * k + 1, extra_abstain, members)
        assert decide(members, members, short, kind).result is False
