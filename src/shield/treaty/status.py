"""Treaty status: who is bound by the Second Protocol or by the 1954 Convention, and from when.

A register is a sequence of :class:`Instrument` s, one treaty's, keyed by the State's ISO
3166-1 alpha-3 code (``shield.treaty.states``). Everything is computed from it, the treaty's
own entry into force included (Protocol Art. 43(1): three months after the twentieth
instrument; Convention Art. 33(1): three months after the fifth instrument of ratification);
nothing is typed in. Every public rule takes ``treaty="protocol"`` or ``treaty="convention"``;
the Convention's citations are labels only (its text is not shipped). The shipped registers
(:func:`load_register`) hold the depositary's dates; see ``data/SOURCES.md``.

A rule given a State takes its code; a name the States table knows ("Italy", "Italia") is
read as that State's code, and a code no register row carries gets a finding "no
instrument" naming the State, never an error. Reasons name the State in each language
("Italy (ITA)", "Italia (ITA)").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

from shield.treaty import states
from shield.treaty.calendar import add_months, add_years
from shield.treaty.findings import Finding, finding, rule

Treaty = Literal["protocol", "convention"]
TREATIES: tuple[Treaty, ...] = ("protocol", "convention")

INSTRUMENTS_FOR_ENTRY_INTO_FORCE = 20
"""Art. 43(1): the Protocol enters into force three months after twenty instruments."""

CONVENTION_RATIFICATIONS_FOR_ENTRY_INTO_FORCE = 5
"""Convention Art. 33(1): three months after five instruments of ratification."""

# -- the readings ---------------------------------------------------------------------------

ART44_READING = (
    "Art. 44: a party to a conflict in the situations of Convention Arts. 18 and 19 is "
    "bound from the day it deposits its instrument, or, if it deposited before the "
    "hostilities or occupation began and that day is recorded (hostilities_began), from "
    "that day; never later than the ordinary date of Art. 43 and never before the "
    "Protocol itself entered into force under Art. 43(1)."
)
"""How Art. 44's 'immediate effect' is dated."""

CONVENTION_IMMEDIATE_EFFECT_READING = (
    "Convention Art. 33(3) is read as Art. 44 of the Protocol (ART44_READING): a party to a "
    "conflict in the situations of Convention Arts. 18 and 19 whose register row has "
    "art44=true is bound from the day it deposits its instrument of ratification or "
    "accession, or from the recorded day the hostilities or occupation began if that is "
    "later; never later than the ordinary date of Convention Art. 33 and never before the "
    "Convention itself entered into force under Convention Art. 33(1)."
)
"""How the Convention's 'immediate effect' (Art. 33(3)) is dated."""

BEFORE_IN_FORCE_READING = (
    "'Thereafter' in Art. 43(2) (and in Convention Art. 33(2)) is read as 'after the treaty "
    "itself entered into force'. Every instrument deposited before that day binds the State "
    "from the day the treaty entered into force under Art. 43(1) (Convention Art. 33(1)): "
    "the twenty (five) instruments that brought it into force, and any deposited after the "
    "twentieth (fifth) but before the entry into force (Slovakia, 11 February 2004: bound "
    "from 9 March 2004). An instrument deposited on the day of entry into force or later "
    "takes effect three months after its deposit (Art. 43(2), Convention Art. 33(2))."
)
"""Which deposits Art. 43(1) (Convention Art. 33(1)) dates, and which Art. 43(2) (33(2))."""

SIGNATURE_READING = (
    "A signature is read only if it falls within the period the treaty was open for "
    "signature: 17 May to 31 December 1999 for the Protocol (Art. 40), 14 May to "
    "31 December 1954 for the Convention (Convention Art. 30). A register row recording a signature "
    "outside that period is refused when the register is read. A signature alone never "
    "binds (Art. 41(1); Convention Art. 31(1))."
)
"""How signatures are read (Protocol Art. 40, Convention Art. 30)."""

