"""The JSON API at /api/: one router per app; errors are JSON with field-level messages."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from shield.core.errors import NotAllowed, RecordInvalid
from shield.core.errors import error_body as error_body  # the API's routers import it from here
from shield.core.language import reader_lang
from shield.treaty.refusals import Refused

api = NinjaAPI(
    title="Heritage Shield API",
    version="1",
    description=(
        "The registry of cultural property and the Second Protocol's procedures. Reading public data "
        "needs no login; writing needs a session (with CSRF token) or an API token sent as "
        "`Authorization: Bearer <token>`. Errors are `{error, errors: [{field, message}]}` "
        "(`ErrorOut`); a refusal of the treaty adds its `code` and `citations`."
    ),
    urls_namespace="api",
)


def _loc(loc) -> str:
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "payload", "form", "file"}]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out or "request"


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = [
        {"field": _loc(e.get("loc", ())), "message": e.get("msg", "is not valid")}
        for e in exc.errors
    ]
    return api.create_response(request, error_body("the request is not valid", errors), status=422)


@api.exception_handler(RecordInvalid)
def on_record_invalid(request, exc: RecordInvalid):
    lang = reader_lang()
    errors = [
        {"field": e.field, "message": e.message}
        if e.refused is None
        else {
            "field": e.field,
            "message": e.refused.message(lang),
            "code": e.refused.code,
            "citations": list(e.refused.labels(lang)),
        }
        for e in exc.errors
    ]
    return api.create_response(request, error_body("the record is not valid", errors), status=422)


@api.exception_handler(Refused)
def on_refused(request, exc: Refused):
    """A step the treaty does not allow: its code, citations and reason in the reader's language."""
    return api.create_response(request, exc.as_dict(reader_lang()), status=exc.status)


@api.exception_handler(NotAllowed)
def on_not_allowed(request, exc: NotAllowed):
    return api.create_response(request, error_body(str(exc)), status=403)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return api.create_response(
        request, error_body("log in or send an API token to do this"), status=401
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, error_body(str(exc) or "not found"), status=404)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


from shield.audit.api import router as log_router
from shield.fund.api import router as fund_router
from shield.jobs.api import router as jobs_router
from shield.listing.api import router as listing_router
from shield.market.api import router as market_router
from shield.monitoring.api import router as monitoring_router
from shield.parties.api import router as parties_router
from shield.provenance.api import router as provenance_router
from shield.screening.api import router as screening_router

from .registry import router as registry_router
from .treaty import router as treaty_router

api.add_router("/", registry_router)
api.add_router("/treaty/", treaty_router)
api.add_router("/", listing_router)
api.add_router("/", monitoring_router)
api.add_router("/", parties_router)
api.add_router("/", jobs_router)
api.add_router("/", log_router)
api.add_router("/", provenance_router)
api.add_router("/", screening_router)
api.add_router("/", fund_router)
api.add_router("/", market_router)
