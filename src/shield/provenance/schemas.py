"""The provenance API's typed bodies."""

from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import Field

from shield.core.schemas import Body, DateText, DateTimeText, Sparse, sometimes

Circumstance = Literal[
    "theft",
    "looting_in_armed_conflict",
    "illicit_excavation",
    "illicit_export",
    "removal_from_occupied_territory",
]
Status = Literal["reported", "circulated", "recovered", "returned"]
RedList = Literal[
    "archaeological_objects",
    "manuscripts_and_books",
    "religious_objects",
    "sculpture",
    "coins_and_seals",
    "ethnographic_objects",
    "paintings",
    "textiles",
    "metalwork_and_jewellery",
    "ceramics_and_glass",
]
Outcome = Literal["match", "partial", "differs"]


class ObjectMeasurementIO(Schema):
    dimension: str
    value: int | float
    unit: str


class ObjectPhotographIO(Schema):
    url: str
    caption: str = ""


class ObjectIdIn(Body):
    object_type: str = ""
    title: str = ""
    maker: str = ""
    date_period: str = ""
    materials_techniques: str = ""
    measurements: list[ObjectMeasurementIO] = []
    inscriptions_markings: str = ""
    distinguishing_features: str = ""


class EntryIn(ObjectIdIn):
    subject: str = ""
    photographs: list[ObjectPhotographIO] = []
    text_lang: str = "en"
    reporting_state: str | None = Field(None, description="ISO alpha-3; default: the officer's")
    reported_on: str | None = Field(None, description="YYYY-MM-DD; default: today")
    lost_from: str | None = None
    lost_to: str | None = None
    lost_place: str = ""
    circumstances: Circumstance
    red_list_category: RedList | Literal[""] = ""
    police_reference: str = ""
    police_notes: str = ""
    interpol_reference: str = ""
    property: str | None = Field(None, description="the inventory's property code, if listed")


class EntryPatch(Body):
    object_type: str | None = None
    title: str | None = None
    maker: str | None = None
    date_period: str | None = None
    materials_techniques: str | None = None
    measurements: list[ObjectMeasurementIO] | None = None
    inscriptions_markings: str | None = None
    distinguishing_features: str | None = None
    subject: str | None = None
    lost_place: str | None = None
    lost_from: str | None = None
    lost_to: str | None = None
    police_reference: str | None = None
    police_notes: str | None = None
    interpol_reference: str | None = None
    property: str | None = None


class StatusIn(Body):
    status: Status
    note: str = ""


class StolenEntryOut(Sparse):
    id: str
    number: str
    object_type: str
    title: str
    maker: str
    date_period: str
    materials_techniques: str
    measurements: list[ObjectMeasurementIO]
    inscriptions_markings: str
    distinguishing_features: str
    subject: str
    photographs: list[ObjectPhotographIO]
    text_lang: str
    reporting_state: str = Field(description="ISO 3166-1 alpha-3")
    reported_on: DateText
    lost_from: str = Field(description="YYYY-MM-DD, or empty")
    lost_to: str = Field(description="YYYY-MM-DD, or empty")
    lost_place: str
    circumstances: Circumstance
    circumstances_label: str
    circumstances_citation: str = Field(description="the provision the circumstance rests on")
    red_list_category: str
    interpol_reference: str
    status: Status
    status_label: str
    property: str = Field(description="the inventory's property code, or empty")
    synthetic: bool
    police_reference: str = sometimes("the police file: only for those who read it in full")
    police_notes: str = sometimes("the police file: only for those who read it in full")


class CheckReasonOut(Schema):
    field: str
    field_label: str
    outcome: Outcome
    outcome_label: str
    score: float
    query: str
    record: str


class CheckImageOut(Schema):
    outcome: Outcome
    outcome_label: str
    score: float = Field(description="0..100 from the perceptual hashes' Hamming distance")
    bits: float = Field(description="the mean Hamming distance (of 64 bits) of the nearest pair")
    photograph: int = Field(description="which photograph searched (its position, from 0)")


class CheckCandidateOut(Schema):
    number: str
    score: float = Field(description="the fields' weighted score, the photograph counted")
    image: CheckImageOut | None = Field(
        description="the nearest of the entry's photographs to those searched (null: no "
        "photograph on one side)"
    )
    title: str
    object_type: str
    status: Status
    status_label: str
    circumstances: Circumstance
    circumstances_label: str
    reporting_state: str
    lost_place: str
    text_lang: str = Field(description="BCP 47 tag of the entry's description")
    reasons: list[CheckReasonOut]


class CertifiedImageOut(Schema):
    outcome: Outcome
    score: float
    photograph: int


class CertifiedCandidateOut(Sparse):
    number: str
    score: float
    status: str
    fields: dict[str, Outcome] = Field(description="each field compared: its outcome")
    image: CertifiedImageOut = sometimes("when photographs were searched and the entry has some")


class CheckResultOut(Schema):
    count: int
    candidates: list[CertifiedCandidateOut]


class SearchedPhotoOut(Schema):
    sha256: str
    phash: str = Field(description="perceptual hash (pHash), 16 hexadecimal digits")
    dhash: str = Field(description="difference hash (dHash), 16 hexadecimal digits")


class ObjectPhotoOut(Schema):
    id: int
    sha256: str
    filename: str
    caption: str
    media_type: str
    size: int
    width: int
    height: int
    phash: str
    dhash: str
    uploaded_at: DateTimeText
    view: str = Field(description="the picture as shown (its pixels only, no metadata)")


class UpheavalIn(Body):
    state: str = Field(description="ISO 3166-1 alpha-3")
    place: str = Field("", description="empty: the whole State")
    kind: Literal["armed_conflict", "occupation"]
    name: str
    began_on: DateText
    ended_on: DateText | None = None
    source: str = ""


class UpheavalOut(Schema):
    id: int
    state: str
    place: str
    kind: str
    kind_label: str
    name: str
    began_on: DateText
    ended_on: str = Field(description="YYYY-MM-DD, or empty: not ended")
    source: str
    synthetic: bool


class CheckQueryOut(Sparse):
    object_type: str = sometimes()
    title: str = sometimes()
    maker: str = sometimes()
    date_period: str = sometimes()
    materials_techniques: str = sometimes()
    measurements: list[ObjectMeasurementIO] = sometimes()
    inscriptions_markings: str = sometimes()
    distinguishing_features: str = sometimes()
    photographs: list[SearchedPhotoOut] = sometimes("the photographs searched, by their hashes")


class SearchCertificateOut(Schema):
    number: str
    issued_at: str
    asked_by: str = Field(description="the user's name, or 'anonymous'")
    query: CheckQueryOut
    register_version: str = Field(description="SHA-256 over the register's records")
    register_size: int
    result: CheckResultOut
    valid: bool = Field(description="the stored certificate verifies under the issuer's key")
    certificate: str = Field(description="the signed certificate (a signed note)")


class DueDiligenceOut(Schema):
    candidates: list[CheckCandidateOut]
    certificate: SearchCertificateOut


class RegisterImportOut(Schema):
    created: int
    updated: int
    unchanged: int


class CertificateKeyOut(Schema):
    key: str = Field(description="the verifier key certificates are signed with")