RATIFICATION_READING = (
    "Ratification, acceptance or approval is open to the States that signed (Art. 41(1); "
    "Convention Art. 31(1), which names ratification only). A register need not record "
    "signatures: an instrument is taken as the depositary designates it, since the "
    "depositary receives such an instrument only from a signatory, and where the register "
    "records the State's signature the finding names it. The Convention does not name "
    "acceptance or approval: an instrument recorded as either is read as a ratification "
    "(Convention Art. 31) and counts among the five of Convention Art. 33(1). Only High "
    "Contracting "
    "Parties to the Convention may join the Protocol (Arts. 40, 41 and 42); the depositary "
    "checks this when it receives an instrument, so the Protocol's register is not "
    "checked against the Convention's."
)
"""Who may ratify (Protocol Art. 41, Convention Art. 31), and how the register records it."""

ACCESSION_READING = (
    "Accession is open from 1 January 2000 for the Protocol (Art. 42(1)) and from the "
    "Convention's entry into force for the Convention (Convention Art. 32). An instrument "
    "of accession deposited earlier is premature: it is not counted among the instruments "
    "that bring the treaty into force (Art. 43(1); Convention Art. 33(1) counts "
    "ratifications only) and it does not bind the State; the finding says why. Where the "
    "depositary held such an instrument and treated it as received on the opening day, "
    "record that day as the deposit date."
)
"""When an accession may be deposited (Protocol Art. 42(1), Convention Art. 32)."""

DENUNCIATION_READING = (
    "Art. 45(3): a denunciation takes effect one year after the instrument is received. "
    "If the Party is involved in an armed conflict when that year expires, it takes effect "
    "on the later of the end of hostilities and the completion of the repatriation of "
    "cultural property (and not before the year is over); while either date is unknown the "
    "effective date cannot be given. Where no repatriation is needed, record "
    "end_of_repatriation equal to end_of_hostilities. The Party is no longer bound from the "
    "day the denunciation takes effect. Convention Art. 37(3) has the same words and is "
    "read the same way."
)
"""How the effect of a denunciation is dated (Protocol Art. 45(3), Convention Art. 37(3))."""


class InstrumentType(str, Enum):
    """The kinds of instrument (Arts. 40-42). A signature alone does not bind."""

    SIGNATURE = "signature"
    RATIFICATION = "ratification"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    ACCESSION = "accession"
    SUCCESSION = "succession"

    @property
    def binding(self) -> bool:
        return self is not InstrumentType.SIGNATURE

    @property
    def counts_for_entry_into_force(self) -> bool:
        """Art. 43(1) counts instruments of ratification, acceptance, approval or accession."""
        return self.binding and self is not InstrumentType.SUCCESSION


SUCCESSION_READING = (
    "Neither the Protocol nor the Convention has an article on State succession. A "
    "notification of succession binds the successor State as general international law "
    "has it (Article 23(1) of the Vienna Convention on Succession of States in respect of "
    "Treaties, 1978): from the date of the succession, recorded in the register as "
    "succession_date, or from the date the treaty entered into force if that is later "
    "(Protocol Art. 43(1), Convention Art. 33(1)). Where the register gives no date of "
    "succession, the date of the notification is used and the finding says so. A "
    "succession does not count among the instruments that bring the treaty into force."
)
"""How a notification of succession is dated."""


# -- the two treaties -----------------------------------------------------------------------


@dataclass(frozen=True)
class TreatyTerms:
    """What the final clauses of one treaty say: windows, counts and the articles to cite."""

    treaty: str
    data_file: str
    title_en: str
    title_nb: str
    signature_opens: date
    signature_closes: date
    accession_opens: date | None  # None: from the treaty's own entry into force
    instruments_needed: int
    needed_en: str
    needed_nb: str
    counted_nb: str
    counted: frozenset[InstrumentType]
    signature: str
    ratification: str
    accession: str
    in_force: str
    general: str
    later: str
    immediate: tuple[str, ...]
    may_denounce: str
    denunciation: str


