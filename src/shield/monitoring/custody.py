"""Custody that cannot be forged through the product (issue 13, item 3).

The handler of every event is the authenticated user and the time is the server's; what
the client says (who, when) is kept beside them as a claim (``stated_by``, ``stated_at``).
Each event is chained to the item's previous one (``custodychain``) and recorded in the
audit log in the same transaction, so the transparency log's checkpoints fix it. Only those
who hold the item record events by hand (``evidence.holds``: the Secretariat,
administrators, assessors, the officers of the State that submitted it); the system records
receipts, downloads of originals and package exports itself.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from shield.accounts import roles
from shield.audit import log
from shield.audit.models import AuditEntry
from shield.registry.services import NotAllowed

from . import clean, custodychain, store, vocab
from .models import CustodyEvent, Evidence

ROLE_ORDER = (roles.ADMINISTRATOR, roles.SECRETARIAT, roles.ASSESSOR, roles.PARTY_OFFICER)


def acting_as(user) -> tuple[str, str]:
    """(role, State code) the user acts in: the first of their roles that may hold evidence,
    and a party officer's State."""
    held = roles.roles_of(user)
    role = next((r for r in ROLE_ORDER if r in held), "")
    state = roles.state_of(user) if role == roles.PARTY_OFFICER else None
    return role, state.code if state is not None else ""


def fields_of(event: CustodyEvent) -> dict:
    """The event as its hash covers it (``custodychain.FIELDS``), in plain values."""
    return {
        "seq": event.seq,
        "action": event.action,
        "handler": event.handler_label,
        "role": event.handler_role,
        "state": event.handler_state,
        "at": event.at.isoformat(),
        "stated_by": event.stated_by,
        "stated_at": event.stated_at.isoformat() if event.stated_at else None,
        "to": event.to,
        "note": event.note,
        "sha256_checked": event.sha256_checked,
        "reference": event.reference,
    }


