"""Evidence: files stored by content hash, their metadata, and their chain of custody.

After the Berkeley Protocol on Digital Open Source Investigations: preserve the original,
hash it on receipt, record every hand it passes through, and let anyone check the hashes.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction

from shield.accounts import roles
from shield.audit import log
from shield.geo import coarsen
from shield.registry.disclosure import location_for, sees_exact
from shield.registry.ids import as_uuid
from shield.registry.services import NotAllowed

from . import clean, custody, filetype, metadata, reconcile, store
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
    return ev.submitting_state_id is not None and roles.acts_for_state(user, ev.submitting_state_id)


def add_evidence(user, filename: str, data, links: dict | None = None) -> Evidence:
    """Receive a file and record its receipt: one transaction, one audit entry.

    ``data`` is bytes or a binary file; it is streamed to disk in chunks (never held whole),
    refused past ``SHIELD_EVIDENCE_MAX_BYTES`` (``store.TooLarge``), checked against the
    SHA-256 the submitter computed (``links["sha256"]``, optional), and typed by its content.
    The same content received again is a new receipt of it, answered as a first one is: an
    upload tells no one what else is held."""
    if not may_handle(user):
        raise NotAllowed("only the Secretariat, assessors and party officers may submit evidence")
    links = links or {}
    errors = clean.Errors()
    if not str(filename or "").strip():
        errors.add("filename", "is required")
    prop, incident, assessment = _links(user, links, errors)
    source_url = _source_url(links, errors)
    collector = clean.text(links, "collector", errors, max_length=200)
    claimed = _claimed_sha256(links, errors)
    synthetic = clean.flag(links, "synthetic", errors)
    errors.raise_if_any()
    received = store.receive(data)
    try:
        if received.size == 0:
            errors.add("file", "is empty")
        if claimed and claimed != received.sha256:
            errors.add(
                "sha256",
                f"the file received hashes to {received.sha256}, not {claimed}: "
                "it changed on the way; nothing was stored",
            )
        errors.raise_if_any()
        found_type = filetype.identify(received.path, received.head, filename, received.size)
        found = metadata.read(received.path, found_type.media_type)
    except BaseException:
        received.discard()
        raise
    if found_type.note:
        found["media_type_note"] = found_type.note
    if claimed:
        found["sha256_at_capture"] = "given by the submitter and matched on receipt"
    state = roles.state_of(user) if roles.has_role(user, roles.PARTY_OFFICER) else None
    with transaction.atomic():
        store.keep(received)
        ev = Evidence.objects.create(
            sha256=received.sha256,
            filename=filename[:300],
            size=received.size,
            property=prop,
            incident=incident,
            assessment=assessment,
            captured_at=found.pop("captured_at", None),
            lat=found.pop("lat", None),
            lon=found.pop("lon", None),
            device=found.pop("device", ""),
            media_type=found_type.media_type,
            kind=found_type.kind,
            metadata=found,
            description=str(links.get("description") or "")[:5000],
            source_url=source_url,
            collector=collector,
            client_sha256=claimed,
            submitted_by=user if getattr(user, "is_authenticated", False) else None,
            submitting_state=state,
            synthetic=synthetic,
        )
        log.record(
            user,
            "create",
            "evidence",
            ev.id,
            {
                "sha256": received.sha256,
                "filename": ev.filename,
                "size": ev.size,
                "media_type": ev.media_type,
                "property": prop.code if prop else None,
                "incident": str(incident.pk) if incident else None,
                "received_by": log.actor_label(user),
                "submitting_state": state.code if state else None,
                "sha256_at_capture_checked": bool(claimed),
                "synthetic": synthetic,
                "item": reconcile.receipt_item(ev),  # what `shield evidence verify` compares
            },
            summary=f"evidence {ev.filename} ({received.sha256[:12]})",
        )
        custody.record(  # the first event of the item's chain of custody
            user,
            ev,
            "received",
            stated_by=str(links.get("received_by") or "")[:200],
            note=str(links.get("note") or ""),
            sha256_checked=received.sha256,
        )
    store.thumbnail(received.sha256)
    return ev


def _links(user, links: dict, errors):
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
    return prop, incident, assessment


def _source_url(links: dict, errors) -> str:
    url = clean.text(links, "source_url", errors, max_length=2000)
    parts = urlsplit(url)
    if url and (parts.scheme not in ("http", "https") or not parts.netloc):
        errors.add("source_url", f"{url!r} is not a web address (http:// or https://)")
    return url


def _claimed_sha256(links: dict, errors) -> str:
    claimed = clean.text(links, "sha256", errors, max_length=200).lower()
    if claimed and not re.fullmatch(r"[0-9a-f]{64}", claimed):
        errors.add("sha256", "is not a SHA-256 (64 hexadecimal digits)")
    return claimed


def open_original(user, ev: Evidence) -> Path:
    """The stored original, for those who hold the item; every reading is in the audit log."""
    if not holds(user, ev):
        raise NotAllowed(
            "originals (with their embedded metadata) are for the Secretariat, administrators, "
            "assessors and the officers of the State that submitted them"
        )
    path = store.original_path(ev.sha256)
    if not path.is_file():
        raise FileNotFoundError(f"the original of evidence {ev.pk} is missing from the store")
    custody.record(user, ev, "downloaded")  # a custody event, in the audit log
    return path


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
        (ev, problem) for ev in qs.order_by("received_at") if (problem := store.check(ev.sha256))
    ]


def visible_evidence(user):
    """Evidence of property the reader may see; files of no property only for those who hold
    them (``holds``)."""
    from django.db.models import Q

    from shield.registry.disclosure import visible_to

    qs = Evidence.objects.filter(property__in=visible_to(user))
    if roles.has_role(user, roles.SECRETARIAT, roles.ADMINISTRATOR, roles.ASSESSOR):
        qs = qs | Evidence.objects.filter(property__isnull=True)
    elif (state := roles.state_of(user)) is not None and may_handle(user):
        qs = qs | Evidence.objects.filter(Q(property__isnull=True) & Q(submitting_state=state))
    return qs.select_related("property")


def place_for(user, ev: Evidence) -> dict | None:
    """Where the file says it was made, as far as the reader may see it: exact for those who
    hold the item; else the ~10 km area. The capture place of a file of a property whose point
    the reader may not see is that property's place: its area, never the photographer's."""
    if ev.lat is None or ev.lon is None:
        return None
    if holds(user, ev):
        return {"precision": "exact", "lat": ev.lat, "lon": ev.lon}
    prop = ev.property if ev.property_id is not None else None
    if prop is not None and not sees_exact(user, prop):
        where = location_for(user, prop)
        if where["lat"] is None:
            return None
        return {"precision": "area", "lat": where["lat"], "lon": where["lon"]}
    area = coarsen(ev.lat, ev.lon)
    return {"precision": "area", "lat": area.lat, "lon": area.lon}


def present(user, ev: Evidence) -> dict:
    held = holds(user, ev)
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
        "device": ev.device if held else "",
        "metadata": ev.metadata if held else {},
        "source_url": ev.source_url if held else "",
        "collector": ev.collector if held else "",
        "received_at": ev.received_at.isoformat(),
        "custody": custody.present(user, ev, held),
        "synthetic": ev.synthetic,
    }
