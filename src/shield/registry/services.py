"""Writing the registry: each change one transaction and one audit entry."""

from __future__ import annotations

from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from shield.accounts import roles
from shield.audit import log
from shield.core.errors import NotAllowed
from shield.matching import index_keys
from shield.parties.models import State

from . import identifiers as ident
from .models import (
    CulturalProperty,
    ExternalIdentifier,
    JurisdictionClaim,
    NameKey,
    Photograph,
    PropertyName,
    ProtectionEvent,
)
from .records import children, comparable, forget_children, to_record
from .validation import TEXT_FIELDS, FieldError, RecordInvalid, clean_record

SCALAR_FIELDS = [
    *TEXT_FIELDS,
    "category",
    "external_id",
    "lat",
    "lon",
    "boundary",
    "location_certainty",
    "confidentiality",
    "measurements",
    "synthetic",
]


def state_codes() -> dict[str, int]:
    return dict(State.objects.values_list("code", "id"))


def next_code(state_code: str, taken: dict[str, int] | None = None) -> str:
    """The next readable code of a State's inventory, e.g. ARM-00042."""
    if taken is not None and state_code in taken:
        taken[state_code] += 1
        return code_for(state_code, taken[state_code])
    number = last_code_number(state_code) + 1
    if taken is not None:
        taken[state_code] = number
    return code_for(state_code, number)


def code_for(state_code: str, number: int) -> str:
    return f"{state_code}-{number:05d}"


def last_code_number(state_code: str) -> int:
    """The number of the State's highest code so far (0 when it has none).

    Codes grow past five digits (ARM-100000), so the longest code is the highest, not
    the last in text order. Codes that a staged import not yet published has reserved count
    as taken (``staging``)."""
    last = (
        CulturalProperty.objects.filter(code__startswith=f"{state_code}-")
        .order_by(Length("code").desc(), "-code")
        .values_list("code", flat=True)
        .first()
    )
    tail = last.rsplit("-", 1)[1] if last else ""
    from .staging import reserved_code  # it builds on this module

    return max(int(tail) if tail.isdigit() else 0, reserved_code(state_code))


def _event_key(e) -> tuple:
    get = e.get if isinstance(e, dict) else lambda k: getattr(e, k)
    return (get("level"), get("action"), str(get("effective_date")))


def record_events_after(prop: CulturalProperty, incoming: list[dict]) -> list[dict]:
    """The record's own events after a write: the incoming ones, less those a procedure
    already recorded (an export holds them too, so re-importing it duplicates nothing)."""
    by_procedure = {_event_key(e) for e in _procedure_events(prop)}
    return [e for e in incoming if _event_key(e) not in by_procedure]


def _procedure_events(prop: CulturalProperty) -> list:
    """The events a treaty procedure wrote (from those an import loaded, where it did)."""
    return [e for e in children(prop, "protection_events") if e.origin == "procedure"]


def protection_after(prop: CulturalProperty, incoming: list[dict]) -> list[dict]:
    """Every event a property would have after writing ``incoming``, in canonical order."""
    kept = [
        {
            "level": e.level,
            "action": e.action,
            "effective_date": e.effective_date.isoformat(),
            "basis": e.basis,
            "note": e.note,
        }
        for e in _procedure_events(prop)
    ]
    new = [
        {**e, "effective_date": str(e["effective_date"])}
        for e in record_events_after(prop, incoming)
    ]
    return canonical_events(kept + new)


def canonical_events(events: list[dict]) -> list[dict]:
    return sorted(
        events,
        key=lambda e: (str(e["effective_date"]), e["level"], e["action"], e.get("basis", "")),
    )


def apply_clean(prop: CulturalProperty, clean: dict, states: dict[str, int]) -> None:
    """Write cleaned fields onto an existing record (inside the caller's transaction)."""
    for field in SCALAR_FIELDS:
        if field in clean:
            setattr(prop, field, clean[field])
    prop.updated_at = timezone.now()
    prop.save()
    _write_children(prop, clean, states)
    forget_children(prop)  # an import loaded them to compare (records.with_children): stale now


def _write_children(prop: CulturalProperty, clean: dict, states: dict[str, int]) -> None:
    if "names" in clean:
        prop.names.all().delete()
        NameKey.objects.filter(property=prop).delete()
        keys: set[str] = set()
        for n in clean["names"]:
            PropertyName.objects.create(property=prop, **n)
            keys |= index_keys(n["text"], n["lang"])
        NameKey.objects.bulk_create([NameKey(property=prop, key=k[:120]) for k in sorted(keys)])
    if "claims" in clean:
        prop.claims.all().delete()
        for c in clean["claims"]:
            JurisdictionClaim.objects.create(
                property=prop,
                state_id=states[c["state"]],
                **{k: v for k, v in c.items() if k != "state"},
            )
    if "protection" in clean:
        prop.protection_events.filter(origin="record").delete()
        for e in record_events_after(prop, clean["protection"]):
            ProtectionEvent.objects.create(property=prop, origin="record", **e)
    if "identifiers" in clean:
        prop.identifiers.all().delete()
        ExternalIdentifier.objects.bulk_create(
            [
                ExternalIdentifier(
                    property=prop,
                    scheme=i["scheme"],
                    state_id=states[i["state"]] if i["state"] else None,
                    value=i["value"],
                    source=i["source"],
                    key=ident.search_key(i["scheme"], i["value"], i["state"]),
                )
                for i in clean["identifiers"]
            ]
        )
    if "photographs" in clean:
        prop.photographs.all().delete()
        for p in clean["photographs"]:
            Photograph.objects.create(property=prop, **p)


