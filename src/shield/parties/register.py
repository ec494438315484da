"""The register of instruments: import (all or nothing), and findings from shield.treaty."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from shield.audit import log
from shield.treaty import status

from .models import Instrument, State

REQUIRED = ["state", "deposit_date", "instrument_type"]
OPTIONAL_DATES = ["denunciation_date", "hostilities_began", "end_of_hostilities", "end_of_repatriation"]
OPTIONAL_FLAGS = ["art44", "in_armed_conflict_at_denunciation"]
KNOWN = set(REQUIRED) | set(OPTIONAL_DATES) | set(OPTIONAL_FLAGS) | {"source"}
TYPES = {t for t, _ in Instrument.TYPES}
FIELDS = ["state_name", "instrument_type", "deposit_date", *OPTIONAL_FLAGS, *OPTIONAL_DATES, "source"]


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


# The depositary's abbreviations (R, A, Ac, Ap) and its spellings ("Ratification (R)").
ABBREVIATIONS = {"r": "ratification", "a": "accession", "ac": "acceptance", "ap": "approval", "s": "signature",
                 "notification": "succession", "su": "succession"}


def instrument_kind(text: str) -> str:
    word = text.strip().lower().split("(")[0].strip().split(" ")[0] if text.strip() else ""
    return ABBREVIATIONS.get(word, word)


def _date(value: str, field: str, line: int, errors: list, required=False) -> date | None:
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


def _flag(value: str, field: str, line: int, errors: list) -> bool:
    text = (value or "").strip().lower()
    if text in {"", "false", "no", "0"}:
        return False
    if text in {"true", "yes", "1"}:
        return True
    errors.append(RegisterError(line, field, f"{value!r} is not true or false"))
    return False


def ignored_columns(text: str) -> list[str]:
    """Columns the register does not read (e.g. the depositary's own entry-into-force column)."""
    header = next(csv.reader(io.StringIO(text)), [])
    return [c for c in header if c not in KNOWN]


def parse(text: str) -> list[dict]:
    """Rows of a register CSV, cleaned; RegisterInvalid names every bad row. Columns it
    does not know are left aside (``ignored_columns`` names them)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    errors: list[RegisterError] = []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RegisterInvalid([RegisterError(1, "header", f"missing column(s) {', '.join(missing)}")])
    rows, seen = [], {}
    for raw in reader:
        line = reader.line_num
        row_errors: list[RegisterError] = []
        state = (raw.get("state") or "").strip()
        if not state:
            row_errors.append(RegisterError(line, "state", "is required"))
        kind = instrument_kind(raw.get("instrument_type") or "")
        if kind not in TYPES:
            row_errors.append(RegisterError(line, "instrument_type", f"{kind!r} is not one of {', '.join(sorted(TYPES))}"))
        row = {"state_name": state, "instrument_type": kind,
               "deposit_date": _date(raw.get("deposit_date"), "deposit_date", line, row_errors, required=True),
               "source": (raw.get("source") or "").strip()[:300]}
        for f in OPTIONAL_DATES:
            row[f] = _date(raw.get(f), f, line, row_errors)
        for f in OPTIONAL_FLAGS:
            row[f] = _flag(raw.get(f), f, line, row_errors)
        if not row_errors:
            try:
                to_instrument(row)
            except ValueError as exc:
                row_errors.append(RegisterError(line, "row", str(exc)))
        key = (state, kind)
        if key in seen:
            row_errors.append(RegisterError(line, "state", f"{state} has a {kind} already at line {seen[key]}"))
        seen[key] = line
        errors.extend(row_errors)
        rows.append(row)
    if errors:
        raise RegisterInvalid(errors)
    return rows


def to_instrument(row) -> status.Instrument:
    get = row.get if isinstance(row, dict) else lambda f: getattr(row, f)
    return status.Instrument(
        state=get("state_name"), deposit_date=get("deposit_date"), instrument_type=get("instrument_type"),
        art44=get("art44"), denunciation_date=get("denunciation_date"),
        in_armed_conflict_at_denunciation=get("in_armed_conflict_at_denunciation"),
        end_of_hostilities=get("end_of_hostilities"), end_of_repatriation=get("end_of_repatriation"),
        hostilities_began=get("hostilities_began"),
    )


def _match_state(name: str) -> State | None:
    return State.objects.filter(Q(name_en__iexact=name) | Q(code__iexact=name)).first()


def import_register(user, text: str) -> tuple[int, int, int]:
    """Upsert the rows by (State, instrument type), all or nothing: (created, updated, unchanged)."""
    rows = parse(text)
    created = updated = unchanged = 0
    with transaction.atomic():
        audit = []
        for row in rows:
            existing = Instrument.objects.filter(state_name=row["state_name"], instrument_type=row["instrument_type"]).first()
            if existing is None:
                inst = Instrument.objects.create(state=_match_state(row["state_name"]), **row)
                audit.append(("create", "instrument", inst.pk, {k: str(v) for k, v in row.items()}, str(inst)))
                created += 1
                continue
            before = {f: getattr(existing, f) for f in FIELDS}
            if before == row:
                unchanged += 1
                continue
            for f, v in row.items():
                setattr(existing, f, v)
            existing.save()
            changes = log.diff({k: str(v) for k, v in before.items()}, {k: str(v) for k, v in row.items()})
            audit.append(("update", "instrument", existing.pk, changes, str(existing)))
            updated += 1
        if audit:
            log.record_many(user, audit)
    return created, updated, unchanged


def current_register() -> tuple[status.Instrument, ...]:
    """The register as recorded here; while none is recorded, the shipped depositary register."""
    recorded = tuple(to_instrument(i) for i in Instrument.objects.all())
    return recorded or status.load_register()


def listing(on: date | None = None) -> list[dict]:
    """Every State in the register with its entry into force, each with its citations."""
    register = current_register()
    seen, out = set(), []
    for inst in sorted(register, key=lambda i: (i.deposit_date, i.state)):
        if inst.state in seen:
            continue
        seen.add(inst.state)
        binding = next((i for i in sorted(register, key=lambda i: i.deposit_date)
                        if i.state == inst.state and i.instrument_type.binding), inst)
        eif = status.entry_into_force_for(inst.state, register)
        den = status.denunciation_takes_effect(binding)
        row = {
            "state": inst.state,
            "deposit_date": binding.deposit_date.isoformat(),
            "instrument_type": binding.instrument_type.value,
            "art44": binding.art44,
            "entry_into_force": eif.result.isoformat() if eif.result else None,
            "denunciation_effective": den.result.isoformat() if den.result else None,
            "citations": list(eif.labels()) + ([lbl for lbl in den.labels() if lbl not in eif.labels()] if binding.denunciation_date else []),
            "reason": eif.reason_in("en"),
            "reason_nb": eif.reason_in("nb"),
        }
        if on is not None:
            party = status.is_party(inst.state, on, register)
            if not party.result:
                continue
            row["party_on"] = on.isoformat()
        out.append(row)
    return out
