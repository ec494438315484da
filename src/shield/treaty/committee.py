"""The Committee's membership: elections, terms, re-election, the lot, regional balance.

Twelve Parties elected by the Meeting of the Parties (Art. 24(1)) for four years, eligible
for immediate re-election only once (Art. 25(1)); at the first election half the members,
chosen by lot, serve a short term (Art. 25(2)); the Parties seek an equitable
representation of the world's regions and cultures (Art. 24(3)), reported here against
UNESCO's six electoral groups and never enforced; so is the expertise the members'
representatives bring (Art. 24(4)). How terms are dated and what makes two terms
"consecutive" is :data:`TERM_READING`; when a Meeting ends a term, and who sits, is
:data:`MEMBERSHIP_READING`.

The refusals of this module (codes ``committee.*``) are what the services raise when an
election, a session's roster or a date breaks these rules; the findings above report.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shield.treaty.calendar import add_years
from shield.treaty.findings import Finding, finding, rule
from shield.treaty.refusals import Refused, declare, refusal
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

MEMBERSHIP_READING = (
    "Meetings of the Parties are held with the General Conference, so their dates move by days "
    "or weeks from one to the next. An ordinary Meeting that elects members ends every term "
    "that is in its last year on that day: the outgoing member sits up to the day before, its "
    "successor from the day of the election, so that twelve seats (Art. 24(1)) are counted "
    "without overlap; the short terms of Art. 25(2) end the same way at the next ordinary "
    "Meeting. Only Parties sit on the Committee (Art. 24(1)): a State must be a Party on the day "
    "it is elected, and a member whose denunciation has taken effect keeps its seat on record but "
    "no longer sits; a session's members are the seated Parties on the session's date. The "
    "register records what was done: an election, a session or a decision dated after today is "
    "refused. The regional balance (Art. 24(3)) and the representatives' expertise (Art. 24(4)) "
    "are reported, never a bar to an election."
)
"""Who sits on the Committee on a date, and when a Meeting of the Parties ends a term."""

EXPERTISE: tuple[str, ...] = ("cultural_heritage", "defence", "international_law")
"""The fields of Art. 24(4), as stored on a seat."""

_EXPERTISE_NAMES = {
    "cultural_heritage": ("cultural heritage", "kulturarv"),
    "defence": ("defence", "forsvar"),
    "international_law": ("international law", "folkerett"),
}

# --- refusals (codes committee.*) ----------------------------------------------------------

declare(
    "committee.not_a_party",
    "24(1)",
    "{state} is not a Party to the Protocol on {on}: the Committee is composed of Parties "
    "elected by the Meeting of the Parties",
    "{state} er ikke part i protokollen {on}: komiteen er sammensatt av parter som velges av "
    "partsmøtet",
    field="elected",
)
declare(
    "committee.third_term",
    "25(1)",
    "{state} cannot be elected on {on}: it has served {n} consecutive terms since {since}, and a "
    "member is eligible for immediate re-election only once",
    "{state} kan ikke velges {on}: staten har hatt {n} sammenhengende mandatperioder siden "
    "{since}, og et medlem kan velges på nytt umiddelbart bare én gang",
    field="elected",
)
declare(
    "committee.already_seated",
    "25(1)",
    "{state} cannot be elected on {on}: it holds a seat up to {until}, and a term lasts four years",
    "{state} kan ikke velges {on}: staten har sete til og med {until}, og en mandatperiode "
    "varer i fire år",
    field="elected",
)
declare(
    "committee.seats_full",
    "24(1)",
    "the Committee is composed of twelve Parties: this election would seat {n} members on {on} "
    "({members})",
    "komiteen er sammensatt av tolv parter: dette valget ville gi {n} medlemmer {on} ({members})",
    field="elected",
)
declare(
    "committee.not_first",
    "25(2)",
    "the first election was held on {first}: only the members chosen at the first election draw "
    "short terms by lot",
    "det første valget ble holdt {first}: bare medlemmene som ble valgt ved det første valget, "
    "trekker korte perioder ved loddtrekning",
    field="first",
)
declare(
    "committee.not_a_member",
    "24(1)",
    "{state} holds no seat on the Committee on {on}; the members elected by the Meeting of the "
    "Parties and sitting that day are {members}",
    "{state} har ikke sete i komiteen {on}; medlemmene som er valgt av partsmøtet og sitter den "
    "dagen, er {members}",
    field="members",
)
declare(
    "committee.roster_incomplete",
    "24(1)",
    "{states} hold a seat on the Committee on {on} and are members of the session",
    "{states} har sete i komiteen {on} og er medlemmer av sesjonen",
    field="members",
)
declare(
    "committee.no_members",
    "24(1)",
    "no Party holds a seat on the Committee on {on}: record the election by the Meeting of the "
    "Parties first",
    "ingen part har sete i komiteen {on}: registrer partsmøtets valg først",
    field="members",
)
declare(
    "committee.future_date",
    "24(2)",
    "{what} dated {on} is after today ({today}): the Committee's sessions and decisions are "
    "recorded once held",
    "{what} datert {on} er etter dagens dato ({today}): komiteens sesjoner og beslutninger "
    "registreres når de er holdt",
    status=422,
    field="held_on",
)
declare(
    "committee.future_election",
    ("23(3)(a)", "24(1)"),
    "an election dated {on} is after today ({today}): an election is recorded once the Meeting "
    "of the Parties has held it",
    "et valg datert {on} er etter dagens dato ({today}): et valg registreres når partsmøtet har "
    "holdt det",
    status=422,
    field="held_on",
)
declare(
    "committee.one_ordinary_session",
    "24(2)",
    "the Committee meets once a year in ordinary session; {year} has one already ({ref}): "
    "convene an extraordinary session",
    "komiteen møtes en gang i året i ordinær sesjon; {year} har allerede én ({ref}): kall inn "
    "til en ekstraordinær sesjon",
    field="kind",
)


def _plain(code: str) -> dict[str, str]:
    """A State named by its code alone (when the caller gives no names)."""
    try:
        from shield.treaty import states

        return states.named(code)
    except (ImportError, LookupError, ValueError):
        return {"en": code, "nb": code}


Named = Callable[[str], Mapping[str, str]]


def _many(codes: Collection[str], named: Named) -> dict[str, str]:
    items = [named(c) for c in sorted(codes)]
    return {lang: ", ".join(i[lang] for i in items) or "—" for lang in ("en", "nb")}


def check_not_future(
    on: date,
    today: date,
    what: Mapping[str, str] | str,
    code: str = "committee.future_date",
    field: str | None = None,
) -> None:
    """Refuse an act of the Committee (or, with ``committee.future_election``, an election)
    dated after ``today`` (:data:`MEMBERSHIP_READING`)."""
    if on > today:
        params: dict[str, Any] = {"on": on.isoformat(), "today": today.isoformat()}
        if code == "committee.future_date":
            params["what"] = what
        raise refusal(code, field=field, **params)


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
    ``first=True`` and the ``lot_seed`` recorded for the draw of Art. 25(2). An election at
    an extraordinary Meeting (``ordinary=False``) ends no term (:data:`MEMBERSHIP_READING`)."""

    held_on: date
    elected: tuple[str, ...]
    first: bool = False
    lot_seed: int | None = None
    short_term_ends: date | None = None
    ordinary: bool = True

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
def terms_ended_by(election: Election, terms: Sequence[Term]) -> Finding[tuple[Term, ...]]:
    """The terms as they stand after ``election``: an ordinary Meeting ends every term in
    its last year on the day of the election (Arts. 25(1), 25(2); :data:`MEMBERSHIP_READING`).
    The result holds every term, the ended ones with their new end."""
    on = election.held_on
    ended = [
        t
        for t in terms
        if election.ordinary and t.start < on < t.end and t.end - on < CONSECUTIVE_GAP
    ]
    out = tuple(Term(t.state, t.start, on, t.short) if t in ended else t for t in terms)
    names = ", ".join(sorted(t.state for t in ended)) or "—"
    if not election.ordinary:
        return finding(
            out,
            "Art. 25(1)",
            f"the extraordinary Meeting of {on} ends no term",
            f"det ekstraordinære partsmøtet {on} avslutter ingen periode",
        )
    return finding(
        out,
        ("Art. 25(1)", "Art. 25(2)"),
        f"the ordinary Meeting of {on} ends {len(ended)} term(s) in their last year: {names}",
        f"det ordinære partsmøtet {on} avslutter {len(ended)} periode(r) i sitt siste år: {names}",
    )


