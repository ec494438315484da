"""Checking a record's fields as they come from a door (a form, the API, a file): each check
reads one field, returns the clean value, and adds an error that names the field to
``Errors``; the caller raises them all at once, so nothing is half-written.

Shared by the apps that clean plain dicts (monitoring, provenance); the registry's records go
through ``shield.registry.validation``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from shield.core.errors import FieldError, RecordInvalid

Vocabulary = Sequence[tuple[str, Any]]
"""A closed list of (code, label) pairs."""


class Errors(list[FieldError]):
    def add(self, field: str, message: str) -> None:
        self.append(FieldError(field, message))

    def raise_if_any(self) -> None:
        if self:
            raise RecordInvalid(list(self))

    def nest(self, prefix: str, inner: list[FieldError]) -> None:
        """Errors of a nested item, named under it: ``sources[2].date``."""
        if inner:
            self.extend(FieldError(f"{prefix}.{e.field}", e.message, e.refused) for e in inner)


def text(
    data: dict, field: str, errors: Errors, required: bool = False, max_length: int = 300
) -> str:
    value = data.get(field)
    if value is not None and not isinstance(value, (str, int, float)):
        errors.add(field, "must be text")
        return ""
    value = "" if value is None else str(value).strip()
    if required and not value:
        errors.add(field, "is required")
    if len(value) > max_length:
        errors.add(field, f"is longer than {max_length} characters")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(
    data: dict, field: str, errors: Errors, required: bool = False, with_time: bool = False
) -> date | None:
    """An ISO date (YYYY-MM-DD). ``with_time``: a timestamp's date part is taken too
    (``2021-01-12T10:00``), as survey exports write them."""
    value = data.get(field)
    if value in (None, ""):
        if required:
            errors.add(field, "is required (an ISO date, YYYY-MM-DD)")
        return None
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    head = raw[:10] if with_time and raw[10:11] in ("", "T", " ") else raw
    if _ISO_DATE.fullmatch(head):
        try:
            return date.fromisoformat(head)
        except ValueError:
            pass
    errors.add(field, f"{value!r} is not an ISO date (YYYY-MM-DD)")
    return None


def flag(data: dict, field: str, errors: Errors) -> bool:
    """A yes/no field: true or false (JSON), or "true"/"false"/"1"/"0"/"" from a form."""
    value = data.get(field)
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    said = str(value).strip().lower()
    if said in {"true", "1", "yes", "on"}:
        return True
    if said in {"false", "0", "no", "off"}:
        return False
    errors.add(field, "must be true or false")
    return False


_CODES: dict[int, tuple[Vocabulary, int, tuple[str, ...], frozenset[str]]] = {}


def vocabulary_codes(vocabulary: Vocabulary) -> tuple[tuple[str, ...], frozenset[str]]:
    """A vocabulary's codes in order and as a set, kept per list: a bulk import asks for them
    for every value it checks. A list that changed length is read again."""
    kept = _CODES.get(id(vocabulary))
    if kept is not None and kept[0] is vocabulary and kept[1] == len(vocabulary):
        return kept[2], kept[3]
    ordered = tuple(c for c, _label in vocabulary)
    if isinstance(vocabulary, list):
        _CODES[id(vocabulary)] = (vocabulary, len(vocabulary), ordered, frozenset(ordered))
    return ordered, frozenset(ordered)


def choice(
    data: dict,
    field: str,
    vocabulary: Vocabulary,
    errors: Errors,
    default: str | None = None,
    required: bool = True,
) -> str:
    """One code of a closed vocabulary; an error lists the codes there are."""
    value = data.get(field)
    ordered, allowed = vocabulary_codes(vocabulary)
    if value in (None, ""):
        if default is not None:
            return default
        if required:
            errors.add(field, f"is required (one of {', '.join(ordered)})")
        return ""
    value = str(value).strip()
    if value not in allowed:
        errors.add(field, f"{value!r} is not one of {', '.join(ordered)}")
    return value


def items(data: dict, field: str, errors: Errors) -> list[dict]:
    """A list of objects (each checked by the caller, its errors named ``field[i].key``)."""
    value = data.get(field) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors.add(field, "must be a list of objects")
        return []
    return value
