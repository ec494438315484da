"""Demo: a mission, remote and field assessments, and incidents worded as claims or verified.

The facts are illustrative, for trying the pages; they are not findings about real sites.
"""

from __future__ import annotations

from typing import Any

from shield.registry.models import CulturalProperty

MISSION: dict[str, Any] = {
    "title": "Demo: independent technical mission to the region",
    "mandate": (
        "To assess the status of cultural property in all its forms, as a prerequisite for its "
        "protection and a basis for its rehabilitation (illustrative demo record)."
    ),
    "requesting_body": "Committee for the Protection of Cultural Property in the Event of Armed Conflict",
    "status": "consent_pending",
    "starts_on": "2020-12-01",
    "team": [{"name": "Demo assessor", "role": "team leader", "organisation": "UNESCO"}],
    "areas": ["demo area"],
    "synthetic": True,
}
PROPS = ["demo:ghazanchetsots", "demo:aghdam-mosque", "demo:julfa-cemetery"]

ASSESSMENTS: list[dict[str, Any]] = [
    {
        "external_id": "demo:a1",
        "property": "demo:ghazanchetsots",
        "assessed_on": "2020-09-20",
        "method": "remote",
        "image_date": "2020-09-15",
        "image_provider": "demo imagery",
        "condition": "good",
        "damage_extent": "none",
        "assessor": "Demo remote team",
        "priority": "low",
    },
    {
        "external_id": "demo:a2",
        "property": "demo:ghazanchetsots",
        "assessed_on": "2020-10-12",
        "method": "remote",
        "image_date": "2020-10-10",
        "image_provider": "demo imagery",
        "condition": "poor",
        "damage_extent": "11-30",
        "disturbances": [
            {
                "category": "military_armed_conflict",
                "cause": "explosion_heavy_weaponry",
                "certainty": "high",
                "occurred": "between",
                "from": "2020-09-15",
                "to": "2020-10-10",
            }
        ],
        "assessor": "Demo remote team",
        "priority": "immediate",
    },
    {
        "external_id": "demo:a3",
        "property": "demo:julfa-cemetery",
        "assessed_on": "2019-03-01",
        "method": "remote",
        "image_date": "2018-06-01",
        "image_provider": "demo imagery",
        "condition": "destroyed",
        "damage_extent": "91-100",
        "disturbances": [
            {
                "category": "military_armed_conflict",
                "cause": "demolition_destruction",
                "certainty": "medium",
            }
        ],
        "assessor": "Demo remote team",
        "priority": "low",
    },
]
for _a in ASSESSMENTS:
    _a["synthetic"] = True
INCIDENTS: list[dict[str, Any]] = [
    {
        "external_id": "demo:i1",
        "property": "demo:ghazanchetsots",
        "reporter_kind": "party",
        "reporter_state": "ARM",
        "reported_on": "2020-10-08",
        "occurred_on": "2020-10-08",
        "allegation": "damage",
        "sources": [
            {"title": "Demo statement", "date": "2020-10-08"},
            {"title": "Demo press photographs", "independent": True},
        ],
        "verify_with": "demo:a2",
    },
    {
        "external_id": "demo:i2",
        "property": "demo:aghdam-mosque",
        "reporter_kind": "party",
        "reporter_state": "AZE",
        "reported_on": "2021-01-12",
        "allegation": "desecration",
        "sources": [{"title": "Demo statement", "date": "2021-01-12"}],
    },
    {
        "external_id": "demo:i3",
        "property": "demo:julfa-cemetery",
        "reporter_kind": "ngo",
        "reporter_name": "A demo monitoring NGO",
        "reported_on": "2019-02-26",
        "allegation": "destruction",
        "sources": [{"title": "Demo satellite imagery report", "independent": True}],
    },
]
for _i in INCIDENTS:
    _i["synthetic"] = True


EVIDENCE: dict[str, Any] = {
    "filename": "demo-0001.png",
    "incident": "demo:i1",
    "description": "A drawn placeholder standing for a photograph (synthetic demo file).",
    "collector": "Demo remote team",
    "synthetic": True,
}


def _synthetic_image() -> bytes:
    """A small PNG drawn here, saying what it is: no real photograph is shown as evidence."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (236, 229, 216))
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 120, 330, 260), outline=(90, 80, 70), width=4)
    draw.polygon([(140, 120), (240, 50), (340, 120)], outline=(90, 80, 70), width=4)
    draw.text((20, 20), "SYNTHETIC DEMO IMAGE - not a photograph", fill=(124, 45, 18))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _evidence(user) -> int:
    from . import evidence
    from .models import Evidence, Incident

    incident = Incident.objects.filter(external_id=EVIDENCE["incident"]).first()
    if incident is None or Evidence.objects.filter(filename=EVIDENCE["filename"]).exists():
        return 0
    links = {k: v for k, v in EVIDENCE.items() if k not in {"filename", "incident"}}
    ev = evidence.add_evidence(
        user, EVIDENCE["filename"], _synthetic_image(), links | {"incident": str(incident.pk)}
    )
    evidence.add_custody(
        user, ev, {"action": "examined", "note": "demo: compared with the imagery"}
    )
    return 1


def _present(ext: str) -> bool:
    return CulturalProperty.objects.filter(external_id=ext, deleted_at__isnull=True).exists()


def load() -> str:
    from shield.core.cli_support import system_user

    from . import services
    from .models import Assessment, Incident, Mission

    user = system_user()
    made = {"missions": 0, "assessments": 0, "incidents": 0, "evidence": 0}
    if not Mission.objects.filter(title=MISSION["title"]).exists():
        codes = [CulturalProperty.objects.get(external_id=e).code for e in PROPS if _present(e)]
        mission = services.create_mission(user, MISSION | {"properties": codes})
        for code in ("ARM", "AZE"):
            if services.State.objects.filter(code=code).exists():
                services.set_consent(
                    user,
                    mission,
                    {"state": code, "status": "requested", "requested_on": "2020-11-20"},
                )
        made["missions"] += 1
    for data in ASSESSMENTS:
        if (
            _present(data["property"])
            and not Assessment.objects.filter(external_id=data["external_id"]).exists()
        ):
            services.create_assessment(user, data)
            made["assessments"] += 1
    for data in INCIDENTS:
        if (
            not _present(data["property"])
            or Incident.objects.filter(external_id=data["external_id"]).exists()
        ):
            continue
        verify_with = data.get("verify_with")
        incident = services.create_incident(
            user, {k: v for k, v in data.items() if k != "verify_with"}
        )
        made["incidents"] += 1
        verifier = (
            Assessment.objects.filter(external_id=verify_with).first() if verify_with else None
        )
        if verifier:
            services.set_incident_status(user, incident, "verified", verifier.pk, "demo")
    made["evidence"] = _evidence(user)
    return (
        f"monitoring: {made['missions']} mission, {made['assessments']} assessments, "
        f"{made['incidents']} incidents, {made['evidence']} evidence file created"
    )
