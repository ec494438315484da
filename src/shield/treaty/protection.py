"""Protection on a date, derived from the law.

Cultural property within Convention Art. 1 has *general protection* (Convention Arts. 2-4,
Chapter I; Protocol Chapter 2, Arts. 5-9) by the law itself: no decision grants it and no
register records it. Whether it binds a given State on a given day follows from that State
being bound on that day: a High Contracting Party to the Convention (Convention Arts. 18
and 19) and a Party to the Protocol (Protocol Art. 3). The States it concerns are the
inventory State, every State with control of or a claim to the place in force on the day,
and the parties to a conflict where one is given.

*Special protection* (Convention Art. 8, Chapter II) and *enhanced protection* (Protocol
Art. 11(10); provisionally Art. 11(9)) are a history of dated events: granted, suspended,
restored, cancelled (Protocol Art. 14). Where both are in force, between Parties to the
Protocol only enhanced protection applies (Protocol Art. 4(b)).

Two kinds of recorded event are not read: a "grant" of general protection (the law gives
it; recording it is refused, :data:`GENERAL_NEEDS_NO_GRANT`) and a loss or regain by use as
a military objective (Art. 13(1)(b) is a fact someone asserts, recorded as an attributed
claim; only the Committee's decisions under Art. 14 suspend or cancel). Both stay in a
history recorded before this rule, shown as recorded, and are ignored here.

Pure Python: the registers of instruments are passed in (or the shipped ones are read).

>>> from datetime import date
>>> found = protection_on(PropertyFacts("monument", "ARM"), date(2020, 10, 8))
>>> found.result.levels
('general',)
>>> found.result.general.labels()[:3]
('Convention Art. 2', 'Convention Art. 3', 'Convention Art. 4')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from shield.treaty import status
from shield.treaty.citations import Citation
from shield.treaty.findings import Finding, Lang, finding, rule
from shield.treaty.refusals import Refused, declare, refusal

CULTURAL_PROPERTY_READING = (
    "Convention Art. 1: a record in the registry is cultural property by its category. Each "
    "category of the registry falls under one sub-paragraph of Convention Art. 1: monuments, "
    "archaeological sites, groups of buildings, movable objects and collections under "
    "Convention Art. 1(a); museums, libraries, archives and refuges (buildings whose main "
    "purpose is to preserve or exhibit movable cultural property) under Convention Art. 1(b); "
    "centres containing monuments under Convention Art. 1(c). Whether a place or an object is "
    "'of great importance to the cultural heritage of every people' is for the State that "
    "entered it in its inventory (Art. 5); the registry does not weigh it again. A record "
    "whose category falls under none of them has no protection derived here."
)
"""What counts as cultural property in this registry."""

ART19_MINIMUM_READING = (
    "Convention Art. 19(1): in an armed conflict not of an international character occurring "
    "within the territory of a High Contracting Party, each party to the conflict, a State or "
    "not, is bound to apply at least the provisions of the Convention which relate to respect "
    "for cultural property (Convention Art. 4), whether or not it is itself a High Contracting "
    "Party; and the Protocol applies to such a conflict occurring within the territory of a "
    "Party (Art. 22(1)). The conflict is taken to occur within the territory of a State when "
    "that State is concerned with the place on the day: the inventory State, or a State whose "
    "control of or claim to the place is in force then (from valid_from to valid_to, both days "
    "included; an open end is open). Outside a conflict given as non-international, general "
    "protection binds each State as far as that State is itself bound on the day (Convention "
    "Art. 18; Art. 3)."
)
"""The minimum that binds every party to a non-international conflict."""

# Convention Art. 1: the sub-paragraph each category of the registry falls under.
ART1_SUBPARAGRAPH: dict[str, str] = {
    "monument": "a",
    "archaeological_site": "a",
    "group_of_buildings": "a",
    "movable_object": "a",
    "collection": "a",
    "museum": "b",
    "library": "b",
    "archive": "b",
    "refuge": "b",
    "centre_containing_monuments": "c",
}

GENERAL = "general"
EVENT_LEVELS = ("special", "enhanced", "provisional_enhanced")
"""The levels that a dated event grants, suspends, restores or cancels."""
ENHANCED_LEVELS = ("enhanced", "provisional_enhanced")
ACTIVATES = frozenset({"granted", "restored"})
DEACTIVATES = frozenset({"suspended", "cancelled"})
MILITARY_USE_ACTIONS = frozenset({"lost_military_use", "regained"})
"""Actions recorded before Art. 13(1)(b) became an attributed claim: kept, never read."""

_CONVENTION = "Convention Art. "


def _c(text: str) -> Citation:
    """'Convention 18' for the Convention, '11(10)' for the Protocol."""
    if text.startswith("Convention "):
        return Citation.parse(_CONVENTION + text.split(" ", 1)[1])
    return Citation.parse(text)


@lru_cache(maxsize=64)
def _cs(*texts: str) -> tuple[Citation, ...]:
    """The citations of these texts; made once (each check of an event cites its law, and a
    big import checks hundreds of thousands: parsing a citation costs more than the check)."""
    return tuple(_c(t) for t in texts)


GENERAL_CITATIONS = _cs(
    "Convention 2",
    "Convention 3",
    "Convention 4",
    "Convention 18",
    "Convention 19",
    "3",
    "5",
    "6",
    "7",
    "8",
    "9",
)
"""General protection: Convention Arts. 2-4 (Chapter I) as applied by Convention Arts. 18-19;
Protocol Art. 3 and Chapter 2 (Arts. 5-9)."""

_NOUN = {
    GENERAL: ("general protection", "alminnelig beskyttelse"),
    "special": ("special protection", "spesiell beskyttelse"),
    "enhanced": ("enhanced protection", "forsterket beskyttelse"),
    "provisional_enhanced": (
        "provisional enhanced protection",
        "midlertidig forsterket beskyttelse",
    ),
}
_STATUS = {
    "active": ("in force", "i kraft"),
    "suspended": ("suspended", "midlertidig opphevet"),
    "cancelled": ("cancelled", "varig opphevet"),
    "never": ("not granted", "ikke innvilget"),
}
# What each level's events rest on: (grant, suspension and restoration, cancellation).
_EVENT_LAW: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "special": (("Convention 8",), ("Convention 8",), ("Convention 8",)),
    "enhanced": (("11(10)",), ("14(1)", "14(2)"), ("14(1)", "14(2)")),
    "provisional_enhanced": (("11(9)",), ("14(1)", "14(2)"), ("14(1)", "14(2)")),
}


# -- refusals ------------------------------------------------------------------------------

GENERAL_NEEDS_NO_GRANT = declare(
    "protection.general_needs_no_grant",
    ("Convention 4", "Convention 18", "3(1)"),
    "general protection is not granted by an event: cultural property within [[Convention 1]] "
    "has it by the law, and it binds each State from the day that State is a High Contracting "
    "Party to the Convention or a Party to the Protocol; record only special or enhanced "
    "protection as events",
    "alminnelig beskyttelse innvilges ikke ved en hendelse: kulturverdier etter [[Convention 1]] "
    "har den i kraft av traktatene, og den binder hver stat fra den dagen staten er kontraherende "
    "part i konvensjonen eller part i protokollen; registrer bare spesiell eller forsterket "
    "beskyttelse som hendelser",
    status=422,
    field="protection",
)

MILITARY_USE_IS_NO_EVENT = declare(
    "protection.military_use_is_no_event",
    ("13(1)(b)", "14(1)", "14(2)"),
    "use as a military objective ([[13(1)(b)]]) is not a protection event: it is a fact that "
    "someone asserts, recorded as an attributed claim, and it never changes the List; only the "
    "Committee's decisions under [[14(1)]] and [[14(2)]] suspend or cancel enhanced protection",
    "bruk som militært mål ([[13(1)(b)]]) er ikke en beskyttelseshendelse: det er et forhold noen "
    "hevder, registrert som en påstand med avsender, og det endrer aldri listen; bare komiteens "
    "beslutninger etter [[14(1)]] og [[14(2)]] opphever forsterket beskyttelse midlertidig eller "
    "varig",
    status=422,
    field="protection",
)

_SEQUENCE = {
    # problem: (which of _EVENT_LAW's entries it rests on, en, nb)
    "already_in_force": (
        0,
        "{level} is already in force on {on}: it cannot be granted again",
        "{level} er allerede i kraft {on}: den kan ikke innvilges på nytt",
    ),
    "not_in_force": (
        1,
        "{level} can be suspended only while it is in force; on {on} it is {now}",
        "{level} kan bare oppheves midlertidig mens den er i kraft; {on} er den {now}",
    ),
    "not_suspended": (
        1,
        "{level} can be restored only from a suspension; on {on} it is {now}",
        "{level} kan bare gjenopprettes etter en midlertidig oppheving; {on} er den {now}",
    ),
    "nothing_to_cancel": (
        2,
        "{level} cannot be cancelled on {on}: it is {now}",
        "{level} kan ikke oppheves varig {on}: den er {now}",
    ),
}
for _level, _law in _EVENT_LAW.items():
    for _problem, (_which, _en, _nb) in _SEQUENCE.items():
        declare(
            f"protection.{_level}.{_problem}",
            _law[_which],
            _en,
            _nb,
            status=422,
            field="protection",
        )


# -- facts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One dated event of a property's protection history, as recorded."""

    level: str
    action: str
    effective_date: date
    basis: str = ""


