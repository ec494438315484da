"""Treaty status: who is a Party, and from when (Arts. 41-45).

A register is a sequence of :class:`Instrument` s. Everything is computed from it, the
Protocol's own entry into force included (Art. 43(1): three months after the twentieth
instrument of ratification, acceptance, approval or accession); nothing is typed in.
The shipped register (:func:`load_register`) holds the depositary's dates; see
``data/SOURCES.md``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache, lru_cache
from importlib import resources

from shield.treaty.calendar import add_months, add_years
from shield.treaty.findings import Finding, finding, rule

INSTRUMENTS_FOR_ENTRY_INTO_FORCE = 20
"""Art. 43(1): the Protocol enters into force three months after twenty instruments."""

ART44_READING = (
    "Art. 44: a party to a conflict in the situations of Convention Arts. 18 and 19 is "
    "bound from the day it deposits its instrument, or, if it deposited before the "
    "hostilities or occupation began and that day is recorded (hostilities_began), from "
    "that day; never later than the ordinary date of Art. 43 and never before the "
    "Protocol itself entered into force under Art. 43(1)."
)
"""How Art. 44's 'immediate effect' is dated."""

DENUNCIATION_READING = (
    "Art. 45(3): a denunciation takes effect one year after the instrument is received. "
    "If the Party is involved in an armed conflict when that year expires, it takes effect "
    "on the later of the end of hostilities and the completion of the repatriation of "
    "cultural property (and not before the year is over); while either date is unknown the "
    "effective date cannot be given. Where no repatriation is needed, record "
    "end_of_repatriation equal to end_of_hostilities. The Party is no longer bound from the "
    "day the denunciation takes effect."
)
"""How the effect of a denunciation is dated."""


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
    "The Protocol has no article on State succession. A notification of succession binds the "
    "successor State as general international law has it (Vienna Convention on Succession of "
    "States in respect of Treaties, 1978, Art. 23): from the date of the succession. The "
    "register records the notification's date; that date is used, never before the Protocol "
    "itself entered into force, and a succession does not count among the twenty "
    "instruments of Art. 43(1)."
)
"""How a notification of succession is dated."""


@dataclass(frozen=True)
class Instrument:
    """One State's act: what it deposited and when, and its denunciation if any."""

    state: str
    deposit_date: date
    instrument_type: InstrumentType
    art44: bool = False
    denunciation_date: date | None = None
    in_armed_conflict_at_denunciation: bool = False
    end_of_hostilities: date | None = None
    end_of_repatriation: date | None = None
    hostilities_began: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.state, str) or not self.state.strip():
            raise ValueError("state: a State's name is required")
        if not isinstance(self.deposit_date, date):
            raise TypeError(f"{self.state}: deposit_date must be a date")
        object.__setattr__(self, "instrument_type", InstrumentType(self.instrument_type))
        if self.art44 and not self.instrument_type.binding:
            raise ValueError(f"{self.state}: Art. 44 gives effect to instruments, not signatures")
        if self.denunciation_date is not None and self.denunciation_date < self.deposit_date:
            raise ValueError(f"{self.state}: denunciation_date is before deposit_date")


Register = Sequence[Instrument]


def read_register(text: str) -> tuple[Instrument, ...]:
    """Parse the CSV format of ``second_protocol_instruments.csv``; errors name the line."""
    rows = csv.DictReader(io.StringIO(text))
    need = {"state", "deposit_date", "instrument_type", "art44", "denunciation_date"}
    if not need <= set(rows.fieldnames or ()):
        raise ValueError(f"register header must include {sorted(need)}")
    out = []
    for line, row in enumerate(rows, start=2):
        try:
            den = (row["denunciation_date"] or "").strip()
            flag = (row["art44"] or "").strip().lower()
            if flag not in ("true", "false", ""):
                raise ValueError(f"art44 must be true or false, not {flag!r}")
            out.append(
                Instrument(
                    state=row["state"].strip(),
                    deposit_date=date.fromisoformat(row["deposit_date"].strip()),
                    instrument_type=InstrumentType(row["instrument_type"].strip().lower()),
                    art44=flag == "true",
                    denunciation_date=date.fromisoformat(den) if den else None,
                )
            )
        except (ValueError, AttributeError) as exc:
            raise ValueError(f"register line {line}: {exc}") from None
    return tuple(out)


@cache
def load_register() -> tuple[Instrument, ...]:
    """The shipped register (depositary dates), read from package data once."""
    data = resources.files("shield.treaty").joinpath("data", "second_protocol_instruments.csv")
    return read_register(data.read_text(encoding="utf-8"))


