"""Places to review: a site a survey named that matched no property waits, with its
submissions, until a person says what it is: an existing property (``link``), or a new one
recorded from it (``create_property``, through the registry's own service, with the
survey's identifiers, GPS point and shape). Then its waiting submissions become
assessments (or incidents) of that property. One door for the CLI, the API and the page.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from shield import fieldforms as engine
from shield.audit import log
from shield.registry import services as registry

from . import clean, services
from .fieldforms_import import ImportRefused, _may, form_of
from .fieldforms_models import PlaceToReview
from .models import Evidence


def waiting(user) -> QuerySet:
    """The places still to review, oldest first, each with its number of submissions."""
    _may(user)
    return (
        PlaceToReview.objects.filter(property=None)
        .select_related("form", "created_in")
        .annotate(waiting=Count("submissions"))
        .order_by("created_at")
    )


def find(user, ref: str) -> PlaceToReview | None:
    from shield.registry.ids import as_uuid

    _may(user)
    key = as_uuid(ref)
    return PlaceToReview.objects.select_related("form").filter(pk=key).first() if key else None


def proposed_record(place: PlaceToReview) -> dict[str, Any]:
    """What a new property made from the place starts from: the survey's name, its site
    id as the external id (``<form id>:<site id>``), its GPS point, its shape."""
    form = place.form
    said = f"site id {place.site_id}" if place.site_id else "no site id"
    record: dict[str, Any] = {
        "external_id": f"{form.form_id}:{place.site_id}" if place.site_id else None,
        "names": [{"text": place.name or place.site_id, "lang": "und"}]
        if (place.name or place.site_id)
        else [],
        "lat": place.lat,
        "lon": place.lon,
        "location_certainty": "approximate" if place.lat is not None else "unknown",
        "description": f"Recorded from the field survey {form.form_id} {form.version} "
        f"({said}).".replace("  ", " "),
    }
    if place.boundary:
        record["boundary"] = place.boundary
    return record


def create_property(user, place: PlaceToReview, data: dict[str, Any]):
    """Record a new property from the place (the registry's service, with the reviewer's
    own rights: a Party's officer in its own inventory, the Secretariat in any), then link
    the place to it. ``data``: at least ``category`` and ``state``; anything else given
    (names, confidentiality, a corrected point) replaces what the survey proposes.
    Returns (the property, how many submissions it received)."""
    _may(user)
    if place.property_id is not None:
        raise ImportRefused(
            f"place {place.pk} was already reviewed", None, "place_reviewed", place=place.pk
        )
    record = {**proposed_record(place), **{k: v for k, v in data.items() if v is not None}}
    with transaction.atomic():
        prop = registry.create_property(user, record)
        n = link(user, place, prop, created=True)
    return prop, n


def link(user, place: PlaceToReview, prop, created: bool = False) -> int:
    """The place is ``prop``: its waiting submissions become assessments (or incidents) of
    it, their files' evidence linked to them. Returns how many. Audited."""
    _may(user)
    if place.property_id is not None:
        raise ImportRefused(
            f"place {place.pk} was already reviewed", None, "place_reviewed", place=place.pk
        )
    done = 0
    with transaction.atomic():
        locked = PlaceToReview.objects.select_for_update().get(pk=place.pk)
        if locked.property_id is not None:
            raise ImportRefused(
                f"place {place.pk} was already reviewed", None, "place_reviewed", place=place.pk
            )
        place.property, place.resolved_at = prop, timezone.now()
        place.save(update_fields=["property", "resolved_at"])
        for fs in place.submissions.select_related("form").all():
            target = _record_for(user, fs, prop)
            kind = (
                "assessment"
                if fs.form.mapping.get("kind", "assessment") == "assessment"
                else "incident"
            )
            setattr(fs, kind, target)
            fs.place = None
            site = place.site_id or place.name
            fs.match = {
                "how": "reviewed place",
                "why": f"place to review {site!r} reviewed as {prop.code}",
                "property": prop.code,
                "distance_m": None,
                "code": "reviewed",
                "params": {"site": site, "code": prop.code},
            }
            fs.save(update_fields=[kind, "place", "match"])
            ids = [
                str(f["evidence"]) for f in fs.files if isinstance(f, dict) and f.get("evidence")
            ]
            links: dict[str, Any] = {"property": prop}
            links[kind] = target
            Evidence.objects.filter(pk__in=ids).update(**links)
            done += 1
        log.record(
            user,
            "review",
            "place_to_review",
            place.id,
            {
                "property": prop.code,
                "created": created,
                "site_id": place.site_id,
                "name": place.name,
                "submissions": done,
            },
            summary=f"place to review {place.site_id or place.name} is {prop.code}"
            + (" (recorded from it)" if created else ""),
        )
    return done


def _record_for(user, fs, prop):
    """The assessment (or incident) a waiting submission becomes, read again through its
    form and mapping, with its GPS point."""
    form = form_of(fs.form)
    mapping = fs.form.mapping
    kind = mapping.get("kind", "assessment")
    answers = fs.data.get("answers", {})
    sub = engine.Submission(
        row=0,
        uuid=fs.uuid,
        deprecated_id="",
        version=fs.version,
        submitted_at="",
        answers={k: v for k, v in answers.items() if k not in form.repeats},
        repeats={k: v for k, v in answers.items() if k in form.repeats},
        attachments={},
        columns={},
        meta={},
        extra={},
    )
    record = engine.to_record(form, sub, mapping)
    data = dict(record.fields, property=prop.code)
    errors = clean.Errors()
    if kind == "assessment":
        fields = services.clean_assessment(user, data, errors)
        errors.raise_if_any()
        fields.update(lat=fs.lat, lon=fs.lon, location_accuracy=fs.accuracy)
        return services.save_assessment(user, fields)
    fields = services.clean_incident(user, data, errors)
    errors.raise_if_any()
    return services.save_incident(user, fields)
