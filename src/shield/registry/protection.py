"""Protection on a date, from a property's dated history of events: a pure engine.

A level is in force on date D when its latest event effective on or before D left it in
force. The transitions, each with its source:

- granted: the level starts (general: Convention Art. 4, Protocol Arts. 5-9; special:
  Convention Art. 8; enhanced: from entry in the List, Art. 11(10); provisional
  enhanced: Art. 11(9));
- suspended / cancelled: Art. 14(1), 14(2); restored: a suspension lifted;
- lost_military_use: enhanced protection is lost if and for as long as the property has
  by its use become a military objective, Art. 13(1)(b); regained when that use ends.

Where property has both special and enhanced protection, only enhanced applies between
Parties (Art. 4(b)); ``effective_levels`` says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

ACTIVATES = {"granted", "restored", "regained"}
DEACTIVATES = {"suspended", "cancelled", "lost_military_use"}

# What each action needs to be in effect before it (None: nothing).
_REQUIRES = {
    "granted": None,
    "suspended": "active",
    "cancelled": None,
    "restored": "suspended",
    "lost_military_use": "active",
    "regained": "lost_military_use",
}


@dataclass(frozen=True)
class Event:
    level: str
    action: str
    effective_date: date
    basis: str = ""


@dataclass(frozen=True)
class LevelState:
    level: str
    active: bool
    status: str            # active | suspended | cancelled | lost_military_use | never
    since: date | None
    basis: str


def state_on(events: Iterable[Event], on: date) -> dict[str, LevelState]:
    """Every level that has a history, as it stood on ``on``."""
    result: dict[str, LevelState] = {}
    for ev in sorted(events, key=lambda e: e.effective_date):  # stable: same-day events keep their order
        if ev.effective_date > on:
            continue
        status = "active" if ev.action in ACTIVATES else ev.action
        result[ev.level] = LevelState(ev.level, ev.action in ACTIVATES, status, ev.effective_date, ev.basis)
    return result


def active_levels(events: Iterable[Event], on: date) -> list[str]:
    return [lvl for lvl, st in state_on(events, on).items() if st.active]


def effective_levels(events: Iterable[Event], on: date) -> list[str]:
    """Active levels, less special protection where enhanced is in force (Art. 4(b))."""
    levels = active_levels(events, on)
    if "special" in levels and ("enhanced" in levels or "provisional_enhanced" in levels):
        levels.remove("special")
    return levels


def check_sequence(existing: Iterable[Event], new: Event) -> str | None:
    """Why ``new`` cannot follow ``existing`` (a message), or None if it can."""
    before = state_on(existing, new.effective_date).get(new.level)
    status = before.status if before else "never"
    need = _REQUIRES[new.action]
    if new.action == "granted" and status == "active":
        return f"{new.level} protection is already in force on {new.effective_date}"
    if need == "active" and status != "active":
        return f"{new.action} needs {new.level} protection in force on {new.effective_date}; it is {status}"
    if need in {"suspended", "lost_military_use"} and status != need:
        return f"{new.action} needs {new.level} protection to be {need} on {new.effective_date}; it is {status}"
    if new.action == "cancelled" and status in {"never", "cancelled"}:
        return f"cannot cancel {new.level} protection: it is {status} on {new.effective_date}"
    return None
