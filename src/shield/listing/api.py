"""The enhanced-protection procedure and the List at /api/.

A step the Protocol does not allow is a refusal of ``shield.treaty`` (raised by the services,
rendered by ``shield.api``): 409 for a step not allowed at that point, 422 for a bad ground or
criterion, 403 for a State acting for another or a right reserved to Parties; the body is
``{error, code, citations, errors}`` in the reader's language (Accept-Language), ``error``
led by the provisions it rests on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpResponse, JsonResponse
from ninja import Router, Schema, Status

from shield.accounts.auth import WRITE_AUTH
from shield.core.language import reader_lang
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

router = Router(tags=["listing"])


def _lang() -> str:
    return reader_lang()


def _prop(user, code: str):
    prop = find_visible(user, code)
    if prop is None:
        raise Http404(f"no property {code}")
    return prop


# --- the List ----------------------------------------------------------------------------------


@router.get("/list", summary="The List as it stood on a date (default today)")
def the_list(request, on: date | None = None):
    on = on or date.today()
    return {"on": on.isoformat(), "entries": public.entries_on(request.user, on, _lang())}


@router.get("/list.csv", summary="The List as CSV")
def the_list_csv(request, on: date | None = None):
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
    "/list.geojson", summary="The List as GeoJSON (confidential points as their area's centre)"
)
def the_list_geojson(request, on: date | None = None):
    on = on or date.today()
    return JsonResponse(
        public.as_geojson(public.entries_on(request.user, on, _lang()), on),
        content_type="application/geo+json",
    )


@router.get("/list/feed.atom", summary="Changes to the List as an Atom feed")
def the_list_feed(request):
    return HttpResponse(
        public.atom_feed(request.user, request.build_absolute_uri("/").rstrip("/"), _lang()),
        content_type="application/atom+xml; charset=utf-8",
    )


# --- tentative lists and initiatives -------------------------------------------------------------


class TentativeIn(Schema):
    property: str
    state: str
    submitted_on: date | None = None
    note: str = ""


@router.post("/listing/tentative", auth=WRITE_AUTH, response={201: dict})
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


@router.get("/listing/tentative")
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


class InitiativeIn(Schema):
    property: str
    kind: str
    text: str
    dated: date | None = None
    by_state: str = ""
    by_organisation: str = ""
    invited_state: str = ""


@router.post("/listing/initiatives", auth=WRITE_AUTH, response={201: dict})
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


class RequestIn(Schema):
    property: str
    state: str
    evidence_a: str = ""
    evidence_b: str = ""
    evidence_c: str = ""
    declaration: bool = False
    emergency: bool = False
    conflict_parties: list[str] = []
    assistance_ref: str = ""
    submitted_on: date | None = None


@router.get("/listing/requests")
def requests_index(request, status: str = ""):
    from .models import Request

    qs = Request.objects.filter(property__in=visible_to(request.user)).select_related(
        "property", "state"
    )
    if status:
        qs = qs.filter(status=status)
    return [request_dict(request.user, r, _lang(), full=False) for r in qs]


@router.post("/listing/requests", auth=WRITE_AUTH, response={201: dict})
def submit(request, body: RequestIn):
    data = body.dict()
    req = services.submit_request(request.user, _prop(request.user, data.pop("property")), data)
    return Status(201, request_dict(request.user, req, _lang()))


@router.get("/listing/requests/{ref}")
def request_detail(request, ref: str):
    return request_dict(request.user, request_for(request.user, ref), _lang())


class DayIn(Schema):
    on: date | None = None


@router.post("/listing/requests/{ref}/register", auth=WRITE_AUTH)
def register(request, ref: str, body: DayIn):
    req = services.register(request.user, request_for(request.user, ref), body.on)
    return request_dict(request.user, req, _lang())


@router.post("/listing/requests/{ref}/notify", auth=WRITE_AUTH)
def notify(request, ref: str, body: DayIn):
    req = services.notify(request.user, request_for(request.user, ref), body.on)
    return request_dict(request.user, req, _lang())


@router.post("/listing/requests/{ref}/withdraw", auth=WRITE_AUTH)
def withdraw(request, ref: str, body: DayIn):
    req = services.withdraw(request.user, request_for(request.user, ref), body.on)
    return request_dict(request.user, req, _lang())


class SubmissionIn(Schema):
    state: str = ""
    organisation: str = ""
    criterion: str = ""
    facts: str = ""
    attachments: list[dict[str, Any]] = []
    submitted_on: date | None = None


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


@router.post("/listing/requests/{ref}/representations", auth=WRITE_AUTH, response={201: dict})
def representation(request, ref: str, body: SubmissionIn):
    return _submission(services.represent, request, ref, body)


@router.post("/listing/requests/{ref}/responses", auth=WRITE_AUTH, response={201: dict})
def response(request, ref: str, body: SubmissionIn):
    return _submission(services.respond, request, ref, body)


@router.post("/listing/requests/{ref}/advice", auth=WRITE_AUTH, response={201: dict})
def advice(request, ref: str, body: SubmissionIn):
    return _submission(services.advise, request, ref, body)


class ViewsIn(Schema):
    proposal: str
    grounds: list[str]
    opened_on: date | None = None
    closes_on: date | None = None
    note: str = ""


@router.post("/listing/requests/{ref}/views", auth=WRITE_AUTH, response={201: dict})
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


class AssertionIn(Schema):
    asserted_by_state: str = ""
    asserted_by_organisation: str = ""
    asserted_on: date | None = None
    period_from: date | None = None
    period_to: date | None = None
    facts: str = ""
    evidence: list[dict[str, Any]] = []


@router.post(
    "/listing/requests/{ref}/military-use-assertions",
    auth=WRITE_AUTH,
    response={201: dict},
    summary="Record an assertion that listed property became a military objective by its use (a claim)",
)
def military_use_assertion(request, ref: str, body: AssertionIn):
    a = committee.assert_military_use(request.user, request_for(request.user, ref), body.dict())
    return Status(201, assertion_dict(a, _lang()))


@router.get("/listing/requests/{ref}/military-use-assertions")
def military_use_assertions(request, ref: str):
    return assertions_of(request_for(request.user, ref), _lang())


# --- sessions and decisions -------------------------------------------------------------------------


class SessionIn(Schema):
    ref: str
    kind: str
    held_on: date
    members: list[str] = []
    present: list[str] | None = None


@router.post("/listing/sessions", auth=WRITE_AUTH, response={201: dict})
def create_session(request, body: SessionIn):
    s = committee.create_session(
        request.user, body.ref, body.kind, body.held_on, body.members, body.present
    )
    return Status(201, session_dict(s, _lang()))


@router.get("/listing/sessions/{ref}")
def session_detail(request, ref: str):
    return session_dict(session_for(ref), _lang())


class AgendaIn(Schema):
    request: str


@router.post("/listing/sessions/{ref}/agenda", auth=WRITE_AUTH)
def agenda(request, ref: str, body: AgendaIn):
    s = session_for(ref)
    committee.add_to_agenda(request.user, s, request_for(request.user, body.request))
    return session_dict(s, _lang())


class DecisionIn(Schema):
    request: str
    motion: str
    grounds: list[str] = []
    continuous: bool = False
    votes: dict[str, str] = {}


@router.post("/listing/sessions/{ref}/decisions", auth=WRITE_AUTH, response={201: dict})
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
