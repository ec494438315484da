"""A property's history as the audit log tells it: the import that created it, if one did
(``provenance``), and every entry about the property itself, in log order."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from shield.audit.models import AuditEntry

from .disclosure import redact_changes, sees_exact
from .models import CulturalProperty, StagedImport


def entries_for(prop: CulturalProperty) -> QuerySet:
    about = Q(target_type="property", target_id=str(prop.id))
    created_in = prop.created_in
    if created_in is None and prop.staged_in is not None:  # a staged import's entry
        created_in = (
            StagedImport.objects.filter(pk=prop.staged_in)
            .values_list("published_in", flat=True)
            .first()
        )
    if created_in is not None:
        about |= Q(seq=created_in)
    return AuditEntry.objects.filter(about).order_by("seq")


def trail(user, prop: CulturalProperty) -> list[dict]:
    """The entries as ``user`` may read them: without location fields for readers who may
    not see the exact point."""
    exact = sees_exact(user, prop)
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor_label,
            "action": e.action,
            "summary": e.summary,
            "changes": e.changes if exact else redact_changes(e.changes),
        }
        for e in entries_for(prop)
    ]
