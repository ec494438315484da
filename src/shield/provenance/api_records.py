"""Provenance endpoints, continued: export certificates, traced provenance with its gaps, and
return cases (on the router of ``api``)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404
from ninja import Schema, Status
from pydantic import Field

from shield.accounts.auth import WRITE_AUTH
from shield.core.language import reader_lang
from shield.core.schemas import READ, READ_ONE, WRITE, Body, DateText, cite
from shield.treaty.provisions import citation_of
from shield.treaty.trafficking import LEGAL_BASES

from . import cases, certificates, exports, present, trace
from .api import router
from .models import ExportCertificate, ReturnCase, TracedObject
from .schemas import ObjectIdIn, ObjectMeasurementIO, UpheavalIn, UpheavalOut

ExportType = Literal["permanent", "temporary"]
Purpose = Literal["sale", "exhibition", "research", "restoration", "other"]
EventKind = Literal[
    "creation", "acquisition", "sale", "gift", "inheritance", "loan", "export", "import",
    "seizure", "return",
]  # fmt: skip
LegalBasis = Literal["unesco_1970", "protocol_occupation", "first_protocol", "bilateral"]
Step = Literal["request", "negotiation", "mediation", "decision", "return"]
Side = Literal["claimant", "holder", "mediator"]


def _lang() -> str:
    return "nb" if reader_lang() == "nb" else "en"


def _data(payload: Body) -> dict:
    return payload.model_dump(mode="json", exclude_unset=True)


# ---- export certificates --------------------------------------------------------------------


class ExportIn(ObjectIdIn):
    issuing_state: str | None = Field(None, description="ISO alpha-3; default: the officer's")
    issuing_authority: str
    issued_on: str | None = Field(None, description="YYYY-MM-DD; default: today")
    valid_until: str
    export_type: ExportType
    return_by: str | None = None
    purpose: Purpose
    exporter_name: str
    exporter_address: str
    consignee_name: str
    consignee_address: str
    destination_state: str
    quantity: int = 1
    value: str | None = None
    currency: str = ""
    traced: str | None = Field(None, description="the code of the object's provenance record")


class ExportPartyOut(Schema):
    name: str
    address: str


class ExportObjectOut(Schema):
    object_type: str
    title: str
    maker: str
    date_period: str
    materials_techniques: str
    measurements: list[ObjectMeasurementIO]
    inscriptions_markings: str
    distinguishing_features: str
    subject: str


class ExportFieldsOut(Schema):
    """The fields of the UNESCO-WCO Model Export Certificate, as signed."""

    number: str
    issuing_state: str
    issuing_authority: str
    officer: str
    issued_on: DateText
    valid_until: DateText
    export_type: ExportType
    return_by: str = Field(description="YYYY-MM-DD, or empty for a permanent export")
    purpose: Purpose
    exporter: ExportPartyOut
    consignee: ExportPartyOut
    destination_state: str
    quantity: int
    value: str = Field(description="amount and currency, or empty")
    object: ExportObjectOut
    search_certificate: str = Field(description="the certified check the export rests on")
    issuer: str


class ExportCertificateOut(Schema):
    number: str
    fields: ExportFieldsOut = Field(description="the certificate's signed fields")
    valid: bool
    certificate: str = Field(description="the signed certificate (a signed note)")
    synthetic: bool


def _export_out(cert: ExportCertificate) -> dict[str, Any]:
    return {
        "number": cert.number,
        "fields": certificates.verify_fields_unchecked(cert.note),
        "valid": exports.validity(cert),
        "certificate": cert.note,
        "synthetic": cert.synthetic,
    }


@router.post(
    "/exports",
    auth=WRITE_AUTH,
    response={201: ExportCertificateOut, **WRITE},
    summary="Issue an export certificate (an authorised officer of the exporting State)",
    description=f"The UNESCO-WCO Model Export Certificate's fields ({cite('resolution.export_certificate')}). "
    "The object is first checked against the register (a certified check); an object that may "
    f"be on it is refused (409, {cite('suppression.illicit_export')}), as is an export from "
    f"occupied territory ({cite('occupation.illicit_export')}).",
)
def issue_export(request, payload: ExportIn):
    return Status(201, _export_out(exports.issue(request.user, _data(payload))))


@router.get(
    "/exports/{number}",
    response={200: ExportCertificateOut, **READ_ONE},
    summary="An export certificate",
)
def read_export(request, number: str):
    cert = exports.find(number)
    if cert is None:
        raise Http404(f"no export certificate {number!r}")
    return _export_out(cert)


# ---- provenance -----------------------------------------------------------------------------


class TracedIn(Body):
    title: str = ""
    object_type: str = ""
    maker: str = ""
    date_period: str = ""
    materials_techniques: str = ""
    measurements: list[ObjectMeasurementIO] = []
    inscriptions_markings: str = ""
    origin_state: str | None = None
    origin_place: str = ""
    holder: str = ""
    listing_url: str = ""
    register_entry: str | None = None


class EventIn(Body):
    kind: EventKind
    on: str | None = Field(None, description="a day YYYY-MM-DD, a month YYYY-MM or a year YYYY")
    on_from: str | None = None
    on_to: str | None = None
    place: str = ""
    parties: str = ""
    documents: list[dict[str, str]] = []
    note: str = ""


class EventOut(Schema):
    kind: EventKind
    on_from: DateText
    on_to: DateText
    place: str
    parties: str
    documents: list[dict[str, str]]
    note: str


class GapOut(Schema):
    start: DateText | None = Field(description="null: before the first record")
    end: DateText
    reasons: list[Literal["silence", "1970", "before_1970", "upheaval"]]
    upheavals: list[str]
    citations: list[str]


class TracedOut(Schema):
    code: str
    title: str
    object_type: str
    origin_state: str | None
    origin_place: str
    holder: str
    listing_url: str
    register_entry: str | None
    events: list[EventOut]
    gaps: list[GapOut]
    synthetic: bool


def _traced_out(obj: TracedObject) -> dict[str, Any]:
    lang = _lang()
    return {
        "code": obj.code,
        "title": obj.title,
        "object_type": obj.object_type,
        "origin_state": obj.origin_state.code if obj.origin_state else None,
        "origin_place": obj.origin_place,
        "holder": obj.holder,
        "listing_url": obj.listing_url,
        "register_entry": obj.register_entry.number if obj.register_entry else None,
        "events": [
            {
                "kind": e.kind,
                "on_from": e.on_from.isoformat(),
                "on_to": e.on_to.isoformat(),
                "place": e.place,
                "parties": e.parties,
                "documents": e.documents,
                "note": e.note,
            }
            for e in obj.events.all()
        ],
        "gaps": [
            {
                "start": g.start.isoformat() if g.start else None,
                "end": g.end.isoformat(),
                "reasons": list(g.reasons),
                "upheavals": [u.name for u in g.upheavals],
                "citations": g.labels(lang),
            }
            for g in trace.gaps(obj)
        ],
        "synthetic": obj.synthetic,
    }


def _traced(code: str) -> TracedObject:
    obj = trace.find(code)
    if obj is None:
        raise Http404(f"no provenance record {code!r}")
    return obj


@router.post("/provenance", auth=WRITE_AUTH, response={201: TracedOut, **WRITE},
             summary="Open a provenance record for an object")  # fmt: skip
def create_traced(request, payload: TracedIn):
    return Status(201, _traced_out(trace.create(request.user, _data(payload))))


@router.get(
    "/provenance/{code}",
    response={200: TracedOut, **READ_ONE},
    summary="An object's provenance: its events and the gaps flagged in the chain",
)
def read_traced(request, code: str):
    return _traced_out(_traced(code))


@router.post("/provenance/{code}/events", auth=WRITE_AUTH, response={201: TracedOut, **WRITE},
             summary="Add an ownership or possession event")  # fmt: skip
def add_event(request, code: str, payload: EventIn):
    obj = _traced(code)
    trace.add_event(request.user, obj, _data(payload))
    return Status(201, _traced_out(obj))


# ---- return cases ---------------------------------------------------------------------------


class CaseIn(Body):
    title: str
    claimant: str
    holder: str
    holder_state: str | None = None
    legal_basis: LegalBasis
    opened_on: str | None = None
    entries: list[str] = []
    traced: list[str] = []
    note: str = ""


class StepIn(Body):
    step: Step
    on: str
    note: str = ""
    documents: list[dict[str, str]] = []


class PositionIn(Body):
    side: Side
    party: str
    stated_on: str
    statement: str
    source: str = ""


class StepOut(Schema):
    step: Step
    on: DateText
    note: str


class PositionOut(Schema):
    side: Side
    party: str
    stated_on: DateText
    statement: str = Field(description="the party's claim, attributed; not a finding")
    source: str


class CaseOut(Schema):
    code: str
    title: str
    claimant: str
    holder: str
    holder_state: str | None
    legal_basis: LegalBasis
    legal_basis_citation: str
    status: Literal["open", "in_mediation", "decided", "returned", "closed"]
    opened_on: DateText
    entries: list[str]
    traced: list[str]
    steps: list[StepOut]
    positions: list[PositionOut]
    synthetic: bool


def _case_out(case: ReturnCase) -> dict[str, Any]:
    return {
        "code": case.code,
        "title": case.title,
        "claimant": case.claimant.code,
        "holder": case.holder,
        "holder_state": case.holder_state.code if case.holder_state else None,
        "legal_basis": case.legal_basis,
        "legal_basis_citation": citation_of(LEGAL_BASES[case.legal_basis]).label(_lang()),  # type: ignore[arg-type]
        "status": case.status,
        "opened_on": case.opened_on.isoformat(),
        "entries": [e.number for e in case.entries.all()],
        "traced": [t.code for t in case.traced.all()],
        "steps": [
            {"step": s.step, "on": s.on.isoformat(), "note": s.note} for s in case.steps.all()
        ],
        "positions": [
            {
                "side": p.side,
                "party": p.party,
                "stated_on": p.stated_on.isoformat(),
                "statement": p.statement,
                "source": p.source,
            }
            for p in case.positions.all()
        ],
        "synthetic": case.synthetic,
    }


def _case(code: str) -> ReturnCase:
    case = cases.find(code)
    if case is None:
        raise Http404(f"no return case {code!r}")
    return case


@router.post(
    "/cases",
    auth=WRITE_AUTH,
    response={201: CaseOut, **WRITE},
    summary="Open a return or restitution case (its request)",
    description=f"Return by negotiation, mediation and conciliation ({cite('resolution.return')}).",
)
def open_case(request, payload: CaseIn):
    return Status(201, _case_out(cases.open_case(request.user, _data(payload))))


@router.get("/cases/{code}", response={200: CaseOut, **READ_ONE}, summary="A return case")
def read_case(request, code: str):
    return _case_out(_case(code))


@router.post("/cases/{code}/steps", auth=WRITE_AUTH, response={201: CaseOut, **WRITE},
             summary="Record the next step of a case")  # fmt: skip
def add_step(request, code: str, payload: StepIn):
    case = _case(code)
    cases.add_step(request.user, case, _data(payload))
    return Status(201, _case_out(case))


@router.post("/cases/{code}/positions", auth=WRITE_AUTH, response={201: CaseOut, **WRITE},
             summary="Record a party's position (its claim, attributed)")  # fmt: skip
def add_position(request, code: str, payload: PositionIn):
    case = _case(code)
    cases.add_position(request.user, case, _data(payload))
    return Status(201, _case_out(case))


# ---- conflicts and occupations of places of origin ------------------------------------------


@router.get(
    "/upheavals",
    response={200: list[UpheavalOut], **READ},
    summary="The armed conflicts and occupations recorded (a provenance silent over one is flagged)",
)
def list_upheavals(request):
    lang = _lang()
    return [present.upheaval(u, lang) for u in trace.upheavals()]


@router.post(
    "/upheavals",
    auth=WRITE_AUTH,
    response={201: UpheavalOut, **WRITE},
    summary="Record an armed conflict or an occupation of a place of origin (the Secretariat)",
    description="A provenance whose chain is silent over it, for an object from that State (or "
    f"place), is flagged: {cite('occupation.illicit_export')}.",
)
def add_upheaval(request, payload: UpheavalIn):
    u = trace.add_upheaval(request.user, _data(payload))
    return Status(201, present.upheaval(u, _lang()))
