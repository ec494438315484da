"""Provenance endpoints: the register of stolen and missing objects, due-diligence checks
and their certificates."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpResponse
from ninja import Router, Status
from ninja.errors import HttpError

from shield.accounts.auth import WRITE_AUTH
from shield.core.language import reader_lang
from shield.core.schemas import READ, READ_ONE, WRITE, Body, cite, errors

from . import check, interchange, present, register
from .certificates import CertificateProblem, verifier
from .models import RegisterEntry
from .schemas import (
    CertificateKeyOut,
    DueDiligenceOut,
    EntryIn,
    EntryPatch,
    ObjectIdIn,
    RegisterImportOut,
    SearchCertificateOut,
    StatusIn,
    StolenEntryOut,
)
from .schemas import (
    Status as EntryStatus,
)

router = Router(tags=["provenance"])


def _entry(ref: str) -> RegisterEntry:
    found = register.find(ref)
    if found is None:
        raise Http404(f"no register entry {ref!r}")
    return found


@router.get(
    "/stolen",
    response={200: list[StolenEntryOut], **READ},
    summary="The register of stolen, looted, missing and illicitly exported objects",
    description=f"Resolution 76/16's databases ({cite('resolution.databases')}). The police file "
    "(police reference and notes) only for those who read an entry in full.",
)
def list_entries(
    request,
    status: EntryStatus | None = None,
    state: str | None = None,
    property: str | None = None,
):
    qs = register.entries()
    if status:
        qs = qs.filter(status=status)
    if state:
        qs = qs.filter(reporting_state__code=state.upper())
    if property:  # the inventory's side of the link: the losses of one property
        qs = qs.filter(property__code=property)
    lang = reader_lang()
    return [present.entry(e, request.user, lang) for e in qs]


@router.post(
    "/stolen",
    auth=WRITE_AUTH,
    response={201: StolenEntryOut, **WRITE},
    summary="Report a loss (a party officer for its own State, or the Secretariat)",
)
def report(request, payload: EntryIn):
    e = register.report(request.user, payload.model_dump(mode="json", exclude_unset=True))
    return Status(201, present.entry(e, request.user, reader_lang()))


def _record_schema() -> dict:
    """The JSON layout of one exported entry (``register.record``)."""
    kinds = {"measurements": "array", "photographs": "array", "synthetic": "boolean"}
    props: dict = {}
    for f in register.FIELDS:
        kind = kinds.get(f, "string")
        props[f] = {"type": kind}
        if kind == "array":
            props[f]["items"] = {
                "type": "object",
                "properties": {
                    "dimension": {"type": "string"},
                    "value": {"type": "number"},
                    "unit": {"type": "string"},
                }
                if f == "measurements"
                else {"url": {"type": "string"}, "caption": {"type": "string"}},
            }
    return {"type": "object", "properties": props}


_EXPORT_MEDIA = {
    "responses": {
        200: {
            "description": "the register: JSON (format=json), or CSV (csv, interpol)",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "format": {"type": "string"},
                            "register_version": {"type": "string"},
                            "entries": {"type": "array", "items": _record_schema()},
                        },
                    }
                },
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    }
}


@router.get(
    "/stolen/export",
    response={**READ},
    summary="The register as JSON, CSV or INTERPOL CSV",
    openapi_extra=_EXPORT_MEDIA,
)
def export(request, format: Literal["json", "csv", "interpol"] = "json"):
    text = interchange.export(format, request.user)
    kind = "application/json" if format == "json" else "text/csv"
    response = HttpResponse(text, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="stolen-register.{"json" if format == "json" else "csv"}"'
    )
    return response


class ImportIn(Body):
    format: Literal["json", "csv", "interpol"] = "json"
    text: str


@router.post(
    "/stolen/import",
    auth=WRITE_AUTH,
    response={200: RegisterImportOut, **WRITE},
    summary="Import entries (JSON, CSV or INTERPOL CSV), all or nothing",
)
def import_entries(request, payload: ImportIn):
    return interchange.import_register(payload.text, payload.format, request.user)


@router.get(
    "/stolen/{ref}", response={200: StolenEntryOut, **READ_ONE}, summary="One register entry"
)
def read_entry(request, ref: str):
    return present.entry(_entry(ref), request.user, reader_lang())


@router.patch(
    "/stolen/{ref}",
    auth=WRITE_AUTH,
    response={200: StolenEntryOut, **WRITE},
    summary="Correct a register entry's description or loss",
)
def correct(request, ref: str, payload: EntryPatch):
    e = register.update(
        request.user, _entry(ref), payload.model_dump(mode="json", exclude_unset=True)
    )
    return present.entry(e, request.user, reader_lang())


@router.post(
    "/stolen/{ref}/status",
    auth=WRITE_AUTH,
    response={200: StolenEntryOut, **WRITE},
    summary="Change a register entry's status (reported, circulated, recovered, returned)",
)
def set_status(request, ref: str, payload: StatusIn):
    e = register.set_status(request.user, _entry(ref), payload.status, payload.note)
    return present.entry(e, request.user, reader_lang())


@router.post(
    "/checks",
    response={201: DueDiligenceOut, **errors()},
    summary="A due-diligence check: ranked candidates with reasons, and a signed certificate",
    description="Anyone may check, logged in or not (anonymous checks are certified too): "
    f"{cite('resolution.provenance')}. A candidate shows whether and why it matches, never "
    "the police file.",
)
def run_check(request, payload: ObjectIdIn):
    lang = reader_lang()
    try:
        cert, found = check.run(request.user, payload.model_dump(mode="json", exclude_unset=True))
    except CertificateProblem as exc:
        raise HttpError(503, str(exc))
    return Status(
        201,
        {
            "candidates": [present.candidate(f, lang) for f in found],
            "certificate": present.certificate(cert, True),
        },
    )


@router.get(
    "/certificates/key",
    response={200: CertificateKeyOut, **READ},
    summary="The certificates' verifier key",
)
def certificate_key(request):
    return {"key": str(verifier())}


@router.get(
    "/certificates/{number}",
    response={200: SearchCertificateOut, **READ_ONE},
    summary="A search certificate by its number, with its validity",
)
def read_certificate(request, number: str):
    cert = check.find(number)
    if cert is None:
        raise Http404(f"no certificate {number!r}")
    return present.certificate(cert, check.validity(cert) is not None)


from . import api_photos as api_photos  # noqa: E402,F401
from . import api_records as api_records  # noqa: E402  (its routes join this router)
