"""Writing monitoring records: each change is one transaction and one audit entry.

Who may do what (the rules, once):
- missions, consents and their status: the Secretariat and administrators; a mission is
  deployed only with the consent of every party asked (a refusal or no answer blocks it);
- access refusals and assessments: the Secretariat, administrators and assessors;
- incident reports: anyone with a role; a party officer reports only in its own State's name;
- an incident's status (corroborated, verified, not substantiated): the Secretariat,
  administrators and assessors, never a party; 'verified' needs an assessment of the same
  property, 'corroborated' at least one independent source.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shield.accounts import roles
from shield.audit import log
from shield.core.errors import FieldError
from shield.parties.identity import state_for
from shield.parties.models import State
from shield.registry.disclosure import find_visible, visible_to
from shield.registry.ids import as_uuid
from shield.registry.models import CulturalProperty
from shield.registry.services import NotAllowed
from shield.registry.validation import RecordInvalid

from . import clean, vocab
from .models import AccessRefusal, Assessment, Consent, Incident, Mission

MONITORS = (roles.SECRETARIAT, roles.ADMINISTRATOR, roles.ASSESSOR)


def may_assess(user) -> bool:
    return roles.has_role(user, *MONITORS)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _state(data: dict, field: str, errors: clean.Errors, required: bool = False) -> State | None:
    """The State by code or any known name (shield.parties.identity.state_for)."""
    value = data.get(field)
    if not (value.strip() if isinstance(value, str) else value):
        if required:
            errors.add(field, "is required (a State code or name, e.g. ARM or Armenia)")
        return None
    try:
        return state_for(value, field)
    except RecordInvalid as exc:
        errors.extend(exc.errors)
        return None


def not_after_today(errors: clean.Errors, today: date | None = None, **acts) -> None:
    """An act is recorded once it has happened: its date is never after today (``today``:
    as the caller found it, once for many records)."""
    today = today or timezone.localdate()
    for field, on in acts.items():
        if on is not None and on > today:
            errors.add(field, f"is after today ({today.isoformat()}): an act is recorded once done")


def property_for(
    user, ref, errors: clean.Errors, field: str = "property", known: Mapping | None = None
) -> CulturalProperty | None:
    """The property by code, external id or UUID, among those the user may see. ``known``:
    references already resolved for this user (``disclosure.find_visible``'s answer by
    reference, as a bulk import finds them at once)."""
    if not ref:
        errors.add(field, "is required (a property code, external id or id)")
        return None
    prop = known[ref] if known is not None and ref in known else find_visible(user, ref)
    if prop is None:
        errors.add(field, f"no property {ref!r}")
    return prop


# ---- missions ------------------------------------------------------------------------------


def create_mission(user, data: dict) -> Mission:
    _require(roles.is_staff_role(user), "only the Secretariat may record missions")
    errors = clean.Errors()
    fields: dict[str, Any] = {
        "title": clean.text(data, "title", errors, required=True),
        "mandate": clean.text(data, "mandate", errors, required=True, max_length=5000),
        "requesting_body": clean.text(data, "requesting_body", errors, required=True),
        "status": clean.choice(data, "status", vocab.MISSION_STATUSES, errors, default="proposed"),
        "starts_on": clean.iso_date(data, "starts_on", errors),
        "ends_on": clean.iso_date(data, "ends_on", errors),
        "team": clean.items(data, "team", errors),
        "areas": [str(a) for a in (data.get("areas") or [])],
        "synthetic": clean.flag(data, "synthetic", errors),
    }
    if fields["starts_on"] and fields["ends_on"] and fields["ends_on"] < fields["starts_on"]:
        errors.add("ends_on", "is before starts_on")
    props = [
        property_for(user, ref, errors, f"properties[{i}]")
        for i, ref in enumerate(data.get("properties") or [])
    ]
    errors.raise_if_any()
    with transaction.atomic():
        mission = Mission.objects.create(**fields)
        mission.properties.set(props)
        log.record(
            user,
            "create",
            "mission",
            mission.id,
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()}
            | {"properties": [p.code for p in props]},
            summary=f"mission {mission.title}",
        )
    return mission


def set_mission_status(user, mission: Mission, status: str, note: str = "") -> Mission:
    _require(roles.is_staff_role(user), "only the Secretariat may change a mission's status")
    errors = clean.Errors()
    status = clean.choice({"status": status}, "status", vocab.MISSION_STATUSES, errors)
    if status == "deployed":
        missing = [
            c.state.code for c in mission.consents.select_related("state") if c.status != "granted"
        ]
        if missing or not mission.consents.exists():
            errors.add(
                "status",
                "a mission deploys only with the consent of every party asked: "
                f"not granted by {', '.join(missing) or 'anyone (none recorded)'}",
            )
    errors.raise_if_any()
    with transaction.atomic():
        before = mission.status
        mission.status = status
        mission.save(update_fields=["status"])
        log.record(
            user,
            "status",
            "mission",
            mission.id,
            {"status": [before, status], "note": note},
            summary=f"mission {mission.title}: {status}",
        )
    return mission


def set_consent(user, mission: Mission, data: dict) -> Consent:
    """Record a party's consent as requested, granted, refused or no answer, with its dates."""
    errors = clean.Errors()
    state = _state(data, "state", errors, required=True)
    status = clean.choice(data, "status", vocab.CONSENT_STATUSES, errors)
    requested_on = clean.iso_date(data, "requested_on", errors, required=True)
    answered_on = clean.iso_date(data, "answered_on", errors)
    if status in {"granted", "refused"} and answered_on is None:
        errors.add("answered_on", f"is required when consent is {status}")
    if requested_on and answered_on and answered_on < requested_on:
        errors.add("answered_on", "is before requested_on")
    not_after_today(errors, requested_on=requested_on, answered_on=answered_on)
    errors.raise_if_any()
    _require(
        roles.is_staff_role(user) or roles.acts_for_state(user, state.pk),
        "only the Secretariat or the State itself may record its consent",
    )
    with transaction.atomic():
        consent, created = Consent.objects.update_or_create(
            mission=mission,
            state=state,
            defaults={
                "status": status,
                "requested_on": requested_on,
                "answered_on": answered_on,
                "note": clean.text(data, "note", errors, max_length=5000),
            },
        )
        log.record(
            user,
            "consent",
            "mission",
            mission.id,
            {
                "state": state.code,
                "status": status,
                "requested_on": requested_on.isoformat(),
                "answered_on": answered_on.isoformat() if answered_on else None,
            },
            summary=f"mission {mission.title}: {state.code} {status}",
        )
    return consent


