"""The Committee's membership: elections, terms, re-election, the lot, regional balance.

Twelve Parties elected by the Meeting of the Parties (Art. 24(1)) for four years, eligible
for immediate re-election only once (Art. 25(1)); at the first election half the members,
chosen by lot, serve a short term (Art. 25(2)); the Parties seek an equitable
representation of the world's regions and cultures (Art. 24(3)), reported here against
UNESCO's six electoral groups and never enforced. How terms are dated and what makes two
terms "consecutive" is :data:`TERM_READING`.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shield.treaty.calendar import add_years
from shield.treaty.findings import Finding, finding, rule
from shield.treaty.status import Register, is_party

COMMITTEE_SEATS = 12
ELECTORAL_GROUPS: tuple[str, ...] = ("I", "II", "III", "IV", "V(a)", "V(b)")
"""UNESCO's electoral groups, used to report the balance of Art. 24(3)."""

CONSECUTIVE_GAP = timedelta(days=365)

TERM_READING = (
    "A term begins on the day of the election by the Meeting of the Parties and lasts four "
    "years: it covers the election day up to the day before its fourth anniversary (month-"
    "end rule). The short terms of Art. 25(2) end when the next ordinary Meeting ends if "
    "that date is given, otherwise two years after the election. Two terms of a State are "
    "consecutive when the second begins less than one year after the first ends; the "
    "Meetings being two years apart, a re-election at the next opportunity is always "
    "consecutive and a State that sat out a Meeting's election is not."
)
"""How Committee terms are dated and when they are consecutive."""


@dataclass(frozen=True)
class Term:
    """A State's seat: from ``start`` up to the day before ``end``."""

    state: str
    start: date
    end: date
    short: bool = False

    def covers(self, on: date) -> bool:
        return self.start <= on < self.end


@dataclass(frozen=True)
class Election:
    """One election by the Meeting of the Parties. For the first election give
    ``first=True`` and the ``lot_seed`` recorded for the draw of Art. 25(2)."""

    held_on: date
    elected: tuple[str, ...]
    first: bool = False
    lot_seed: int | None = None
    short_term_ends: date | None = None

    def __post_init__(self) -> None:
        if len(set(self.elected)) != len(self.elected):
            raise ValueError(f"election of {self.held_on}: a State is elected twice")
        if self.first and self.lot_seed is None:
            raise ValueError(f"election of {self.held_on}: the first election needs a lot_seed")


@dataclass(frozen=True)
class ElectionRecord:
    """What an election produced: the new terms, and the problems found (in English)."""

    terms: tuple[Term, ...]
    problems: tuple[str, ...] = ()


