"""The API's shared contract (here, below every app, so that each app's router can use it):
the error body every door answers with, the error statuses an operation declares, findings, and the helpers the routers build their schemas with.

Every error is ``{error, errors: [{field, message}]}``; a refusal of the treaty adds ``code``
and ``citations`` (``shield.treaty.refusals.Refused.as_dict``), on the body and on each field."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    WithJsonSchema,
    model_serializer,
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Only a date or its ISO text: never a number read as a timestamp (``0`` is no date)."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A date in a query or a body: ``YYYY-MM-DD`` (a calendar date: 2020-02-30 is refused)."""
Bool = StrictBool
"""true or false, never 0, 1 or "yes"."""
Int = StrictInt

Lang = Literal["en", "nb"]


class FieldErrorOut(Schema):
    field: str = Field(description="where: a field, `field.sub`, `list[2]`, or `request`")
    message: str
    code: str | None = Field(None, description="the treaty refusal's code, if one refused it")
    citations: list[str] | None = Field(None, description="the provisions the refusal rests on")


class ErrorOut(Schema):
    error: str = Field(description="what is wrong, in the reader's language where translated")
    code: str | None = Field(None, description="the treaty refusal's code (e.g. `listing.*`)")
    citations: list[str] | None = Field(None, description="the provisions the refusal rests on")
    errors: list[FieldErrorOut] = []


_MEANING = {
    400: "a NUL character somewhere in the request (no text may hold one)",
    401: "no valid session or API token",
    403: "not allowed: the user's role, a failed CSRF check, or a treaty refusal (403)",
    404: "no such record among those the user may see",
    409: "a step the treaty does not allow at this point (a refusal with its code)",
    422: "the request is not valid: each field named, with what is wrong",
}


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error responses of an operation, each with the shared ``ErrorOut`` body. Every
    operation may answer 400 (a NUL character anywhere in a request is refused before any view)
    and 422 (a parameter that is not valid)."""
    return {status: ErrorOut for status in sorted({400, 422, *statuses})}


READ = errors()
READ_ONE = errors(404)
WRITE = errors(401, 403, 404, 409)
"""A write: authentication (401), a role or CSRF (403), a record named that is not there (404),
a refusal of the treaty (403, 409 or 422), a body that is not valid (422)."""


class Body(Schema):
    """A request body that refuses any field it does not name (422, by name)."""

    model_config = ConfigDict(extra="forbid")


class CitationOut(Schema):
    label: str
    label_en: str
    text: str | None = None


class FindingOut(Schema):
    """A finding of ``shield.treaty``: its result, the reason in both languages, the provisions
    it rests on (with their text in the reader's language), and the findings it was built from."""

    result: Any = Field(description="the answer: a date, a yes/no, a list... per operation")
    reason: dict[str, str] = Field(description="`en` and `nb`")
    citations: list[CitationOut]
    parts: list[FindingOut] = []


# ---- the bits the apps' output schemas share ------------------------------------------------
#
# An output schema describes what a presenter writes: every key it writes is a field (ninja
# drops a key its schema does not name), in the presenter's order, with the presenter's types
# (a date as ISO text stays text, a datetime object stays one and is written by the API's JSON
# encoder as before). A key a presenter writes only sometimes is a field of a ``Sparse`` schema:
# left out of the answer, as the presenter leaves it out, rather than written as null.

DateText = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
"""A date the presenter wrote as ISO text (``YYYY-MM-DD``)."""
DateTimeText = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
"""A moment the presenter wrote as ISO text (``datetime.isoformat()``)."""
Number = int | float
"""A number as it was stored in a JSON field: an integer stays one (never ``3.0``)."""
JsonObject = dict[str, Any]
"""A JSON object of no fixed shape; each use says why it has none."""


class Sparse(Schema):
    """An output some of whose keys the presenter writes only sometimes: each such field has
    the default None, and is left out of the answer when the presenter did not write it (as
    the presenter leaves it out: never written as null). A key written as null stays null."""

    @model_serializer(mode="wrap")
    def _written_only(self, handler: SerializerFunctionWrapHandler):  # noqa: ANN202
        # No return annotation: pydantic would take it for the schema of the answer.
        data = handler(self)
        given = self.model_fields_set | set(self.__pydantic_extra__ or ())
        return {key: value for key, value in data.items() if key in given}


def cite(*keys: str) -> str:
    """Provisions' labels for the API's documentation (English, as the OpenAPI text is), named
    through ``shield.treaty.provisions``: no article label is typed outside the treaty."""
    from shield.treaty.provisions import provision

    return ", ".join(provision(k).label("en") for k in keys)


def sometimes(description: str | None = None, **kwargs: Any) -> Any:
    """A field of a ``Sparse`` output that the presenter writes only sometimes: its default is
    None and, unwritten, it is left out of the answer. The field declares the type of its value
    when present (typed ``Any`` here so that ``total: int = sometimes(...)`` type-checks)."""
    return Field(None, description=description, **kwargs)


class CitedOut(Schema):
    """A finding as the doors show it: its reason in the reader's language and the labels of
    the provisions it rests on."""

    reason: str
    citations: list[str] = Field(description=f"provision labels, e.g. `{cite('enhanced.request')}`")


class ReasoningStepOut(Schema):
    """One step of a finding's reasoning, flattened: ``depth`` 0 is the conclusion, each
    deeper step one it was built from."""

    depth: int
    reason: str
    citations: list[str]


class NamesOut(Schema):
    """A text in both languages."""

    en: str
    nb: str


class GeoPointOut(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[lon, lat] in degrees")


def media(content_type: str, description: str, binary: bool = False) -> dict[str, Any]:
    """``openapi_extra`` for an operation that answers a file rather than JSON (GeoJSON: an
    object)."""
    schema: dict[str, Any] = {"type": "object" if content_type.endswith("json") else "string"}
    if binary:
        schema["format"] = "binary"
    return {
        "responses": {
            200: {"description": description, "content": {content_type: {"schema": schema}}}
        }
    }


class ErrorCountOut(Schema):
    field: str = Field(description="the field (empty: the file or the row as a whole)")
    reason: str = Field(description="the error's message with its values taken out")
    count: int


class ImportErrorOut(ErrorOut):
    """An import refused whole: the first errors by place and field, counts by field and
    reason, and the total (bounded: ``shield.registry.fileformats.error_report``)."""

    # Absent when the request itself is not valid (no file sent): then only `errors` says why.
    total: int | None = None
    total_is_lower_bound: bool | None = None
    counts: list[ErrorCountOut] | None = Field(
        None, description="errors counted by field and reason (the 50 commonest)"
    )
