"""A State in the database, found by its code or any name (shield.treaty.states).

Every door that takes a State goes through :func:`state_for`: 'ITA', 'it', 'Italy', 'Italia'
and 'Italian Republic' all give the one ``parties.State`` row with code ITA. The table holds
every State of ``shield.treaty.states`` (migration 0004; :func:`ensure_states` restores
them, e.g. for the demo or after a test flushed the table).
"""

from __future__ import annotations

from django.db import transaction

from shield.core.errors import FieldError, RecordInvalid
from shield.treaty import states

from .models import State


def _fields(s: states.State) -> dict:
    return {"name_en": s.name_en, "name_nb": s.name_nb, "historical": s.historical}


def ensure_states() -> int:
    """Write every State of the treaty's list into ``parties.State`` (by code; names follow
    the list); rows with other codes are left as they are. Returns the number of States."""
    wanted = {s.code: s for s in states.all_states()}
    existing = {row.code: row for row in State.objects.filter(code__in=wanted)}
    changed = []
    for code, row in existing.items():
        fields = _fields(wanted[code])
        if any(getattr(row, f) != v for f, v in fields.items()):
            for f, v in fields.items():
                setattr(row, f, v)
            changed.append(row)
    with transaction.atomic():
        State.objects.bulk_create(
            [State(code=c, **_fields(s)) for c, s in wanted.items() if c not in existing]
        )
        if changed:
            State.objects.bulk_update(changed, ["name_en", "name_nb", "historical"])
    return len(wanted)


def state_for(text, field: str = "state") -> State:
    """The ``parties.State`` for a code or any known name; ``RecordInvalid`` naming ``field``
    (and the closest names) if there is none."""
    if isinstance(text, State):
        return text
    raw = str(text or "").strip()
    if not raw:
        raise RecordInvalid(
            [FieldError(field, "is required (a State code or name, e.g. ARM or Armenia)")]
        )
    known = states.lookup(raw)
    code = known.code if known else raw.upper()
    row = State.objects.filter(code=code).first()
    if row is None and known is not None:  # a State of the list the table lacks: restore it
        row, _created = State.objects.get_or_create(code=known.code, defaults=_fields(known))
    if row is None:
        raise RecordInvalid([FieldError(field, states.unknown_message(raw))])
    return row


def state_label(state: State | str, lang: str = "en") -> str:
    """'Italia (ITA)': the State's name in ``lang`` and its code."""
    row = state if isinstance(state, State) else state_for(state)
    return f"{row.name_in(lang)} ({row.code})"
