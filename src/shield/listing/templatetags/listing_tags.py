"""Filters for the procedure's pages: human words for codes, names beside codes, dates in the
reader's locale."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html

from shield.listing import labels

register = template.Library()

for _vocab in (
    "status",
    "motion",
    "notice",
    "submission",
    "session",
    "role",
    "decision_kind",
    "initiative",
    "vote",
):
    register.filter(f"{_vocab}_word", lambda code, _v=_vocab: labels.word(_v, code))


@register.filter
def state_label(state) -> str:
    return labels.state_label(state)


@register.filter
def states_label(codes) -> str:
    return ", ".join(labels.state_label(c) for c in codes or [])


@register.filter
def property_label(prop) -> str:
    return labels.property_label(prop)


def _as_date(value):
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return None
    return value


@register.filter
def day(value):
    """A date in the reader's locale ('30 Nov 2026' style of Django's formats), inside a
    ``<time datetime="2026-11-30">`` element; '—' for none."""
    value = _as_date(value)
    if not value:
        return "—"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), date_filter(value, "DATE_FORMAT")
    )


@register.filter
def moment(value):
    """A recorded instant in the reader's locale (date and minute), inside ``<time>``."""
    value = _as_date(value)
    if not value:
        return "—"
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>',
        value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat(),
        date_filter(value, "DATETIME_FORMAT"),
    )


@register.filter
def reader_citations(text: str) -> str:
    """A stored English basis with its article labels in the reader's form."""
    from shield.core.language import reader_lang
    from shield.listing.present import relabel

    return relabel(text or "", reader_lang())
