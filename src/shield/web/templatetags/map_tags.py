"""Beside a map: the records it leaves out for want of a location."""

from __future__ import annotations

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def unlocated(entries) -> dict:
    """Of a page's entries (each with a ``location``), those with no point to draw, in the shape
    ``web/_unlocated.html`` reads: how many, and each one's name, State and link."""
    rows = [
        {
            "name": e["name"],
            "state": e.get("state_name") or e.get("state", ""),
            "url": e.get("property_url") or reverse("web:property", args=[e["code"]]),
        }
        for e in entries
        if (e.get("location") or {}).get("lat") is None
    ]
    return {"count": len(rows), "rows": rows}
