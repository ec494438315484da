"""The register of stolen, looted, missing and illicitly exported objects: report, correct,
change status; each change one transaction and one audit entry.

A record is written the same way by every door and every export (``record``): its fields in
a fixed order, dates as ISO text, measurements canonical. The register's *version* is the
SHA-256 of those records in number order, so a certificate names the exact state of the
register it was checked against, and whoever holds an export can recompute it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shield.accounts import roles
from shield.audit import log
from shield.core.errors import NotAllowed
from shield.registry.disclosure import find_visible

from . import access, clean, vocab
from .models import RegisterEntry

OBJECT_FIELDS = (
    "object_type",
    "title",
    "maker",
    "date_period",
    "materials_techniques",
    "measurements",
    "inscriptions_markings",
    "distinguishing_features",
    "subject",
    "photographs",
    "text_lang",
)
LOSS_FIELDS = (
    "reporting_state",
    "reported_on",
    "lost_from",
    "lost_to",
    "lost_place",
    "circumstances",
    "red_list_category",
    "interpol_reference",
    "status",
    "property",
    "synthetic",
)
POLICE_FIELDS = ("police_reference", "police_notes")
FIELDS = ("number", *OBJECT_FIELDS, *LOSS_FIELDS, *POLICE_FIELDS)


def record(entry: RegisterEntry, full: bool = True) -> dict[str, Any]:
    """The entry as plain values, in ``FIELDS`` order; the police file only when ``full``."""
    out: dict[str, Any] = {"number": entry.number}
    for f in OBJECT_FIELDS:
        out[f] = getattr(entry, f)
    out["reporting_state"] = entry.reporting_state.code
    out["reported_on"] = entry.reported_on.isoformat()
    out["lost_from"] = entry.lost_from.isoformat() if entry.lost_from else ""
    out["lost_to"] = entry.lost_to.isoformat() if entry.lost_to else ""
    for f in ("lost_place", "circumstances", "red_list_category", "interpol_reference", "status"):
        out[f] = getattr(entry, f)
    out["property"] = entry.property.code if entry.property is not None else ""
    out["synthetic"] = entry.synthetic
    if full:
        out["police_reference"] = entry.police_reference
        out["police_notes"] = entry.police_notes
    return out


def entries():
    return RegisterEntry.objects.select_related("reporting_state", "property").order_by("number")


def version() -> tuple[str, int]:
    """(SHA-256 over the register's records in number order, the number of entries)."""
    digest = hashlib.sha256()
    n = 0
    for entry in entries().prefetch_related("photos").iterator(chunk_size=2000):
        values = record(entry)
        stored = [(p.sha256, p.phash, p.dhash) for p in entry.photos.all()]
        if stored:  # the photographs a check compares: their hashes, in upload order
            values["photos"] = stored
        line = json.dumps(values, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        digest.update(line.encode() + b"\n")
        n += 1
    return digest.hexdigest(), n


def _clean(user, data: dict, errors: clean.Errors, partial: bool = False) -> dict[str, Any]:
    """The fields given in ``data``, checked (all of them unless ``partial``)."""
    fields: dict[str, Any] = {}

    def given(name: str) -> bool:
        return not partial or name in data

    long_text = {"inscriptions_markings", "distinguishing_features", "police_notes"}
    for f in (
        "object_type",
        "title",
        "maker",
        "date_period",
        "materials_techniques",
        "inscriptions_markings",
        "distinguishing_features",
        "subject",
        "lost_place",
        "interpol_reference",
        "police_reference",
        "police_notes",
    ):
        if given(f):
            fields[f] = clean.text(data, f, errors, max_length=5000 if f in long_text else 300)
    if given("text_lang"):
        fields["text_lang"] = clean.text(data, "text_lang", errors, max_length=35) or "en"
    if given("measurements"):
        fields["measurements"] = clean.measurements(data, "measurements", errors)
    if given("photographs"):
        fields["photographs"] = clean.photographs(data, "photographs", errors)
    if given("reporting_state"):
        fields["reporting_state"] = clean.state(data, "reporting_state", errors)
    if given("reported_on"):
        fields["reported_on"] = clean.iso_date(data, "reported_on", errors) or timezone.localdate()
    for f in ("lost_from", "lost_to"):
        if given(f):
            fields[f] = clean.iso_date(data, f, errors)
    if given("circumstances"):
        fields["circumstances"] = clean.choice(data, "circumstances", vocab.CIRCUMSTANCES, errors)
    if given("red_list_category"):
        fields["red_list_category"] = clean.choice(
            data, "red_list_category", vocab.RED_LIST_CATEGORIES, errors, required=False
        )
    if given("status"):
        fields["status"] = clean.choice(data, "status", vocab.STATUSES, errors, default="reported")
    if given("property"):
        ref = data.get("property")
        prop = find_visible(user, ref) if ref else None
        if ref and prop is None:
            errors.add("property", f"no property {ref!r} in the inventory")
        elif prop is not None and not prop.object_type and not prop.title:
            errors.add(
                "property", f"{prop.code} has no Object-ID description: not a movable object"
            )
        fields["property"] = prop
    if given("synthetic"):
        fields["synthetic"] = bool(data.get("synthetic", False))
    today = timezone.localdate()
    lo, hi = fields.get("lost_from"), fields.get("lost_to")
    if lo and hi and hi < lo:
        errors.add("lost_to", "is before lost_from")
    for f in ("lost_from", "lost_to", "reported_on"):
        if fields.get(f) and fields[f] > today:
            errors.add(f, f"is after today ({today.isoformat()})")
    if not partial and not any(
        fields.get(f) for f in ("object_type", "title", "inscriptions_markings")
    ):
        errors.add(
            "object_type", "is required (or a title, or the inscriptions): describe the object"
        )
    return fields


def _values(fields: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in fields.items():
        if hasattr(v, "isoformat"):
            v = v.isoformat()
        elif hasattr(v, "code"):
            v = v.code
        out[k] = v
    return out


def _next_number(year: int) -> str:
    prefix = f"SR-{year}-"
    last = (
        RegisterEntry.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{n:05d}"


def report(user, data: dict, number: str | None = None) -> RegisterEntry:
    """Report a loss. The reporting State is the officer's own (a party officer may report
    only its State's losses); the Secretariat names it."""
    if not access.may_report(user):
        raise NotAllowed(
            "only a party officer (for its own State) or the Secretariat may report a loss"
        )
    data = dict(data)
    if not data.get("reporting_state") and not user_is_staff(user):
        own = roles.state_of(user)
        data["reporting_state"] = own.code if own else ""
    errors = clean.Errors()
    fields = _clean(user, data, errors)
    errors.raise_if_any()
    if not access.may_report_for(user, fields["reporting_state"].pk):
        raise NotAllowed("a party officer reports only its own State's losses")
    with transaction.atomic():
        entry = RegisterEntry(**fields)
        entry.number = number or _next_number(fields["reported_on"].year)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            errors.add("number", f"{entry.number} is already in the register")
            errors.raise_if_any()
        log.record(
            user,
            "create",
            "register_entry",
            entry.id,
            {"number": entry.number} | _values(fields),
            summary=f"loss reported: {entry.number} {entry.display()}",
        )
    return entry


def user_is_staff(user) -> bool:
    return roles.is_staff_role(user)


def update(user, entry: RegisterEntry, data: dict) -> RegisterEntry:
    """Correct an entry's description or loss (not its status: ``set_status``)."""
    if not access.may_report_for(user, entry.reporting_state_id):
        raise NotAllowed(
            "only the reporting State's officers or the Secretariat may change this entry"
        )
    data = {k: v for k, v in data.items() if k not in {"number", "status"}}
    errors = clean.Errors()
    fields = _clean(user, data, errors, partial=True)
    errors.raise_if_any()
    if "reporting_state" in fields and not access.may_report_for(
        user, fields["reporting_state"].pk
    ):
        raise NotAllowed("a party officer reports only its own State's losses")
    before = record(entry)
    for k, v in fields.items():
        setattr(entry, k, v)
    after = record(entry)
    changes = log.diff(before, after)
    if not changes:
        return entry
    with transaction.atomic():
        entry.updated_at = timezone.now()
        entry.save()
        log.record(
            user,
            "update",
            "register_entry",
            entry.id,
            changes,
            summary=f"register entry corrected: {entry.number}",
        )
    return entry


def set_status(user, entry: RegisterEntry, status: str, note: str = "") -> RegisterEntry:
    """reported -> circulated -> recovered -> returned (vocab.NEXT_STATUSES)."""
    if not access.may_report_for(user, entry.reporting_state_id):
        raise NotAllowed(
            "only the reporting State's officers or the Secretariat may change the status"
        )
    errors = clean.Errors()
    status = clean.choice({"status": status}, "status", vocab.STATUSES, errors)
    errors.raise_if_any()
    if status == entry.status:
        return entry
    if status not in vocab.NEXT_STATUSES[entry.status]:
        allowed = ", ".join(sorted(vocab.NEXT_STATUSES[entry.status])) or "none"
        errors.add("status", f"cannot go from {entry.status} to {status} (next: {allowed})")
        errors.raise_if_any()
    with transaction.atomic():
        old = entry.status
        entry.status = status
        entry.updated_at = timezone.now()
        entry.save(update_fields=["status", "updated_at"])
        log.record(
            user,
            "status",
            "register_entry",
            entry.id,
            {"status": [old, status], "note": note[:1000]},
            summary=f"{entry.number}: {old} -> {status}",
        )
    return entry


def find(ref) -> RegisterEntry | None:
    ref = str(ref or "").strip()
    if not ref:
        return None
    qs = RegisterEntry.objects.select_related("reporting_state", "property")
    found = qs.filter(number=ref).first()
    if found is None:
        from shield.registry.ids import as_uuid

        key = as_uuid(ref)
        found = qs.filter(pk=key).first() if key else None
    return found
