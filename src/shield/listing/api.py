"""The enhanced-protection procedure and the List at /api/.

A step the Protocol does not allow is a refusal of ``shield.treaty`` (raised by the services,
rendered by ``shield.api``): 409 for a step not allowed at that point, 422 for a bad ground or
criterion, 403 for a State acting for another or a right reserved to Parties; the body is
``{error, code, citations, errors}`` in the reader's language (Accept-Language), ``error``
led by the provisions it rests on.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import Http404, HttpResponse, JsonResponse
from ninja import Field, Router, Status

from shield.accounts.auth import WRITE_AUTH
from shield.core.language import reader_lang
from shield.core.schemas import READ, READ_ONE, WRITE, Body, Bool, IsoDate, media
from shield.registry.disclosure import find_visible, visible_to

from . import committee, public, services
from .present import (
    assertion_dict,
    assertions_of,
    decision_dict,
    request_dict,
    request_for,
    session_dict,
    session_for,
)
from .schemas import (
    AssertionOut,
    DecisionOut,
    InitiativeOut,
    ListOut,
    RequestOut,
    RequestStatus,
    RequestSummaryOut,
    SessionOut,
    SubmissionOut,
    TentativeOut,
    ViewsOut,
)

router = Router(tags=["listing"])

# Motions, criteria and grounds the treaty refuses with its code and citations (422), so the
# contract lists them as enums while the body takes any text and leaves the refusal to it.
MOTIONS = [
    "grant",
    "exceptional_grant",
    "provisional",
    "deny",
    "defer",
    "suspend",
    "cancel",
    "lift",
]
GROUNDS = ["a", "b", "c", "art12"]


def _enum(values: list[str], default: Any = ..., description: str = "") -> Any:
    return Field(default, description=description, json_schema_extra={"enum": values})


def _enums(values: list[str], default: Any = ..., description: str = "") -> Any:
    return Field(
        default,
        description=description,
        json_schema_extra={"items": {"enum": values, "type": "string"}},
    )


Vote = Literal["yes", "no", "abstain", ""]


def _lang() -> str:
    return reader_lang()


def _prop(user, code: str):
    prop = find_visible(user, code)
    if prop is None:
        raise Http404(f"no property {code}")
    return prop


# --- the List ----------------------------------------------------------------------------------


@router.get(
    "/list",
    response={200: ListOut, **READ},
    summary="The List as it stood on a date (default today)",
)
def the_list(request, on: IsoDate | None = None):
    on = on or date.today()
    return {"on": on.isoformat(), "entries": public.entries_on(request.user, on, _lang())}


@router.get(
    "/list.csv",
    response=READ,
    openapi_extra=media("text/csv", "the List as CSV"),
    summary="The List as CSV",
)
def the_list_csv(request, on: IsoDate | None = None):
    on = on or date.today()
    resp = HttpResponse(
        public.as_csv(public.entries_on(request.user, on, _lang())),
        content_type="text/csv; charset=utf-8",
    )
    resp["Content-Disposition"] = (
        f'attachment; filename="enhanced-protection-list-{on.isoformat()}.csv"'
    )
    return resp


@router.get(
    "/list.geojson",
    response=READ,
    openapi_extra=media("application/geo+json", "a GeoJSON FeatureCollection"),
    summary="The List as GeoJSON (confidential points as their area's centre)",
)
def the_list_geojson(request, on: IsoDate | None = None):
    on = on or date.today()
    return JsonResponse(
        public.as_geojson(public.entries_on(request.user, on, _lang()), on),
        content_type="application/geo+json",
    )


@router.get(
    "/list/feed.atom",
    response=READ,
    openapi_extra=media("application/atom+xml", "an Atom feed (RFC 4287)"),
    summary="Changes to the List as an Atom feed",
)
def the_list_feed(request):
    return HttpResponse(
        public.atom_feed(request.user, request.build_absolute_uri("/").rstrip("/"), _lang()),
        content_type="application/atom+xml; charset=utf-8",
    )


# --- tentative lists and initiatives -------------------------------------------------------------


class TentativeIn(Body):
    property: str
    state: str
    submitted_on: IsoDate | None = None
    note: str = ""


@router.post("/listing/tentative", auth=WRITE_AUTH, response={201: TentativeOut, **WRITE})
def tentative(request, body: TentativeIn):
    e = services.add_tentative(
        request.user, _prop(request.user, body.property), body.state, body.submitted_on, body.note
    )
    return Status(
        201,
        {
            "state": e.state.code,
            "property": e.property.code,
            "submitted_on": e.submitted_on.isoformat(),
            "competing_claims": e.competing_claims,
        },
    )


@router.get("/listing/tentative", response={200: list[TentativeOut], **READ})
def tentative_list(request, state: str = ""):
    from .models import TentativeEntry

    qs = TentativeEntry.objects.filter(property__in=visible_to(request.user)).select_related(
        "state", "property"
    )
    if state:
        qs = qs.filter(state__code=state.upper())
    return [
        {
            "state": e.state.code,
            "property": e.property.code,
            "submitted_on": e.submitted_on.isoformat(),
            "note": e.note,
            "competing_claims": e.competing_claims,
        }
        for e in qs
    ]


class InitiativeIn(Body):
    property: str
    kind: Literal["recommendation", "invitation"]
    text: str
    dated: IsoDate | None = None
    by_state: str = ""
    by_organisation: str = ""
    invited_state: str = ""


@router.post("/listing/initiatives", auth=WRITE_AUTH, response={201: InitiativeOut, **WRITE})
def initiative(request, body: InitiativeIn):
    i = services.add_initiative(
        request.user,
        _prop(request.user, body.property),
        body.kind,
        body.text,
        body.dated,
        body.by_state,
        body.by_organisation,
        body.invited_state,
    )
    return Status(201, {"id": str(i.id), "kind": i.kind, "dated": i.dated.isoformat()})


# --- requests -------------------------------------------------------------------------------------


class RequestIn(Body):
    property: str
    state: str
    evidence_a: str = ""
    evidence_b: str = ""
    evidence_c: str = ""
    declaration: Bool = False
    emergency: Bool = False
    conflict_parties: list[str] = []
    assistance_ref: str = ""
    submitted_on: IsoDate | None = None


@router.get("/listing/requests", response={200: list[RequestSummaryOut], **READ})
def requests_index(request, status: RequestStatus | None = None):
    from .models import Request

    qs = Request.objects.filter(property__in=visible_to(request.user)).select_related(
        "property", "state"
    )
    if status:
        qs = qs.filter(status=status)
    return [request_dict(request.user, r, _lang(), full=False) for r in qs]


@router.post("/listing/requests", auth=WRITE_AUTH, response={201: RequestOut, **WRITE})
def submit(request, body: RequestIn):
    data = body.dict()
    req = services.submit_request(request.user, _prop(request.user, data.pop("property")), data)
    return Status(201, request_dict(request.user, req, _lang()))


@router.get("/listing/requests/{ref}", response={200: RequestOut, **READ_ONE})
def request_detail(request, ref: str):
    return request_dict(request.user, request_for(request.user, ref), _lang())


class DayIn(Body):
    on: IsoDate | None = None


@router.post(
    "/listing/requests/{ref}/register", auth=WRITE_AUTH, response={200: RequestOut, **WRITE}
)
def register(request, ref: str, body: DayIn):
    req = services.register(request.user, request_for(request.user, ref), body.on)
    return request_dict(request.user, req, _lang())


@router.post("/listing/requests/{ref}/notify", auth=WRITE_AUTH, response={200: RequestOut, **WRITE})
def notify(request, ref: str, body: DayIn):
    req = services.notify(request.user, request_for(request.user, ref), body.on)
    return request_dict(request.user, req, _lang())


@router.post(
    "/listing/requests/{ref}/withdraw", auth=WRITE_AUTH, response={200: RequestOut, **WRITE}
)
def withdraw(request, ref: str, body: DayIn):
    req = services.withdraw(request.user, request_for(request.user, ref), body.on)
    return request_dict(request.user, req, _lang())


class SubmissionIn(Body):
    state: str = ""
    organisation: str = ""
    criterion: str = _enum(
        ["a", "b", "c", ""], "", "a representation's criterion (enhanced.criteria)"
    )
    facts: str = ""
    attachments: list[dict[str, Any]] = []
    submitted_on: IsoDate | None = None


def _submission(fn, request, ref, body):
    sub = fn(request.user, request_for(request.user, ref), body.dict())
    return Status(
        201,
        {
            "id": str(sub.id),
            "kind": sub.kind,
            "criterion": sub.criterion,
            "submitted_on": sub.submitted_on.isoformat(),
        },
    )


@router.post(
    "/listing/requests/{ref}/representations",
    auth=WRITE_AUTH,
    response={201: SubmissionOut, **WRITE},
)
def representation(request, ref: str, body: SubmissionIn):
    return _submission(services.represent, request, ref, body)


@router.post(
    "/listing/requests/{ref}/responses", auth=WRITE_AUTH, response={201: SubmissionOut, **WRITE}
)
def response(request, ref: str, body: SubmissionIn):
    return _submission(services.respond, request, ref, body)


@router.post(
    "/listing/requests/{ref}/advice", auth=WRITE_AUTH, response={201: SubmissionOut, **WRITE}
)
def advice(request, ref: str, body: SubmissionIn):
    return _submission(services.advise, request, ref, body)


class ViewsIn(Body):
    proposal: Literal["suspend", "cancel"]
    grounds: list[str] = _enums(GROUNDS)
    opened_on: IsoDate | None = None
    closes_on: IsoDate | None = None
    note: str = ""


@router.post("/listing/requests/{ref}/views", auth=WRITE_AUTH, response={201: ViewsOut, **WRITE})
def views(request, ref: str, body: ViewsIn):
    c = committee.open_views(
        request.user,
        request_for(request.user, ref),
        body.proposal,
        body.grounds,
        body.opened_on,
        body.closes_on,
        body.note,
    )
    return Status(
        201,
        {
            "proposal": c.proposal,
            "grounds": c.grounds,
            "opened_on": c.opened_on.isoformat(),
            "closes_on": c.closes_on.isoformat(),
        },
    )


class AssertionIn(Body):
    asserted_by_state: str = ""
    asserted_by_organisation: str = ""
    asserted_on: IsoDate | None = None
    period_from: IsoDate | None = None
    period_to: IsoDate | None = None
    facts: str = ""
    evidence: list[dict[str, Any]] = []


@router.post(
    "/listing/requests/{ref}/military-use-assertions",
    auth=WRITE_AUTH,
    response={201: AssertionOut, **WRITE},
    summary="Record an assertion that listed property became a military objective by its use (a claim)",
)
def military_use_assertion(request, ref: str, body: AssertionIn):
    a = committee.assert_military_use(request.user, request_for(request.user, ref), body.dict())
    return Status(201, assertion_dict(a, _lang()))


@router.get(
    "/listing/requests/{ref}/military-use-assertions",
    response={200: list[AssertionOut], **READ_ONE},
)
def military_use_assertions(request, ref: str):
    return assertions_of(request_for(request.user, ref), _lang())


# --- sessions and decisions -------------------------------------------------------------------------


class SessionIn(Body):
    ref: str
    kind: Literal["ordinary", "extraordinary"]
    held_on: IsoDate
    members: list[str] = []
    present: list[str] | None = None


@router.post("/listing/sessions", auth=WRITE_AUTH, response={201: SessionOut, **WRITE})
def create_session(request, body: SessionIn):
    s = committee.create_session(
        request.user, body.ref, body.kind, body.held_on, body.members, body.present
    )
    return Status(201, session_dict(s, _lang()))


@router.get("/listing/sessions/{ref}", response={200: SessionOut, **READ_ONE})
def session_detail(request, ref: str):
    return session_dict(session_for(ref), _lang())


class AgendaIn(Body):
    request: str


@router.post("/listing/sessions/{ref}/agenda", auth=WRITE_AUTH, response={200: SessionOut, **WRITE})
def agenda(request, ref: str, body: AgendaIn):
    s = session_for(ref)
    committee.add_to_agenda(request.user, s, request_for(request.user, body.request))
    return session_dict(s, _lang())


class DecisionIn(Body):
    request: str
    motion: str = _enum(MOTIONS)
    grounds: list[str] = _enums(GROUNDS, [])
    continuous: Bool = False
    votes: dict[str, Vote] = Field({}, description="each member present (State code): its vote")


@router.post(
    "/listing/sessions/{ref}/decisions", auth=WRITE_AUTH, response={201: DecisionOut, **WRITE}
)
def decision(request, ref: str, body: DecisionIn):
    d = committee.decide(
        request.user,
        session_for(ref),
        request_for(request.user, body.request),
        body.motion,
        body.votes,
        body.grounds,
        continuous=body.continuous,
    )
    return Status(201, decision_dict(d, _lang()))