@dataclass(frozen=True)
class Claim:
    """A State's control of (``control``) or claim to (``claimant``) the place, with its dates
    (both days included; ``None``: open)."""

    state: str
    role: str = "control"
    valid_from: date | None = None
    valid_to: date | None = None

    def in_force(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@dataclass(frozen=True)
class Conflict:
    """An armed conflict: its parties (State codes, or names of parties that are not States)
    and whether it is international (``None``: not known)."""

    parties: tuple[str, ...] = ()
    international: bool | None = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "parties", tuple(self.parties))


@dataclass(frozen=True)
class PropertyFacts:
    """What the engine reads of a property: its category, inventory State, claims and the
    history of its special and enhanced protection."""

    category: str
    inventory_state: str
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "claims", tuple(self.claims))
        object.__setattr__(self, "events", tuple(self.events))


@dataclass(frozen=True)
class LevelState:
    """A level of protection as its history left it on a day."""

    level: str
    active: bool
    status: str  # active | suspended | cancelled | never
    since: date | None
    basis: str


@dataclass(frozen=True)
class Binding:
    """Whether general protection binds ``state`` on the day: under the Convention (a High
    Contracting Party), under the Protocol (a Party); ``None`` where the register cannot tell.
    ``respect_minimum``: bound at least by Convention Art. 4 as a party to a non-international
    conflict (Convention Art. 19(1)); ``protocol_in_conflict``: the Protocol applies to it as a
    party to such a conflict (Protocol Art. 22(1))."""

    state: str
    convention: bool | None
    protocol: bool | None
    respect_minimum: bool = False
    protocol_in_conflict: bool = False

    @property
    def bound(self) -> bool:
        return bool(
            self.convention or self.protocol or self.respect_minimum or self.protocol_in_conflict
        )


