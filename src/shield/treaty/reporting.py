"""The reporting cycle (Art. 37(2)): every Party reports to the Committee every four years.

The Protocol does not say from when the four years run. This package reads it as
:data:`REPORTING_READING` says; the anchor can be passed to every function.
"""

from __future__ import annotations

from datetime import date

from shield.treaty import states
from shield.treaty.calendar import add_years
from shield.treaty.findings import Finding, finding, rule
from shield.treaty.status import (
    Register,
    binding_instruments,
    denunciation_takes_effect,
    entry_into_force_for,
    protocol_entry_into_force,
)

REPORT_INTERVAL_YEARS = 4

REPORTING_READING = (
    "Art. 37(2) ('every four years') is read as one global periodic cycle for all Parties: "
    "reports fall due on the cycle dates anchor + 4, 8, 12... years (month-end rule). The "
    "default anchor is the Protocol's own entry into force computed from the register "
    "(9 March 2004); another anchor may be passed. A Party reports on every cycle date "
    "after the Protocol entered into force for it (one that joined shortly before a cycle "
    "date reports then, as all Parties are asked at once), and on none from the day its "
    "denunciation takes effect. A report due on the day asked about is the next report due."
)
"""The one reading of the reporting cycle."""


def _anchor(register: Register, anchor: date | None) -> tuple[date | None, Finding[date | None]]:
    general = protocol_entry_into_force(register)
    return (anchor if anchor is not None else general.result), general


@rule
def next_report_due(
    state: str, on: date, register: Register | None = None, anchor: date | None = None
) -> Finding[date | None]:
    """Art. 37(2): the next date on which ``state``'s four-yearly report falls due."""
    reg = binding_instruments(register)
    start, general = _anchor(reg, anchor)
    eif = entry_into_force_for(state, reg)
    if start is None or eif.result is None:
        return finding(
            None,
            "Art. 37(2)",
            f"{state}: no report due: not a Party",
            f"{state}: ingen rapport forfaller: ikke part",
            parts=(general, eif),
        )
    k = 1
    while (due := add_years(start, REPORT_INTERVAL_YEARS * k)) <= eif.result or due < on:
        k += 1
    code = (
        state
        if any(i.state == state for i in reg)
        else getattr(states.lookup(state), "code", state)
    )
    inst = next(i for i in reg if i.state == code)
    den = denunciation_takes_effect(inst)
    if den.result is not None and den.result <= due:
        return finding(
            None,
            ("Art. 37(2)", "Art. 45(3)"),
            f"{state}: no report due: its denunciation takes effect on {den.result.isoformat()}",
            f"{state}: ingen rapport forfaller: oppsigelsen får virkning {den.result.isoformat()}",
            parts=(eif, den),
        )
    return finding(
        due,
        "Art. 37(2)",
        f"{state}: next report due {due.isoformat()} (four-yearly cycle from "
        f"{start.isoformat()}, cycle date no. {k})",
        f"{state}: neste rapport forfaller {due.isoformat()} (fireårig syklus fra "
        f"{start.isoformat()}, syklusdato nr. {k})",
        parts=(eif,),
    )


@rule
def reports_due(
    on: date, register: Register | None = None, anchor: date | None = None
) -> Finding[dict[str, date]]:
    """Art. 37(2): the next report due for every State with a binding instrument."""
    reg = binding_instruments(register)
    each = tuple(next_report_due(i.state, on, reg, anchor) for i in reg)
    due = {i.state: f.result for i, f in zip(reg, each, strict=True) if f.result is not None}
    return finding(
        due,
        "Art. 37(2)",
        f"{len(due)} Parties have a report due after {on}",
        f"{len(due)} parter har en rapport som forfaller etter {on}",
        parts=each,
    )
