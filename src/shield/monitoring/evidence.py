"""Evidence: files stored by content hash, their metadata, and their chain of custody.

After the Berkeley Protocol on Digital Open Source Investigations: preserve the original,
hash it on receipt, record every hand it passes through, and let anyone check the hashes.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from shield.accounts import roles
from shield.audit import log
from shield.geo import coarsen
from shield.registry.disclosure import sees_exact
from shield.registry.ids import as_uuid
from shield.registry.services import NotAllowed

from . import clean, metadata, store, vocab
from .models import CustodyEvent, Evidence
from .services import property_for

HANDLERS = (roles.SECRETARIAT, roles.ADMINISTRATOR, roles.ASSESSOR, roles.PARTY_OFFICER)


def may_handle(user) -> bool:
    """Who may submit evidence and record its custody."""
    return roles.has_role(user, *HANDLERS)


def may_export(user) -> bool:
    """Packages hold originals and exact places: the Secretariat, administrators and assessors."""
    return roles.has_role(user, roles.SECRETARIAT, roles.ADMINISTRATOR, roles.ASSESSOR)


def add_evidence(user, filename: str, data: bytes, links: dict | None = None) -> Evidence:
    """Store a file (once, by hash) and record its receipt: one transaction, one audit entry."""
    if not may_handle(user):
        raise NotAllowed("only the Secretariat, assessors and party officers may submit evidence")
    links = links or {}
    errors = clean.Errors()
    if not data:
        errors.add("file", "is empty")
    if not filename.strip():
        errors.add("filename", "is required")
    prop = property_for(user, links["property"], errors) if links.get("property") else None
    incident = assessment = None
    if links.get("incident"):
        from .services import visible_incidents

        incident = _by_pk(visible_incidents(user), links["incident"], "incident", errors)
        prop = prop or (incident.property if incident else None)
    if links.get("assessment"):
        from .services import visible_assessments

        assessment = _by_pk(visible_assessments(user), links["assessment"], "assessment", errors)
        prop = prop or (assessment.property if assessment else None)
    sha = metadata_found = None
    if not errors:
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        if Evidence.objects.filter(sha256=sha).exists():
            errors.add("file", f"this file is already held as evidence (SHA-256 {sha})")
    errors.raise_if_any()
    metadata_found = metadata.read(filename, data)
    captured = metadata_found.pop("captured_at", None)
    with transaction.atomic():
        store.put(data)
        ev = Evidence.objects.create(
            sha256=sha,
            filename=filename[:300],
            size=len(data),
            property=prop,
            incident=incident,
            assessment=assessment,
            captured_at=captured,
            lat=metadata_found.pop("lat", None),
            lon=metadata_found.pop("lon", None),
            device=metadata_found.pop("device", ""),
            media_type=metadata_found.pop("media_type"),
            kind=metadata_found.pop("kind"),
            metadata=metadata_found,
            description=str(links.get("description") or "")[:5000],
        )
        by = links.get("received_by") or log.actor_label(user)
        CustodyEvent.objects.create(
            evidence=ev,
            action="received",
            by=by,
            at=ev.received_at,
            sha256_checked=sha,
            note=str(links.get("note") or ""),
        )
        log.record(
            user,
            "create",
            "evidence",
            ev.id,
            {
                "sha256": sha,
                "filename": ev.filename,
                "size": ev.size,
                "property": prop.code if prop else None,
                "incident": str(incident.pk) if incident else None,
                "received_by": by,
            },
            summary=f"evidence {ev.filename} ({sha[:12]})",
        )
    store.thumbnail(sha)
    return ev


def _by_pk(qs, pk, field, errors):
    key = as_uuid(pk)
    found = qs.filter(pk=key).first() if key else None
    if found is None:
        errors.add(field, f"no {field} {pk}")
    return found


def add_custody(user, ev: Evidence, data: dict) -> CustodyEvent:
    """A custody event (received, transferred, examined), with the hash read at that moment."""
    if not may_handle(user):
        raise NotAllowed("only the Secretariat, assessors and party officers may record custody")
    errors = clean.Errors()
    action = clean.choice(data, "action", vocab.CUSTODY_ACTIONS, errors)
    by = clean.text(data, "by", errors, max_length=200) or log.actor_label(user)
    to = clean.text(data, "to", errors, max_length=200)
    if action == "transferred" and not to:
        errors.add("to", "is required for a transfer: to whom")
    at = data.get("at") or timezone.now()
    if isinstance(at, str):
        from django.utils.dateparse import parse_datetime

        parsed = parse_datetime(at)
        if parsed is None:
            errors.add("at", f"{at!r} is not an ISO date-time")
        at = parsed
    errors.raise_if_any()
    problem = store.check(ev.sha256)
    with transaction.atomic():
        event = CustodyEvent.objects.create(
            evidence=ev,
            action=action,
            by=by,
            to=to,
            at=at,
            note=clean.text(data, "note", errors, max_length=5000),
            sha256_checked="" if problem else ev.sha256,
        )
        log.record(
            user,
            f"custody_{action}",
            "evidence",
            ev.id,
            {"by": by, "to": to, "at": at.isoformat(), "intact": problem is None},
            summary=f"evidence {ev.sha256[:12]} {action} by {by}",
        )
    return event


def verify_store(queryset=None) -> list[tuple[Evidence, str]]:
    """Each stored original whose content no longer matches its hash, with the reason."""
    qs = Evidence.objects.all() if queryset is None else queryset
    return [
        (ev, problem) for ev in qs.order_by("received_at") if (problem := store.check(ev.sha256))
    ]


def visible_evidence(user):
    """Evidence of property the reader may see; unlinked files only for those who handle evidence."""
    from shield.registry.disclosure import visible_to

    qs = Evidence.objects.filter(property__in=visible_to(user))
    if may_handle(user):
        qs = qs | Evidence.objects.filter(property__isnull=True)
    return qs.select_related("property")


def place_for(user, ev: Evidence) -> dict | None:
    """Where the file says it was made, as far as the reader may see it."""
    if ev.lat is None or ev.lon is None:
        return None
    if may_export(user) if ev.property_id is None else sees_exact(user, ev.property):
        return {"precision": "exact", "lat": ev.lat, "lon": ev.lon}
    area = coarsen(ev.lat, ev.lon)
    return {"precision": "area", "lat": area.lat, "lon": area.lon}


def present(user, ev: Evidence) -> dict:
    hidden = not may_export(user) if ev.property_id is None else not sees_exact(user, ev.property)
    return {
        "id": str(ev.id),
        "sha256": ev.sha256,
        "filename": ev.filename,
        "media_type": ev.media_type,
        "kind": ev.kind,
        "size": ev.size,
        "property": ev.property.code if ev.property_id else None,
        "incident": str(ev.incident_id) if ev.incident_id else None,
        "assessment": str(ev.assessment_id) if ev.assessment_id else None,
        "captured_at": ev.captured_at.isoformat() if ev.captured_at else None,
        "place": place_for(user, ev),
        "device": ev.device,
        "metadata": {} if hidden else ev.metadata,
        "received_at": ev.received_at.isoformat(),
        "custody": [
            {
                "action": c.action,
                "by": c.by,
                "to": c.to,
                "at": c.at.isoformat(),
                "note": c.note,
                "sha256_checked": c.sha256_checked,
            }
            for c in ev.custody.all()
        ],
    }
