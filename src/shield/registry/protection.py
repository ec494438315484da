"""The registry's protection events: which may be recorded, and what a history says on a date.

The law is in :mod:`shield.treaty.protection`; this module applies it to the registry's
events (pure: no Django, so the demo's data checks can use it too).

- General protection is not an event. Every cultural property has it by the law and it binds
  each State from the day that State is bound (derived by ``shield.treaty.protection``). A
  new event of level "general" is refused (``protection.general_needs_no_grant``); one
  recorded before that rule stays in the history as recorded and is not read.
- Use as a military objective is not an event either: actions ``lost_military_use`` and
  ``regained`` are refused (``protection.military_use_is_no_event``); recorded ones stay and
  are not read. The assertion is an attributed claim, and only the Committee's decisions
  suspend or cancel.
- Special and enhanced protection (and provisional enhanced protection) are histories:
  granted, suspended, restored (a suspension lifted), cancelled. A step that does not follow
  the history is refused with its code, citations and reasons in English and Norwegian.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from shield.treaty import protection as law
from shield.treaty.protection import (
    ACTIVATES,
    DEACTIVATES,
    ENHANCED_LEVELS,
    EVENT_LEVELS,
    GENERAL,
    MILITARY_USE_ACTIONS,
    Event,
    LevelState,
)
from shield.treaty.refusals import Refused

__all__ = [
    "ACTIVATES",
    "DEACTIVATES",
    "ENHANCED_LEVELS",
    "EVENT_LEVELS",
    "GENERAL",
    "IGNORED_ACTIONS",
    "Event",
    "LevelState",
    "active_levels",
    "check_sequence",
    "effective_levels",
    "is_read",
    "refusal_for",
    "state_on",
]

IGNORED_ACTIONS = MILITARY_USE_ACTIONS
"""Recorded actions that are kept and never read."""


def is_read(event: Event) -> bool:
    """Whether the derivation reads ``event`` (a recorded general grant or military-use
    event is kept as recorded and not read)."""
    return event.level in EVENT_LEVELS and event.action not in IGNORED_ACTIONS


def state_on(events: Iterable[Event], on: date) -> dict[str, LevelState]:
    """Every special or enhanced level that has a history, as it stood on ``on``."""
    return law.level_history(events, on).result


def active_levels(events: Iterable[Event], on: date) -> list[str]:
    """The special and enhanced levels in force on ``on`` (general protection is not an event)."""
    return [lvl for lvl, st in state_on(events, on).items() if st.active]


def effective_levels(events: Iterable[Event], on: date) -> list[str]:
    """Active special and enhanced levels, less special protection where enhanced protection is
    in force (Protocol, between Parties: ``shield.treaty.protection.art_4b``). For every level
    of a property, general included, use ``shield.treaty.protection.levels_in_force``."""
    levels = active_levels(events, on)
    return list(law.art_4b(levels).result)


def refusal_for(existing: Iterable[Event], new: Event) -> Refused | None:
    """The refusal of ``new`` after the recorded ``existing`` events, or None if it may follow."""
    return law.event_allowed(existing, new).result


def check_sequence(existing: Iterable[Event], new: Event) -> str | None:
    """Why ``new`` cannot follow ``existing``, as the refusal's English message (its citations
    first), or None if it can. Doors that can render a :class:`Refused` use :func:`refusal_for`."""
    refused = refusal_for(existing, new)
    return None if refused is None else refused.message("en")
