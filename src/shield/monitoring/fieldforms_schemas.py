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


class FieldFormOut(Schema):
    id: str
    form_id: str
    version: str
    title: str
    languages: list[str]
    questions: int
    mapping: dict[str, Any] = Field(description="the mapping to our fields (see the summary)")
    mapping_confirmed: bool


class RefusalOut(Schema):
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
    refused: list[RefusalOut]
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
    report: ReportOut | None