@dataclass(frozen=True)
class ProtectionOn:
    """The answer for one property on one day.

    ``levels``: the levels in force, general first, with Art. 4(b) applied (between Parties);
    ``in_force``: the same before Art. 4(b); ``history``: special and enhanced levels as their
    events left them; ``bindings``: per State concerned, whether general protection binds it.
    The findings behind each part are kept: ``cultural_property``, ``general`` (None if not
    cultural property), ``by_level``, ``art4b`` (None where it does not apply) and ``ignored``
    (each recorded event that is not read, with why)."""

    on: date
    is_cultural_property: bool
    levels: tuple[str, ...]
    in_force: tuple[str, ...]
    history: Mapping[str, LevelState]
    bindings: tuple[Binding, ...]
    cultural_property: Finding[bool]
    general: Finding[Any] | None
    by_level: Mapping[str, Finding[Any]] = field(default_factory=dict)
    art4b: Finding[Any] | None = None
    ignored: tuple[tuple[Event, Finding[str]], ...] = ()

    def bound(self, treaty: str) -> tuple[str, ...]:
        """The States (and parties to a conflict) bound by general protection under ``treaty``
        ('convention' or 'protocol'), the Convention Art. 19(1) minimum and Protocol Art. 22(1)
        included."""
        if treaty == "convention":
            return tuple(b.state for b in self.bindings if b.convention or b.respect_minimum)
        return tuple(b.state for b in self.bindings if b.protocol or b.protocol_in_conflict)