TERMS: Mapping[str, TreatyTerms] = {
    "protocol": TreatyTerms(
        treaty="protocol",
        data_file="second_protocol_instruments.csv",
        title_en="the Protocol",
        title_nb="protokollen",
        signature_opens=date(1999, 5, 17),
        signature_closes=date(1999, 12, 31),
        accession_opens=date(2000, 1, 1),
        instruments_needed=INSTRUMENTS_FOR_ENTRY_INTO_FORCE,
        needed_en="twenty instruments of ratification, acceptance, approval or accession",
        needed_nb="tjue dokumenter om ratifikasjon, godtakelse, godkjenning eller tiltredelse",
        counted_nb="de tjue dokumentene om ratifikasjon, godtakelse, godkjenning eller tiltredelse",
        counted=frozenset(
            {
                InstrumentType.RATIFICATION,
                InstrumentType.ACCEPTANCE,
                InstrumentType.APPROVAL,
                InstrumentType.ACCESSION,
            }
        ),
        signature="Art. 40",
        ratification="Art. 41(1)",
        accession="Art. 42(1)",
        in_force="Art. 43",
        general="Art. 43(1)",
        later="Art. 43(2)",
        immediate=("Art. 44", "Convention Art. 18", "Convention Art. 19"),
        may_denounce="Art. 45(1)",
        denunciation="Art. 45(3)",
    ),
    "convention": TreatyTerms(
        treaty="convention",
        data_file="convention_instruments.csv",
        title_en="the Convention",
        title_nb="konvensjonen",
        signature_opens=date(1954, 5, 14),
        signature_closes=date(1954, 12, 31),
        accession_opens=None,
        instruments_needed=CONVENTION_RATIFICATIONS_FOR_ENTRY_INTO_FORCE,
        needed_en="five instruments of ratification",
        needed_nb="fem ratifikasjonsdokumenter",
        counted_nb="de fem ratifikasjonsdokumentene",
        counted=frozenset(
            {InstrumentType.RATIFICATION, InstrumentType.ACCEPTANCE, InstrumentType.APPROVAL}
        ),
        signature="Convention Art. 30",
        ratification="Convention Art. 31(1)",
        accession="Convention Art. 32",
        in_force="Convention Art. 33",
        general="Convention Art. 33(1)",
        later="Convention Art. 33(2)",
        immediate=("Convention Art. 33(3)", "Convention Art. 18", "Convention Art. 19"),
        may_denounce="Convention Art. 37(1)",
        denunciation="Convention Art. 37(3)",
    ),
}
"""The final clauses of the Protocol and of the Convention, as this module reads them."""


def _terms(treaty: str) -> TreatyTerms:
    try:
        return TERMS[treaty]
    except KeyError:
        raise ValueError(f"unknown treaty {treaty!r}; use 'protocol' or 'convention'") from None


def _named(code: str) -> dict[str, str]:
    """The State as reasons name it: 'Italy (ITA)' / 'Italia (ITA)'; an unknown code as is."""
    found = states.lookup(code)
    if found is None or found.code != code:
        return {"en": code, "nb": code}
    return found.named()


# -- instruments and registers --------------------------------------------------------------


@dataclass(frozen=True)
class Instrument:
    """One State's act: what it deposited and when, and its denunciation if any.

    ``state`` is the State's code. ``succession_date`` is the date of the succession a
    notification of succession (``deposit_date``) refers to; ``state_name`` is the State
    as the depositary names it and ``source`` the key of the row's source
    (``data/SOURCES.md``).
    """

    state: str
    deposit_date: date
    instrument_type: InstrumentType
    art44: bool = False
    denunciation_date: date | None = None
    in_armed_conflict_at_denunciation: bool = False
    end_of_hostilities: date | None = None
    end_of_repatriation: date | None = None
    hostilities_began: date | None = None
    succession_date: date | None = None
    state_name: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.state, str) or not self.state.strip():
            raise ValueError("state: a State's code is required")
        if not isinstance(self.deposit_date, date):
            raise TypeError(f"{self.state}: deposit_date must be a date")
        object.__setattr__(self, "instrument_type", InstrumentType(self.instrument_type))
        if self.art44 and not self.instrument_type.binding:
            raise ValueError(f"{self.state}: Art. 44 gives effect to instruments, not signatures")
        if self.art44 and self.instrument_type is InstrumentType.SUCCESSION:
            raise ValueError(
                f"{self.state}: Art. 44 gives effect to ratifications, acceptances, approvals "
                f"and accessions, not to a notification of succession"
            )
        if self.denunciation_date is not None and self.denunciation_date < self.deposit_date:
            raise ValueError(f"{self.state}: denunciation_date is before deposit_date")
        if self.succession_date is not None:
            if self.instrument_type is not InstrumentType.SUCCESSION:
                raise ValueError(
                    f"{self.state}: succession_date belongs to a notification of succession, "
                    f"not to a {self.instrument_type.value}"
                )
            if self.succession_date > self.deposit_date:
                raise ValueError(
                    f"{self.state}: succession_date is after the notification's deposit_date"
                )


