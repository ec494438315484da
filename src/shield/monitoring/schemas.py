"""What the monitoring endpoints answer: missions, assessments, incidents, evidence, the
comparison of two assessments, a property's timeline and the condition map. Each schema
describes what ``shield.monitoring.present`` (and ``evidence.present``, ``compare``,
``timeline``, ``fieldforms``) writes, key for key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, create_model

from shield.core.schemas import (
    DateText,
    DateTimeText,
    GeoPointOut,
    Number,
    ReasoningStepOut,
    Sparse,
    cite,
    sometimes,
)
from shield.treaty.offences import Applies

from . import vocab


def choices(vocabulary) -> Any:
    """A vocabulary's codes as an enum of the contract."""
    return Literal[tuple(code for code, _label in vocabulary)]  # type: ignore[misc]


MissionStatus = choices(vocab.MISSION_STATUSES)
ConsentStatus = choices(vocab.CONSENT_STATUSES)
Method = choices(vocab.METHODS)
Condition = choices(vocab.CONDITIONS)
DamageExtent = choices(vocab.DAMAGE_EXTENTS)
Priority = choices(vocab.PRIORITIES)
ReporterKind = choices(vocab.REPORTER_KINDS)
Allegation = choices(vocab.ALLEGATIONS)
IncidentStatus = choices(vocab.INCIDENT_STATUSES)
CustodyAction = choices(vocab.CUSTODY_ACTIONS)
CustodyStatedAction = choices(vocab.CUSTODY_ACTIONS_STATED)
EvidenceKind = choices(vocab.EVIDENCE_KINDS)
DisturbanceCategory = choices(vocab.DISTURBANCE_CATEGORIES)
DisturbanceCause = choices(vocab.DISTURBANCE_CAUSES)
Certainty = choices(vocab.CERTAINTIES)
ThreatProbability = choices(vocab.THREAT_PROBABILITIES)
Occurrence = choices(vocab.OCCURRENCE)


# ---- missions -------------------------------------------------------------------------------


class TeamMemberOut(Sparse):
    """A member of a mission's team, as recorded. The body that records a mission takes any
    keys for a member; these three are the ones the pages show, and any other key recorded is
    answered as it was recorded (``additionalProperties``)."""

    model_config = ConfigDict(extra="allow")

    name: str = None  # type: ignore[assignment]
    role: str = None  # type: ignore[assignment]
    organisation: str = None  # type: ignore[assignment]


class ConsentOut(Schema):
    state: str = Field(description="the State's code")
    state_name: str
    status: ConsentStatus  # type: ignore[valid-type]
    requested_on: DateText
    answered_on: DateText | None
    note: str


class RefusalOut(Schema):
    """A refusal of access, by a State (``refused_by``) or by someone named only in words."""

    refused_by: str | None = Field(description="the refusing State's code; null: not a State")
    refused_by_name: str = Field(description="the State's name, or the words recorded")
    refused_on: DateText
    property: str | None = Field(description="the property's code, if the refusal names one")
    description: str
    source: str


class PropertyRefOut(Schema):
    code: str
    name: str


class MissionOut(Schema):
    id: str
    title: str
    mandate: str
    requesting_body: str
    status: MissionStatus  # type: ignore[valid-type]
    status_label: str
    team: list[TeamMemberOut]
    areas: list[str]
    starts_on: DateText | None
    ends_on: DateText | None
    consents: list[ConsentOut]
    refusals: list[RefusalOut]
    properties: list[PropertyRefOut] = Field(
        description="the mission's property that the reader may see (restricted records left out)"
    )
    synthetic: bool = Field(description="true for invented (demo) data, never a finding")


# ---- assessments ----------------------------------------------------------------------------


