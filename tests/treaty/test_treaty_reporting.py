"""The four-yearly reporting cycle (Art. 37(2))."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from shield.treaty.reporting import REPORTING_READING, next_report_due, reports_due
from shield.treaty.status import Instrument

REG = [Instrument(f"S{i:02}", date(2001, 1, 1 + i), "ratification") for i in range(20)]
# in force 2001-01-20 + 3 months = 2001-04-20; cycle dates 2005-04-20, 2009-04-20, ...


def test_reading_is_documented() -> None:
    assert "one global periodic cycle" in REPORTING_READING
    assert "9 March 2004" in REPORTING_READING


def test_shipped_register_cycle_from_9_march_2004() -> None:
    assert next_report_due("Bulgaria", date(2004, 3, 9)).result == date(2008, 3, 9)
    assert next_report_due("Bulgaria", date(2008, 3, 9)).result == date(2008, 3, 9)
    assert next_report_due("Bulgaria", date(2008, 3, 10)).result == date(2012, 3, 9)
    assert next_report_due("Canada", date(2006, 1, 1)).result == date(2008, 3, 9)
    found = next_report_due("Canada", date(2026, 11, 23))
    assert found.result == date(2028, 3, 9) and found.labels() == ("Art. 37(2)",)


def test_a_party_reports_only_after_its_entry_into_force() -> None:
    reg = [*REG, Instrument("Late", date(2008, 12, 1), "accession")]  # in force 2009-03-01
    assert next_report_due("Late", date(2001, 1, 1), reg).result == date(2009, 4, 20)
    reg2 = [*REG, Instrument("Later", date(2009, 2, 1), "accession")]  # in force 2009-05-01
    assert next_report_due("Later", date(2001, 1, 1), reg2).result == date(2013, 4, 20)


def test_configurable_anchor_and_non_parties() -> None:
    assert next_report_due("S00", date(2010, 1, 1), REG, anchor=date(2005, 12, 1)).result == date(
        2013, 12, 1
    )
    assert next_report_due("Nobody", date(2010, 1, 1), REG).result is None
    assert next_report_due("S00", date(2010, 1, 1), REG[:5]).result is None


def test_no_report_after_denunciation_takes_effect() -> None:
    reg = [
        *REG[1:],
        Instrument("S00", date(2001, 1, 1), "ratification", denunciation_date=date(2008, 1, 1)),
    ]  # effect 2009-01-01
    found = next_report_due("S00", date(2008, 6, 1), reg)
    assert found.result is None and "Art. 45(3)" in found.labels()
    assert next_report_due("S00", date(2005, 1, 1), reg).result == date(2005, 4, 20)


def test_reports_due_for_everyone() -> None:
    found = reports_due(date(2026, 11, 23))
    assert set(found.result.values()) == {date(2028, 3, 9)}
    assert len(found.result) >= 40


@given(st.dates(min_value=date(2004, 3, 9), max_value=date(2100, 1, 1)))
def test_next_due_is_a_cycle_date_within_four_years(on: date) -> None:
    due = next_report_due("Bulgaria", on).result
    assert due is not None and on <= due
    assert (due.month, due.day) == (3, 9) and (due.year - 2004) % 4 == 0
    assert (due - on).days <= 4 * 366