Register = Sequence[Instrument]

_REQUIRED_COLUMNS = ("state", "deposit_date", "instrument_type")
_DATE_COLUMNS = (
    "denunciation_date",
    "succession_date",
    "hostilities_began",
    "end_of_hostilities",
    "end_of_repatriation",
)
_FLAG_COLUMNS = ("art44", "in_armed_conflict_at_denunciation")


def _flag(value: str | None, column: str) -> bool:
    text = (value or "").strip().lower()
    if text not in ("true", "false", ""):
        raise ValueError(f"{column} must be true or false, not {text!r}")
    return text == "true"


def _optional_date(value: str | None) -> date | None:
    text = (value or "").strip()
    return date.fromisoformat(text) if text else None


def _signature_in_window(inst: Instrument, terms: TreatyTerms) -> None:
    if inst.instrument_type is not InstrumentType.SIGNATURE:
        return
    if not terms.signature_opens <= inst.deposit_date <= terms.signature_closes:
        raise ValueError(
            f"a signature dated {inst.deposit_date.isoformat()} is outside the period "
            f"{terms.title_en} was open for signature ({terms.signature}: "
            f"{terms.signature_opens.isoformat()} to {terms.signature_closes.isoformat()})"
        )


def _code_of(text: str) -> str:
    found = states.lookup(text)
    return found.code if found is not None else text.strip()


def read_register(text: str, treaty: Treaty = "protocol") -> tuple[Instrument, ...]:
    """Parse the CSV format of the shipped registers; errors name the line.

    Columns ``state,deposit_date,instrument_type`` are required; ``state_name``, ``art44``,
    ``denunciation_date``, ``succession_date``, ``source`` (and the armed-conflict dates
    of Art. 45(3)) may be left out. ``state`` is a code (a known name is read as its code).
    A signature outside the treaty's signature period is refused (SIGNATURE_READING), and
    so is a second instrument of one kind for one State.
    """
    terms = _terms(treaty)
    rows = csv.DictReader(io.StringIO(text))
    header = set(rows.fieldnames or ())
    if not set(_REQUIRED_COLUMNS) <= header:
        raise ValueError(f"register header must include {list(_REQUIRED_COLUMNS)}")
    out: list[Instrument] = []
    seen: dict[tuple[str, InstrumentType], int] = {}
    for line, row in enumerate(rows, start=2):
        try:
            code = _code_of(row["state"] or "")
            inst = Instrument(
                state=code,
                deposit_date=date.fromisoformat((row["deposit_date"] or "").strip()),
                instrument_type=InstrumentType((row["instrument_type"] or "").strip().lower()),
                art44=_flag(row.get("art44"), "art44"),
                in_armed_conflict_at_denunciation=_flag(
                    row.get("in_armed_conflict_at_denunciation"),
                    "in_armed_conflict_at_denunciation",
                ),
                state_name=(row.get("state_name") or "").strip(),
                source=(row.get("source") or "").strip(),
                **{c: _optional_date(row.get(c)) for c in _DATE_COLUMNS},
            )
            _signature_in_window(inst, terms)
            key = (inst.state, inst.instrument_type)
            if key in seen:
                raise ValueError(
                    f"{inst.state} has a {inst.instrument_type.value} already at line {seen[key]}"
                )
            seen[key] = line
            out.append(inst)
        except (ValueError, AttributeError, TypeError) as exc:
            raise ValueError(f"register line {line}: {exc}") from None
    return tuple(out)