def record_refusal(user, data: dict, mission: Mission | None = None) -> AccessRefusal:
    """A refusal of access, attributed and dated: a fact of its own."""
    _require(may_assess(user), "only the Secretariat or an assessor may record a refusal of access")
    errors = clean.Errors()
    state = _state(data, "refused_by", errors)
    label = clean.text(data, "refused_by_label", errors)
    if state is None and not label and not any(e.field == "refused_by" for e in errors):
        errors.add("refused_by", "is required: the State (or refused_by_label: who) that refused")
    refused_on = clean.iso_date(data, "refused_on", errors, required=True)
    not_after_today(errors, refused_on=refused_on)
    prop = property_for(user, data["property"], errors) if data.get("property") else None
    fields = {
        "description": clean.text(data, "description", errors, max_length=5000),
        "source": clean.text(data, "source", errors, max_length=500),
    }
    errors.raise_if_any()
    with transaction.atomic():
        refusal = AccessRefusal.objects.create(
            mission=mission,
            property=prop,
            refused_by=state,
            refused_by_label=label,
            refused_on=refused_on,
            **fields,
        )
        log.record(
            user,
            "access_refused",
            "mission" if mission else "property",
            mission.id if mission else (prop.id if prop else ""),
            {
                "refused_by": state.code if state else label,
                "refused_on": refused_on.isoformat(),
                "property": prop.code if prop else None,
            }
            | fields,
            summary=f"access refused by {state.code if state else label} on {refused_on}",
        )
    return refusal


# ---- assessments ---------------------------------------------------------------------------


