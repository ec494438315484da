"""The registers of instruments (the Second Protocol's and the Convention's), keyed by State
code: import all or nothing, adding and correcting, and findings from shield.treaty.status.

One row per (treaty, State, kind of instrument). A file's ``state`` may be a code or any name
``shield.treaty.states`` knows; the row is stored against the State's code and keeps the
depositary's own spelling in ``state_name`` (the ``state_name`` column, else the name the
``state`` column gives, else the English name).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any, NamedTuple

from django.db import transaction

from shield.audit import log
from shield.treaty import states, status

from .models import Instrument, State

TREATIES = status.TREATIES
REQUIRED = ["state", "deposit_date", "instrument_type"]
OPTIONAL_DATES = [
    "denunciation_date",
    "succession_date",
    "hostilities_began",
    "end_of_hostilities",
    "end_of_repatriation",
]
OPTIONAL_FLAGS = ["art44", "in_armed_conflict_at_denunciation"]
OPTIONAL_TEXT = ["state_name", "source"]
KNOWN = set(REQUIRED) | set(OPTIONAL_DATES) | set(OPTIONAL_FLAGS) | set(OPTIONAL_TEXT)
TYPES = {t for t, _ in Instrument.TYPES}
FIELDS = [
    "state_name",
    "instrument_type",
    "deposit_date",
    *OPTIONAL_FLAGS,
    *OPTIONAL_DATES,
    "source",
]

ADD_AND_CORRECT_READING = (
    "An import adds and corrects; it never drops what the file does not name. A row matches "
    "the recorded instrument of the same treaty, State and kind: a changed date, flag, name or "
    "source updates that instrument (audited with the fields that changed); a column the file "
    "does not have leaves the recorded value as it is. While no instrument of a treaty is "
    "recorded, the register in force is the shipped one, so an import into an empty register "
    "first records the shipped rows (audited) and then applies the file: a one-row file adds "
    "that row and keeps the rest. With replace, the file becomes the whole register of its "
    "treaty: recorded instruments it does not name are deleted (audited), and nothing is "
    "taken from the shipped register."
)
"""What an import does to the rows a file names, and to those it does not."""

TYPE_CORRECTION_READING = (
    "A changed type is a correction, not a second instrument: a row whose kind is not recorded "
    "for its State, where the State has exactly one binding instrument (not a signature) of "
    "another kind in the file's treaty and the file does not name that other kind for it, "
    "corrects that instrument (its type and the row's other fields; audited as an update). "
    "A State may hold one signature and one binding instrument; a signature never corrects "
    "nor is corrected. Where the State has two binding instruments of other kinds, the row "
    "is added, and --replace removes what the file no longer names."
)
"""When a row with another instrument type corrects the recorded instrument."""


@dataclass
class RegisterError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


class RegisterInvalid(ValueError):
    def __init__(self, errors: list[RegisterError]):
        self.errors = errors
        super().__init__("nothing was imported:\n" + "\n".join(f"  {e}" for e in errors))


class Counts(NamedTuple):
    """What an import did (or, in a dry run, would do)."""

    created: int
    updated: int
    unchanged: int
    removed: int
    seeded: int = 0  # rows taken from the shipped register first (ADD_AND_CORRECT_READING)


# The depositary's abbreviations (R, A, Ac, Ap, N) and its spellings ("Ratification (R)").
ABBREVIATIONS = {
    "r": "ratification",
    "a": "accession",
    "ac": "acceptance",
    "ap": "approval",
    "s": "signature",
    "n": "succession",
    "notification": "succession",
    "su": "succession",
}


def instrument_kind(text: str) -> str:
    word = text.strip().lower().split("(")[0].strip().split(" ")[0] if text.strip() else ""
    return ABBREVIATIONS.get(word, word)


def _date(value: str | None, field: str, line: int, errors: list, required=False) -> date | None:
    value = (value or "").strip()
    if not value:
        if required:
            errors.append(RegisterError(line, field, "is required (YYYY-MM-DD)"))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(RegisterError(line, field, f"{value!r} is not an ISO date (YYYY-MM-DD)"))
        return None


def _flag(value: str | None, field: str, line: int, errors: list) -> bool:
    text = (value or "").strip().lower()
    if text in {"", "false", "no", "0"}:
        return False
    if text in {"true", "yes", "1"}:
        return True
    errors.append(RegisterError(line, field, f"{value!r} is not true or false"))
    return False


def _check_treaty(treaty: str) -> None:
    if treaty not in TREATIES:
        raise RegisterInvalid(
            [RegisterError(0, "treaty", f"{treaty!r} is not one of {', '.join(TREATIES)}")]
        )


def ignored_columns(text: str) -> list[str]:
    """Columns the register does not read (e.g. the depositary's own entry-into-force column)."""
    header = next(csv.reader(io.StringIO(text)), [])
    return [c for c in header if c not in KNOWN]


@dataclass
class Row:
    """One row of a register file, cleaned: ``values`` holds the columns the file has."""

    line: int
    code: str
    kind: str
    values: dict[str, Any]
    given: str = ""  # the State as the file gives it


def _signature_outside(kind: str, day: date | None, treaty: str) -> str | None:
    terms = status.TERMS[treaty]
    if kind != "signature" or day is None or terms.signature_opens <= day <= terms.signature_closes:
        return None
    return (
        f"a signature dated {day.isoformat()} is outside the period {terms.title_en} was open for "
        f"signature ({terms.signature}: {terms.signature_opens.isoformat()} to "
        f"{terms.signature_closes.isoformat()})"
    )


def parse(text: str, treaty: str = "protocol") -> list[Row]:
    """Rows of a register CSV, cleaned; RegisterInvalid names every bad row (line, field and,
    for a State no one knows, the closest names). Columns it does not know are left aside
    (``ignored_columns`` names them)."""
    _check_treaty(treaty)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RegisterInvalid(
            [RegisterError(1, "header", f"missing column(s) {', '.join(missing)}")]
        )
    present = set(header)
    errors: list[RegisterError] = []
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for raw in reader:
        line = reader.line_num
        row_errors: list[RegisterError] = []
        given = (raw.get("state") or "").strip()
        known = states.lookup(given) if given else None
        if not given:
            row_errors.append(RegisterError(line, "state", "is required (a State code or name)"))
        elif known is None:
            row_errors.append(RegisterError(line, "state", states.unknown_message(given)))
        kind = instrument_kind(raw.get("instrument_type") or "")
        if kind not in TYPES:
            row_errors.append(
                RegisterError(
                    line, "instrument_type", f"{kind!r} is not one of {', '.join(sorted(TYPES))}"
                )
            )
        values: dict[str, Any] = {
            "deposit_date": _date(
                raw.get("deposit_date"), "deposit_date", line, row_errors, required=True
            )
        }
        for f in OPTIONAL_DATES:
            if f in present:
                values[f] = _date(raw.get(f), f, line, row_errors)
        for f in OPTIONAL_FLAGS:
            if f in present:
                values[f] = _flag(raw.get(f), f, line, row_errors)
        if "source" in present:
            values["source"] = (raw.get("source") or "").strip()[:300]
        name = (raw.get("state_name") or "").strip() if "state_name" in present else ""
        if name:
            values["state_name"] = name[:200]
        outside = _signature_outside(kind, values["deposit_date"], treaty)
        if outside:
            row_errors.append(RegisterError(line, "deposit_date", outside))
        code = known.code if known else given
        if not row_errors:
            try:
                status.Instrument(
                    state=code,
                    instrument_type=kind,
                    **{k: v for k, v in values.items() if k not in {"state_name", "source"}},
                )
            except ValueError as exc:
                row_errors.append(RegisterError(line, "row", str(exc)))
        if known is not None and kind in TYPES:
            key = (code, kind)
            if key in seen:
                row_errors.append(
                    RegisterError(
                        line,
                        "state",
                        f"{known.label('en')} has a {kind} already at line {seen[key]}",
                    )
                )
            seen.setdefault(key, line)
        errors.extend(row_errors)
        rows.append(Row(line, code, kind, values, given))
    if errors:
        raise RegisterInvalid(errors)
    return rows


# -- the database -------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _snapshot(inst: Instrument) -> dict[str, Any]:
    return {f: _plain(getattr(inst, f)) for f in FIELDS}


def _summary(inst: Instrument, code: str, extra: str = "") -> str:
    return f"{code} {inst.treaty}: {inst.instrument_type} deposited {inst.deposit_date}{extra}"


def _state_row(code: str) -> State:
    from .identity import state_for

    return state_for(code)


def _create(row: Row, treaty: str, audit: list, note: str = "") -> Instrument:
    values = dict(row.values)
    known = states.lookup(row.code)
    a_code = known is None or row.given.upper() in {known.code, known.alpha2}
    values.setdefault("state_name", known.name_en if known and a_code else row.given)
    inst = Instrument.objects.create(
        treaty=treaty, state=_state_row(row.code), instrument_type=row.kind, **values
    )
    audit.append(
        (
            "create",
            "instrument",
            inst.pk,
            _snapshot(inst) | {"state": row.code, "treaty": treaty},
            _summary(inst, row.code, note),
        )
    )
    return inst


def shipped_text(treaty: str) -> str | None:
    """The shipped register of ``treaty`` as CSV text, or None where it is not shipped."""
    data = resources.files("shield.treaty").joinpath("data", status.TERMS[treaty].data_file)
    return data.read_text(encoding="utf-8") if data.is_file() else None


def import_register(
    user, text: str, treaty: str = "protocol", replace: bool = False, dry_run: bool = False
) -> Counts:
    """Add and correct the instruments a file names, all or nothing (ADD_AND_CORRECT_READING,
    TYPE_CORRECTION_READING); with ``replace``, delete those it does not name. Every change is
    audited. ``dry_run`` computes the counts and writes nothing."""
    rows = parse(text, treaty)
    created = updated = unchanged = removed = seeded = 0
    with transaction.atomic():
        audit: list = []
        recorded = Instrument.objects.filter(treaty=treaty)
        if not replace and not recorded.exists():
            shipped = shipped_text(treaty)
            for row in parse(shipped, treaty) if shipped else []:
                _create(row, treaty, audit, " (from the shipped register)")
                seeded += 1
        existing = list(Instrument.objects.filter(treaty=treaty).select_related("state"))
        by_key = {(i.state.code, i.instrument_type): i for i in existing}
        named_kinds: dict[str, set[str]] = {}
        for row in rows:
            named_kinds.setdefault(row.code, set()).add(row.kind)
        touched: set[int] = set()
        for row in rows:
            target = by_key.get((row.code, row.kind))
            corrected = ""
            if target is None and row.kind != "signature":
                others = [
                    i
                    for i in existing
                    if i.state.code == row.code and i.instrument_type != "signature"
                ]
                if len(others) == 1 and others[0].instrument_type not in named_kinds[row.code]:
                    target = others[0]
                    corrected = f" (type corrected from {target.instrument_type})"
                    by_key.pop((row.code, target.instrument_type), None)
                    by_key[(row.code, row.kind)] = target
            if target is None:
                inst = _create(row, treaty, audit)
                by_key[(row.code, row.kind)] = inst
                touched.add(inst.pk)
                created += 1
                continue
            touched.add(target.pk)
            before = _snapshot(target)
            target.instrument_type = row.kind
            for f, v in row.values.items():
                setattr(target, f, v)
            after = _snapshot(target)
            if before == after:
                unchanged += 1
                continue
            target.save()
            audit.append(
                (
                    "update",
                    "instrument",
                    target.pk,
                    log.diff(before, after),
                    _summary(target, row.code, corrected),
                )
            )
            updated += 1
        if replace:
            for inst in existing:
                if inst.pk in touched:
                    continue
                audit.append(
                    (
                        "delete",
                        "instrument",
                        inst.pk,
                        _snapshot(inst) | {"state": inst.state.code, "treaty": treaty},
                        _summary(inst, inst.state.code, " (not in the file; replaced)"),
                    )
                )
                inst.delete()
                removed += 1
        if audit:
            log.record_many(user, audit)
        if dry_run:
            transaction.set_rollback(True)
    return Counts(created, updated, unchanged, removed, seeded)


def to_instrument(inst: Instrument) -> status.Instrument:
    return status.Instrument(
        state=inst.state.code,
        deposit_date=inst.deposit_date,
        instrument_type=inst.instrument_type,
        art44=inst.art44,
        denunciation_date=inst.denunciation_date,
        in_armed_conflict_at_denunciation=inst.in_armed_conflict_at_denunciation,
        end_of_hostilities=inst.end_of_hostilities,
        end_of_repatriation=inst.end_of_repatriation,
        hostilities_began=inst.hostilities_began,
        succession_date=inst.succession_date,
        state_name=inst.state_name,
        source=inst.source,
    )


def current_register(treaty: str = "protocol") -> tuple[status.Instrument, ...]:
    """The register of ``treaty`` as recorded here; while none is recorded, the shipped one."""
    _check_treaty(treaty)
    recorded = tuple(
        to_instrument(i) for i in Instrument.objects.filter(treaty=treaty).select_related("state")
    )
    return recorded or status.load_register(treaty)


def _names(code: str) -> dict[str, str]:
    known = states.lookup(code)
    return {"en": known.name_en, "nb": known.name_nb} if known else {"en": code, "nb": code}


def listing(on: date | None = None, treaty: str = "protocol", lang: str = "en") -> list[dict]:
    """Every State in the register of ``treaty``, by code, with its names, its instrument, its
    entry into force and the citations they rest on (in ``lang``); with ``on``, only the
    States bound on that day."""
    register = current_register(treaty)
    binding = {i.state: i for i in status.binding_instruments(register, treaty)}
    first: dict[str, status.Instrument] = {}
    for inst in sorted(register, key=lambda i: i.deposit_date):
        first.setdefault(inst.state, inst)
    out = []
    for code, inst in sorted(first.items(), key=lambda kv: (kv[1].deposit_date, kv[0])):
        shown = binding.get(code, inst)
        eif = status.entry_into_force_for(code, register, treaty)
        den = status.denunciation_takes_effect(shown, treaty)
        labels = list(eif.labels(lang))
        if shown.denunciation_date:
            labels += [label for label in den.labels(lang) if label not in labels]
        row = {
            "state": code,
            "name": _names(code),
            "state_name": shown.state_name or _names(code)["en"],
            "treaty": treaty,
            "deposit_date": shown.deposit_date.isoformat(),
            "instrument_type": shown.instrument_type.value,
            "art44": shown.art44,
            "succession_date": shown.succession_date.isoformat() if shown.succession_date else None,
            "entry_into_force": eif.result.isoformat() if eif.result else None,
            "denunciation_effective": den.result.isoformat() if den.result else None,
            "citations": labels,
            "reason": {"en": eif.reason_in("en"), "nb": eif.reason_in("nb")},
            "source": shown.source,
        }
        if on is not None:
            if not status.is_party(code, on, register, treaty).result:
                continue
            row["party_on"] = on.isoformat()
        out.append(row)
    return out
