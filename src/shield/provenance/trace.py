"""Provenance: objects whose history is traced, their ownership and possession events (dates
exact or ranges, places, parties, documents), and the gaps where the chain is silent.

A gap is flagged where the chain is silent (``SILENCE_YEARS`` or more between one event and
the next), always where the silence spans 14 November 1970 (the 1970 Convention: the date
due diligence looks back to) or where the chain begins after it with no record of the
object's creation or find, and where the silence overlaps an armed conflict or an occupation
recorded for the place of origin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shield.audit import log
from shield.core.errors import NotAllowed
from shield.treaty.provisions import provision

from . import access, clean, vocab
from .models import ProvenanceEvent, RegisterEntry, TracedObject, Upheaval

CONVENTION_1970 = date(1970, 11, 14)
SILENCE_YEARS = 10


@dataclass(frozen=True)
class Gap:
    start: date | None  # None: before the first record
    end: date
    reasons: tuple[str, ...]  # "silence", "1970", "before_1970", "upheaval"
    upheavals: tuple[Upheaval, ...] = field(default=())

    def citation_keys(self) -> tuple[str, ...]:
        keys = ["resolution.provenance"]
        if "1970" in self.reasons or "before_1970" in self.reasons:
            keys.append("unesco_1970.return")
        if any(u.kind == "occupation" for u in self.upheavals):
            keys.append("occupation.illicit_export")
        return tuple(keys)

    def labels(self, lang: str) -> list[str]:
        return [provision(k).label("nb" if lang == "nb" else "en") for k in self.citation_keys()]


_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def date_range(data: dict, errors: clean.Errors) -> tuple[date | None, date | None]:
    """``on`` (a day YYYY-MM-DD, a month YYYY-MM or a year YYYY) or ``on_from`` and ``on_to``."""
    raw = str(data.get("on") or "").strip()
    if raw:
        if _YEAR.match(raw):
            return date(int(raw), 1, 1), date(int(raw), 12, 31)
        m = _MONTH.match(raw)
        if m:
            y, mo = int(m[1]), int(m[2])
            if not 1 <= mo <= 12:
                errors.add("on", f"{raw!r} is not a month")
                return None, None
            end = date(y + (mo == 12), mo % 12 + 1, 1).toordinal() - 1
            return date(y, mo, 1), date.fromordinal(end)
        day = clean.iso_date(data, "on", errors)
        return day, day
    lo = clean.iso_date(data, "on_from", errors, required=True)
    hi = clean.iso_date(data, "on_to", errors) or lo
    if lo and hi and hi < lo:
        errors.add("on_to", "is before on_from")
    return lo, hi


def _next_code() -> str:
    last = TracedObject.objects.order_by("-code").values_list("code", flat=True).first()
    n = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"PV-{n:05d}"


def create(user, data: dict, synthetic: bool = False) -> TracedObject:
    if not access.may_record(user):
        raise NotAllowed("log in with a role to record provenance")
    errors = clean.Errors()
    fields: dict[str, Any] = {
        f: clean.text(data, f, errors, max_length=5000 if f.endswith("markings") else 300)
        for f in (
            "object_type",
            "title",
            "maker",
            "date_period",
            "materials_techniques",
            "inscriptions_markings",
            "origin_place",
            "holder",
            "listing_url",
        )
    }
    fields["measurements"] = clean.measurements(data, "measurements", errors)
    fields["origin_state"] = clean.state(data, "origin_state", errors, required=False)
    fields["text_lang"] = clean.text(data, "text_lang", errors, max_length=35) or "en"
    ref = str(data.get("register_entry") or "").strip()
    fields["register_entry"] = RegisterEntry.objects.filter(number=ref).first() if ref else None
    if ref and fields["register_entry"] is None:
        errors.add("register_entry", f"no register entry {ref!r}")
    if not (fields["object_type"] or fields["title"]):
        errors.add("title", "is required (or an object type): name the object")
    errors.raise_if_any()
    with transaction.atomic():
        obj = TracedObject.objects.create(code=_next_code(), synthetic=synthetic, **fields)
        log.record(
            user,
            "create",
            "traced_object",
            obj.id,
            {
                "code": obj.code,
                "title": obj.title,
                "origin_state": obj.origin_state.code if obj.origin_state else "",
            },
            summary=f"provenance opened: {obj.code} {obj.display()}",
        )
    return obj


def add_event(user, obj: TracedObject, data: dict) -> ProvenanceEvent:
    if not access.may_record(user):
        raise NotAllowed("log in with a role to record provenance")
    errors = clean.Errors()
    kind = clean.choice(data, "kind", vocab.EVENT_KINDS, errors)
    lo, hi = date_range(data, errors)
    place = clean.text(data, "place", errors)
    parties = clean.text(data, "parties", errors, max_length=500)
    note = clean.text(data, "note", errors, max_length=5000)
    docs = data.get("documents") or []
    if isinstance(docs, str):
        docs = [{"title": d.strip()} for d in docs.split(";") if d.strip()]
    if not isinstance(docs, list) or not all(isinstance(d, dict) and d.get("title") for d in docs):
        errors.add("documents", "must be a list of {title, reference}")
        docs = []
    today = timezone.localdate()
    if lo and lo > today:
        errors.add("on_from", f"is after today ({today.isoformat()})")
    errors.raise_if_any()
    assert lo is not None and hi is not None  # no errors: both read
    with transaction.atomic():
        event = ProvenanceEvent.objects.create(
            traced=obj,
            kind=kind,
            on_from=lo,
            on_to=hi,
            place=place,
            parties=parties,
            documents=docs,
            note=note,
        )
        log.record(
            user,
            "add_event",
            "traced_object",
            obj.id,
            {
                "kind": kind,
                "on_from": lo.isoformat(),
                "on_to": hi.isoformat(),
                "place": place,
                "parties": parties,
            },
            summary=f"provenance event for {obj.code}: {kind}",
        )
    return event


def upheavals_for(obj: TracedObject) -> list[Upheaval]:
    if obj.origin_state_id is None:
        return []
    return list(
        Upheaval.objects.filter(state_id=obj.origin_state_id).filter(
            Q(place="") | Q(place__iexact=obj.origin_place)
        )
    )


def gaps(obj: TracedObject, today: date | None = None) -> list[Gap]:
    """Where the chain of ``obj`` is silent, and why each silence is flagged."""
    events = list(obj.events.all())
    if not events:
        return []
    today = today or timezone.localdate()
    troubles = upheavals_for(obj)
    out: list[Gap] = []
    first = events[0]
    if first.kind != "creation" and first.on_from > CONVENTION_1970:
        out.append(
            Gap(
                None,
                first.on_from,
                ("before_1970",),
                tuple(u for u in troubles if u.began_on < first.on_from),
            )
        )
    reach = events[0].on_to
    for event in events[1:]:
        start, end = reach, event.on_from
        if end > start:
            reasons = []
            years = (end - start).days / 365.25
            if years >= SILENCE_YEARS:
                reasons.append("silence")
            if start < CONVENTION_1970 < end and years >= 1:
                reasons.append("1970")
            overlapping = tuple(
                u for u in troubles if u.began_on < end and (u.ended_on or today) > start
            )
            if overlapping:
                reasons.append("upheaval")
            if reasons:
                out.append(Gap(start, end, tuple(reasons), overlapping))
        reach = max(reach, event.on_to)
    return out


def find(code: str) -> TracedObject | None:
    return (
        TracedObject.objects.select_related("origin_state", "register_entry")
        .filter(code=str(code or "").strip())
        .first()
    )


def add_upheaval(user, data: dict, synthetic: bool = False) -> Upheaval:
    if not roles_staff(user):
        raise NotAllowed("only the Secretariat records conflicts and occupations")
    errors = clean.Errors()
    fields = {
        "state": clean.state(data, "state", errors),
        "place": clean.text(data, "place", errors),
        "kind": clean.choice(data, "kind", vocab.UPHEAVAL_KINDS, errors),
        "name": clean.text(data, "name", errors, required=True),
        "began_on": clean.iso_date(data, "began_on", errors, required=True),
        "ended_on": clean.iso_date(data, "ended_on", errors),
        "source": clean.text(data, "source", errors, max_length=500),
    }
    errors.raise_if_any()
    with transaction.atomic():
        u = Upheaval.objects.create(synthetic=synthetic, **fields)
        log.record(
            user,
            "create",
            "upheaval",
            u.pk,
            {
                "name": u.name,
                "state": u.state.code,
                "kind": u.kind,
                "began_on": u.began_on.isoformat(),
            },
            summary=f"{u.kind}: {u.name}",
        )
    return u


def upheavals():
    """Every conflict and occupation recorded, newest first."""
    return Upheaval.objects.select_related("state").order_by("-began_on", "-id")


def roles_staff(user) -> bool:
    from shield.accounts import roles

    return roles.is_staff_role(user)