def clean_assessment(
    user,
    data: dict,
    errors: clean.Errors,
    known: Mapping | None = None,
    taken: Set | None = None,
    today: date | None = None,
) -> dict:
    """``known``: properties by reference already resolved (``property_for``); ``taken``: the
    external ids already in use among those this write may give (a bulk import asks once);
    ``today``: the date, as a bulk import found it once."""
    out: dict[str, Any] = {
        "property": property_for(user, data.get("property"), errors, known=known),
        "assessed_on": clean.iso_date(data, "assessed_on", errors, required=True),
        "method": clean.choice(data, "method", vocab.METHODS, errors),
        "image_date": clean.iso_date(data, "image_date", errors),
        "image_provider": clean.text(data, "image_provider", errors, max_length=200),
        "condition": clean.choice(data, "condition", vocab.CONDITIONS, errors),
        "damage_extent": clean.choice(
            data, "damage_extent", vocab.DAMAGE_EXTENTS, errors, default="unknown"
        ),
        "disturbances": clean.disturbances(data, errors),
        "threats": clean.threats(data, errors),
        "priority": clean.choice(data, "priority", vocab.PRIORITIES, errors, required=False),
        "assessor": clean.text(data, "assessor", errors, max_length=200)
        or getattr(user, "username", ""),
        "notes": clean.text(data, "notes", errors, max_length=10000),
        "external_id": clean.text(data, "external_id", errors, max_length=200) or None,
        "synthetic": clean.flag(data, "synthetic", errors),
    }
    if out["method"] == "remote" and not out["image_date"]:
        errors.add(
            "image_date", "is required for a remote assessment (the date of the image interpreted)"
        )
    if out["method"] == "remote" and not out["image_provider"]:
        errors.add("image_provider", "is required for a remote assessment")
    if out["image_date"] and out["assessed_on"] and out["image_date"] > out["assessed_on"]:
        errors.add("image_date", "is after assessed_on")
    not_after_today(errors, today, assessed_on=out["assessed_on"])
    if not out["assessor"]:
        errors.add("assessor", "is required")
    _external_id_free(Assessment, out["external_id"], errors, taken)
    return out


def _external_id_free(
    model, external_id: object, errors: clean.Errors, taken: Set | None = None
) -> None:
    """An external id names one record: a second record with it is refused by name (a race
    between two such writes is refused by the database's unique index, see ``_unique``).
    ``taken``: the ids in use, asked for at once by the caller, among those it may give."""
    if not external_id:
        return
    if (
        external_id in taken
        if taken is not None
        else model.objects.filter(external_id=external_id).exists()
    ):
        errors.add("external_id", f"{external_id} is already the id of another record")