@rule
def record_election(
    election: Election,
    terms: Sequence[Term] = (),
    register: Register | None = None,
    groups: Mapping[str, str] | None = None,
) -> Finding[ElectionRecord]:
    """Check one election against the terms before it; the result holds the new terms.

    The finding's parts hold each candidate's eligibility, the terms the Meeting ends, the
    lot at the first election, the seat count and, given ``groups``, the regional balance.
    Problems are reported in the reason ("n problems"), so a Meeting's record can be read
    as it happened; :func:`election_refusals` gives them as refusals."""
    checks = tuple(
        eligible_for_election(s, election.held_on, terms, register) for s in election.elected
    )
    ended = terms_ended_by(election, terms)
    made = terms_from_election(election)
    seated = members_on(election.held_on, ended.result + made.result)
    parts: list[Finding[Any]] = [*checks, ended, made, seated]
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
    """Every term from a series of elections, each election checked in date order; each
    ordinary Meeting ends the terms in their last year (:func:`terms_ended_by`)."""
    terms: tuple[Term, ...] = ()
    records = []
    for election in sorted(elections, key=lambda e: e.held_on):
        rec = record_election(election, terms, register, groups)
        records.append(rec)
        terms = terms_ended_by(election, terms).result + rec.result.terms
    bad = sum(1 for r in records if r.result.problems)
    return finding(
        terms,
        ("Art. 24(1)", "Art. 25(1)"),
        f"{len(records)} elections, {len(terms)} terms, {bad} election(s) with problems",
        f"{len(records)} valg, {len(terms)} perioder, {bad} valg med problemer",
        parts=tuple(records),
    )


