"""Monitoring in the reader's words: dates in the reader's locale, labels for every code."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import format_html

from .. import present, vocab

register = template.Library()


def _when(value):
    if isinstance(value, datetime | date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    if len(text) <= 10:
        return parse_date(text)
    return parse_datetime(text)


@register.simple_tag
def on(value, empty="—"):
    """<time> with the ISO date (or instant) for machines and the reader's format for people."""
    when = _when(value)
    if when is None:
        return empty
    if isinstance(when, datetime):
        if timezone.is_aware(when):
            when = timezone.localtime(when)
        return format_html(
            '<time datetime="{}">{}</time>',
            when.isoformat(timespec="minutes"),
            formats.date_format(when, "DATETIME_FORMAT"),
        )
    return format_html(
        '<time datetime="{}">{}</time>', when.isoformat(), formats.date_format(when, "DATE_FORMAT")
    )


_VOCABS = {
    "condition": vocab.CONDITIONS,
    "method": vocab.METHODS,
    "extent": vocab.DAMAGE_EXTENTS,
    "priority": vocab.PRIORITIES,
    "mission_status": vocab.MISSION_STATUSES,
    "consent": vocab.CONSENT_STATUSES,
    "reporter": vocab.REPORTER_KINDS,
    "allegation": vocab.ALLEGATIONS,
    "incident_status": vocab.INCIDENT_STATUSES,
    "evidence_kind": vocab.EVIDENCE_KINDS,
    "custody": vocab.CUSTODY_ACTIONS,
    "certainty": vocab.CERTAINTIES,
    "probability": vocab.THREAT_PROBABILITIES,
    "category": vocab.DISTURBANCE_CATEGORIES,
    "cause": vocab.DISTURBANCE_CAUSES,
}


@register.filter
def label(code, kind: str):
    """The code's label in the reader's language: ``{{ a.method|label:"method" }}``."""
    if code in (None, ""):
        return ""
    return vocab.label(_VOCABS[kind], code)


@register.filter
def disturbance(d: dict) -> str:
    return present.disturbance_text(d)


@register.filter
def threat(t: dict) -> str:
    return present.threat_text(t)


@register.filter
def compared_value(value, field: str):
    """A compared field's value in words (``compare.FIELDS``)."""
    kinds = {
        "method": "method",
        "condition": "condition",
        "damage_extent": "extent",
        "priority": "priority",
    }
    if field in kinds:
        return label(value, kinds[field])
    if field in ("assessed_on", "image_date"):
        return on(value, "")
    return value or ""