class _Disturbance(Sparse):
    """A disturbance (EAMENA's terms) as the assessment recorded it; ``from`` and ``to`` only
    where they were given."""

    category: DisturbanceCategory  # type: ignore[valid-type]
    cause: DisturbanceCause  # type: ignore[valid-type]
    certainty: Certainty  # type: ignore[valid-type]
    occurred: Occurrence | Literal[""] = Field(  # type: ignore[valid-type]
        description="when it happened (on, between, before); empty: not said"
    )


# ``from`` is a Python keyword: the field is made by name (mypy sees the base class).
if TYPE_CHECKING:
    DisturbanceOut = _Disturbance
else:
    DisturbanceOut = create_model(
        "DisturbanceOut",
        __base__=_Disturbance,
        __doc__=_Disturbance.__doc__,
        **{
            "from": (DateText, Field(None, description="absent when not given")),
            "to": (DateText, Field(None, description="absent when not given")),
        },
    )


class ThreatOut(Schema):
    category: DisturbanceCategory  # type: ignore[valid-type]
    probability: ThreatProbability  # type: ignore[valid-type]


class AssessmentPlaceOut(Schema):
    precision: Literal["exact", "area"] = Field(
        description="exact: the assessor's GPS point; area: the property's coarse area "
        "(~10 km), for readers who may not see its exact location"
    )
    lat: float
    lon: float
    accuracy_m: float | None = Field(description="the GPS accuracy in metres (exact only)")


class AssessmentOut(Schema):
    id: str
    property: str = Field(description="the property's code")
    assessed_on: DateText
    method: Method  # type: ignore[valid-type]
    image_date: DateText | None = Field(description="a remote assessment's image date")
    image_provider: str
    condition: Condition  # type: ignore[valid-type]
    condition_label: str
    damage_extent: DamageExtent  # type: ignore[valid-type]
    disturbances: list[DisturbanceOut]
    threats: list[ThreatOut]
    priority: Priority | Literal[""] | None = Field(  # type: ignore[valid-type]
        description="empty or null: no priority set"
    )
    priority_label: str = Field(description="empty when no priority is set")
    assessor: str
    notes: str
    mission: str | None = Field(description="the mission's id, if made on one")
    external_id: str | None
    synthetic: bool = Field(description="true for invented (demo) data, never a finding")
    location: AssessmentPlaceOut | None = Field(
        description="where it was assessed (field GPS, WGS84), as far as you may see it; null "
        "without a point"
    )


class FieldChangeOut(Schema):
    field: str
    before: str | None
    after: str | None
    changed: bool


class DisturbanceChangeOut(Schema):
    category: str
    cause: str
    certainty: str


class ComparisonOut(Schema):
    """Two assessments of one property, the earlier first, whichever order they were asked in."""

    before: str = Field(description="the earlier assessment's id")
    after: str = Field(description="the later assessment's id")
    days: int = Field(description="days between the two assessments")
    trend: Literal["worse", "better", "same", "unknown"]
    fields: list[FieldChangeOut]
    disturbances_added: list[DisturbanceChangeOut]
    disturbances_gone: list[DisturbanceChangeOut]


# ---- incidents ------------------------------------------------------------------------------


class SourceOut(Sparse):
    title: str
    url: str
    independent: bool
    date: DateText = sometimes(description="absent when the source gave no date")


class FactsOut(Sparse):
    """The facts the treaty analysis reads, as set (``shield.monitoring.analysis.FACT_KEYS``):
    a fact never set is absent; one set to null (unknown) is null."""

    act: str | None = None
    intentional: bool | None = None
    in_violation: bool | None = None
    territory_state: str | None = None
    offender_nationality: str | None = None
    offender_present_in: str | None = None
    offender_in_party_armed_forces: bool | None = None
    persecution_grounds: bool | None = None


class AnalysisResultOut(Schema):
    offences: dict[str, Applies] = Field(
        description=f"{cite('offences')}: for each of (a)-(e), whether it may apply"
    )
    jurisdiction: dict[str, list[str]] = Field(
        description="for each offence that may apply, the bases of jurisdiction "
        f"({cite('jurisdiction')})"
    )
    non_party_limit: bool | None = Field(
        description=f"{cite('jurisdiction.non_party_forces')}: null when unknown"
    )
    cooperation: dict[str, str] = Field(description="the duties of cooperation, by offence")


