"""What the parties' endpoints answer: the Committee on a date, its elections, and a
register's States (``/api/treaty/parties``). Each schema describes what
``shield.parties.elections`` and ``shield.parties.register.listing`` write, key for key."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from shield.core.schemas import CitedOut, DateText, NamesOut, Sparse, cite, sometimes


class SeatOut(Sparse):
    """A seat on the Committee: a member's term, its group and representative."""

    state: str
    name: str
    group: str = Field(description="the UNESCO electoral group (I-V); empty: unknown")
    starts_on: DateText
    last_day: DateText
    short: bool = Field(description="a two-year term drawn by lot at the first election")
    election: DateText = Field(description="the day of the election that gave the seat")
    meeting: str
    ended_by: DateText | None = Field(description="the election that ended the term early")
    representative: str
    expertise: list[str]
    synthetic: bool
    sits: bool = sometimes(description="whether it sits on the day (the Committee on a date only)")


class CountsFindingOut(CitedOut):
    result: dict[str, int]


class CommitteeFindingsOut(Schema):
    members: CitedOut = Field(description="who sits on the day, and why")
    balance: CountsFindingOut = Field(
        description=f"seats by electoral group ({cite('committee.regional_balance')})"
    )
    expertise: CountsFindingOut = Field(
        description=f"representatives by field ({cite('committee.expertise')})"
    )


class CommitteeOut(Schema):
    on: DateText
    members: list[SeatOut]
    sitting: list[str] = Field(description="the States that sit on the day, by code")
    findings: CommitteeFindingsOut
    synthetic: bool


class ElectionOut(Schema):
    held_on: DateText
    meeting: str
    ordinary: bool
    first: bool
    lot_seed: int | None = Field(description="the seed of the first election's draw by lot")
    short_term_ends: DateText | None
    elected: list[SeatOut]
    ended: list[str] = Field(description="States whose terms this election ended")
    reason: str
    balance: dict[str, int] = Field(description="seats by electoral group after the election")
    synthetic: bool
    source: str


class RegisterEntryOut(Sparse):
    """A State in a register, with its instrument and entry into force."""

    state: str
    name: NamesOut
    state_name: str = Field(description="the name the register records")
    treaty: Literal["protocol", "convention"]
    deposit_date: DateText
    instrument_type: Literal[
        "signature", "ratification", "acceptance", "approval", "accession", "succession"
    ]
    art44: bool = Field(
        description=f"a declaration under {cite('status.immediate_effect')} (immediate effect)"
    )
    succession_date: DateText | None
    entry_into_force: DateText | None
    denunciation_effective: DateText | None
    citations: list[str]
    reason: NamesOut = Field(description="why, in `en` and `nb`")
    source: str
    party_on: DateText = sometimes(description="the day asked (`on`), when given")
