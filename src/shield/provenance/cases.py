"""Return and restitution cases: claimant, holder, objects, legal basis, steps (request,
negotiation, mediation or conciliation, decision, return) with dates and documents, and each
party's positions recorded as its claims, attributed, never adopted.

Steps follow each other in this order, each dated no earlier than the one before; a case
begins with its request. Mediation may be skipped (bilateral talks that succeed), and so
may negotiation; a return comes after a decision. The status follows the last step.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from shield.audit import log
from shield.core.errors import NotAllowed

from . import access, clean, vocab
from .models import CasePosition, CaseStep, RegisterEntry, ReturnCase, TracedObject

ORDER = [code for code, _label in vocab.CASE_STEPS]
STATUS_AFTER = {
    "request": "open",
    "negotiation": "open",
    "mediation": "in_mediation",
    "decision": "decided",
    "return": "returned",
}


def _next_code() -> str:
    last = ReturnCase.objects.order_by("-code").values_list("code", flat=True).first()
    n = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"RC-{n:05d}"


def _require(user) -> None:
    if not access.may_record(user):
        raise NotAllowed("log in with a role to keep return cases")


def open_case(user, data: dict, synthetic: bool = False) -> ReturnCase:
    """Open a case with its request (the first step, on ``opened_on``)."""
    _require(user)
    errors = clean.Errors()
    fields: dict[str, Any] = {
        "title": clean.text(data, "title", errors, required=True),
        "claimant": clean.state(data, "claimant", errors),
        "holder": clean.text(data, "holder", errors, required=True),
        "holder_state": clean.state(data, "holder_state", errors, required=False),
        "legal_basis": clean.choice(data, "legal_basis", vocab.LEGAL_BASES, errors),
        "opened_on": clean.iso_date(data, "opened_on", errors) or timezone.localdate(),
    }
    if fields["opened_on"] > timezone.localdate():
        errors.add("opened_on", "is after today")
    numbers = data.get("entries") or []
    if isinstance(numbers, str):
        numbers = [n.strip() for n in numbers.replace(";", ",").split(",") if n.strip()]
    entries = list(RegisterEntry.objects.filter(number__in=numbers))
    for n in sorted(set(numbers) - {e.number for e in entries}):
        errors.add("entries", f"no register entry {n!r}")
    codes = data.get("traced") or []
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.replace(";", ",").split(",") if c.strip()]
    traced = list(TracedObject.objects.filter(code__in=codes))
    for c in sorted(set(codes) - {t.code for t in traced}):
        errors.add("traced", f"no traced object {c!r}")
    if not entries and not traced:
        errors.add("entries", "name at least one object (a register entry or a traced object)")
    note = clean.text(data, "note", errors, max_length=5000)
    errors.raise_if_any()
    with transaction.atomic():
        case = ReturnCase.objects.create(code=_next_code(), synthetic=synthetic, **fields)
        case.entries.set(entries)
        case.traced.set(traced)
        CaseStep.objects.create(case=case, step="request", on=fields["opened_on"], note=note)
        log.record(
            user,
            "create",
            "return_case",
            case.id,
            {
                "code": case.code,
                "claimant": case.claimant.code,
                "holder": case.holder,
                "legal_basis": case.legal_basis,
                "entries": [e.number for e in entries],
                "traced": [t.code for t in traced],
            },
            summary=f"return case opened: {case.code} {case.title}",
        )
    return case


def add_step(user, case: ReturnCase, data: dict) -> CaseStep:
    _require(user)
    errors = clean.Errors()
    step = clean.choice(data, "step", vocab.CASE_STEPS, errors)
    on = clean.iso_date(data, "on", errors, required=True)
    note = clean.text(data, "note", errors, max_length=5000)
    docs = data.get("documents") or []
    if isinstance(docs, str):
        docs = [{"title": d.strip()} for d in docs.split(";") if d.strip()]
    errors.raise_if_any()
    last = case.steps.order_by("-on", "-id").first()
    if case.status in ("returned", "closed"):
        errors.add("step", f"the case is {case.status}: no step follows")
    elif last is not None and ORDER.index(step) < ORDER.index(last.step):
        errors.add("step", f"{step} cannot follow {last.step} (order: {', '.join(ORDER)})")
    elif step == "return" and not case.steps.filter(step="decision").exists():
        errors.add("step", "a return follows a decision")
    if on and last is not None and on < last.on:
        errors.add("on", f"is before the last step ({last.on.isoformat()})")
    if on and on > timezone.localdate():
        errors.add("on", "is after today")
    errors.raise_if_any()
    assert on is not None  # no errors: read
    with transaction.atomic():
        made = CaseStep.objects.create(case=case, step=step, on=on, note=note, documents=docs)
        old = case.status
        case.status = STATUS_AFTER[step]
        case.save(update_fields=["status"])
        log.record(
            user,
            "step",
            "return_case",
            case.id,
            {"step": step, "on": on.isoformat(), "status": [old, case.status]},
            summary=f"{case.code}: {step}",
        )
    return made


def add_position(user, case: ReturnCase, data: dict) -> CasePosition:
    """A party's position, as that party states it (attributed, with its source)."""
    _require(user)
    errors = clean.Errors()
    fields = {
        "side": clean.choice(data, "side", vocab.PARTY_SIDES, errors),
        "party": clean.text(data, "party", errors, required=True),
        "stated_on": clean.iso_date(data, "stated_on", errors, required=True),
        "statement": clean.text(data, "statement", errors, required=True, max_length=5000),
        "source": clean.text(data, "source", errors, max_length=500),
    }
    errors.raise_if_any()
    with transaction.atomic():
        pos = CasePosition.objects.create(case=case, **fields)
        log.record(
            user,
            "position",
            "return_case",
            case.id,
            {"side": pos.side, "party": pos.party, "stated_on": pos.stated_on.isoformat()},
            summary=f"{case.code}: position of {pos.party}",
        )
    return pos


def close(user, case: ReturnCase, note: str = "") -> ReturnCase:
    _require(user)
    if case.status in ("returned", "closed"):
        errors = clean.Errors()
        errors.add("status", f"the case is already {case.status}")
        errors.raise_if_any()
    with transaction.atomic():
        old = case.status
        case.status = "closed"
        case.save(update_fields=["status"])
        log.record(
            user,
            "close",
            "return_case",
            case.id,
            {"status": [old, "closed"], "note": note},
            summary=f"{case.code} closed without return",
        )
    return case


def find(code: str) -> ReturnCase | None:
    return (
        ReturnCase.objects.select_related("claimant", "holder_state")
        .filter(code=str(code or "").strip())
        .first()
    )