class AnalysisOut(Schema):
    note: str
    protection_on_date: Literal[
        "none", "general", "special", "enhanced", "provisional_enhanced"
    ] = Field(description="the property's protection on the date of the act")
    result: AnalysisResultOut
    citations: list[str]
    reasoning: list[ReasoningStepOut]


class IncidentOut(Schema):
    """An incident report, worded as a claim (``text``) until it is verified."""

    id: str
    property: str = Field(description="the property's code")
    text: str = Field(description="the report in words, as a claim until verified")
    is_claim: bool
    reporter_kind: ReporterKind  # type: ignore[valid-type]
    reporter_state: str | None
    reporter_name: str
    reported_on: DateText
    occurred_on: DateText | None
    allegation: Allegation  # type: ignore[valid-type]
    description: str
    sources: list[SourceOut]
    status: IncidentStatus  # type: ignore[valid-type]
    verified_by: str | None = Field(description="the assessment that verified it")
    facts: FactsOut
    synthetic: bool = Field(description="true for invented (demo) data, never a finding")


class IncidentDetailOut(IncidentOut):
    analysis: AnalysisOut | None = Field(
        description="the treaty's analysis for a lawyer to weigh (not a verdict); null where the "
        f"allegation is no act of {cite('offences.article')} and the facts name none"
    )
    iiif_manifest: str = Field(
        description="the incident's image evidence as a IIIF Presentation 3 manifest"
    )


# ---- evidence -------------------------------------------------------------------------------


class PlaceOut(Schema):
    """Where the file says it was made: exact for those who hold the item (the Secretariat,
    administrators, assessors, the submitting State's officers), else the ~10 km area's centre;
    for a property whose point the reader may not see, the property's own area."""

    precision: Literal["exact", "area"]
    lat: float
    lon: float


class EvidenceMetadataOut(Sparse):
    """What else the file's metadata said (time offset, GPS time, XMP, IPTC, video); empty for
    a reader who does not hold the item."""

    model_config = ConfigDict(extra="allow")

    captured_at_note: str = sometimes(description="how the capture time was read (EXIF, PDF)")
    time_offset: str = sometimes(description="the capture time's UTC offset, e.g. `+04:00`")
    gps_time: DateTimeText = sometimes(description="the GPS fix's own time (UTC)")
    gps_altitude_m: Number = sometimes()
    gps_accuracy_m: Number = sometimes()
    direction: Number = sometimes(description="the camera's bearing, degrees")
    software: str = sometimes()
    lens: str = sometimes()
    serial_number: str = sometimes()
    creator: str = sometimes(description="the photographer or author the file names")
    location_named: str = sometimes(description="a place named in XMP or IPTC")
    city: str = sometimes()
    region: str = sometimes()
    country: str = sometimes()
    comment: str = sometimes(description="a comment in the file (JPEG, EXIF, PNG)")
    width: Number = sometimes()
    height: Number = sometimes()
    duration_s: Number = sometimes(description="a video's or sound's length, seconds")
    read_as: str = sometimes(description="the media type the metadata reader read it as")
    media_type_note: str = sometimes(
        description="why the stored type differs from what the file's name said"
    )
    sha256_at_capture: str = sometimes(
        description="said when the submitter's own SHA-256 was checked on receipt"
    )