def create_property(user, data: dict) -> CulturalProperty:
    states = state_codes()
    clean, errors = clean_record(data, states)
    if errors:
        raise RecordInvalid(errors)
    if not roles.can_create_property(user, states.get(clean["state"])):
        raise NotAllowed(f"you may not add to the inventory of {clean['state']}")
    if (
        clean.get("external_id")
        and CulturalProperty.objects.filter(external_id=clean["external_id"]).exists()
    ):
        raise RecordInvalid(
            [FieldError("external_id", f"{clean['external_id']!r} is already used")]
        )
    with transaction.atomic():
        log.lock_tail()  # before the code is chosen: writes choose codes one at a time
        prop = CulturalProperty(
            code=next_code(clean["state"]),
            inventory_state_id=states[clean["state"]],
            **{f: clean[f] for f in SCALAR_FIELDS if f in clean},
        )
        prop.save()
        _write_children(prop, clean, states)
        log.record(
            user,
            "create",
            "property",
            prop.id,
            {"record": comparable(to_record(prop))},
            summary=prop.code,
        )
    return prop


def update_property(user, prop: CulturalProperty, data: dict) -> CulturalProperty:
    """Change the fields given (a partial update); the State of an inventory does not move."""
    if not roles.can_edit_property(user, prop):
        raise NotAllowed(f"you may not edit {prop.code}")
    states = state_codes()
    clean, errors = clean_record(data, states, partial=True)
    if "state" in clean and clean["state"] != prop.inventory_state.code:
        errors.append(
            FieldError(
                "state", "a record stays in its State's inventory; create it anew in the other"
            )
        )
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        log.lock_tail()  # first, as create does: the map's cells are locked after it, never before
        locked = CulturalProperty.objects.select_for_update().get(pk=prop.pk)
        before = comparable(to_record(locked))
        apply_clean(locked, clean, states)
        changes = log.diff(before, comparable(to_record(locked)))
        if changes:
            log.record(user, "update", "property", locked.id, changes, summary=locked.code)
    return locked


def delete_property(user, prop: CulturalProperty, reason: str = "") -> CulturalProperty:
    """Soft delete: the record and its history stay, hidden from listings."""
    if not roles.can_edit_property(user, prop):
        raise NotAllowed(f"you may not delete {prop.code}")
    with transaction.atomic():
        log.lock_tail()  # before the map's cells (see update_property)
        prop.deleted_at = timezone.now()
        prop.save(update_fields=["deleted_at"])
        log.record(user, "delete", "property", prop.id, {"reason": reason}, summary=prop.code)
    return prop


def restore_property(user, prop: CulturalProperty) -> CulturalProperty:
    if not roles.can_edit_property(user, prop):
        raise NotAllowed(f"you may not restore {prop.code}")
    with transaction.atomic():
        log.lock_tail()  # before the map's cells (see update_property)
        prop.deleted_at = None
        prop.save(update_fields=["deleted_at"])
        log.record(user, "restore", "property", prop.id, {}, summary=prop.code)
    return prop


def add_protection_event(
    user,
    prop: CulturalProperty,
    level: str,
    action: str,
    effective_date,
    basis: str,
    note: str = "",
    check_rights: bool = True,
    origin: str = "procedure",
) -> ProtectionEvent:
    """Append one dated event to a property's protection history (one transaction, one audit entry).

    Procedures (the List, suspensions, loss by military use) call this with
    ``check_rights=False`` after their own rules decided who may act.
    """
    from .protection import Event, refusal_for

    if check_rights and not roles.can_edit_property(user, prop):
        raise NotAllowed(f"you may not change the protection of {prop.code}")
    if origin not in {"record", "procedure"}:
        raise ValueError(f"origin must be 'record' or 'procedure', not {origin!r}")
    if not basis.strip():
        raise RecordInvalid(
            [FieldError("basis", "is required: cite the article or decision it rests on")]
        )
    if origin == "record" and effective_date > timezone.localdate():
        raise RecordInvalid([FieldError("effective_date", "is after today")])
    with transaction.atomic():
        history = [
            Event(e.level, e.action, e.effective_date, e.basis)
            for e in prop.protection_events.all()
        ]
        refused = refusal_for(history, Event(level, action, effective_date, basis))
        if refused is not None:  # a step the treaty does not allow: code, citations, en/nb reasons
            raise refused
        event = ProtectionEvent.objects.create(
            property=prop,
            level=level,
            action=action,
            origin=origin,
            effective_date=effective_date,
            basis=basis,
            note=note,
        )
        log.record(
            user,
            f"protection_{action}",
            "property",
            prop.id,
            {
                "level": level,
                "action": action,
                "effective_date": effective_date.isoformat(),
                "basis": basis,
            },
            summary=f"{prop.code} {level} {action}",
        )
    return event