@cache
def load_register(treaty: Treaty = "protocol") -> tuple[Instrument, ...]:
    """A shipped register (the depositary's dates), read from package data once."""
    terms = _terms(treaty)
    data = resources.files("shield.treaty").joinpath("data", terms.data_file)
    if not data.is_file():
        raise FileNotFoundError(
            f"the register of {terms.title_en} is not shipped: {terms.data_file}"
        )
    return read_register(data.read_text(encoding="utf-8"), treaty)


def _register(register: Register | None, treaty: str) -> tuple[Instrument, ...]:
    return load_register(treaty) if register is None else tuple(register)


@dataclass(frozen=True)
class _Index:
    by_state: dict[str, tuple[Instrument, ...]]  # each State's rows, in order of deposit
    counted: tuple[Instrument, ...]  # the instruments Art. 43(1) / 33(1) counts, in order
    premature: tuple[Instrument, ...]  # accessions deposited before accession was open
    eif: date | None  # the treaty's own entry into force


def _accession_opens(terms: TreatyTerms, eif: date | None) -> date | None:
    return terms.accession_opens if terms.accession_opens is not None else eif


@lru_cache(maxsize=64)
def _index(register: tuple[Instrument, ...], treaty: str) -> _Index:
    terms = _terms(treaty)
    ordered = sorted(register, key=lambda i: i.deposit_date)
    by_state: dict[str, list[Instrument]] = {}
    for inst in ordered:
        by_state.setdefault(inst.state, []).append(inst)
    fixed = terms.accession_opens
    counted: list[Instrument] = []
    states_counted: set[str] = set()
    for inst in ordered:
        if inst.instrument_type not in terms.counted or inst.state in states_counted:
            continue
        if inst.instrument_type is InstrumentType.ACCESSION and fixed and inst.deposit_date < fixed:
            continue
        counted.append(inst)
        states_counted.add(inst.state)
    n = terms.instruments_needed
    eif = add_months(counted[n - 1].deposit_date, 3) if len(counted) >= n else None
    opens = _accession_opens(terms, eif)
    premature = tuple(
        i
        for i in ordered
        if i.instrument_type is InstrumentType.ACCESSION
        and (opens is None or i.deposit_date < opens)
    )
    return _Index({k: tuple(v) for k, v in by_state.items()}, tuple(counted), premature, eif)


def _binding_of(rows: tuple[Instrument, ...], index: _Index) -> Instrument | None:
    return next((i for i in rows if i.instrument_type.binding and i not in index.premature), None)


def _code(state: str, index: _Index) -> str:
    text = str(state or "").strip()
    return text if text in index.by_state else _code_of(text)


def binding_instruments(
    register: Register | None = None, treaty: Treaty = "protocol"
) -> tuple[Instrument, ...]:
    """Each State's first binding instrument, in order of deposit (signatures and premature
    accessions left out)."""
    reg = _register(register, treaty)
    index = _index(reg, treaty)
    found = (_binding_of(rows, index) for rows in index.by_state.values())
    return tuple(sorted((i for i in found if i is not None), key=lambda i: i.deposit_date))


# -- the rules ------------------------------------------------------------------------------


def _premature_finding(inst: Instrument, index: _Index, terms: TreatyTerms) -> Finding[date | None]:
    nm = _named(inst.state)
    opens = _accession_opens(terms, index.eif)
    d = inst.deposit_date.isoformat()
    if opens is None:
        when_en = f"{terms.title_en} is not yet in force, and accession opens only then"
        when_nb = f"{terms.title_nb} er ennå ikke i kraft, og tiltredelse er åpen først da"
    else:
        when_en = f"{terms.title_en} was open for accession only from {opens.isoformat()}"
        when_nb = f"{terms.title_nb} var åpen for tiltredelse først fra {opens.isoformat()}"
    return finding(
        None,
        (terms.accession, terms.general),
        f"{nm['en']}: its instrument of accession deposited {d} is premature: {when_en}; "
        f"it is not counted among the {terms.needed_en} and does not bind",
        f"{nm['nb']}: tiltredelsesdokumentet deponert {d} kom for tidlig: {when_nb}; det "
        f"telles ikke med blant {terms.counted_nb} og binder ikke",
    )


