"""The market screening API's bodies (named apart from the other apps' schemas)."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

Against = Literal["stolen", "inventory", "both"]
DecisionCode = Literal["confirmed", "rejected", "unsure"]


class MarketProgressOut(Schema):
    phase: str
    done: int
    total: int | None = None


class MarketBatchOut(Schema):
    code: str
    status: Literal["queued", "running", "done", "failed"]
    against: Against
    engine: Literal["duckdb", "spark"]
    threshold: float = Field(description="the match probability from which a pair is reviewed")
    model_version: str = Field(description="the linkage model: its settings version and digest")
    listings: int
    records: int = Field(description="the records screened against")
    compared: int = Field(description="record pairs the blocking rules proposed")
    candidates: int
    seconds: float
    error: str
    synthetic: bool
    progress: MarketProgressOut
    status_url: str
    candidates_url: str


class MarketEvidenceOut(Schema):
    field: Literal["title", "object_type", "materials", "measurements", "date", "image"]
    level: str = Field(description="the comparison level the pair fell in")
    weight: float = Field(description="log2 of the level's Bayes factor (m/u)")
    listing: str
    record: str


class MarketImageOut(Schema):
    bits: float = Field(description="Hamming distance (of 64) under the nearest flip or turn")
    listing_image: str
    photo: int = Field(description="the register photograph's id")


class MarketListingOut(Schema):
    ref: str
    row: int
    title: str
    object_type: str
    materials: str
    measurements: str
    date: str
    language: str
    marketplace: str
    url: str


class MarketCandidateOut(Schema):
    id: int
    kind: Literal["stolen", "inventory"] = Field(description="the register it is on")
    record: str = Field(description="the register entry's number or the inventory's code")
    probability: float
    weight: float
    status: Literal["open", "confirmed", "rejected", "unsure"]
    listing: MarketListingOut
    evidence: list[MarketEvidenceOut]
    image: MarketImageOut | None = None


class MarketDecisionIn(Schema):
    decision: DecisionCode
    reason: str = Field("", max_length=2000, description="required to reject")


class MarketDecisionOut(Schema):
    candidate: int
    decision: DecisionCode
    status: Literal["open", "confirmed", "rejected", "unsure"]
    case: str | None = Field(None, description="the return case a confirmation opened")
    traced: str | None = Field(None, description="the traced object recording the listing")