# -- helpers -------------------------------------------------------------------------------


def _named(code: str, lang: Lang) -> str:
    """The State's name and code in ``lang`` ('Aserbajdsjan (AZE)'); the bare code where
    shield.treaty.states does not know it (a party to a conflict that is not a State)."""
    try:
        from shield.treaty import states

        named = states.named(code)
        return str(named[lang])
    except (ImportError, AttributeError, LookupError, ValueError, TypeError):
        return code


def _party(code: str, on: date, register: Sequence[Any] | None, treaty: str) -> Finding[bool]:
    """Is ``code`` bound by ``treaty`` ('protocol' or 'convention') on ``on``? (shield.treaty.status)."""
    return status.is_party(code, on, register, treaty=treaty)  # type: ignore[arg-type]


def _iso(d: date | None) -> str:
    return d.isoformat() if d else "…"


# -- the rules -----------------------------------------------------------------------------


def _level_history(
    events: Iterable[Event], on: date
) -> tuple[dict[str, LevelState], list[tuple[Event, Finding[str]]]]:
    history: dict[str, LevelState] = {}
    ignored: list[tuple[Event, Finding[str]]] = []
    # sorted() is stable: events of the same day keep their recorded order
    for ev in sorted(events, key=lambda e: e.effective_date):
        why = _why_ignored(ev)
        if why is not None:
            ignored.append((ev, why))
            continue
        if ev.effective_date > on or ev.level not in EVENT_LEVELS:
            continue
        status_ = "active" if ev.action in ACTIVATES else ev.action
        history[ev.level] = LevelState(
            ev.level, ev.action in ACTIVATES, status_, ev.effective_date, ev.basis
        )
    return history, ignored


_ACTION = {
    "granted": ("a grant", "en innvilgelse"),
    "suspended": ("a suspension", "en midlertidig oppheving"),
    "restored": ("a restoration", "en gjenoppretting"),
    "cancelled": ("a cancellation", "en varig oppheving"),
    "lost_military_use": (
        "a loss by use as a military objective",
        "et tap ved bruk som militært mål",
    ),
    "regained": ("a regain after military use", "en gjenvinning etter militær bruk"),
}


def _why_ignored(ev: Event) -> Finding[str] | None:
    day = ev.effective_date.isoformat()
    act_en, act_nb = _ACTION.get(ev.action, (ev.action, ev.action))
    noun_en, noun_nb = _NOUN.get(ev.level, (ev.level, ev.level))
    if ev.level == GENERAL:
        return finding(
            "ignored",
            GENERAL_NEEDS_NO_GRANT.citations,
            f"recorded on {day} as {act_en} of general protection: general protection follows "
            f"from the law, so this event is kept as recorded and not read",
            f"registrert {day} som {act_nb} av alminnelig beskyttelse: alminnelig beskyttelse "
            f"følger av traktatene, så hendelsen beholdes som registrert og leses ikke",
        )
    if ev.action in MILITARY_USE_ACTIONS:
        return finding(
            "ignored",
            MILITARY_USE_IS_NO_EVENT.citations,
            f"recorded on {day} as {act_en} of {noun_en}: use as a military objective does not "
            f"change the property's status (only the Committee's decisions suspend or cancel), so "
            f"this event is kept as recorded and not read",
            f"registrert {day} som {act_nb} for {noun_nb}: bruk som militært mål endrer ikke "
            f"kulturverdienes status (bare komiteens beslutninger opphever), så hendelsen beholdes "
            f"som registrert og leses ikke",
        )
    return None