@rule
def draw_short_terms(elected: Collection[str], seed: int) -> Finding[tuple[str, ...]]:
    """Art. 25(2): draw by lot the half of the first members whose terms are short.
    The draw is reproducible: the same members and seed give the same result."""
    pool = sorted(set(elected))
    drawn = tuple(sorted(random.Random(seed).sample(pool, len(pool) // 2)))
    names = ", ".join(drawn)
    return finding(
        drawn,
        "Art. 25(2)",
        f"drawn by lot (seed {seed}) to serve a short term: {names}",
        f"trukket ut ved loddtrekning (frø {seed}) til kort mandatperiode: {names}",
    )


@rule
def terms_from_election(election: Election) -> Finding[tuple[Term, ...]]:
    """The terms an election creates (Arts. 25(1) and, at the first election, 25(2))."""
    full_end = add_years(election.held_on, 4)
    if not election.first:
        terms = tuple(Term(s, election.held_on, full_end) for s in election.elected)
        return finding(
            terms,
            "Art. 25(1)",
            f"{len(terms)} elected on {election.held_on} for four years, until {full_end}",
            f"{len(terms)} valgt {election.held_on} for fire år, til {full_end}",
        )
    assert election.lot_seed is not None
    lot = draw_short_terms(election.elected, election.lot_seed)
    short_end = election.short_term_ends or add_years(election.held_on, 2)
    terms = tuple(
        Term(s, election.held_on, short_end, short=True)
        if s in lot.result
        else Term(s, election.held_on, full_end)
        for s in election.elected
    )
    return finding(
        terms,
        ("Art. 25(1)", "Art. 25(2)"),
        f"first election: {len(lot.result)} short terms until {short_end}, the "
        f"others until {full_end}",
        f"første valg: {len(lot.result)} korte perioder til {short_end}, de øvrige til {full_end}",
        parts=(lot,),
    )


def _consecutive_run(state: str, on: date, terms: Sequence[Term]) -> list[Term]:
    """The State's terms that form an unbroken run reaching the election on ``on``."""
    own = sorted((t for t in terms if t.state == state and t.start < on), key=lambda t: t.start)
    if not own or on - own[-1].end >= CONSECUTIVE_GAP:
        return []
    run = [own[-1]]
    for earlier in reversed(own[:-1]):
        if run[0].start - earlier.end >= CONSECUTIVE_GAP:
            break
        run.insert(0, earlier)
    return run


@rule
def eligible_for_election(
    state: str, on: date, terms: Sequence[Term], register: Register | None = None
) -> Finding[bool]:
    """Can ``state`` be elected on ``on``? Not if this would be its third consecutive term
    (Art. 25(1)), not while it holds a seat beyond this election, and, when a register is
    given, only if it is a Party (Art. 24(1))."""
    parts: tuple[Finding[Any], ...] = ()
    if register is not None:
        party = is_party(state, on, register)
        parts = (party,)
        if not party.result:
            return finding(
                False,
                "Art. 24(1)",
                f"{state} cannot be elected: not a Party on {on}",
                f"{state} kan ikke velges: ikke part {on}",
                parts=parts,
            )
    run = _consecutive_run(state, on, terms)
    if run and run[-1].end - on >= CONSECUTIVE_GAP:
        return finding(
            False,
            "Art. 25(1)",
            f"{state} cannot be elected: it already holds a seat until {run[-1].end}",
            f"{state} kan ikke velges: har allerede sete til {run[-1].end}",
            parts=parts,
        )
    if len(run) >= 2:
        return finding(
            False,
            "Art. 25(1)",
            f"{state} cannot be elected: it has served {len(run)} consecutive terms "
            f"(since {run[0].start}); immediate re-election is allowed only once",
            f"{state} kan ikke velges: har hatt {len(run)} sammenhengende perioder "
            f"(siden {run[0].start}); gjenvalg umiddelbart tillates bare én gang",
            parts=parts,
        )
    en = "immediate re-election (the one allowed)" if run else "no term running into this one"
    nb = "umiddelbart gjenvalg (det ene som tillates)" if run else "ingen periode før denne"
    return finding(
        True,
        "Art. 25(1)",
        f"{state} can be elected on {on}: {en}",
        f"{state} kan velges {on}: {nb}",
        parts=parts,
    )


@rule
def members_on(on: date, terms: Sequence[Term]) -> Finding[frozenset[str]]:
    """The Committee's members on ``on`` (Art. 24(1): twelve seats)."""
    members = frozenset(t.state for t in terms if t.covers(on))
    n = len(members)
    note_en = "" if n == COMMITTEE_SEATS else f" (the Committee has {COMMITTEE_SEATS} seats)"
    note_nb = "" if n == COMMITTEE_SEATS else f" (komiteen har {COMMITTEE_SEATS} seter)"
    return finding(
        members,
        ("Art. 24(1)", "Art. 25(1)"),
        f"{n} members on {on}{note_en}",
        f"{n} medlemmer {on}{note_nb}",
    )


@rule
def regional_balance(
    members: Collection[str], groups: Mapping[str, str]
) -> Finding[dict[str, int]]:
    """Art. 24(3): seats per UNESCO electoral group. Parties 'seek to ensure' equitable
    representation: an imbalance is reported, never a bar to an election."""
    counts = {g: 0 for g in ELECTORAL_GROUPS}
    unknown = sorted(m for m in members if groups.get(m) not in counts)
    for m in members:
        if groups.get(m) in counts:
            counts[groups[m]] += 1
    empty = [g for g, c in counts.items() if c == 0]
    spread = ", ".join(f"{g}: {c}" for g, c in counts.items())
    en = f"seats by electoral group: {spread}"
    nb = f"seter per valggruppe: {spread}"
    if empty:
        en += f"; no member from group(s) {', '.join(empty)}: consider equitable representation"
        nb += f"; ingen medlemmer fra gruppe(r) {', '.join(empty)}: vurder rettferdig fordeling"
    if unknown:
        en += f"; group unknown for {', '.join(unknown)}"
        nb += f"; ukjent gruppe for {', '.join(unknown)}"
    return finding(counts, "Art. 24(3)", en, nb)


@rule
def record_election(
    election: Election,
    terms: Sequence[Term] = (),
    register: Register | None = None,
    groups: Mapping[str, str] | None = None,
) -> Finding[ElectionRecord]:
    """Check one election against the terms before it; the result holds the new terms.

    The finding's parts hold each candidate's eligibility, the lot at the first election,
    the seat count and, given ``groups``, the regional balance. Problems are reported in
    the reason ("n problems"), so a Meeting's record can be read as it happened."""
    checks = tuple(
        eligible_for_election(s, election.held_on, terms, register) for s in election.elected
    )
    made = terms_from_election(election)
    seated = members_on(election.held_on, tuple(terms) + made.result)
    parts: list[Finding[Any]] = [*checks, made, seated]
    problems: list[Finding[Any]] = [c for c in checks if not c.result]
    if len(seated.result) > COMMITTEE_SEATS:
        problems.append(seated)
    if groups is not None:
        parts.append(regional_balance(seated.result, groups))
    if problems:
        listed = "; ".join(p.reason_in("en") for p in problems)
        listed_nb = "; ".join(p.reason_in("nb") for p in problems)
        record = ElectionRecord(made.result, tuple(p.reason_in("en") for p in problems))
        return finding(
            record,
            ("Art. 24(1)", "Art. 25(1)"),
            f"election of {election.held_on}: {len(problems)} problem(s): {listed}",
            f"valget {election.held_on}: {len(problems)} problem(er): {listed_nb}",
            parts=tuple(parts),
        )
    return finding(
        ElectionRecord(made.result),
        ("Art. 24(1)", "Art. 25(1)"),
        f"election of {election.held_on}: {len(made.result)} elected, no problem found",
        f"valget {election.held_on}: {len(made.result)} valgt, ingen problemer funnet",
        parts=tuple(parts),
    )


@rule
def committee_history(
    elections: Sequence[Election],
    register: Register | None = None,
    groups: Mapping[str, str] | None = None,
) -> Finding[tuple[Term, ...]]:
    """Every term from a series of elections, each election checked in date order."""
    terms: tuple[Term, ...] = ()
    records = []
    for election in sorted(elections, key=lambda e: e.held_on):
        rec = record_election(election, terms, register, groups)
        records.append(rec)
        terms += rec.result.terms
    bad = sum(1 for r in records if r.result.problems)
    return finding(
        terms,
        ("Art. 24(1)", "Art. 25(1)"),
        f"{len(records)} elections, {len(terms)} terms, {bad} election(s) with problems",
        f"{len(records)} valg, {len(terms)} perioder, {bad} valg med problemer",
        parts=tuple(records),
    )
