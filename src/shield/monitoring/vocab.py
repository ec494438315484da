"""The monitoring vocabularies, each with its source, so data can be exchanged.

EAMENA: Endangered Archaeology in the Middle East and North Africa, data standard and
condition assessment vocabulary (condition, damage extent, certainty, disturbance and
threat categories and causes, threat probability, priority, when a disturbance happened).
UNOSAT: building damage classes from satellite imagery ("not yet validated in the field").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# EAMENA: Overall Condition State.
CONDITIONS = [
    ("good", _("Good")),
    ("fair", _("Fair")),
    ("poor", _("Poor")),
    ("very_bad", _("Very bad")),
    ("destroyed", _("Destroyed")),
    ("unknown", _("Unknown")),
]
# Map colours by condition (the map legend).
CONDITION_COLOURS = {
    "good": "#2e7d32",
    "fair": "#9e9d24",
    "poor": "#ef6c00",
    "very_bad": "#c62828",
    "destroyed": "#4a148c",
    "unknown": "#757575",
}
CONDITION_RANK = {"good": 0, "fair": 1, "poor": 2, "very_bad": 3, "destroyed": 4}

# EAMENA: Damage Extent Type.
DAMAGE_EXTENTS = [
    ("none", _("No visible/known")),
    ("1-10", _("1-10%")),
    ("11-30", _("11-30%")),
    ("31-60", _("31-60%")),
    ("61-90", _("61-90%")),
    ("91-100", _("91-100%")),
    ("unknown", _("Unknown")),
]

# EAMENA: Certainty of a disturbance cause or effect.
CERTAINTIES = [
    ("not_applicable", _("Not applicable")),
    ("negligible", _("Negligible")),
    ("low", _("Low")),
    ("medium", _("Medium")),
    ("high", _("High")),
    ("definite", _("Definite")),
]

# EAMENA: Threat probability.
THREAT_PROBABILITIES = [
    ("not_applicable", _("Not applicable")),
    ("probable", _("Probable")),
    ("possible", _("Possible")),
    ("planned", _("Planned")),
]

# EAMENA: Disturbance and threat categories.
DISTURBANCE_CATEGORIES = [
    ("agricultural_pastoral", _("Agricultural/Pastoral")),
    ("archaeological", _("Archaeological")),
    ("building_development", _("Building and Development")),
    ("defensive_fortification", _("Defensive/Fortification")),
    ("domestic_use", _("Domestic Use")),
    ("funerary_memorial", _("Funerary/Memorial")),
    ("hunting_fishing", _("Hunting/Fishing")),
    ("hydraulic_use", _("Hydraulic Use")),
    ("industrial_productive", _("Industrial/Productive")),
    ("infrastructure_transport", _("Infrastructure/Transport")),
    ("looting_illegal", _("Looting/Illegal Activities")),
    ("management_institutional", _("Management and Institutional Factors")),
    ("maritime", _("Maritime")),
    ("military_armed_conflict", _("Military/Armed Conflict")),
    ("natural", _("Natural")),
    ("public_institutional_use", _("Public/Institutional Use")),
    ("religious_activities", _("Religious Activities")),
    ("social_cultural_uses", _("Social/Cultural Uses of Heritage")),
    ("status_display_monumental", _("Status/Display/Monumental")),
    ("tourism_visitor", _("Tourism/Visitor Activities")),
    ("trade_commercial", _("Trade/Commercial Use")),
    ("utilities", _("Utilities")),
    ("vandalism", _("Vandalism")),
    ("unknown", _("Unknown")),
    ("not_applicable", _("Not Applicable")),
]

# EAMENA: Disturbance causes (those in use for armed conflict and looting, then natural
# hazards, neglect and development: EAMENA Disturbance Cause Type, under the categories
# Natural, Management and Institutional Factors, and Building and Development).
DISTURBANCE_CAUSES = [
    ("explosion_heavy_weaponry", _("Explosion/Heavy Weaponry")),
    ("gunfire_light_weaponry", _("Gunfire/Light Weaponry")),
    ("landmines", _("Landmines")),
    ("demolition_destruction", _("Demolition/Destruction")),
    ("structural_robbing", _("Structural Robbing")),
    ("theft_removal", _("Theft/Unauthorised Removal of Objects")),
    ("excavation_bulldozing", _("Excavation (Bulldozing/Machinery)")),
    ("graffiti", _("Graffiti")),
    ("desecration", _("Desecration")),
    ("military_occupation", _("Military Occupation/Use")),
    ("earthquake", _("Earthquake")),
    ("flooding", _("Flooding")),
    ("fire", _("Fire")),
    ("storm", _("Storm/Cyclone")),
    ("erosion_deterioration", _("Erosion/Deterioration")),
    ("neglect", _("Lack of Maintenance/Neglect")),
    ("construction", _("Construction/Building")),
    ("clearance_bulldozing", _("Clearance (Bulldozing/Levelling)")),
    ("unknown", _("Unknown")),
]
# Where each cause sits among the categories (EAMENA), for field forms that name a cause only.
CAUSE_CATEGORIES = {
    "explosion_heavy_weaponry": "military_armed_conflict",
    "gunfire_light_weaponry": "military_armed_conflict",
    "landmines": "military_armed_conflict",
    "demolition_destruction": "military_armed_conflict",
    "military_occupation": "military_armed_conflict",
    "structural_robbing": "looting_illegal",
    "theft_removal": "looting_illegal",
    "excavation_bulldozing": "looting_illegal",
    "graffiti": "vandalism",
    "desecration": "vandalism",
    "earthquake": "natural",
    "flooding": "natural",
    "fire": "natural",
    "storm": "natural",
    "erosion_deterioration": "natural",
    "neglect": "management_institutional",
    "construction": "building_development",
    "clearance_bulldozing": "building_development",
}

# EAMENA: Overall priority for action.
PRIORITIES = [
    ("immediate", _("Immediate (emergency)")),
    ("urgent", _("Within 6-12 months (urgent)")),
    ("high", _("1-2 years (high)")),
    ("medium", _("2-5 years (medium)")),
    ("low", _("Beyond 5 years (low)")),
]

# EAMENA: when a disturbance happened.
OCCURRENCE = [
    ("on", _("Occurred on")),
    ("between", _("Occurred between")),
    ("before", _("Occurred before")),
]

# Field visit, or remote (satellite image interpretation, after Caucasus Heritage Watch and UNOSAT).
METHODS = [("field", _("Field visit")), ("remote", _("Remote (satellite image interpretation)"))]

# Missions (the 2020 call for an independent technical mission).
MISSION_STATUSES = [
    ("proposed", _("Proposed")),
    ("consent_pending", _("Consent pending")),
    ("deployed", _("Deployed")),
    ("reporting", _("Reporting")),
    ("closed", _("Closed")),
    ("blocked", _("Blocked")),
]
CONSENT_STATUSES = [
    ("requested", _("Requested")),
    ("granted", _("Granted")),
    ("refused", _("Refused")),
    ("no_answer", _("No answer")),
]

# Incidents.
REPORTER_KINDS = [
    ("party", _("a Party")),
    ("ngo", _("an NGO")),
    ("media", _("the media")),
    ("mission", _("a mission")),
]
ALLEGATIONS = [
    ("damage", _("damage")),
    ("destruction", _("destruction")),
    ("looting", _("looting")),
    ("military_use", _("military use")),
    ("desecration", _("desecration")),
    ("denial_of_access", _("denial of access")),
]
INCIDENT_STATUSES = [
    ("reported", _("Reported")),
    ("corroborated", _("Corroborated (independent sources)")),
    ("verified", _("Verified (by an assessment)")),
    ("not_substantiated", _("Not substantiated")),
]

# Evidence (Berkeley Protocol: chain of custody).
EVIDENCE_KINDS = [
    ("image", _("Image")),
    ("document", _("Document")),
    ("video", _("Video")),
    ("other", _("Other")),
]
CUSTODY_ACTIONS = [
    ("received", _("Received")),
    ("transferred", _("Transferred")),
    ("examined", _("Examined")),
    ("downloaded", _("Original downloaded")),
    ("exported", _("Exported in a package")),
]
# What a holder may record by hand; downloads and exports are recorded by the system.
CUSTODY_ACTIONS_STATED = CUSTODY_ACTIONS[:3]


def codes(vocab) -> list[str]:
    return [c for c, _label in vocab]


def label(vocab, code: str) -> str:
    return str(dict(vocab).get(code, code))