def record(
    user,
    ev: Evidence,
    action: str,
    *,
    stated_by: str = "",
    stated_at: datetime | None = None,
    to: str = "",
    note: str = "",
    reference: str = "",
    sha256_checked: str | None = None,
) -> CustodyEvent:
    """Chain one event to the item and record it in the audit log (one transaction). The
    hash read now from the stored original is kept (empty when it no longer matches)."""
    if sha256_checked is None:
        sha256_checked = "" if store.check(ev.sha256) else ev.sha256
    role, state = acting_as(user)
    with transaction.atomic():
        log.lock_tail()  # one writer at a time: the chain's tail is read, then extended
        last = (
            CustodyEvent.objects.filter(evidence=ev, seq__isnull=False)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        seq, prev = ((last[0] or 0) + 1, last[1]) if last else (1, custodychain.GENESIS)
        event = CustodyEvent(
            evidence=ev,
            seq=seq,
            action=action,
            handler=user if getattr(user, "is_authenticated", False) else None,
            handler_label=log.actor_label(user),
            handler_role=role,
            handler_state=state,
            at=timezone.now(),
            stated_by=stated_by[:200],
            stated_at=stated_at,
            to=to[:200],
            note=note,
            sha256_checked=sha256_checked,
            reference=reference[:200],
            prev_hash=prev,
        )
        event.hash = custodychain.event_hash(ev.sha256, prev, fields_of(event))
        entry = log.record(
            user,
            f"custody_{action}",
            "evidence",
            ev.id,
            {
                "custody_seq": seq,
                "custody_hash": event.hash,
                "item_sha256": ev.sha256,
                "handler": event.handler_label,
                "role": role,
                "state": state,
                "stated_by": event.stated_by,
                "stated_at": event.stated_at.isoformat() if event.stated_at else None,
                "to": event.to,
                "reference": event.reference,
                "intact": bool(sha256_checked),
            },
            summary=f"evidence {ev.sha256[:12]} {action} ({event.handler_label})",
        )
        event.audit_seq = entry.seq
        event.save()
    return event


def add(user, ev: Evidence, data: dict) -> CustodyEvent:
    """A custody event recorded by hand (received, transferred, examined) by one who holds
    the item; who and when the client says happened are kept as claims."""
    from .evidence import holds

    if not holds(user, ev):
        raise NotAllowed(
            "only those who hold the item record its custody: the Secretariat, administrators, "
            "assessors and the officers of the State that submitted it"
        )
    errors = clean.Errors()
    action = clean.choice(data, "action", vocab.CUSTODY_ACTIONS_STATED, errors)
    for gone in ("by", "at"):
        if data.get(gone):
            errors.add(
                gone,
                "is no longer accepted: the handler is you and the time is the server's; "
                f"say who or when it happened in stated_{gone}",
            )
    stated_by = clean.text(data, "stated_by", errors, max_length=200)
    to = clean.text(data, "to", errors, max_length=200)
    if action == "transferred" and not to:
        errors.add("to", "is required for a transfer: to whom")
    stated_at = _claimed_time(data.get("stated_at"), errors)
    note = clean.text(data, "note", errors, max_length=5000)
    errors.raise_if_any()
    return record(
        user, ev, action, stated_by=stated_by, stated_at=stated_at, to=to, note=note or ""
    )


def _claimed_time(value, errors) -> datetime | None:
    if value in (None, ""):
        return None
    parsed: datetime | None = value if isinstance(value, datetime) else None
    if parsed is None:
        parsed = parse_datetime(str(value))
        if parsed is None:
            errors.add("stated_at", f"{value!r} is not an ISO date-time")
            return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def present(user, ev: Evidence, held: bool) -> list[dict]:
    """The item's custody, oldest first. Those who do not hold the item see what happened
    and when, and the role that did it, never names or notes."""
    events = sorted(
        ev.custody.all(), key=lambda c: (c.seq is not None, c.seq or 0, c.at, c.pk or 0)
    )
    rows = []
    for c in events:
        role = vocab.label(ROLE_LABELS, c.handler_role) if c.handler_role else ""
        rows.append(
            {
                "seq": c.seq,
                "chained": c.chained,
                "action": c.action,
                "action_label": vocab.label(vocab.CUSTODY_ACTIONS, c.action),
                "at": c.at.isoformat(),
                "by": (c.handler_label if held else role) or "",
                "role": c.handler_role,
                "state": c.handler_state,
                "stated_by": c.stated_by if held else "",
                "stated_at": c.stated_at.isoformat() if c.stated_at else None,
                "to": c.to if held else "",
                "note": c.note if held else "",
                "sha256_checked": c.sha256_checked,
                "hash": c.hash,
            }
        )
    return rows


ROLE_LABELS = [
    (roles.ADMINISTRATOR, _("Administrator")),
    (roles.SECRETARIAT, _("Secretariat")),
    (roles.ASSESSOR, _("Assessor")),
    (roles.PARTY_OFFICER, _("Party officer")),
]


# ---- comparing the records with the log ---------------------------------------------------


def chain_problems(ev: Evidence) -> list[str]:
    """What is wrong with an item's custody in the records, against its own chain and the
    audit entries that recorded each event."""
    chained = list(ev.custody.filter(seq__isnull=False).order_by("seq"))
    problems = []
    broken = custodychain.first_break(
        ev.sha256, [fields_of(c) | {"prev": c.prev_hash, "hash": c.hash} for c in chained]
    )
    if broken:
        problems.append(broken)
    logged = {
        e.changes.get("custody_seq"): e
        for e in AuditEntry.objects.filter(
            target_type="evidence", target_id=str(ev.pk), action__startswith="custody_"
        )
        if e.changes.get("custody_hash")
    }
    for c in chained:
        entry = logged.pop(c.seq, None)
        if entry is None:
            problems.append(f"custody event {c.seq} ({c.action}) is in no audit entry: forged")
        elif entry.changes.get("custody_hash") != c.hash:
            problems.append(
                f"custody event {c.seq} ({c.action}) differs from the one audit entry "
                f"{entry.seq} recorded"
            )
    for seq, entry in sorted(logged.items()):
        problems.append(
            f"custody event {seq} ({entry.action.removeprefix('custody_')}), recorded in audit "
            f"entry {entry.seq}, is missing from the records"
        )
    return problems