@lru_cache(maxsize=64)
def _general_finding(register: tuple[Instrument, ...], treaty: str) -> Finding[date | None]:
    terms = _terms(treaty)
    index = _index(register, treaty)
    n = terms.instruments_needed
    early = tuple(_premature_finding(i, index, terms) for i in index.premature)
    if index.eif is None:
        return finding(
            None,
            terms.general,
            f"{terms.title_en} is not in force: {len(index.counted)} counted instruments "
            f"deposited, {terms.needed_en} are needed",
            f"{terms.title_nb} er ikke i kraft: {len(index.counted)} dokumenter som teller er "
            f"deponert, {terms.needed_nb} trengs",
            parts=early,
        )
    last = index.counted[n - 1]
    nm = _named(last.state)
    d = last.deposit_date.isoformat()
    ordinal_en = "twentieth" if n == 20 else "fifth"
    ordinal_nb = "tjuende" if n == 20 else "femte"
    return finding(
        index.eif,
        terms.general,
        f"in force on {index.eif.isoformat()}: three months after the {ordinal_en} "
        f"instrument ({nm['en']}, deposited {d})",
        f"i kraft {index.eif.isoformat()}: tre måneder etter det {ordinal_nb} dokumentet "
        f"({nm['nb']}, deponert {d})",
        parts=early,
    )


@rule
def protocol_entry_into_force(
    register: Register | None = None, treaty: Treaty = "protocol"
) -> Finding[date | None]:
    """The date the treaty itself entered into force, from the register: Protocol Art. 43(1)
    (three months after the twentieth instrument) or, with ``treaty="convention"``,
    Convention Art. 33(1) (three months after the fifth ratification). Premature accessions
    are not counted; the finding's parts say so. Also known as ``treaty_entry_into_force``."""
    return _general_finding(_register(register, treaty), treaty)


treaty_entry_into_force = protocol_entry_into_force
"""The same rule under a name that fits either treaty."""


def _signed(rows: tuple[Instrument, ...]) -> Instrument | None:
    return next((i for i in rows if i.instrument_type is InstrumentType.SIGNATURE), None)


