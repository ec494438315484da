"""The International List of Cultural Property under Enhanced Protection, as the public sees it.

The List on a date comes from the protection history (``registry.search.with_protection_on``):
enhanced protection (provision ``enhanced.inclusion``) or provisional enhanced protection
(``enhanced.emergency``) in force on that date. Locations go through ``registry.disclosure.location_for``: confidential points never
leave here.

Synthetic data (invented for the demo) is flagged wherever the List goes out: an entry is
synthetic when its property is (``CulturalProperty.synthetic``) or when the decision behind it
was made in the demo's procedure (a synthetic request or session); a change is synthetic when
its property is, or when a synthetic procedure wrote it. JSON and GeoJSON carry ``synthetic``,
the CSV a ``synthetic`` column (true/false), the Atom feed says "(synthetic demo data)" and
gives the entry the category "synthetic".
"""

from __future__ import annotations

import csv
import heapq
import io
from datetime import UTC, date, datetime, time
from itertools import islice

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from shield.core.csvcells import csv_safe_row
from shield.registry import aggregates, staging
from shield.registry.disclosure import location_for, visible_to
from shield.registry.maplayer import count_visible
from shield.registry.models import CulturalProperty, ProtectionEvent
from shield.registry.search import with_protection_on
from shield.treaty.provisions import provision

from .models import Decision, Request, Session

LEVELS = ("enhanced", "provisional_enhanced")


def _motions(level: str) -> tuple[str, ...]:
    return ("provisional",) if level == "provisional_enhanced" else ("grant", "exceptional_grant")


def _decisions_for(ids, level: str, on: date) -> dict:
    """The latest carried decision of ``level`` on or before ``on`` for each property of
    ``ids``, by property id: one query for the whole List."""
    out: dict = {}
    for d in (
        Decision.objects.filter(
            request__property_id__in=ids,
            carried=True,
            motion__in=_motions(level),
            decided_on__lte=on,
        )
        .select_related("request", "session")
        .order_by("-decided_on", "-id")
    ):
        out.setdefault(d.request.property_id, d)
    return out


def _grants_for(ids, level: str, on: date) -> dict:
    """The latest grant of ``level`` on or before ``on`` for each property of ``ids``."""
    out: dict = {}
    for ev in ProtectionEvent.objects.filter(
        property_id__in=ids, level=level, action="granted", effective_date__lte=on
    ).order_by("-effective_date", "-id"):
        out.setdefault(ev.property_id, ev)
    return out


def holds_synthetic() -> bool:
    """Whether the database holds synthetic (demo) data that the List could show: records not
    deleted and not in an import still hidden (``registry.staging``), or a synthetic procedure."""
    return (
        CulturalProperty.objects.filter(synthetic=True, deleted_at__isnull=True)
        .exclude(staged_in__in=staging.hidden())
        .exists()
        or Request.objects.filter(synthetic=True).exists()
        or Session.objects.filter(synthetic=True).exists()
    )


def _made_by_synthetic_procedure(d: Decision | None) -> bool:
    return d is not None and (d.request.synthetic or d.session.synthetic)


def synthetic_procedure_properties() -> set:
    """The ids of properties on which a synthetic procedure acted (a synthetic request, or a
    decision in a synthetic session): what the procedure wrote on them is synthetic."""
    return set(
        Request.objects.filter(
            Q(synthetic=True) | Q(decisions__session__synthetic=True)
        ).values_list("property_id", flat=True)
    )


def _name_source(prop, lang: str) -> str:
    """Where the name the entry shows comes from (``PropertyName.source``)."""
    shown = prop.display_name(lang)
    return next((n.source for n in prop.names.all() if n.text == shown), "")


def _kept(user, kind: str, compute, *more):
    """``compute()``, kept per reader's view, ``more`` and version of the registry once the
    registry is large (``registry.aggregates``, as the home page's figures): the List read
    again, by a page, the API, its CSV, GeoJSON or feed, is not computed again until a write."""
    visible = visible_to(user)
    return aggregates.kept(
        aggregates.query_key("list:" + kind, visible, *more),
        compute,
        lambda _answer: (
            aggregates.count(visible, lambda: count_visible(user)) >= aggregates.KEEP_FROM
        ),
    )


def entries_on(user, on: date, lang: str = "en") -> list[dict]:
    """Every property on the List on ``on``, with its level, since when, and its decision."""
    return _kept(user, "entries", lambda: _entries_on(user, on, lang), on.isoformat(), lang)


