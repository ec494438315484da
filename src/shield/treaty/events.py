"""The provisions a recorded protection event rests on, for outputs that cite each event
(the Linked Art records: ``shield.linkedart``)."""

from __future__ import annotations

from .citations import Citation
from .protection import (
    _EVENT_LAW,
    ACTIVATES,
    GENERAL,
    GENERAL_NEEDS_NO_GRANT,
    MILITARY_USE_ACTIONS,
    MILITARY_USE_IS_NO_EVENT,
    _cs,
)


def event_citations(level: str, action: str) -> tuple[Citation, ...]:
    """The provisions of an event of ``level``, as the level's history cites them: a grant or
    a restoration the grant's, a suspension the suspension's, a cancellation the
    cancellation's; an event the law does not read (general protection, use as a military
    objective) the rule that says why it is not read."""
    if level == GENERAL:
        return GENERAL_NEEDS_NO_GRANT.citations
    if action in MILITARY_USE_ACTIONS:
        return MILITARY_USE_IS_NO_EVENT.citations
    grant, suspend, cancel = _EVENT_LAW.get(level, ((), (), ()))
    if action in ACTIVATES:
        return _cs(*grant)
    return _cs(*(suspend if action == "suspended" else cancel))
