"""Committee membership: terms, the lot, re-election and regional balance."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shield.treaty.committee import (
    ELECTORAL_GROUPS,
    MEMBERSHIP_READING,
    TERM_READING,
    Election,
    Term,
    check_not_future,
    committee_history,
    draw_short_terms,
    election_refusals,
    eligible_for_election,
    expertise_coverage,
    members_on,
    record_election,
    regional_balance,
    roster_refusals,
    sitting_members,
    terms_ended_by,
    terms_from_election,
)
from shield.treaty.refusals import Refused
from shield.treaty.status import Instrument

FIRST = tuple(f"P{i:02}" for i in range(12))
MOP1 = date(2005, 10, 26)
MOP2 = date(2007, 10, 25)  # the next ordinary Meeting
MOP3 = date(2009, 10, 26)
MOP4 = date(2011, 11, 9)


def test_term_reading_is_documented() -> None:
    assert "election day up to the day before its fourth anniversary" in TERM_READING
    assert "less than one year" in TERM_READING


@given(st.integers(min_value=0, max_value=2**32))
def test_the_lot_is_half_and_reproducible(seed: int) -> None:
    drawn = draw_short_terms(FIRST, seed)
    assert len(drawn.result) == 6 and set(drawn.result) <= set(FIRST)
    assert draw_short_terms(tuple(reversed(FIRST)), seed).result == drawn.result
    assert f"seed {seed}" in drawn.reason_in("en") and drawn.labels() == ("Art. 25(2)",)


def test_first_election_short_half_ends_at_the_next_meeting() -> None:
    made = terms_from_election(Election(MOP1, FIRST, first=True, lot_seed=42, short_term_ends=MOP2))
    short = [t for t in made.result if t.short]
    assert len(short) == 6 and {t.end for t in short} == {MOP2}
    assert {t.end for t in made.result if not t.short} == {date(2009, 10, 26)}
    default = terms_from_election(Election(MOP1, FIRST, first=True, lot_seed=42))
    assert {t.end for t in default.result if t.short} == {date(2007, 10, 26)}
    with pytest.raises(ValueError, match="lot_seed"):
        Election(MOP1, FIRST, first=True)


def _history(seed: int = 42) -> tuple[tuple[Term, ...], set[str], set[str]]:
    first = Election(MOP1, FIRST, first=True, lot_seed=seed, short_term_ends=MOP2)
    short = set(draw_short_terms(FIRST, seed).result)
    return terms_from_election(first).result, short, set(FIRST) - short


def test_immediate_re_election_only_once() -> None:
    terms, short, full = _history()
    s = min(short)
    assert eligible_for_election(s, MOP2, terms).result is True  # re-election after short term
    terms += terms_from_election(Election(MOP2, tuple(sorted(short)))).result
    third = eligible_for_election(s, date(2011, 10, 25), terms)
    assert third.result is False and "2 consecutive terms" in third.reason_in("en")
    assert third.labels() == ("Art. 25(1)",)
    f = min(full)
    assert eligible_for_election(f, MOP3, terms).result is True  # first re-election
    terms += terms_from_election(Election(MOP3, (f,))).result
    assert eligible_for_election(f, date(2013, 11, 1), terms).result is False
    # after sitting out one election, eligible again
    assert eligible_for_election(f, date(2015, 11, 1), terms).result is True


def test_a_sitting_member_cannot_be_elected_mid_term() -> None:
    terms, _, full = _history()
    found = eligible_for_election(min(full), MOP2, terms)
    assert found.result is False and "already holds a seat" in found.reason_in("en")


def test_only_parties_can_be_elected_when_a_register_is_given() -> None:
    reg = [Instrument(f"S{i:02}", date(2001, 1, 1 + i), "ratification") for i in range(20)]
    assert eligible_for_election("S00", MOP1, (), reg).result is True
    found = eligible_for_election("Nobody", MOP1, (), reg)
    assert found.result is False and found.labels() == ("Art. 24(1)",)


def test_members_on_and_a_whole_history() -> None:
    seed = 7
    short = tuple(sorted(draw_short_terms(FIRST, seed).result))
    new = ("N1", "N2", "N3", "N4", "N5", "N6")
    elections = [
        Election(MOP1, FIRST, first=True, lot_seed=seed, short_term_ends=MOP2),
        Election(MOP2, short),  # all six short-term members re-elected
        Election(MOP3, tuple(s for s in FIRST if s not in short)),  # the others re-elected
        Election(MOP4, short),  # a third consecutive term: refused
    ]
    history = committee_history(elections)
    records = [p.result for p in history.parts]
    assert [bool(r.problems) for r in records] == [False, False, False, True]
    assert len(records[3].problems) == 6
    assert members_on(date(2006, 1, 1), history.result).result == set(FIRST)
    assert len(members_on(date(2008, 1, 1), history.result).result) == 12
    assert members_on(date(1999, 1, 1), history.result).result == frozenset()
    assert "12 seats" in members_on(date(1999, 1, 1), history.result).reason_in("en")
    ok = record_election(Election(MOP4, new), history.result[:24])
    assert not ok.result.problems


def test_regional_balance_is_reported_not_enforced() -> None:
    groups = {"A": "I", "B": "I", "C": "II", "D": "V(a)"}
    found = regional_balance(["A", "B", "C", "D", "E"], groups)
    assert found.result == {"I": 2, "II": 1, "III": 0, "IV": 0, "V(a)": 1, "V(b)": 0}
    assert set(found.result) == set(ELECTORAL_GROUPS)
    assert "III, IV, V(b)" in found.reason_in("en") and "E" in found.reason_in("en")
    assert found.labels() == ("Art. 24(3)",)
    rec = record_election(Election(MOP1, ("A", "B")), (), groups=groups)
    assert not rec.result.problems  # an imbalance is not a problem that blocks
    assert any(p.labels() == ("Art. 24(3)",) for p in rec.parts)


def test_more_than_twelve_seats_is_a_problem() -> None:
    terms, _, _ = _history()
    rec = record_election(Election(date(2006, 5, 1), ("Extra",)), terms)
    assert rec.result.problems == ("13 members on 2006-05-01 (the Committee has 12 seats)",)


# --- issue 11: the Committee as elected --------------------------------------------------------

REG = (
    tuple(Instrument(f"P{i:02}", date(2001, 1, 1 + i), "ratification") for i in range(20))
    + tuple(
        Instrument(s, date(2002, 2, 1 + i), "accession")
        for i, s in enumerate(("N1", "N2", "N3", "N4", "N5", "N6"))
    )
    + (Instrument("D1", date(2002, 3, 1), "accession", denunciation_date=date(2006, 1, 10)),)
)


def test_membership_reading_is_documented() -> None:
    assert "in its last year" in MEMBERSHIP_READING and "after today" in MEMBERSHIP_READING
    assert "no longer sits" in MEMBERSHIP_READING


def test_an_ordinary_meeting_ends_the_terms_in_their_last_year() -> None:
    # Meetings move with the General Conference: the 2019 Meeting falls before the anniversary.
    first = Election(date(2015, 12, 10), FIRST, first=True, lot_seed=5)
    second = Election(date(2017, 12, 5), ("N1", "N2", "N3", "N4", "N5", "N6"))
    third = Election(date(2019, 11, 20), ("X1", "X2", "X3", "X4", "X5", "X6"))
    history = committee_history([first, second, third])
    assert [bool(p.result.problems) for p in history.parts] == [False, False, False]
    on = members_on(date(2019, 11, 20), history.result).result
    assert len(on) == 12 and {"X1", "N1"} <= on
    assert len(members_on(date(2019, 11, 19), history.result).result) == 12
    ended = terms_ended_by(third, terms_from_election(first).result)
    assert ended.labels() == ("Art. 25(1)", "Art. 25(2)")
    assert {t.end for t in ended.result if not t.short} == {date(2019, 11, 20)}
    extra = terms_ended_by(
        dataclasses.replace(third, ordinary=False), terms_from_election(first).result
    )
    assert extra.result == terms_from_election(first).result and "extraordinary" in extra.reason_in(
        "en"
    )


def test_election_refusals_name_each_rule_broken() -> None:
    terms, short, full = _history()
    assert election_refusals(Election(MOP2, tuple(sorted(short))), terms, REG) == []
    bad = Election(MOP2, (min(full), "Nobody", "N1"), first=True, lot_seed=1)
    found = election_refusals(bad, terms, REG)
    assert [r.code for r in found] == [
        "committee.not_first",
        "committee.already_seated",
        "committee.not_a_party",
    ]
    assert found[2].labels("nb") == ("art. 24 nr. 1",)
    full_house = election_refusals(Election(date(2006, 5, 1), ("N1",), ordinary=False), terms, REG)
    assert [r.code for r in full_house] == ["committee.seats_full"]
    assert "13 members" in full_house[0].reason_in("en") and "13 medlemmer" in full_house[
        0
    ].reason_in("nb")
    for r in (*found, *full_house):
        assert "Art." not in r.reason_in("nb") and "Art." not in r.message("nb")


def test_a_member_that_denounced_no_longer_sits() -> None:
    terms = terms_from_election(Election(date(2005, 11, 1), ("P00", "P01", "D1"))).result
    assert sitting_members(date(2005, 12, 1), terms, REG).result == {"P00", "P01", "D1"}
    later = sitting_members(date(2007, 6, 1), terms, REG)
    assert later.result == {"P00", "P01"} and "D1" in later.reason_in("en")
    assert sitting_members(date(2007, 6, 1), terms).result == {"P00", "P01", "D1"}  # no register


def test_a_roster_must_be_the_sitting_members() -> None:
    terms = terms_from_election(Election(date(2005, 11, 1), ("P00", "P01", "D1"))).result
    on = date(2007, 6, 1)
    assert roster_refusals(on, terms, None, REG) == ({"P00", "P01"}, [])
    assert roster_refusals(on, terms, ["P01", "P00"], REG)[1] == []
    _, found = roster_refusals(on, terms, ["P00", "D1", "N1"], REG)
    assert [r.code for r in found] == [
        "committee.not_a_party",
        "committee.not_a_member",
        "committee.roster_incomplete",
    ]
    assert [r.field for r in found] == ["members"] * 3
    assert roster_refusals(date(2004, 1, 1), terms, None, REG)[1][0].code == "committee.no_members"


def test_dates_after_today_are_refused() -> None:
    today = date(2026, 1, 1)
    check_not_future(today, today, "session")
    with pytest.raises(Refused) as exc:
        check_not_future(date(2026, 1, 2), today, {"en": "session 1.COM", "nb": "sesjon 1.COM"})
    assert exc.value.code == "committee.future_date" and exc.value.status == 422
    assert exc.value.reason_in("nb").startswith("sesjon 1.COM datert 2026-01-02")
    with pytest.raises(Refused) as exc:
        check_not_future(date(2026, 1, 2), today, "", code="committee.future_election")
    assert exc.value.labels() == ("Art. 23(3)(a)", "Art. 24(1)")


def test_expertise_is_reported_not_enforced() -> None:
    found = expertise_coverage({"A": ["defence"], "B": ["defence", "international_law"], "C": []})
    assert found.result == {"cultural_heritage": 0, "defence": 2, "international_law": 1}
    assert "not covered: cultural heritage" in found.reason_in(
        "en"
    ) and "kulturarv" in found.reason_in("nb")
    assert found.labels() == ("Art. 24(4)",)