@contextmanager
def _unique(field: str, value):
    """A unique index that refuses a write (another request took the value first) becomes
    the same field error as the check before it."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise RecordInvalid(
            [FieldError(field, f"{value} is already the id of another record")]
        ) from None


def _jsonable(fields: dict) -> dict:
    out = {}
    for k, v in fields.items():
        if isinstance(v, CulturalProperty):
            v = v.code
        elif hasattr(v, "isoformat"):
            v = v.isoformat()
        elif hasattr(v, "pk"):
            v = str(v.pk)
        out[k] = v
    return out


def save_assessment(user, fields: dict, mission: Mission | None = None) -> Assessment:
    """Write a cleaned assessment; call inside a transaction."""
    with _unique("external_id", fields.get("external_id")):
        assessment = Assessment.objects.create(
            mission=mission, created_by=user if getattr(user, "pk", None) else None, **fields
        )
    log.record(
        user,
        "create",
        "assessment",
        assessment.id,
        _jsonable(fields),
        summary=f"{fields['property'].code} assessed {fields['condition']} on {fields['assessed_on']}",
    )
    return assessment


def create_assessment(user, data: dict, mission: Mission | None = None) -> Assessment:
    _require(may_assess(user), "only assessors and the Secretariat record condition assessments")
    errors = clean.Errors()
    fields = clean_assessment(user, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        return save_assessment(user, fields, mission)


# ---- incidents -----------------------------------------------------------------------------


def clean_incident(
    user,
    data: dict,
    errors: clean.Errors,
    known: Mapping | None = None,
    taken: Set | None = None,
    today: date | None = None,
) -> dict:
    """``known``, ``taken``, ``today``: as for ``clean_assessment``."""
    out: dict[str, Any] = {
        "property": property_for(user, data.get("property"), errors, known=known),
        "reporter_kind": clean.choice(data, "reporter_kind", vocab.REPORTER_KINDS, errors),
        "reporter_state": _state(data, "reporter_state", errors),
        "reporter_name": clean.text(data, "reporter_name", errors),
        "reported_on": clean.iso_date(data, "reported_on", errors, required=True),
        "occurred_on": clean.iso_date(data, "occurred_on", errors),
        "allegation": clean.choice(data, "allegation", vocab.ALLEGATIONS, errors),
        "description": clean.text(data, "description", errors, max_length=10000),
        "sources": clean.sources(data, errors),
        "facts": data.get("facts") or {},
        "external_id": clean.text(data, "external_id", errors, max_length=200) or None,
        "synthetic": clean.flag(data, "synthetic", errors),
    }
    if (
        out["reporter_kind"] == "party"
        and out["reporter_state"] is None
        and "reporter_state" not in {e.field for e in errors}
    ):
        errors.add("reporter_state", "is required when a Party reports")
    if out["reporter_kind"] in {"ngo", "media", "mission"} and not out["reporter_name"]:
        errors.add("reporter_name", f"is required when {out['reporter_kind']} reports")
    if out["occurred_on"] and out["reported_on"] and out["occurred_on"] > out["reported_on"]:
        errors.add("occurred_on", "is after reported_on")
    not_after_today(errors, today, reported_on=out["reported_on"])
    if not isinstance(out["facts"], dict):
        errors.add("facts", "must be an object")
    if roles.has_role(user, roles.PARTY_OFFICER) and not may_assess(user):
        own = roles.state_of(user)
        if out["reporter_kind"] != "party" or out["reporter_state"] != own:
            errors.add("reporter_state", "a party officer reports in its own State's name only")
    _external_id_free(Incident, out["external_id"], errors, taken)
    return out


def save_incident(user, fields: dict) -> Incident:
    with _unique("external_id", fields.get("external_id")):
        incident = Incident.objects.create(**fields)
    log.record(
        user,
        "create",
        "incident",
        incident.id,
        _jsonable(fields),
        summary=f"{fields['property'].code}: {fields['allegation']} reported on {fields['reported_on']}",
    )
    return incident


def create_incident(user, data: dict) -> Incident:
    _require(bool(roles.roles_of(user)), "only signed-in users with a role may report incidents")
    errors = clean.Errors()
    fields = clean_incident(user, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        return save_incident(user, fields)


def set_incident_status(
    user, incident: Incident, status: str, assessment_id=None, note: str = ""
) -> Incident:
    _require(may_assess(user), "only assessors and the Secretariat change an incident's status")
    errors = clean.Errors()
    status = clean.choice({"status": status}, "status", vocab.INCIDENT_STATUSES, errors)
    assessment = None
    if status == "verified":
        if not assessment_id:
            errors.add(
                "assessment", "is required to verify: the assessment that verifies the report"
            )
        else:
            key = as_uuid(assessment_id)
            assessment = (
                Assessment.objects.filter(pk=key, property=incident.property_id).first()
                if key
                else None
            )
            if assessment is None:
                errors.add(
                    "assessment", f"no assessment {assessment_id} of {incident.property.code}"
                )
    if status == "corroborated" and not any(s.get("independent") for s in incident.sources):
        errors.add("status", "corroborated needs at least one independent source")
    errors.raise_if_any()
    with transaction.atomic():
        before = incident.status
        incident.status, incident.verified_by, incident.status_note = status, assessment, note
        incident.save(update_fields=["status", "verified_by", "status_note"])
        log.record(
            user,
            "status",
            "incident",
            incident.id,
            {
                "status": [before, status],
                "assessment": str(assessment.pk) if assessment else None,
                "note": note,
            },
            summary=f"incident {incident.pk}: {status}",
        )
    return incident


def set_incident_facts(user, incident: Incident, facts: dict) -> Incident:
    """The facts the treaty analysis reads (act, intent, territory, offender...): for those who assess."""
    from .analysis import FACT_KEYS

    _require(
        may_assess(user),
        "only assessors and the Secretariat record the facts for the treaty analysis",
    )
    errors = clean.Errors()
    if not isinstance(facts, dict):
        errors.add("facts", "must be an object")
        errors.raise_if_any()
    allowed = set(FACT_KEYS) | {"act"}
    for key in sorted(set(facts) - allowed):
        errors.add(
            f"facts.{key}", f"is not a fact the analysis reads ({', '.join(sorted(allowed))})"
        )
    if facts.get("act") not in (None, *_ACTS):
        errors.add("facts.act", f"{facts['act']!r} is not one of {', '.join(_ACTS)}")
    errors.raise_if_any()
    with transaction.atomic():
        before = incident.facts
        incident.facts = facts
        incident.save(update_fields=["facts"])
        log.record(
            user,
            "facts",
            "incident",
            incident.id,
            {"facts": [before, facts]},
            summary=f"incident {incident.pk}: facts for the treaty analysis",
        )
    return incident


_ACTS = (
    "attack",
    "use_in_support_of_military_action",
    "extensive_destruction",
    "appropriation",
    "theft",
    "pillage",
    "misappropriation",
    "vandalism",
)


def visible_incidents(user):
    return Incident.objects.filter(property__in=visible_to(user)).select_related(
        "property", "reporter_state", "verified_by"
    )


def visible_assessments(user):
    return Assessment.objects.filter(property__in=visible_to(user)).select_related("property")
