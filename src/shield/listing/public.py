"""The International List of Cultural Property under Enhanced Protection, as the public sees it.

The List on a date comes from the protection history (``registry.search.with_protection_on``):
enhanced protection (Art. 11(10)) or provisional enhanced protection (Art. 11(9)) in force on
that date. Locations go through ``registry.disclosure.location_for``: confidential points never
leave here.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time

from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from shield.registry.disclosure import location_for, visible_to
from shield.registry.models import ProtectionEvent
from shield.registry.search import with_protection_on

from .models import Decision

LEVELS = ("enhanced", "provisional_enhanced")


def _decision_for(prop, level: str, on: date) -> Decision | None:
    motion = ("provisional",) if level == "provisional_enhanced" else ("grant", "exceptional_grant")
    return (Decision.objects.filter(request__property=prop, carried=True, motion__in=motion, decided_on__lte=on)
            .select_related("request").order_by("-decided_on").first())


def entries_on(user, on: date, lang: str = "en") -> list[dict]:
    """Every property on the List on ``on``, with its level, since when, and its decision."""
    out = []
    seen = set()
    for level in LEVELS:
        qs = with_protection_on(visible_to(user), level, on).select_related("inventory_state")
        for prop in qs.order_by("inventory_state__code", "code"):
            if prop.pk in seen:
                continue
            seen.add(prop.pk)
            granted = (ProtectionEvent.objects.filter(property=prop, level=level, action="granted",
                                                      effective_date__lte=on).order_by("-effective_date").first())
            d = _decision_for(prop, level, on)
            out.append({
                "code": prop.code, "name": prop.display_name(lang), "state": prop.inventory_state.code,
                "state_name": prop.inventory_state.name_in(lang), "level": level,
                "since": granted.effective_date.isoformat() if granted else None,
                "basis": granted.basis if granted else "",
                "decision": d.ref if d else None,
                "request": d.request.ref if d else None,
                "request_url": reverse("listing:request", args=[d.request.ref]) if d else None,
                "property_url": reverse("web:property", args=[prop.code]),
                "location": location_for(user, prop),
            })
    return out


CSV_FIELDS = ["code", "name", "state", "level", "since", "basis", "decision", "request", "lat", "lon", "precision"]


def as_csv(entries: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for e in entries:
        loc = e["location"]
        w.writerow({**e, "lat": loc["lat"], "lon": loc["lon"], "precision": loc["precision"]})
    return buf.getvalue()


def as_geojson(entries: list[dict], on: date) -> dict:
    feats = []
    for e in entries:
        loc = e["location"]
        geom = {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]} if loc["lat"] is not None else None
        props = {k: v for k, v in e.items() if k != "location"}
        props["precision"] = loc["precision"]
        feats.append({"type": "Feature", "geometry": geom, "properties": props})
    return {"type": "FeatureCollection", "on": on.isoformat(), "features": feats}


ACTION_TEXT = {
    "granted": "entered the List", "suspended": "suspended", "restored": "suspension lifted",
    "cancelled": "cancelled", "lost_military_use": "lost: used as a military objective",
    "regained": "regained: military use ended",
}


def changes(user, limit: int = 50):
    """The latest changes to the List, newest first (protection events of its two levels)."""
    return (ProtectionEvent.objects.filter(level__in=LEVELS, property__in=visible_to(user))
            .select_related("property", "property__inventory_state").order_by("-effective_date", "-id")[:limit])


def atom_feed(user, base_url: str, lang: str = "en") -> str:
    feed = Atom1Feed(title="International List of Cultural Property under Enhanced Protection: changes",
                     link=base_url + reverse("listing:list"),
                     description="Entries, suspensions, restorations and cancellations (Second Protocol Arts. 11, 13, 14)",
                     language=lang, feed_url=base_url + reverse("listing:feed"))
    for ev in changes(user):
        prop = ev.property
        when = datetime.combine(ev.effective_date, time(0, 0), tzinfo=UTC)
        level = "provisional enhanced protection" if ev.level == "provisional_enhanced" else "enhanced protection"
        feed.add_item(
            title=f"{prop.display_name(lang)} ({prop.code}): {level} {ACTION_TEXT.get(ev.action, ev.action)}",
            link=base_url + reverse("web:property", args=[prop.code]),
            description=f"{ev.effective_date.isoformat()}: {ev.basis}",
            unique_id=f"urn:shield:protection-event:{ev.pk}", pubdate=when, updateddate=when,
        )
    return feed.writeString("utf-8")
