"""Treaty time: "three months after", "within sixty days", "one year after", four-year terms.

The Protocol counts time in months, years and days without saying what happens at the end
of a month. The readings this package uses live here, each in one named place:

* :data:`MONTH_END_RULE` for every period counted in months or years (Arts. 43, 45, 25, 37);
* :data:`SIXTY_DAYS_READING` for the sixty days of Art. 11(5).

The depositary's practice agrees with :data:`MONTH_END_RULE`: Canada deposited on
29 November 2005 and the Protocol entered into force for it on 28 February 2006.
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta

from shield.treaty.findings import Finding, finding, rule

MONTH_END_RULE = (
    "Adding n months to a date gives the same day of the month n months later; when that "
    "month is shorter, the last day of that month. So three months after 29, 30 or "
    "31 November is 28 February (29 February in a leap year), and three months after "
    "31 August is 30 November. Years are twelve months: one year after 29 February is "
    "28 February. The date so reached is the day the effect begins."
)
"""The month-end rule: how every period counted in months or years ends."""

SIXTY_DAYS_READING = (
    "'Within sixty days' runs from the day after the Parties are informed of the request: "
    "the day of notification is not counted, so the last day on which a representation is "
    "still in time is the notification date plus 60 days."
)
"""How the sixty days of Art. 11(5) are counted."""

REPRESENTATION_DAYS = 60


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` months under :data:`MONTH_END_RULE` (negative allowed)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = _cal.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last_day))


def add_years(start: date, years: int) -> date:
    """``start`` plus ``years`` years: twelve months each, under :data:`MONTH_END_RULE`."""
    return add_months(start, 12 * years)


@rule
def three_months_after_deposit(deposited_on: date) -> Finding[date]:
    """Art. 43(2): the Protocol enters into force for a Party three months after deposit."""
    eif = add_months(deposited_on, 3)
    return finding(
        eif,
        "Art. 43(2)",
        f"three months after deposit on {deposited_on.isoformat()}: {eif.isoformat()} "
        f"(month-end rule: a missing day becomes the month's last day)",
        f"tre måneder etter deponering {deposited_on.isoformat()}: {eif.isoformat()} "
        f"(månedsslutt: en dag som mangler blir månedens siste dag)",
    )


@rule
def representations_deadline(notified_on: date) -> Finding[date]:
    """Art. 11(5): the last day on which a Party's representations are still in time."""
    last = notified_on + timedelta(days=REPRESENTATION_DAYS)
    return finding(
        last,
        "Art. 11(5)",
        f"representations are in time until {last.isoformat()}: sixty days from the "
        f"notification of {notified_on.isoformat()}, the notification day not counted",
        f"uttalelser kan avgis til og med {last.isoformat()}: seksti dager fra "
        f"underretningen {notified_on.isoformat()}, underretningsdagen ikke medregnet",
    )


@rule
def representation_in_time(notified_on: date, submitted_on: date) -> Finding[bool]:
    """Art. 11(5): was a representation submitted within sixty days?"""
    deadline = representations_deadline(notified_on)
    ok = notified_on <= submitted_on <= deadline.result
    if ok:
        en, nb = "in time", "innen fristen"
    elif submitted_on < notified_on:
        en, nb = "before the notification", "før underretningen"
    else:
        en, nb = "too late", "for sent"
    return finding(
        ok,
        "Art. 11(5)",
        f"submitted on {submitted_on.isoformat()}: {en} (last day {deadline.result.isoformat()})",
        f"avgitt {submitted_on.isoformat()}: {nb} (siste dag {deadline.result.isoformat()})",
        parts=(deadline,),
    )


@rule
def one_year_after_receipt(received_on: date) -> Finding[date]:
    """Art. 45(3): a denunciation takes effect one year after its receipt (before any
    extension for an armed conflict, which :mod:`shield.treaty.status` applies)."""
    effect = add_years(received_on, 1)
    return finding(
        effect,
        "Art. 45(3)",
        f"one year after receipt on {received_on.isoformat()}: {effect.isoformat()}",
        f"ett år etter mottak {received_on.isoformat()}: {effect.isoformat()}",
    )


@rule
def four_year_term_end(elected_on: date) -> Finding[date]:
    """Art. 25(1): a Committee term of four years from the election; the returned date is
    the first day after the term (the term covers elected_on up to the day before)."""
    end = add_years(elected_on, 4)
    return finding(
        end,
        "Art. 25(1)",
        f"elected on {elected_on.isoformat()} for four years: the term ends when "
        f"{end.isoformat()} begins",
        f"valgt {elected_on.isoformat()} for fire år: mandatperioden slutter når "
        f"{end.isoformat()} begynner",
    )
