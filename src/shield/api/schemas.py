"""The API's shared contract lives in ``shield.core.schemas`` (each app's router uses it)."""

from shield.core.schemas import (
    READ,
    READ_ONE,
    WRITE,
    Body,
    ErrorOut,
    FieldErrorOut,
    FindingOut,
    ImportErrorOut,
    Lang,
    errors,
    media,
)

__all__ = [
    "READ",
    "READ_ONE",
    "WRITE",
    "Body",
    "ErrorOut",
    "FieldErrorOut",
    "FindingOut",
    "ImportErrorOut",
    "Lang",
    "errors",
    "media",
]
