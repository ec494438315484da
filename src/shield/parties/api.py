"""The Committee as elected, at /api/committee: members on a date, and the elections.

Reading needs no login; recording an election needs the Secretariat (a token or a session).
A rule the election breaks answers with its refusals (``committee.*``), in the reader's
language, through the API's handler for ``Refused``.
"""

from __future__ import annotations

from datetime import date

from ninja import Router, Status

from shield.accounts.auth import WRITE_AUTH
from shield.core.language import reader_lang
from shield.core.schemas import READ, WRITE, Body, Bool, Int, IsoDate

from . import elections
from .schemas import CommitteeOut, ElectionOut

router = Router(tags=["committee"])


@router.get(
    "/committee",
    response={200: CommitteeOut, **READ},
    summary="The Committee on a date (default today): seats, terms, groups, who sits",
)
def committee(request, on: IsoDate | None = None):
    return elections.committee_on(on or date.today(), reader_lang())


@router.get(
    "/committee/elections",
    response={200: list[ElectionOut], **READ},
    summary="Every recorded election of the Committee's members",
)
def election_list(request):
    return elections.elections(reader_lang())


class RepresentativeIn(Body):
    name: str = ""
    expertise: list[str] = []


class ElectionIn(Body):
    held_on: IsoDate
    elected: list[str]
    meeting: str = ""
    ordinary: Bool = True
    first: Bool = False
    lot_seed: Int | None = None
    short_term_ends: IsoDate | None = None
    groups: dict[str, str] = {}
    representatives: dict[str, RepresentativeIn] = {}
    source: str = ""


@router.post(
    "/committee/elections",
    auth=WRITE_AUTH,
    response={201: ElectionOut, **WRITE},
    summary="Record an election by the Meeting of the Parties (the Secretariat)",
)
def record(request, body: ElectionIn):
    e = elections.record_election(
        request.user,
        body.held_on,
        body.elected,
        meeting=body.meeting,
        ordinary=body.ordinary,
        first=body.first,
        lot_seed=body.lot_seed,
        short_term_ends=body.short_term_ends,
        groups=body.groups,
        representatives={k: v.dict() for k, v in body.representatives.items()},
        source=body.source,
    )
    return Status(201, elections.election_dict(e, reader_lang()))