def _level_finding(state: LevelState, on: date) -> Finding[str]:
    grant, suspend, cancel = _EVENT_LAW[state.level]
    en, nb = _NOUN[state.level]
    word_en, word_nb = _STATUS.get(state.status, (state.status, state.status))
    cites = {"active": grant, "suspended": suspend}.get(state.status, cancel)
    basis = f" ({state.basis})" if state.basis else ""
    return finding(
        state.status,
        _cs(*cites),
        f"{en}: {word_en} on {on.isoformat()}, since {_iso(state.since)}{basis}",
        f"{nb}: {word_nb} {on.isoformat()}, siden {_iso(state.since)}{basis}",
    )


@rule
def level_history(events: Iterable[Event], on: date) -> Finding[dict[str, LevelState]]:
    """Special and enhanced protection as their recorded events left them on ``on``: for each
    level with a history, its latest event effective on or before that day decides. Grants of
    general protection and losses by military use are not read (see the module's note)."""
    history, ignored = _level_history(events, on)
    parts = tuple(_level_finding(st, on) for st in history.values()) + tuple(w for _e, w in ignored)
    cites = tuple(dict.fromkeys(c for p in parts for c in p.citations)) or _cs(
        "Convention 8", "11(10)"
    )
    listed_en = (
        "; ".join(p.reason["en"] for p in parts[: len(history)])
        or "no special or enhanced protection recorded"
    )
    listed_nb = (
        "; ".join(p.reason["nb"] for p in parts[: len(history)])
        or "ingen spesiell eller forsterket beskyttelse registrert"
    )
    return Finding(
        result=history, citations=cites, reason={"en": listed_en, "nb": listed_nb}, parts=parts
    )


# Each category of Convention Art. 1 in words (English, Norwegian), for the reasons given.
CATEGORY_WORDS = {
    "monument": ("monument", "monument"),
    "archaeological_site": ("archaeological site", "arkeologisk område"),
    "group_of_buildings": ("group of buildings", "bygningsgruppe"),
    "centre_containing_monuments": ("centre containing monuments", "senter med monumenter"),
    "museum": ("museum", "museum"),
    "library": ("library", "bibliotek"),
    "archive": ("archive", "arkiv"),
    "refuge": ("refuge for movable cultural property", "tilfluktsrom for løsøre"),
    "movable_object": ("movable object", "løsøregjenstand"),
    "collection": ("collection", "samling"),
}


@rule
def is_cultural_property(category: str) -> Finding[bool]:
    """Convention Art. 1: is a record of ``category`` cultural property? (see
    :data:`CULTURAL_PROPERTY_READING`)."""
    sub = ART1_SUBPARAGRAPH.get(category)
    if sub is None:
        return finding(
            False,
            _c("Convention 1"),
            f"the category {category!r} is not one of Convention Art. 1's: no protection is derived",
            f"kategorien {category!r} er ikke en av dem i konvensjonen art. 1: ingen beskyttelse følger",
        )
    cite = _c(f"Convention 1({sub})")
    return finding(
        True,
        cite,
        f"cultural property: its category ({CATEGORY_WORDS.get(category, ('', ''))[0] or category}) "
        f"falls under {cite.label('en')}",
        f"kulturverdier: kategorien ({CATEGORY_WORDS.get(category, ('', ''))[1] or category}) "
        f"hører under {cite.label('nb')}",
    )