def _register(register: Register | None) -> tuple[Instrument, ...]:
    return load_register() if register is None else tuple(register)


@lru_cache(maxsize=64)
def _binding_in_order(register: tuple[Instrument, ...]) -> tuple[Instrument, ...]:
    firsts: dict[str, Instrument] = {}
    for inst in sorted(register, key=lambda i: i.deposit_date):
        if inst.instrument_type.binding and inst.state not in firsts:
            firsts[inst.state] = inst
    return tuple(firsts.values())


def _counted_in_order(register: tuple[Instrument, ...]) -> tuple[Instrument, ...]:
    return tuple(i for i in _binding_in_order(register) if i.instrument_type.counts_for_entry_into_force)


def binding_instruments(register: Register | None = None) -> tuple[Instrument, ...]:
    """Each State's first binding instrument, in order of deposit (signatures left out)."""
    return _binding_in_order(_register(register))


@rule
def protocol_entry_into_force(register: Register | None = None) -> Finding[date | None]:
    """Art. 43(1): the date the Protocol itself entered into force, from the register."""
    binding = _counted_in_order(_register(register))
    n = INSTRUMENTS_FOR_ENTRY_INTO_FORCE
    if len(binding) < n:
        return finding(
            None,
            "Art. 43(1)",
            f"not in force: {len(binding)} instruments deposited, twenty are needed",
            f"ikke i kraft: {len(binding)} dokumenter deponert, tjue trengs",
        )
    twentieth = binding[n - 1]
    eif = add_months(twentieth.deposit_date, 3)
    return finding(
        eif,
        "Art. 43(1)",
        f"in force on {eif.isoformat()}: three months after the twentieth instrument "
        f"({twentieth.state}, deposited {twentieth.deposit_date.isoformat()})",
        f"i kraft {eif.isoformat()}: tre måneder etter det tjuende dokumentet "
        f"({twentieth.state}, deponert {twentieth.deposit_date.isoformat()})",
    )


def _instrument_of(state: str, register: tuple[Instrument, ...]) -> Instrument | None:
    return next((i for i in _binding_in_order(register) if i.state == state), None)


@rule
def entry_into_force_for(state: str, register: Register | None = None) -> Finding[date | None]:
    """Arts. 43 and 44: the date the Protocol entered (or enters) into force for ``state``."""
    reg = _register(register)
    inst = _instrument_of(state, reg)
    if inst is None:
        signed = any(i.state == state for i in reg)
        en = "signed only: a signature alone does not bind" if signed else "no instrument"
        nb = "bare undertegnet: undertegning alene binder ikke" if signed else "intet dokument"
        return finding(
            None, ("Art. 41(1)", "Art. 42(2)", "Art. 43"), f"{state}: {en}", f"{state}: {nb}"
        )
    general = protocol_entry_into_force(reg)
    if general.result is None:
        return finding(
            None,
            "Art. 43(1)",
            f"{state}: the Protocol is not yet in force",
            f"{state}: protokollen er ennå ikke i kraft",
            parts=(general,),
        )
    if inst.instrument_type is InstrumentType.SUCCESSION:
        since = max(general.result, inst.deposit_date)
        return finding(
            since, ("Art. 43",),
            f"{state}: bound as a successor State from {since.isoformat()} (notification of "
            f"succession of {inst.deposit_date.isoformat()}); the Protocol has no article on succession",
            f"{state}: bundet som etterfølgerstat fra {since.isoformat()} (notifikasjon om "
            f"suksesjon {inst.deposit_date.isoformat()}); protokollen har ingen artikkel om suksesjon",
            parts=(general,),
        )
    twentieth = _counted_in_order(reg)[INSTRUMENTS_FOR_ENTRY_INTO_FORCE - 1]
    if inst.deposit_date <= twentieth.deposit_date:
        ordinary, cites = general.result, ("Art. 43(1)",)
        en = f"deposited {inst.deposit_date.isoformat()}, by the twentieth instrument"
        nb = f"deponert {inst.deposit_date.isoformat()}, senest med det tjuende dokumentet"
    else:
        ordinary = max(general.result, add_months(inst.deposit_date, 3))
        cites = ("Art. 43(2)",)
        en = f"three months after its deposit on {inst.deposit_date.isoformat()}"
        nb = f"tre måneder etter deponeringen {inst.deposit_date.isoformat()}"
    if inst.art44:
        start = max(inst.deposit_date, inst.hostilities_began or inst.deposit_date)
        immediate = max(start, general.result)
        if immediate < ordinary:
            return finding(
                immediate,
                ("Art. 44", "Convention Art. 18", "Convention Art. 19"),
                f"{state}: in force on {immediate.isoformat()}: immediate effect as a party "
                f"to a conflict (instead of {ordinary.isoformat()})",
                f"{state}: i kraft {immediate.isoformat()}: øyeblikkelig virkning som part i "
                f"en konflikt (i stedet for {ordinary.isoformat()})",
                parts=(general,),
            )
    return finding(
        ordinary,
        cites,
        f"{state}: in force on {ordinary.isoformat()}, {en}",
        f"{state}: i kraft {ordinary.isoformat()}, {nb}",
        parts=(general,),
    )