@rule
def entry_into_force_for(
    state: str, register: Register | None = None, treaty: Treaty = "protocol"
) -> Finding[date | None]:
    """The date the treaty entered (or enters) into force for ``state`` (a code): Protocol
    Arts. 43 and 44, or Convention Art. 33; successions as SUCCESSION_READING says."""
    terms = _terms(treaty)
    reg = _register(register, treaty)
    index = _index(reg, treaty)
    code = _code(state, index)
    nm = _named(code)
    rows = index.by_state.get(code, ())
    inst = _binding_of(rows, index)
    if inst is None:
        early = next((i for i in rows if i in index.premature), None)
        if early is not None:
            return _premature_finding(early, index, terms)
        signature = _signed(rows)
        if signature is not None:
            d = signature.deposit_date.isoformat()
            return finding(
                None,
                (terms.signature, terms.ratification),
                f"{nm['en']}: signed on {d} only: a signature alone does not bind",
                f"{nm['nb']}: bare undertegnet {d}: undertegning alene binder ikke",
            )
        return finding(
            None,
            (terms.ratification, terms.accession, terms.in_force),
            f"{nm['en']}: no instrument: the register of {terms.title_en} records no "
            f"ratification, acceptance, approval, accession or succession",
            f"{nm['nb']}: intet dokument: registeret for {terms.title_nb} har ingen "
            f"ratifikasjon, godtakelse, godkjenning, tiltredelse eller suksesjon",
        )
    general = _general_finding(reg, treaty)
    if general.result is None:
        return finding(
            None,
            terms.general,
            f"{nm['en']}: {terms.title_en} is not yet in force",
            f"{nm['nb']}: {terms.title_nb} er ennå ikke i kraft",
            parts=(general,),
        )
    eif = general.result
    deposited = inst.deposit_date.isoformat()
    if inst.instrument_type is InstrumentType.SUCCESSION:
        return _succession_finding(inst, eif, terms, nm, general)
    if inst.deposit_date < eif:
        ordinary, cites = eif, (terms.general,)
        if inst in index.counted[: terms.instruments_needed]:
            en = f"deposited {deposited}, one of the {terms.needed_en}"
            nb = f"deponert {deposited}, ett av {terms.counted_nb}"
        else:
            en = (
                f"deposited {deposited}, after the instruments that brought it into force but "
                f"before {terms.title_en} entered into force: bound from that day"
            )
            nb = (
                f"deponert {deposited}, etter dokumentene som satte den i kraft, men før "
                f"{terms.title_nb} trådte i kraft: bundet fra den dagen"
            )
    else:
        ordinary = add_months(inst.deposit_date, 3)
        cites = (terms.later,)
        en = f"three months after its deposit on {deposited}"
        nb = f"tre måneder etter deponeringen {deposited}"
    signature = _signed(rows)
    if signature is not None and inst.instrument_type in terms.counted:
        en += f" (signed {signature.deposit_date.isoformat()})"
        nb += f" (undertegnet {signature.deposit_date.isoformat()})"
    if inst.art44:
        start = max(inst.deposit_date, inst.hostilities_began or inst.deposit_date)
        immediate = max(start, eif)
        if immediate < ordinary:
            return finding(
                immediate,
                terms.immediate,
                f"{nm['en']}: in force on {immediate.isoformat()}: immediate effect as a party "
                f"to a conflict (instead of {ordinary.isoformat()})",
                f"{nm['nb']}: i kraft {immediate.isoformat()}: øyeblikkelig virkning som part i "
                f"en konflikt (i stedet for {ordinary.isoformat()})",
                parts=(general,),
            )
    return finding(
        ordinary,
        cites,
        f"{nm['en']}: in force on {ordinary.isoformat()}, {en}",
        f"{nm['nb']}: i kraft {ordinary.isoformat()}, {nb}",
        parts=(general,),
    )


def _succession_finding(
    inst: Instrument, eif: date, terms: TreatyTerms, nm: dict[str, str], general: Finding[Any]
) -> Finding[date | None]:
    notified = inst.deposit_date.isoformat()
    if inst.succession_date is None:
        since = max(eif, inst.deposit_date)
        why_en = f"notification of succession of {notified}; the date of succession is not recorded"
        why_nb = f"notifikasjon om suksesjon {notified}; suksesjonsdatoen er ikke registrert"
    else:
        since = max(eif, inst.succession_date)
        succeeded = inst.succession_date.isoformat()
        why_en = f"succession of {succeeded}, notified {notified}"
        why_nb = f"suksesjon {succeeded}, notifisert {notified}"
    if since == eif and (inst.succession_date or inst.deposit_date) < eif:
        why_en += f"; not before {terms.title_en} entered into force"
        why_nb += f"; ikke før {terms.title_nb} trådte i kraft"
    return finding(
        since,
        (terms.in_force,),
        f"{nm['en']}: bound as a successor State from {since.isoformat()} ({why_en}); "
        f"{terms.title_en} has no article on succession",
        f"{nm['nb']}: bundet som etterfølgerstat fra {since.isoformat()} ({why_nb}); "
        f"{terms.title_nb} har ingen artikkel om suksesjon",
        parts=(general,),
    )