def _entries_on(user, on: date, lang: str) -> list[dict]:
    out = []
    seen = set()
    for level in LEVELS:
        qs = (
            with_protection_on(visible_to(user), level, on)
            .select_related("inventory_state")
            .prefetch_related("names")
        )
        props = [p for p in qs.order_by("inventory_state__code", "code") if p.pk not in seen]
        ids = [p.pk for p in props]
        grants, decisions = _grants_for(ids, level, on), _decisions_for(ids, level, on)
        for prop in props:
            seen.add(prop.pk)
            granted = grants.get(prop.pk)
            d = decisions.get(prop.pk)
            out.append(
                {
                    "code": prop.code,
                    "name": prop.display_name(lang),
                    "state": prop.inventory_state.code,
                    "synthetic": prop.synthetic or _made_by_synthetic_procedure(d),
                    "state_name": prop.inventory_state.name_in(lang),
                    "level": level,
                    "since": granted.effective_date.isoformat() if granted else None,
                    "basis": granted.basis if granted else "",
                    "note": granted.note if granted else "",
                    "name_source": _name_source(prop, lang),
                    "decision": d.ref if d else None,
                    "request": d.request.ref if d else None,
                    "request_url": reverse("listing:request", args=[d.request.ref]) if d else None,
                    "property_url": reverse("web:property", args=[prop.code]),
                    "location": location_for(user, prop),
                }
            )
    return out


CSV_FIELDS = [
    "code",
    "name",
    "state",
    "level",
    "since",
    "basis",
    "decision",
    "request",
    "lat",
    "lon",
    "precision",
    "synthetic",
]