class CustodyOut(Schema):
    seq: int | None = Field(description="place in the item's chain; null: before the chain")
    chained: bool = Field(
        description="false: recorded before the chain, handler and time as stated"
    )
    action: CustodyAction  # type: ignore[valid-type]
    action_label: str
    at: DateTimeText = Field(description="the server's time")
    by: str = Field(
        description="the authenticated user who recorded it (for those who hold the item; "
        "the role for others)"
    )
    role: str = Field(description="the role the handler acted in")
    state: str = Field(description="the State a party officer acted for")
    stated_by: str = Field(description="who the client said handled it: a claim")
    stated_at: DateTimeText | None = Field(description="when the client said it happened: a claim")
    to: str
    note: str
    sha256_checked: str = Field(description="the SHA-256 read at the event (empty: not read)")
    hash: str = Field(description="the event's chain hash (empty before the chain)")


class EvidenceOut(Schema):
    id: str
    sha256: str
    filename: str
    media_type: str
    kind: EvidenceKind  # type: ignore[valid-type]
    size: int = Field(description="bytes")
    property: str | None
    incident: str | None
    assessment: str | None
    captured_at: DateTimeText | None
    place: PlaceOut | None = Field(description="null when the file holds no place")
    device: str = Field(description="empty for a reader who does not hold the item")
    metadata: EvidenceMetadataOut
    received_at: DateTimeText
    source_url: str = Field(description="where it was found online; empty unless held")
    collector: str = Field(description="who collected it; empty unless held")
    custody: list[CustodyOut]
    synthetic: bool = Field(description="true for invented (demo) data, never a finding")


# ---- field forms, timeline, map -------------------------------------------------------------


class FieldFormsImportOut(Schema):
    created: int
    unchanged: int = Field(description="submissions imported before (by their id)")
    dry_run: bool


class _Item(Schema):
    """A timeline item: kind, date, heading and text, then its own keys."""

    kind: str
    date: DateText
    heading: str
    text: str


class ProtectionItemOut(_Item):
    """A protection event: its level and action, and its basis."""

    kind: Literal["protection"]
    detail: str


class AssessmentItemOut(_Item):
    """A condition assessment: the condition and extent, how and by whom."""

    kind: Literal["assessment"]
    detail: str
    condition: Condition  # type: ignore[valid-type]
    id: str
    synthetic: bool = Field(description="true for invented (demo) data, never a finding")


class IncidentItemOut(_Item):
    """An incident report, worded as a claim until verified."""

    kind: Literal["incident"]
    claim: bool
    id: str
    status: IncidentStatus  # type: ignore[valid-type]
    synthetic: bool = Field(description="true for invented (demo) data, never a finding")


class RefusalItemOut(_Item):
    """A refusal of access: who refused, and what was said."""

    kind: Literal["refusal"]
    detail: str


class EvidenceItemOut(_Item):
    """An evidence file, dated by its capture (else its receipt)."""

    kind: Literal["evidence"]
    detail: str
    sha256: str
    thumb: str | None = Field(description="an image's thumbnail URL")
    synthetic: bool = Field(description="true for invented (demo) data, never a finding")


TimelineItemOut = Annotated[
    ProtectionItemOut | AssessmentItemOut | IncidentItemOut | RefusalItemOut | EvidenceItemOut,
    Field(discriminator="kind"),
]


class ConditionPropertiesOut(Schema):
    code: str
    name: str
    condition: Condition  # type: ignore[valid-type]
    condition_label: str
    colour: str = Field(description="the condition's colour on the map (CSS)")
    assessed_on: DateText
    precision: Literal["exact", "area"] = Field(
        description="area: a confidential location, shown as its ~10 km area's centre"
    )
    synthetic: bool = Field(
        description="true: the property or its latest assessment is invented demo data"
    )


class ConditionFeatureOut(Schema):
    type: Literal["Feature"]
    geometry: GeoPointOut
    properties: ConditionPropertiesOut


class ConditionMapOut(Schema):
    """A GeoJSON FeatureCollection: assessed property the reader may see, by latest condition."""

    type: Literal["FeatureCollection"]
    features: list[ConditionFeatureOut]


__all__ = [name for name in dir() if name.endswith("Out")] + ["TimelineItemOut", "choices"]