@rule
def denunciation_takes_effect(
    instrument: Instrument, treaty: Treaty = "protocol"
) -> Finding[date | None]:
    """Protocol Art. 45(3) (Convention Art. 37(3)): the date a denunciation takes effect
    (None if none, or not yet known)."""
    terms = _terms(treaty)
    nm = _named(instrument.state)
    received = instrument.denunciation_date
    if received is None:
        return finding(
            None,
            terms.may_denounce,
            f"{nm['en']}: has not denounced {terms.title_en}",
            f"{nm['nb']}: har ikke sagt opp {terms.title_nb}",
        )
    year = add_years(received, 1)
    if not instrument.in_armed_conflict_at_denunciation:
        return finding(
            year,
            terms.denunciation,
            f"{nm['en']}: denunciation received {received.isoformat()} takes effect on "
            f"{year.isoformat()}, one year later",
            f"{nm['nb']}: oppsigelse mottatt {received.isoformat()} får virkning "
            f"{year.isoformat()}, ett år senere",
        )
    ends = (instrument.end_of_hostilities, instrument.end_of_repatriation)
    if ends[0] is None or ends[1] is None:
        return finding(
            None,
            terms.denunciation,
            f"{nm['en']}: involved in an armed conflict when the year expired on "
            f"{year.isoformat()}: no effect before the end of hostilities and of repatriation "
            f"operations, whichever is later; not yet known",
            f"{nm['nb']}: deltar i en væpnet konflikt ved utløpet {year.isoformat()}: ingen "
            f"virkning før kamphandlingene er slutt og tilbakeføringen er fullført, det som "
            f"inntreffer sist; ennå ikke kjent",
        )
    effect = max(year, ends[0], ends[1])
    return finding(
        effect,
        terms.denunciation,
        f"{nm['en']}: involved in an armed conflict when the year expired: takes effect on "
        f"{effect.isoformat()}, the later of the end of hostilities and of repatriation",
        f"{nm['nb']}: deltok i en væpnet konflikt ved utløpet: får virkning "
        f"{effect.isoformat()}, det seneste av slutten på kamphandlingene og tilbakeføringen",
    )


@rule
def is_party(
    state: str, on: date, register: Register | None = None, treaty: Treaty = "protocol"
) -> Finding[bool]:
    """Is ``state`` (a code) bound by the treaty on ``on``? (in force for it, not denounced)"""
    reg = _register(register, treaty)
    index = _index(reg, treaty)
    code = _code(state, index)
    nm = _named(code)
    party_en = "a Party" if treaty == "protocol" else "a High Contracting Party"
    party_nb = "part" if treaty == "protocol" else "høy kontraherende part"
    eif = entry_into_force_for(code, reg, treaty)
    day = on.isoformat()
    if eif.result is None or on < eif.result:
        when_en = f" (from {eif.result.isoformat()})" if eif.result else ""
        when_nb = f" (fra {eif.result.isoformat()})" if eif.result else ""
        return finding(
            False,
            eif.citations,
            f"{nm['en']} is not {party_en} on {day}{when_en}",
            f"{nm['nb']} er ikke {party_nb} {day}{when_nb}",
            parts=(eif,),
        )
    inst = _binding_of(index.by_state[code], index)
    assert inst is not None
    den = denunciation_takes_effect(inst, treaty)
    if den.result is not None and on >= den.result:
        return finding(
            False,
            den.citations,
            f"{nm['en']} is no longer {party_en} on {day}: denounced",
            f"{nm['nb']} er ikke lenger {party_nb} {day}: sagt opp",
            parts=(eif, den),
        )
    return finding(
        True,
        eif.citations,
        f"{nm['en']} is {party_en} on {day}",
        f"{nm['nb']} er {party_nb} {day}",
        parts=(eif, den),
    )


@rule
def parties_on(
    on: date, register: Register | None = None, treaty: Treaty = "protocol"
) -> Finding[frozenset[str]]:
    """The codes of the States bound by the treaty on ``on``."""
    terms = _terms(treaty)
    reg = _register(register, treaty)
    binding = binding_instruments(reg, treaty)
    checks = tuple(is_party(i.state, on, reg, treaty) for i in binding)
    members = frozenset(i.state for i, f in zip(binding, checks, strict=True) if f.result)
    what_en = "Parties" if treaty == "protocol" else "High Contracting Parties"
    what_nb = "parter" if treaty == "protocol" else "høye kontraherende parter"
    return finding(
        members,
        (terms.in_force, terms.denunciation),
        f"{len(members)} {what_en} on {on.isoformat()}",
        f"{len(members)} {what_nb} {on.isoformat()}",
        parts=checks,
    )
