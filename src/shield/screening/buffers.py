"""The buffer kept round each property by its protection: per level (settings, or the request),
or the property's own (``PropertyBuffer``, set with an audit entry)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction

from shield.audit import log
from shield.core.errors import FieldError, RecordInvalid
from shield.geo.screening import BufferPolicy

from .access import check
from .models import PropertyBuffer

DEFAULT_BUFFERS_M: dict[str, float] = {
    "general": 100.0,
    "special": 500.0,
    "provisional_enhanced": 1000.0,
    "enhanced": 1000.0,
}
"""Metres kept round a property by level, unless ``SHIELD_SCREEN_BUFFERS`` says otherwise."""
LEVELS = tuple(DEFAULT_BUFFERS_M)


def policy(overrides: Mapping[str, float] | None = None) -> BufferPolicy:
    by_level = {**DEFAULT_BUFFERS_M, **getattr(settings, "SHIELD_SCREEN_BUFFERS", {})}
    for level, metres in (overrides or {}).items():
        if level not in LEVELS:
            raise RecordInvalid(
                [FieldError(f"buffers.{level}", f"no such level; use one of {', '.join(LEVELS)}")]
            )
        if not (isinstance(metres, int | float) and math.isfinite(metres) and 0 <= metres <= 1e6):
            raise RecordInvalid([FieldError(f"buffers.{level}", "metres from 0 to 1,000,000")])
        by_level[level] = float(metres)
    return BufferPolicy(by_level, default_m=0.0)


def parse_overrides(items: list[str]) -> dict[str, float]:
    """``LEVEL=METRES`` items (the CLI's ``--buffer``)."""
    out: dict[str, float] = {}
    for item in items:
        level, _, metres = item.partition("=")
        try:
            out[level.strip()] = float(metres)
        except ValueError:
            raise RecordInvalid([FieldError(f"buffers.{level}", "write LEVEL=METRES")]) from None
    return out


def set_own(user, prop, metres: float | None, reason: str) -> PropertyBuffer | None:
    """Give ``prop`` its own buffer (None: back to its levels'), with an audit entry."""
    check(user)
    if metres is not None and not (math.isfinite(metres) and 0 <= metres <= 1e6):
        raise RecordInvalid([FieldError("buffer_m", "metres from 0 to 1,000,000")])
    if not reason.strip():
        raise RecordInvalid([FieldError("reason", "say why this property has its own buffer")])
    with transaction.atomic():
        before = PropertyBuffer.objects.filter(property=prop).first()
        old = before.buffer_m if before else None
        if metres is None:
            PropertyBuffer.objects.filter(property=prop).delete()
            row = None
        else:
            row, _ = PropertyBuffer.objects.update_or_create(
                property=prop, defaults={"buffer_m": float(metres), "reason": reason.strip()}
            )
        log.record(
            user,
            "screening_buffer",
            "property",
            prop.pk,
            {"buffer_m": [old, metres], "reason": reason.strip()},
            f"{prop.code}: own screening buffer {metres if metres is not None else 'removed'}",
        )
    return row