@rule
def denunciation_takes_effect(instrument: Instrument) -> Finding[date | None]:
    """Art. 45(3): the date a denunciation takes effect (None if none, or not yet known)."""
    state = instrument.state
    received = instrument.denunciation_date
    if received is None:
        return finding(
            None,
            "Art. 45(1)",
            f"{state}: has not denounced the Protocol",
            f"{state}: har ikke sagt opp protokollen",
        )
    year = add_years(received, 1)
    if not instrument.in_armed_conflict_at_denunciation:
        return finding(
            year,
            "Art. 45(3)",
            f"{state}: denunciation received {received.isoformat()} takes effect on "
            f"{year.isoformat()}, one year later",
            f"{state}: oppsigelse mottatt {received.isoformat()} får virkning "
            f"{year.isoformat()}, ett år senere",
        )
    ends = (instrument.end_of_hostilities, instrument.end_of_repatriation)
    if ends[0] is None or ends[1] is None:
        return finding(
            None,
            "Art. 45(3)",
            f"{state}: involved in an armed conflict when the year expired on "
            f"{year.isoformat()}: no effect before the end of hostilities and of repatriation "
            f"operations, whichever is later; not yet known",
            f"{state}: deltar i en væpnet konflikt ved utløpet {year.isoformat()}: ingen "
            f"virkning før kamphandlingene er slutt og tilbakeføringen er fullført, det som "
            f"inntreffer sist; ennå ikke kjent",
        )
    effect = max(year, ends[0], ends[1])
    return finding(
        effect,
        "Art. 45(3)",
        f"{state}: involved in an armed conflict when the year expired: takes effect on "
        f"{effect.isoformat()}, the later of the end of hostilities and of repatriation",
        f"{state}: deltok i en væpnet konflikt ved utløpet: får virkning "
        f"{effect.isoformat()}, det seneste av slutten på kamphandlingene og tilbakeføringen",
    )


@rule
def is_party(state: str, on: date, register: Register | None = None) -> Finding[bool]:
    """Is ``state`` bound by the Protocol on ``on``? (in force for it, not denounced)."""
    reg = _register(register)
    eif = entry_into_force_for(state, reg)
    if eif.result is None or on < eif.result:
        when = f" (from {eif.result.isoformat()})" if eif.result else ""
        return finding(
            False,
            eif.citations,
            f"{state} is not a Party on {on.isoformat()}{when}",
            f"{state} er ikke part {on.isoformat()}{when.replace('from', 'fra')}",
            parts=(eif,),
        )
    inst = _instrument_of(state, reg)
    assert inst is not None
    den = denunciation_takes_effect(inst)
    if den.result is not None and on >= den.result:
        return finding(
            False,
            "Art. 45(3)",
            f"{state} is no longer a Party on {on.isoformat()}: denounced",
            f"{state} er ikke lenger part {on.isoformat()}: sagt opp",
            parts=(eif, den),
        )
    return finding(
        True,
        eif.citations,
        f"{state} is a Party on {on.isoformat()}",
        f"{state} er part {on.isoformat()}",
        parts=(eif, den),
    )


@rule
def parties_on(on: date, register: Register | None = None) -> Finding[frozenset[str]]:
    """The States bound by the Protocol on ``on``."""
    reg = _register(register)
    checks = tuple(is_party(i.state, on, reg) for i in _binding_in_order(reg))
    members = frozenset(
        i.state for i, f in zip(_binding_in_order(reg), checks, strict=True) if f.result
    )
    return finding(
        members,
        ("Art. 43", "Art. 45(3)"),
        f"{len(members)} Parties on {on.isoformat()}",
        f"{len(members)} parter {on.isoformat()}",
        parts=checks,
    )
