"""Evidence: files stored by content hash, their metadata, and their chain of custody.

After the Berkeley Protocol on Digital Open Source Investigations: preserve the original,
hash it on receipt, record every hand it passes through, and let anyone check the hashes.
"""

from __future__ import annotations

from django.db import transaction
from shield.accounts import roles
from shield.audit import log
from shield.geo import coarsen
from shield.registry.disclosure import sees_exact
from shield.registry.ids import as_uuid
from shield.registry.services import NotAllowed

from . import clean, custody, metadata, reconcile, store
from .models import CustodyEvent, Evidence
from .services import property_for

HANDLERS = (roles.SECRETARIAT, roles.ADMINISTRATOR, roles.ASSESSOR, roles.PARTY_OFFICER)


def may_handle(user) -> bool:
    """Who may submit evidence and record its custody."""
    return roles.has_role(user, *HANDLERS)


def may_export(user) -> bool:
    """Packages hold originals and exact places: the Secretariat, administrators and assessors."""
    return roles.has_role(user, roles.SECRETARIAT, roles.ADMINISTRATOR, roles.ASSESSOR)


def holds(user, ev: Evidence) -> bool:
    """Who holds an item: the Secretariat, administrators, assessors, and the officers of the
    State that submitted it. Only they read its original, the exact place and the device it
    names, its other metadata, source and collector."""
    if roles.has_role(user, roles.SECRETARIAT, roles.ADMINISTRATOR, roles.ASSESSOR):
        return True
    return ev.submitting_state_id is not None and roles.acts_for_state(
        user, ev.submitting_state_id
    )


def add_evidence(
    user, filename: str, data: bytes, links: dict | None = None
) -> Evidence:
    """Store a file (once, by hash) and record its receipt: one transaction, one audit entry."""
    if not may_handle(user):
        raise NotAllowed(
            "only the Secretariat, assessors and party officers may submit evidence"
        )
    links = links or {}
    errors = clean.Errors()
    if not data:
        errors.add("file", "is empty")
    if not filename.strip():
        errors.add("filename", "is required")
    prop = (
        property_for(user, links["property"], errors) if links.get("property") else None
    )
    incident = assessment = None
    if links.get("incident"):
        from .services import visible_incidents

        incident = _by_pk(
            visible_incidents(user), links["incident"], "incident", errors
        )
        prop = prop or (incident.property if incident else None)
    if links.get("assessment"):
        from .services import visible_assessments

        assessment = _by_pk(
            visible_assessments(user), links["assessment"], "assessment", errors
        )
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
                "received_by": log.actor_label(user),
                "item": reconcile.receipt_item(
                    ev
                ),  # what `shield evidence verify` compares
            },
            summary=f"evidence {ev.filename} ({sha[:12]})",
        )
        custody.record(  # the first event of the item's chain of custody
            user,
            ev,
            "received",
            stated_by=str(links.get("received_by") or "")[:200],
            note=str(links.get("note") or ""),
            sha256_checked=sha,
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
    """A custody event recorded by hand by one who holds the item (``custody.add``)."""
    return custody.add(user, ev, data)


def verify_store(queryset=None) -> list[tuple[Evidence, str]]:
    """Each stored original whose content no longer matches its hash, with the reason."""
    qs = Evidence.objects.all() if queryset is None else queryset
    return [
        (ev, problem)
        for ev in qs.order_by("received_at")
        if (problem := store.check(ev.sha256))
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
    hidden = (
        not may_export(user)
        if ev.property_id is None
        else not sees_exact(user, ev.property)
    )
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
        "custody": custody.present(user, ev, holds(user, ev)),
    }
