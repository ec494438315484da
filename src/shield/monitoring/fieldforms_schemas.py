"""The API's shapes for field forms, key for key what ``fieldforms_api`` writes."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema

from shield.core.schemas import Body, ErrorOut


class MappingIn(Body):
    kind: Literal["assessment", "incident"]
    fields: dict[str, str | list[str] | None]
    values: dict[str, dict[str, str]] = {}
    constants: dict[str, str] = {}
    form_id: str = ""
    version: str = ""
    reasons: dict[str, str] = {}


class MappingOut(Schema):
    kind: Literal["assessment", "incident"]
    fields: dict[str, str | list[str] | None] = Field(
        description="our field -> the form's question path (photos: a list)"
    )
    values: dict[str, dict[str, str]] = Field(
        {}, description="per field, the form's choice name -> our code"
    )
    constants: dict[str, str] = {}
    form_id: str = ""
    version: str = ""
    reasons: dict[str, str] = Field({}, description="why each field was proposed")


class FieldFormOut(Schema):
    id: str
    form_id: str
    version: str
    title: str
    languages: list[str]
    questions: int
    mapping: MappingOut = Field(description="the mapping to our fields (see the summary)")
    mapping_confirmed: bool


class FieldRefusalOut(Schema):
    row: int
    submission: str
    column: str = Field(description="the export's own column (or the form's question path)")
    label: str = Field(description="the question's label")
    message: str = Field(description="in English; `code` and `params` say it for translation")
    reason: str
    code: str = Field(
        description="stable: no_id, duplicate, unknown_choice, unknown_cause, not_point, "
        "invalid (params field, message), mapping.* (a problem of the mapping)"
    )
    params: dict[str, str]


class FormRefOut(Schema):
    form_id: str
    version: str
    title: str


class ReportOut(Schema):
    form: FormRefOut | None = None
    format: str | None = None
    submissions: int | None = None
    counts: dict[str, int] | None = None
    matches: dict[str, int] | None = Field(
        None, description="submissions by how their place was found"
    )
    versions: dict[str, int] | None = None
    version_note: str | None = None
    unused_columns: list[str] | None = None
    unanswered_questions: list[str] | None = None
    files: int | None = None
    refused: list[FieldRefusalOut]
    refused_total: int
    by_reason: dict[str, int]
    audit_seq: int | None = None


class ProgressOut(Schema):
    phase: str
    done: int
    total: int | None


class FieldImportOut(Schema):
    id: str
    form: str
    filename: str
    sha256: str
    status: Literal["preview", "queued", "running", "done", "failed", "undone"]
    counts: dict[str, int]
    report: ReportOut
    progress: ProgressOut
    error: str


class FieldImportRefusedOut(ErrorOut):
    report: ReportOut | None = Field(
        None, description="the import's report, when the refusal came from reading the file"
    )


class PlaceSubmissionOut(Schema):
    uuid: str
    site_id: str
    site_name: str
    lat: float | None
    lon: float | None
    why: str = Field(description="why no property matched (English; `code` and `params`)")
    code: str
    params: dict[str, str]


class FieldPlaceOut(Schema):
    id: str
    form_id: str
    version: str
    site_id: str = Field(
        description="the survey's own site id (a new property keeps it in its external id)"
    )
    name: str
    lat: float | None = Field(description="the survey's GPS point (WGS84)")
    lon: float | None
    boundary: dict[str, Any] | None = Field(description="the survey's shape (GeoJSON), if any")
    waiting: int = Field(description="submissions waiting for the place to be reviewed")
    property: str | None = Field(description="the property's code, once reviewed")
    created_in: str | None = Field(description="the import that found the place")
    created_at: str
    resolved_at: str | None
    submissions: list[PlaceSubmissionOut] = []


class PlaceLinkIn(Body):
    property: str = Field(description="the property's code, external id or UUID")


class PlaceNewPropertyIn(Body):
    category: str = Field(description="the registry's category (e.g. monument)")
    state: str = Field(description="the State whose inventory it joins (ISO 3166-1 alpha-3)")
    names: list[dict[str, Any]] | None = Field(
        None, description="[{text, lang}]; default: the survey's name (lang und)"
    )
    confidentiality: Literal["public", "location", "restricted"] = "public"
    lat: float | None = None
    lon: float | None = None
    location_certainty: Literal["exact", "approximate", "general", "unknown"] | None = None
    description: str | None = None
    external_id: str | None = Field(None, description="default: <form id>:<site id>")


class PlaceReviewedOut(Schema):
    place: FieldPlaceOut
    property: str = Field(description="the property's code")
    created: bool = Field(description="the property was recorded from the place")
    submissions: int = Field(description="submissions that became assessments or incidents")