def election_refusals(
    election: Election,
    terms: Sequence[Term] = (),
    register: Register | None = None,
    named: Named = _plain,
) -> list[Refused]:
    """Every rule ``election`` breaks, as refusals (empty when it may be recorded): a
    candidate that is not a Party on the day (Art. 24(1)), that holds a seat beyond it or
    would start a third consecutive term (Art. 25(1)), a draw by lot after the first
    election (Art. 25(2)), more than twelve members (Art. 24(1))."""
    on = election.held_on
    out: list[Refused] = []
    if election.first and terms:
        first = min(t.start for t in terms)
        out.append(refusal("committee.not_first", first=first.isoformat()))
    for state in election.elected:
        if register is not None and not is_party(state, on, register).result:
            out.append(refusal("committee.not_a_party", state=named(state), on=on.isoformat()))
            continue
        run = _consecutive_run(state, on, terms)
        if run and run[-1].end - on >= CONSECUTIVE_GAP:
            out.append(
                refusal(
                    "committee.already_seated",
                    state=named(state),
                    on=on.isoformat(),
                    until=(run[-1].end - timedelta(days=1)).isoformat(),
                )
            )
        elif len(run) >= 2:
            out.append(
                refusal(
                    "committee.third_term",
                    state=named(state),
                    on=on.isoformat(),
                    n=len(run),
                    since=run[0].start.isoformat(),
                )
            )
    made = terms_from_election(election).result
    seated = members_on(on, terms_ended_by(election, terms).result + made).result
    if len(seated) > COMMITTEE_SEATS:
        out.append(
            refusal(
                "committee.seats_full",
                n=len(seated),
                on=on.isoformat(),
                members=_many(seated, named),
            )
        )
    return out


@rule
def sitting_members(
    on: date, terms: Sequence[Term], register: Register | None = None
) -> Finding[frozenset[str]]:
    """The members who sit on ``on``: the States holding a seat that day (Arts. 24(1),
    25(1)) and, given a register, are Parties that day (:data:`MEMBERSHIP_READING`)."""
    seated = members_on(on, terms)
    if register is None:
        return seated
    checks = tuple(is_party(s, on, register) for s in sorted(seated.result))
    out = frozenset(s for s, c in zip(sorted(seated.result), checks, strict=True) if c.result)
    gone = sorted(seated.result - out)
    en = f"{len(out)} members sit on {on}"
    nb = f"{len(out)} medlemmer sitter {on}"
    if gone:
        en += f"; holding a seat but not a Party that day: {', '.join(gone)}"
        nb += f"; har sete, men er ikke part den dagen: {', '.join(gone)}"
    return finding(out, ("Art. 24(1)", "Art. 25(1)"), en, nb, parts=(seated, *checks))


def roster_refusals(
    on: date,
    terms: Sequence[Term],
    given: Collection[str] | None,
    register: Register | None = None,
    named: Named = _plain,
) -> tuple[frozenset[str], list[Refused]]:
    """A session's members on ``on``: the sitting members (:func:`sitting_members`). A
    ``given`` roster must equal them: a non-Party, a State without a seat and a sitting
    member left out are each refused. Returns (members, refusals)."""
    sitting = sitting_members(on, terms, register).result
    day = on.isoformat()
    if not sitting:
        return sitting, [refusal("committee.no_members", on=day)]
    if given is None:
        return sitting, []
    out: list[Refused] = []
    for state in sorted(set(given) - sitting):
        if register is not None and not is_party(state, on, register).result:
            out.append(
                refusal("committee.not_a_party", field="members", state=named(state), on=day)
            )
        else:
            out.append(
                refusal(
                    "committee.not_a_member",
                    state=named(state),
                    on=day,
                    members=_many(sitting, named),
                )
            )
    missing = sitting - set(given)
    if missing:
        out.append(refusal("committee.roster_incomplete", states=_many(missing, named), on=day))
    return sitting, out


@rule
def expertise_coverage(fields: Mapping[str, Collection[str]]) -> Finding[dict[str, int]]:
    """Art. 24(4): how many members' representatives bring each field (cultural heritage,
    defence, international law). The members 'endeavour' to cover all three: reported,
    never a bar."""
    counts = {f: sum(1 for given in fields.values() if f in given) for f in EXPERTISE}
    missing = [f for f, n in counts.items() if n == 0]
    en = ", ".join(f"{_EXPERTISE_NAMES[f][0]}: {n}" for f, n in counts.items())
    nb = ", ".join(f"{_EXPERTISE_NAMES[f][1]}: {n}" for f, n in counts.items())
    en, nb = f"representatives by field: {en}", f"representanter per fagområde: {nb}"
    if missing:
        en += "; not covered: " + ", ".join(_EXPERTISE_NAMES[f][0] for f in missing)
        nb += "; ikke dekket: " + ", ".join(_EXPERTISE_NAMES[f][1] for f in missing)
    return finding(counts, "Art. 24(4)", en, nb)