def as_csv(entries: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for e in entries:
        loc = e["location"]
        row = {
            **e,
            "lat": loc["lat"],
            "lon": loc["lon"],
            "precision": loc["precision"],
            "synthetic": "true" if e.get("synthetic") else "false",
        }
        w.writerow(csv_safe_row({k: row.get(k) for k in CSV_FIELDS}))  # no cell runs a formula
    return buf.getvalue()


def as_geojson(entries: list[dict], on: date) -> dict:
    feats = []
    for e in entries:
        loc = e["location"]
        geom = (
            {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
            if loc["lat"] is not None
            else None
        )
        props = {k: v for k, v in e.items() if k != "location"}
        props["precision"] = loc["precision"]
        feats.append({"type": "Feature", "geometry": geom, "properties": props})
    return {
        "type": "FeatureCollection",
        "on": on.isoformat(),
        "synthetic_entries": sum(1 for e in entries if e.get("synthetic")),
        "features": feats,
    }


ACTION_TEXT = {
    "granted": "entered the List",
    "suspended": "suspended",
    "restored": "suspension lifted",
    "cancelled": "cancelled",
    "lost_military_use": "lost: used as a military objective",
    "regained": "regained: military use ended",
}


def _newest_first(level: str, step: int):
    """The protection events of ``level``, newest first, read ``step`` at a time through the
    index on level and date (one level per query: over both levels at once, SQLite walked the
    date index through every special-protection event of the registry instead)."""
    newest = (
        ProtectionEvent.objects.filter(level=level)
        .select_related("property", "property__inventory_state")
        .prefetch_related("property__names")  # the entries' titles: one query, not one each
        .order_by("-effective_date", "-id")
    )
    start = 0
    while True:
        batch = list(newest[start : start + step])
        yield from batch
        if len(batch) < step:
            return
        start += step


def changes(user, limit: int = 50) -> list:
    """The latest changes to the List, newest first (protection events of its two levels), each
    with ``synthetic`` set: its property is synthetic, or a synthetic procedure wrote it.

    The events are read newest first, a batch at a time, and kept where the reader sees their
    property: the cost follows the List's history, not the size of the registry (and a large
    registry's answer is kept until the next write, ``_kept``)."""
    return _kept(user, "changes", lambda: _changes(user, limit), limit)


def _changes(user, limit: int) -> list:
    step = max(limit, 1) * 2
    newest = heapq.merge(
        *(_newest_first(level, step) for level in LEVELS),
        key=lambda ev: (ev.effective_date, ev.pk),
        reverse=True,
    )
    events: list = []
    while len(events) < limit:
        batch = list(islice(newest, step))
        seen = set(
            visible_to(user)
            .filter(pk__in={ev.property_id for ev in batch})
            .values_list("pk", flat=True)
        )
        events += [ev for ev in batch if ev.property_id in seen]
        if len(batch) < step:
            break
    events = events[:limit]
    by_procedure = synthetic_procedure_properties()
    for ev in events:
        ev.synthetic = ev.property.synthetic or (
            ev.origin == "procedure" and ev.property_id in by_procedure
        )
    return events


LIST_TITLE = {
    "en": "International List of Cultural Property under Enhanced Protection",
    "nb": "Den internasjonale listen over kulturverdier under forsterket beskyttelse",
}
WITH_SYNTHETIC = {"en": " (with synthetic demo entries)", "nb": " (med syntetiske demooppføringer)"}
SYNTHETIC_MARK = {"en": "synthetic demo data", "nb": "syntetiske demodata"}


def list_title(lang: str = "en", synthetic: bool | None = None) -> str:
    """The List's title; where the database holds synthetic data, the title says so (a mixed
    list is never presented under the official title alone)."""
    base = "nb" if lang.split("-")[0] in {"nb", "no", "nn"} else "en"
    if synthetic is None:
        synthetic = holds_synthetic()
    return LIST_TITLE[base] + (WITH_SYNTHETIC[base] if synthetic else "")


FEED_AUTHOR = "Heritage Shield"


class _ListFeed(Atom1Feed):
    """Atom (RFC 4287) with a ``related`` link per entry: the property a decision is about."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("related"):
            handler.addQuickElement("link", "", {"rel": "related", "href": item["related"]})


def _decisions_behind(events) -> dict:
    """The Committee decision that wrote each event, by the event's id: a carried decision on
    its property, of its date, that its basis names (``decision <ref>``)."""
    wanted = {(ev.property_id, ev.effective_date) for ev in events if ev.origin == "procedure"}
    if not wanted:
        return {}
    found: dict = {}
    for d in Decision.objects.filter(
        request__property_id__in={p for p, _ in wanted},
        decided_on__in={on for _, on in wanted},
        carried=True,
    ).select_related("request"):
        found.setdefault((d.request.property_id, d.decided_on), []).append(d)
    out = {}
    for ev in events:
        for d in found.get((ev.property_id, ev.effective_date), []):
            if f"decision {d.ref}" in ev.basis:
                out[ev.pk] = d
                break
    return out


def atom_feed(user, base_url: str, lang: str = "en") -> str:
    """The latest changes to the List as an Atom feed (RFC 4287). Its ids are ``tag:`` URIs
    (RFC 4151) under ``SHIELD_TAG_AUTHORITY``, the same whatever host the feed is asked by;
    each entry links to the decision behind it where a Committee decision wrote it."""
    base = "nb" if lang.split("-")[0] in {"nb", "no", "nn"} else "en"
    articles = ", ".join(
        provision(k).label(lang)
        for k in ("enhanced.inclusion", "enhanced.loss", "enhanced.suspension")
    )
    authority = settings.SHIELD_TAG_AUTHORITY
    feed = _ListFeed(
        title=f"{list_title(lang)}: changes",
        link=base_url + reverse("listing:list"),
        description=f"Entries, suspensions, restorations and cancellations (Second Protocol: {articles})",
        language=lang,
        feed_url=base_url + reverse("listing:feed"),
        feed_guid=f"tag:{authority}:list",
        author_name=FEED_AUTHOR,
        author_link=base_url + "/",
    )
    mark = SYNTHETIC_MARK[base]
    events = changes(user)
    decisions = _decisions_behind(events)
    for ev in events:
        prop = ev.property
        when = datetime.combine(ev.effective_date, time(0, 0), tzinfo=UTC)
        level = (
            "provisional enhanced protection"
            if ev.level == "provisional_enhanced"
            else "enhanced protection"
        )
        title = f"{prop.display_name(lang)} ({prop.code}): {level} {ACTION_TEXT.get(ev.action, ev.action)}"
        description = f"{ev.effective_date.isoformat()}: {ev.basis}"
        if ev.synthetic:
            title, description = f"{title} ({mark})", f"({mark}) {description}"
        page = base_url + reverse("web:property", args=[prop.code])
        d = decisions.get(ev.pk)
        feed.add_item(
            title=title,
            # the decision behind the change (on its request's page), else the property's page
            link=base_url + reverse("listing:request", args=[d.request.ref]) + "#decisions"
            if d
            else page,
            related=page if d else None,
            description=description,
            unique_id=f"tag:{authority}:list/protection-event/{ev.pk}",
            pubdate=when,
            updateddate=when,
            categories=["synthetic"] if ev.synthetic else None,
        )
    return feed.writeString("utf-8")
