"""What the registry's endpoints answer: a property (summary, detail), its protection on a
date, its audit trail and the map's layer. Each schema describes what
``shield.registry.present`` (and ``history.trail``, ``maplayer.map_layer``,
``disclosure.location_for``) writes, key for key."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel

from shield.core.schemas import (
    DateText,
    JsonObject,
    Number,
    ReasoningStepOut,
    Sparse,
    sometimes,
)

from .vocab import CATEGORY_CODES

Category = Literal[tuple(CATEGORY_CODES)]  # type: ignore[valid-type]
Level = Literal["general", "special", "enhanced", "provisional_enhanced"]
Confidentiality = Literal["public", "location", "restricted"]
Certainty = Literal["exact", "approximate", "general", "unknown"]


class AreaOut(Schema):
    """The ~10 km cell a confidential location is shown as (degrees)."""

    south: float
    west: float
    north: float
    east: float


class LocationOut(Schema):
    """Where a property is, as far as the reader may see it: ``exact`` for those who may see
    the point (public records; a confidential one's own State, the Secretariat, the Committee,
    assessors, administrators), ``area`` (the ~10 km cell's centre and bounds, no boundary) for
    anyone else, ``unknown`` where no point is recorded."""

    precision: Literal["unknown", "exact", "area"]
    lat: float | None
    lon: float | None
    area: AreaOut | None = Field(description="the cell, for `area` only")
    # A GeoJSON Polygon or MultiPolygon as recorded (validated on write by
    # ``validation.boundary_problem``): GeoJSON geometry, described by its own standard.
    boundary: JsonObject | None = Field(
        description="a GeoJSON Polygon or MultiPolygon (RFC 7946), for `exact` only"
    )
    certainty: Certainty  # type: ignore[valid-type]


class NameOut(Schema):
    text: str
    lang: str
    script: str
    kind: Literal["official", "local", "historical", "variant"]
    source: str


class PropertySummaryOut(Schema):
    id: str
    code: str
    name: str = Field(description="the name shown in the reader's language")
    names: list[NameOut]
    category: Category  # type: ignore[valid-type]
    state: str = Field(description="the inventory's State, by code")
    confidentiality: Confidentiality  # type: ignore[valid-type]
    synthetic: bool = Field(description="true for invented (demo) data")
    location: LocationOut
    protection: list[Level] = Field(  # type: ignore[valid-type]
        description="the levels in force on the day asked (default today)"
    )


class MeasurementOut(Schema):
    dimension: str
    value: Number | None
    unit: str


class ClaimOut(Schema):
    state: str
    state_name: str
    role: Literal["control", "claimant"]
    valid_from: date | None
    valid_to: date | None
    basis: str
    source: str


class ProtectionEventOut(Schema):
    level: Level
    action: Literal[
        "granted", "suspended", "restored", "cancelled", "lost_military_use", "regained"
    ]
    effective_date: date
    basis: str
    note: str
    read: bool = Field(description="false for an event the law does not read (kept as recorded)")


class PhotoOut(Schema):
    url: str
    caption: str


class IdentifierOut(Schema):
    """The record's number in another register (``registry.identifiers``)."""

    scheme: Literal["whc", "wikidata", "national", "interpol"]
    value: str = Field(description="in the scheme's canonical spelling")
    state: str = Field(description="the issuing State of a national inventory's; else empty")
    source: str
    url: str = Field(description="its public page (World Heritage List, Wikidata); else empty")


class CategoryFindingOut(Schema):
    code: Category  # type: ignore[valid-type]
    reason: str
    citations: list[str]


class BoundOut(Schema):
    convention: list[str] = Field(description="States bound by the Convention that day")
    protocol: list[str] = Field(description="States bound by the Protocol that day")


class StateBindingOut(Schema):
    state: str
    name: str
    convention: bool | None = Field(description="null where the register cannot tell")
    protocol: bool | None = Field(description="null where the register cannot tell")
    respect_minimum: bool
    protocol_in_conflict: bool
    reason: str
    citations: list[str]


class GeneralProtectionOut(Schema):
    level: Literal["general"]
    reason: str
    citations: list[str]
    bound: BoundOut
    states: list[StateBindingOut]


class LevelHistoryOut(Schema):
    level: str
    active: bool
    status: str = Field(description="active, suspended, cancelled or never")
    since: DateText | None
    basis: str


class LevelFindingOut(LevelHistoryOut):
    reason: str
    citations: list[str]


class Art4bOut(Schema):
    levels_between_parties: list[str]
    reason: str
    citations: list[str]


class IgnoredEventOut(Schema):
    level: str
    action: str
    effective_date: DateText
    reason: str
    citations: list[str]


class ProtectionOnOut(Schema):
    """A property's protection on a date as the law derives it, in the reader's language."""

    on: DateText
    lang: Literal["en", "nb"]
    cultural_property: bool
    levels: list[str]
    in_force: list[str]
    reason: str
    citations: list[str]
    category: CategoryFindingOut
    general: GeneralProtectionOut | None = Field(description="null: not cultural property")
    special_and_enhanced: list[LevelFindingOut]
    history_levels: list[LevelHistoryOut]
    art_4b: Art4bOut | None = Field(description="the Protocol's rule where both levels apply")
    ignored_events: list[IgnoredEventOut] = Field(description="recorded, not read by the law")
    reasoning: list[ReasoningStepOut]


class PropertyOut(Sparse):
    """A property with every field the reader may see."""

    id: str
    code: str
    name: str = Field(description="the name shown in the reader's language")
    names: list[NameOut]
    category: Category  # type: ignore[valid-type]
    state: str = Field(description="the inventory's State, by code")
    confidentiality: Confidentiality  # type: ignore[valid-type]
    synthetic: bool = Field(description="true for invented (demo) data")
    location: LocationOut
    protection: list[Level] = Field(  # type: ignore[valid-type]
        description="the levels in force on the day asked (default today)"
    )
    description: str
    significance: str
    object_type: str
    materials_techniques: str
    inscriptions_markings: str
    distinguishing_features: str
    title: str
    subject: str
    date_period: str
    maker: str
    inventory_number: str
    custodian: str
    current_place: str
    external_id: str | None
    is_movable: bool
    measurements: list[MeasurementOut]
    part_of: str | None = Field(description="the code of the whole it is part of")
    claims: list[ClaimOut]
    protection_history: list[ProtectionEventOut]
    photographs: list[PhotoOut]
    identifiers: list[IdentifierOut]
    created_at: datetime
    updated_at: datetime
    deleted: bool
    protection_on: ProtectionOnOut = sometimes(description="only when `on` is given")
    iiif_manifest: str = sometimes(
        description="its photographs as a IIIF Presentation 3 manifest (only in GET "
        "/properties/{ref})"
    )


class HistoryEntryOut(Schema):
    seq: int = Field(description="the audit entry's place in the log")
    at: datetime
    actor: str
    action: str
    summary: str
    # What changed, as the audit log holds it: its keys depend on the action (a diff of a
    # record's fields, an import's counts...), so it has no fixed shape.
    changes: JsonObject = Field(
        description="what changed, by field or by what the action records; location fields "
        "redacted for a reader who may not see the exact point"
    )


# The map's features are plain pydantic models, not ninja Schemas: a Schema validates each
# object through a wrapping validator that reads attributes one by one (for ORM objects),
# which took most of a zoomed view's time at 2,000 points; these are built from dicts.


class MapPointGeometryOut(BaseModel):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[lon, lat] in degrees")


class MapPointPropertiesOut(BaseModel):
    code: str
    name: str
    category: Category  # type: ignore[valid-type]
    precision: Literal["exact", "area"] = Field(
        description="area: a confidential location, shown as its ~10 km area's centre"
    )
    synthetic: bool = Field(description="true: an invented demo record, not a real place")


class MapClusterPropertiesOut(BaseModel):
    cluster: Literal[True]
    count: int


class MapFeatureOut(BaseModel):
    type: Literal["Feature"]
    geometry: MapPointGeometryOut
    properties: MapPointPropertiesOut | MapClusterPropertiesOut


class MapLayerOut(Schema):
    """A GeoJSON FeatureCollection: points, or clusters with their counts where many are in
    view."""

    type: Literal["FeatureCollection"]
    features: list[MapFeatureOut]
    total: int = Field(description="records in view (or in the clusters' cells)")
    complete: bool = Field(description="true when the features are every located record, as points")
