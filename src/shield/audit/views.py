"""The transparency log's page: the latest signed checkpoint with its witnesses, a timeline
of the heads the log signed, and how anyone can check it (public, like the API's log)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.shortcuts import render

from . import transparency
from .models import AuditEntry, Checkpoint

TIMELINE = 30  # checkpoints on the page


def log_page(request):
    latest = transparency.latest()
    signer = transparency.log_signer_or_none()
    heads = list(
        Checkpoint.objects.order_by("-size", "-id").prefetch_related("cosignatures")[:TIMELINE]
    )
    timeline = [
        {
            "size": c.size,
            "root": c.root,
            "signed_at": c.signed_at,
            "cosigners": [
                {
                    "witness": s.witness,
                    "at": datetime.fromtimestamp(s.cosigned_at, UTC) if s.cosigned_at else None,
                }
                for s in c.cosignatures.all()
            ],
        }
        for c in heads
    ]
    return render(
        request,
        "audit/log.html",
        {
            "latest": latest,
            "published": transparency.published(latest) if latest else "",
            "key": str(signer.verifier) if signer else "",
            "entries": AuditEntry.objects.count(),
            "timeline": timeline,
        },
    )
