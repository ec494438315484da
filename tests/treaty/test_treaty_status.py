"""Treaty status: the shipped register and the rules of Arts. 43-45."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from shield.treaty import status
from shield.treaty.calendar import add_months
from shield.treaty.status import (
    Instrument,
    InstrumentType,
    binding_instruments,
    denunciation_takes_effect,
    entry_into_force_for,
    is_party,
    load_register,
    parties_on,
    protocol_entry_into_force,
    read_register,
)

CSV = Path(__file__).resolve().parents[2] / "src/shield/treaty/data/second_protocol_instruments.csv"

# The depositary's order of deposit, rows 1-20 (UNESCO's table)
FIRST_TWENTY = [
    "Bulgaria",
    "Qatar",
    "Belarus",
    "Panama",
    "Azerbaijan",
    "Cyprus",
    "Nicaragua",
    "Spain",
    "Libya",
    "Argentina",
    "Austria",
    "Lithuania",
    "El Salvador",
    "North Macedonia",
    "Serbia",
    "Honduras",
    "Gabon",
    "Mexico",
    "Equatorial Guinea",
    "Costa Rica",
]

# Entry into force as the depositary / UN Treaty Collection publish it
PUBLISHED = {
    "Bulgaria": date(2004, 3, 9),
    "Costa Rica": date(2004, 3, 9),
    "Azerbaijan": date(2004, 3, 9),
    "Argentina": date(2004, 3, 9),
    "Switzerland": date(2004, 10, 9),
    "Ecuador": date(2004, 11, 2),
    "Egypt": date(2005, 11, 3),
    "Brazil": date(2005, 12, 23),
    "Hungary": date(2006, 1, 26),
    "Canada": date(2006, 2, 28),
    "Croatia": date(2006, 5, 8),
    "Armenia": date(2006, 8, 18),
    "Czech Republic": date(2007, 9, 8),
    "Bahrain": date(2008, 11, 26),
    "Chile": date(2008, 12, 11),
    "Barbados": date(2009, 1, 2),
    "Dominican Republic": date(2009, 6, 3),
    "Bosnia and Herzegovina": date(2009, 8, 22),
    "Germany": date(2010, 2, 25),
    "Belgium": date(2011, 1, 13),
    "Colombia": date(2011, 2, 24),
    "Benin": date(2012, 7, 17),
    "Cambodia": date(2013, 12, 17),
    "Burkina Faso": date(2018, 5, 5),
    "Afghanistan": date(2018, 6, 12),
    "Djibouti": date(2018, 7, 9),
    "Botswana": date(2022, 2, 19),
    "Yemen": date(2023, 9, 1),
    "Democratic Republic of the Congo": date(2024, 11, 28),
    "San Marino": date(2025, 3, 10),
    "Malta": date(2025, 5, 12),
    "Republic of Moldova": date(2026, 4, 16),
}


def test_shipped_csv_has_the_agreed_columns_and_clean_rows() -> None:
    with CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [
        "state",
        "deposit_date",
        "instrument_type",
        "art44",
        "denunciation_date",
    ]
    assert len(rows) >= 40
    states = [r["state"] for r in rows]
    assert len(states) == len(set(states))
    for r in rows:
        date.fromisoformat(r["deposit_date"])
        assert r["instrument_type"] in {t.value for t in InstrumentType}
        assert r["art44"] in {"true", "false"}
    assert len(load_register()) == len(rows)
    assert (CSV.parent / "SOURCES.md").read_text("utf-8").count("UNESCO") >= 2


def test_the_protocol_entered_into_force_on_9_march_2004_computed_from_the_register() -> None:
    found = protocol_entry_into_force()
    assert found.result == date(2004, 3, 9)
    assert found.labels() == ("Art. 43(1)",)
    assert "Costa Rica" in found.reason_in("en") and "2003-12-09" in found.reason_in("en")
    assert [i.state for i in binding_instruments()[:20]] == FIRST_TWENTY


@pytest.mark.parametrize(("state", "expected"), sorted(PUBLISHED.items()))
def test_entry_into_force_matches_the_published_dates(state: str, expected: date) -> None:
    assert entry_into_force_for(state).result == expected


def test_every_state_in_the_register_gets_a_date() -> None:
    eif = protocol_entry_into_force().result
    assert eif is not None
    for inst in load_register():
        found = entry_into_force_for(inst.state).result
        assert found is not None and found >= eif
        if not inst.art44:
            assert found == max(eif, add_months(inst.deposit_date, 3))


def test_mali_art44_immediate_effect() -> None:
    found = entry_into_force_for("Mali")
    assert found.result == date(2012, 11, 15)
    assert "Art. 44" in found.labels() and "Convention Art. 18" in found.labels()


def _synthetic(n: int) -> list[Instrument]:
    return [Instrument(f"S{i:02}", date(2001, 1, 10 + i), "ratification") for i in range(n)]


def test_fewer_than_twenty_instruments_means_not_in_force() -> None:
    reg = _synthetic(19) + [Instrument("Signer", date(1999, 5, 17), "signature")] * 3
    assert protocol_entry_into_force(reg).result is None
    assert entry_into_force_for("S00", reg).result is None
    assert is_party("S00", date(2030, 1, 1), reg).result is False


def test_signature_alone_does_not_bind_and_does_not_count() -> None:
    reg = _synthetic(19) + [Instrument("Signer", date(2000, 1, 1), "signature")]
    assert protocol_entry_into_force(reg).result is None
    reg.append(Instrument("Twentieth", date(2003, 11, 30), "accession"))
    assert protocol_entry_into_force(reg).result == date(2004, 2, 29)
    found = entry_into_force_for("Signer", reg)
    assert found.result is None and "signature alone does not bind" in found.reason_in("en")


def test_later_parties_three_months_after_deposit_and_same_day_as_twentieth() -> None:
    reg = _synthetic(19) + [
        Instrument("Twentieth", date(2003, 11, 29), "accession"),
        Instrument("SameDay", date(2003, 11, 29), "approval"),
        Instrument("NextDay", date(2003, 11, 30), "acceptance"),
        Instrument("Later", date(2004, 8, 31), "accession"),
    ]
    assert entry_into_force_for("Twentieth", reg).result == date(2004, 2, 29)
    assert entry_into_force_for("SameDay", reg).labels() == ("Art. 43(1)",)
    assert entry_into_force_for("NextDay", reg).result == date(2004, 2, 29)
    assert entry_into_force_for("NextDay", reg).labels() == ("Art. 43(2)",)
    assert entry_into_force_for("Later", reg).result == date(2004, 11, 30)


def test_art44_synthetic_cases() -> None:
    base = _synthetic(20)  # in force 2001-01-29 + 3 months = 2001-04-29
    reg = base + [
        Instrument("AtWar", date(2006, 1, 10), "accession", art44=True),
        Instrument(
            "Before",
            date(2006, 1, 10),
            "ratification",
            art44=True,
            hostilities_began=date(2006, 2, 1),
        ),
        Instrument(
            "LongBefore",
            date(2006, 1, 10),
            "ratification",
            art44=True,
            hostilities_began=date(2006, 6, 1),
        ),
    ]
    assert entry_into_force_for("AtWar", reg).result == date(2006, 1, 10)
    assert entry_into_force_for("Before", reg).result == date(2006, 2, 1)
    # hostilities began after the ordinary date: Art. 43(2) already applied
    assert entry_into_force_for("LongBefore", reg).result == date(2006, 4, 10)
    assert "Art. 43(2)" in entry_into_force_for("LongBefore", reg).labels()
    early = [Instrument("Early", date(2000, 12, 1), "ratification", art44=True), *base]
    assert entry_into_force_for("Early", early).result == protocol_entry_into_force(early).result
    assert "ART44_READING" in dir(status)


def test_denunciation_one_year_and_armed_conflict() -> None:
    plain = Instrument("D", date(2005, 1, 1), "accession", denunciation_date=date(2010, 2, 28))
    assert denunciation_takes_effect(plain).result == date(2011, 2, 28)
    war = Instrument(
        "W",
        date(2005, 1, 1),
        "accession",
        denunciation_date=date(2010, 1, 1),
        in_armed_conflict_at_denunciation=True,
    )
    assert denunciation_takes_effect(war).result is None
    ended = Instrument(
        "E",
        date(2005, 1, 1),
        "accession",
        denunciation_date=date(2010, 1, 1),
        in_armed_conflict_at_denunciation=True,
        end_of_hostilities=date(2012, 5, 1),
        end_of_repatriation=date(2013, 7, 1),
    )
    assert denunciation_takes_effect(ended).result == date(2013, 7, 1)
    quick = Instrument(
        "Q",
        date(2005, 1, 1),
        "accession",
        denunciation_date=date(2010, 1, 1),
        in_armed_conflict_at_denunciation=True,
        end_of_hostilities=date(2010, 6, 1),
        end_of_repatriation=date(2010, 7, 1),
    )
    assert denunciation_takes_effect(quick).result == date(2011, 1, 1)
    assert denunciation_takes_effect(quick).labels() == ("Art. 45(3)",)


def test_is_party_over_time_with_a_denunciation() -> None:
    reg = _synthetic(20) + [
        Instrument("D", date(2005, 1, 1), "accession", denunciation_date=date(2010, 1, 1))
    ]
    assert is_party("D", date(2005, 3, 31), reg).result is False
    assert is_party("D", date(2005, 4, 1), reg).result is True
    assert is_party("D", date(2010, 12, 31), reg).result is True
    assert is_party("D", date(2011, 1, 1), reg).result is False
    assert "D" in parties_on(date(2008, 1, 1), reg).result
    assert "D" not in parties_on(date(2012, 1, 1), reg).result
    assert len(parties_on(date(2004, 3, 8)).result) == 0
    assert len(parties_on(date(2004, 3, 9)).result) == 20


def test_register_errors_name_the_line() -> None:
    head = "state,deposit_date,instrument_type,art44,denunciation_date\n"
    with pytest.raises(ValueError, match="line 3"):
        read_register(head + "A,2001-01-01,accession,false,\nB,2001-13-01,accession,false,\n")
    with pytest.raises(ValueError, match="line 2: .*art44"):
        read_register(head + "A,2001-01-01,accession,maybe,\n")
    with pytest.raises(ValueError, match="line 2"):
        read_register(head + "A,2001-01-01,treaty,false,\n")
    with pytest.raises(ValueError, match="header"):
        read_register("state,date\nA,2001-01-01\n")
    with pytest.raises(ValueError, match="Art. 44"):
        Instrument("A", date(1999, 5, 17), "signature", art44=True)
