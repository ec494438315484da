"""The screening API's typed bodies and answers."""

from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import Field

from shield.core.schemas import Body, IsoDate, Lang


class TargetIn(Body):
    id: str | None = Field(
        None, max_length=200, description="your name for it (default: its place in the list)"
    )
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_m: float | None = Field(
        None, ge=0, le=1_000_000, description="its own radius (default: the run's)"
    )


class ScreenIn(Body):
    on: IsoDate = Field(description="the date of the operation: protection in force that day")
    radius_m: float = Field(
        0.0, ge=0, le=1_000_000, description="each target's radius unless it has its own"
    )
    reverse: bool = Field(
        False, description="the property within radius_m of each military objective (no buffers)"
    )
    buffers: dict[str, float] | None = Field(
        None, description="metres by level, replacing the configured ones"
    )
    lang: Lang | None = None
    targets: list[TargetIn] = Field(min_length=1, max_length=100_000)


class ScreenAreaOut(Schema):
    south: float
    west: float
    north: float
    east: float


class ScreenLocationOut(Schema):
    lat: float
    lon: float
    area: ScreenAreaOut | None = Field(
        None, description="a confidential location: its area of about 10 km"
    )


class HitPropertyOut(Schema):
    id: str
    code: str
    name: str
    category: str
    state: str
    synthetic: bool


class ProtectionOut(Schema):
    levels: list[str]
    reason: str
    citations: list[str]


class HitOut(Schema):
    target: str
    target_lat: float
    target_lon: float
    radius_m: float
    property: HitPropertyOut
    precision: Literal["exact", "area"]
    measured_to: Literal["point", "boundary", "area"]
    location: ScreenLocationOut
    distance_m: float = Field(description="on the WGS84 ellipsoid, to the point, boundary or area")
    buffer_m: float
    reach_m: float = Field(
        description="the radius plus the buffer (the reverse screen: the radius)"
    )
    levels: list[str]
    protection: ProtectionOut
    reason: str
    citations: list[str]


class ScreenOut(Schema):
    run: str
    kind: Literal["screen", "reverse"]
    on: str
    lang: str
    radius_m: float
    buffers: dict[str, float]
    targets: int
    sites: int
    hits: int
    items: list[HitOut]


class ScreenProgressOut(Schema):
    phase: str
    done: int
    total: int | None


class RunOut(Schema):
    run: str
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    on: str
    counts: dict[str, int]
    progress: ScreenProgressOut
    error: str
    status_url: str
    result_url: str | None
