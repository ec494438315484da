"""Treaty time: the month-end rule and the sixty days, in one place each."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shield.treaty import calendar as tcal
from shield.treaty.calendar import (
    MONTH_END_RULE,
    SIXTY_DAYS_READING,
    add_months,
    add_years,
    four_year_term_end,
    one_year_after_receipt,
    representation_in_time,
    representations_deadline,
    three_months_after_deposit,
)

dates = st.dates(min_value=date(1954, 1, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("deposit", "in_force"),
    [
        (date(2003, 11, 29), date(2004, 2, 29)),  # leap year: 29 February exists
        (date(2005, 11, 29), date(2006, 2, 28)),  # Canada: the depositary's own date
        (date(2003, 11, 30), date(2004, 2, 29)),
        (date(2005, 11, 30), date(2006, 2, 28)),
        (date(2005, 11, 28), date(2006, 2, 28)),
        (date(2004, 8, 31), date(2004, 11, 30)),  # 31 August -> 30 November
        (date(2003, 12, 9), date(2004, 3, 9)),  # the 20th instrument -> 9 March 2004
        (date(2004, 10, 31), date(2005, 1, 31)),  # across the year end
        (date(2005, 11, 1), date(2006, 2, 1)),
    ],
)
def test_three_months_after_uses_the_month_end_rule(deposit: date, in_force: date) -> None:
    assert add_months(deposit, 3) == in_force
    found = three_months_after_deposit(deposit)
    assert found.result == in_force and found.labels() == ("Art. 43(2)",)


def test_the_month_end_rule_is_written_once() -> None:
    assert "last day of that month" in MONTH_END_RULE
    assert "28 February (29 February in a leap year)" in MONTH_END_RULE
    assert "30 November" in MONTH_END_RULE
    assert tcal.__doc__ is not None and "MONTH_END_RULE" in tcal.__doc__


def test_one_year_after_29_february() -> None:
    assert add_years(date(2008, 2, 29), 1) == date(2009, 2, 28)
    assert add_years(date(2008, 2, 29), 4) == date(2012, 2, 29)
    assert one_year_after_receipt(date(2010, 3, 31)).result == date(2011, 3, 31)
    assert four_year_term_end(date(2005, 10, 26)).result == date(2009, 10, 26)


@given(dates, st.integers(min_value=-240, max_value=240))
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(d: date, n: int) -> None:
    out = add_months(d, n)
    assert (out.year * 12 + out.month) - (d.year * 12 + d.month) == n
    last = calendar.monthrange(out.year, out.month)[1]
    assert out.day == min(d.day, last)


@given(dates, dates, st.integers(min_value=0, max_value=120))
def test_add_months_never_reverses_order(a: date, b: date, n: int) -> None:
    lo, hi = min(a, b), max(a, b)
    assert add_months(lo, n) <= add_months(hi, n)


@given(dates, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_adding_months_in_steps_never_overtakes_adding_them_at_once(
    d: date, m: int, n: int
) -> None:
    assert add_months(add_months(d, m), n) <= add_months(d, m + n)


def test_sixty_days_from_notification() -> None:
    assert "not counted" in SIXTY_DAYS_READING and "plus 60 days" in SIXTY_DAYS_READING
    notified = date(2021, 1, 1)
    deadline = representations_deadline(notified)
    assert deadline.result == date(2021, 3, 2)  # 1 Jan + 60 days
    assert deadline.labels() == ("Art. 11(5)",)
    assert representation_in_time(notified, date(2021, 3, 2)).result is True
    assert representation_in_time(notified, date(2021, 3, 3)).result is False
    assert representation_in_time(notified, date(2020, 12, 31)).result is False
    assert "too late" in representation_in_time(notified, date(2021, 3, 3)).reason_in("en")


@given(dates)
def test_sixty_days_counts_sixty_days_after_the_notification_day(notified: date) -> None:
    last = representations_deadline(notified).result
    assert (last - notified) == timedelta(days=60)
    assert representation_in_time(notified, last).result
    assert not representation_in_time(notified, last + timedelta(days=1)).result
