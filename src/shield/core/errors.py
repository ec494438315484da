"""The errors every app raises and every door renders: a field's error, an invalid record,
an action not allowed, and the JSON error body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    refused: Any = None
    """The treaty's refusal behind this error, if any (a ``shield.treaty.refusals.Refused``):
    doors render it in the reader's language with its code and citations."""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class RecordInvalid(ValueError):
    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class NotAllowed(PermissionError):
    pass


def error_body(message: str, errors: list[dict] | None = None) -> dict:
    return {"error": message, "errors": errors or []}