def _concerned(
    facts: PropertyFacts, on: date, conflict: Conflict | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the States concerned, those concerned with the place: inventory State and claims in force)."""
    place = [facts.inventory_state, *(c.state for c in facts.claims if c.in_force(on))]
    place_states = tuple(dict.fromkeys(s for s in place if s))
    everyone = tuple(dict.fromkeys([*place_states, *(conflict.parties if conflict else ())]))
    return everyone, place_states


@rule
def binding_on(
    state: str,
    on: date,
    protocol_register: Sequence[Any] | None = None,
    convention_register: Sequence[Any] | None = None,
    conflict: Conflict | None = None,
    territory_bound: tuple[bool, bool] = (False, False),
) -> Finding[Binding]:
    """Does general protection bind ``state`` on ``on``? Under the Convention if it is a High
    Contracting Party (Convention Art. 18), under the Protocol if it is a Party (Art. 3(1)); a
    party to a non-international conflict on the territory of a High Contracting Party (a
    Party) at least as Convention Art. 19(1) (Protocol Art. 22(1)) says
    (:data:`ART19_MINIMUM_READING`). ``territory_bound``: whether a State of the place is a
    High Contracting Party, a Party, that day."""
    conv = _party(state, on, convention_register, "convention")
    prot = _party(state, on, protocol_register, "protocol")
    in_niac = conflict is not None and conflict.international is False and state in conflict.parties
    minimum = bool(in_niac and not conv.result and territory_bound[0])
    in_conflict = bool(in_niac and not prot.result and territory_bound[1])
    binding = Binding(state, conv.result, prot.result, minimum, in_conflict)
    name_en, name_nb = _named(state, "en"), _named(state, "nb")
    d = on.isoformat()

    def says(value: bool | None, en: str, nb: str, no_en: str, no_nb: str) -> tuple[str, str]:
        if value is None:
            return f"{en}: cannot tell", f"{nb}: kan ikke avgjøres"
        return (en, nb) if value else (no_en, no_nb)

    c_en, c_nb = says(
        conv.result,
        "bound by the Convention as a High Contracting Party",
        "bundet av konvensjonen som kontraherende part",
        "not a High Contracting Party",
        "ikke kontraherende part",
    )
    p_en, p_nb = says(
        prot.result,
        "bound by the Protocol as a Party",
        "bundet av protokollen som part",
        "not a Party to the Protocol",
        "ikke part i protokollen",
    )
    cites: list[Citation] = [_c("Convention 18"), _c("3(1)")]
    if minimum:
        c_en = "as a party to a non-international conflict, bound at least to respect cultural property"
        c_nb = "som part i en ikke-internasjonal konflikt bundet til i det minste å respektere kulturverdier"
        cites[0:1] = [_c("Convention 19(1)"), _c("Convention 4")]
    if in_conflict:
        p_en = "the Protocol applies to it as a party to a non-international conflict on a Party's territory"
        p_nb = "protokollen gjelder for den som part i en ikke-internasjonal konflikt på en parts territorium"
        cites.append(_c("22(1)"))
    return Finding(
        result=binding,
        citations=tuple(cites),
        reason={"en": f"{name_en} on {d}: {c_en}; {p_en}", "nb": f"{name_nb} {d}: {c_nb}; {p_nb}"},
        parts=(conv, prot),
    )


@rule
def general_protection(
    facts: PropertyFacts,
    on: date,
    protocol_register: Sequence[Any] | None = None,
    convention_register: Sequence[Any] | None = None,
    conflict: Conflict | None = None,
) -> Finding[tuple[Binding, ...]]:
    """General protection of cultural property on ``on`` and, for each State concerned (the
    inventory State, every State whose control or claim is in force that day, the parties to
    ``conflict``), whether it binds that State under the Convention and under the Protocol."""
    everyone, place = _concerned(facts, on, conflict)
    place_checks = {
        s: (
            _party(s, on, convention_register, "convention").result,
            _party(s, on, protocol_register, "protocol").result,
        )
        for s in place
    }
    territory = (
        any(c for c, _p in place_checks.values()),
        any(p for _c, p in place_checks.values()),
    )
    parts = tuple(
        binding_on(s, on, protocol_register, convention_register, conflict, territory)
        for s in everyone
    )
    bindings = tuple(p.result for p in parts)
    conv = [b.state for b in bindings if b.convention or b.respect_minimum]
    prot = [b.state for b in bindings if b.protocol or b.protocol_in_conflict]

    def listed(states: list[str], lang: Lang) -> str:
        return ", ".join(_named(s, lang) for s in states) or ("none" if lang == "en" else "ingen")

    d = on.isoformat()
    return Finding(
        result=bindings,
        citations=GENERAL_CITATIONS,
        reason={
            "en": f"general protection by the law, no registration needed; on {d} it binds under the "
            f"Convention: {listed(conv, 'en')}; under the Protocol: {listed(prot, 'en')}",
            "nb": f"alminnelig beskyttelse i kraft av traktatene, uten registrering; {d} binder den etter "
            f"konvensjonen: {listed(conv, 'nb')}; etter protokollen: {listed(prot, 'nb')}",
        },
        parts=parts,
    )


@rule
def art_4b(in_force: Sequence[str]) -> Finding[tuple[str, ...]]:
    """Protocol Art. 4(b): where special and enhanced protection are both in force, between
    Parties to the Protocol only enhanced protection applies. Result: the levels that apply
    between Parties."""
    levels = tuple(in_force)
    enhanced = [lvl for lvl in levels if lvl in ENHANCED_LEVELS]
    if "special" in levels and enhanced:
        kept = tuple(lvl for lvl in levels if lvl != "special")
        return finding(
            kept,
            "4(b)",
            "special and enhanced protection are both in force: between Parties to the Protocol (and a "
            "State that accepts and applies it) only enhanced protection applies; special protection "
            "still applies with a High Contracting Party not bound by the Protocol",
            "spesiell og forsterket beskyttelse er begge i kraft: mellom partene i protokollen (og en "
            "stat som godtar og anvender den) gjelder bare forsterket beskyttelse; spesiell "
            "beskyttelse gjelder fortsatt overfor en kontraherende part som ikke er bundet av protokollen",
        )
    return finding(
        levels,
        "4(b)",
        "special and enhanced protection are not both in force: every level in force applies",
        "spesiell og forsterket beskyttelse er ikke begge i kraft: hvert nivå i kraft gjelder",
    )


@rule
def levels_in_force(category: str, events: Iterable[Event], on: date) -> Finding[tuple[str, ...]]:
    """The levels in force on ``on``, general first, with Art. 4(b) applied: general for any
    cultural property, special and enhanced from their histories. No register is read: for
    who is bound, see :func:`protection_on`."""
    cultural = is_cultural_property(category)
    history, _ignored = _level_history(events, on)
    active = [lvl for lvl in EVENT_LEVELS if lvl in history and history[lvl].active]
    if not cultural.result:
        return finding(
            (), cultural.citations, cultural.reason["en"], cultural.reason["nb"], parts=(cultural,)
        )
    in_force = (GENERAL, *active)
    four_b = art_4b(in_force)
    levels = four_b.result
    names_en = ", ".join(_NOUN[lvl][0] for lvl in levels)
    names_nb = ", ".join(_NOUN[lvl][1] for lvl in levels)
    return finding(
        levels,
        (*cultural.citations, *GENERAL_CITATIONS[2:3], *four_b.citations),
        f"in force on {on.isoformat()}: {names_en}",
        f"i kraft {on.isoformat()}: {names_nb}",
        parts=(cultural, four_b),
    )


@rule
def protection_on(
    facts: PropertyFacts,
    on: date,
    protocol_register: Sequence[Any] | None = None,
    convention_register: Sequence[Any] | None = None,
    conflict: Conflict | None = None,
) -> Finding[ProtectionOn]:
    """The whole answer for a property on ``on``: general protection (and whom it binds),
    special and enhanced protection from their histories, Art. 4(b) applied. ``None``
    registers: the shipped ones."""
    cultural = is_cultural_property(facts.category)
    history, ignored = _level_history(facts.events, on)
    by_level = {lvl: _level_finding(st, on) for lvl, st in history.items()}
    active = [lvl for lvl in EVENT_LEVELS if lvl in history and history[lvl].active]
    general = None
    bindings: tuple[Binding, ...] = ()
    if cultural.result:
        general = general_protection(facts, on, protocol_register, convention_register, conflict)
        bindings = general.result
        in_force: tuple[str, ...] = (GENERAL, *active)
    else:
        in_force = ()
    four_b = (
        art_4b(in_force)
        if "special" in active and any(lvl in ENHANCED_LEVELS for lvl in active)
        else None
    )
    levels = four_b.result if four_b is not None else in_force
    answer = ProtectionOn(
        on=on,
        is_cultural_property=bool(cultural.result),
        levels=levels,
        in_force=in_force,
        history=history,
        bindings=bindings,
        cultural_property=cultural,
        general=general,
        by_level=by_level,
        art4b=four_b,
        ignored=tuple(ignored),
    )
    parts = tuple(p for p in (cultural, general, *by_level.values(), four_b) if p is not None)
    parts += tuple(why for _ev, why in ignored)
    if not levels:
        en, nb = "no protection", "ingen beskyttelse"
    else:
        en = ", ".join(_NOUN[lvl][0] for lvl in levels)
        nb = ", ".join(_NOUN[lvl][1] for lvl in levels)
    cites = tuple(dict.fromkeys(c for p in parts if p.result != "ignored" for c in p.citations))
    return Finding(
        result=answer,
        citations=cites,
        reason={
            "en": f"protection on {on.isoformat()}: {en}",
            "nb": f"beskyttelse {on.isoformat()}: {nb}",
        },
        parts=parts,
    )


def _sequence_code(level: str, action: str, status_before: str) -> str | None:
    if level == GENERAL:
        return GENERAL_NEEDS_NO_GRANT.code
    if action in MILITARY_USE_ACTIONS:
        return MILITARY_USE_IS_NO_EVENT.code
    problem = None
    if action == "granted" and status_before == "active":
        problem = "already_in_force"
    elif action == "suspended" and status_before != "active":
        problem = "not_in_force"
    elif action == "restored" and status_before != "suspended":
        problem = "not_suspended"
    elif action == "cancelled" and status_before in ("never", "cancelled"):
        problem = "nothing_to_cancel"
    return f"protection.{level}.{problem}" if problem else None


@rule
def event_allowed(existing: Iterable[Event], new: Event) -> Finding[Refused | None]:
    """May ``new`` follow the recorded ``existing`` events? Result: None if it may, else the
    :class:`Refused` (code, citations, reason in English and Norwegian) to raise. A grant of
    general protection and a loss or regain by military use are refused whatever came before."""
    history, _ignored = _level_history(existing, new.effective_date)
    before = history.get(new.level)
    status_before = before.status if before else "never"
    code = None
    if new.level == GENERAL or new.action in MILITARY_USE_ACTIONS or new.level in _EVENT_LAW:
        code = _sequence_code(new.level, new.action, status_before)
    if code is not None:
        refused = refusal(code, **_params(new.level, status_before, new.effective_date))
        return Finding(result=refused, citations=refused.citations, reason=refused.reason)
    law = _EVENT_LAW.get(new.level)
    cites = (
        _cs(
            *law[
                0
                if new.action == "granted"
                else 1
                if new.action in ("suspended", "restored")
                else 2
            ]
        )
        if law
        else GENERAL_CITATIONS[2:3]
    )
    noun = _NOUN.get(new.level, (new.level, new.level))
    return finding(
        None,
        cites,
        f"{noun[0]}: {new.action} on {new.effective_date.isoformat()} may follow its history",
        f"{noun[1]}: {new.action} {new.effective_date.isoformat()} kan følge historikken",
    )


def _params(level: str, status_before: str, on: date) -> dict[str, Any]:
    noun = _NOUN.get(level, (level, level))
    state = _STATUS.get(status_before, (status_before, status_before))
    return {
        "level": {"en": noun[0], "nb": noun[1]},
        "now": {"en": state[0], "nb": state[1]},
        "on": on.isoformat(),
    }
