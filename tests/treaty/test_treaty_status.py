"""Treaty status keyed by ISO code: the shipped registers, the Protocol's Arts. 40-45 and the
Convention's Arts. 30-33 and 37, on synthetic registers."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from shield.treaty import states, status
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
    treaty_entry_into_force,
)

DATA = Path(__file__).resolve().parents[2] / "src/shield/treaty/data"
FILES = {
    "protocol": DATA / "second_protocol_instruments.csv",
    "convention": DATA / "convention_instruments.csv",
}
COLUMNS = [
    "state",
    "state_name",
    "deposit_date",
    "instrument_type",
    "art44",
    "denunciation_date",
    "succession_date",
    "source",
]
SHIPPED = [t for t, f in FILES.items() if f.is_file()]

# Real codes for synthetic registers, so reasons carry real names.
CODES = [s.code for s in states.all_states() if not s.historical][:40]


def _rows(n: int, start: date = date(2001, 1, 10), kind: str = "ratification") -> list[Instrument]:
    return [
        Instrument(CODES[i], date(start.year, start.month, start.day + i), kind) for i in range(n)
    ]


# -- the shipped registers ----------------------------------------------------------------


@pytest.mark.parametrize("treaty", SHIPPED)
def test_shipped_register_has_the_agreed_columns_codes_and_sources(treaty) -> None:
    with FILES[treaty].open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == COLUMNS
    keys = [(r["state"], r["instrument_type"]) for r in rows]
    assert len(keys) == len(set(keys)), "one instrument per State and kind"
    for r in rows:
        assert states.is_known(r["state"]) and r["state"] == r["state"].upper(), r
        assert r["state_name"].strip() and r["source"].strip(), r
        date.fromisoformat(r["deposit_date"])
        assert r["instrument_type"] in {t.value for t in InstrumentType}
        assert r["art44"] in {"true", "false"}
    assert len(load_register(treaty)) == len(rows)
    sources = (DATA / "SOURCES.md").read_text("utf-8")
    for key in {r["source"] for r in rows}:
        assert key in sources, f"source {key!r} is not explained in SOURCES.md"


def test_the_protocol_entered_into_force_on_9_march_2004_costa_rica_the_twentieth() -> None:
    found = protocol_entry_into_force()
    assert found.result == date(2004, 3, 9)
    assert found.labels() == ("Art. 43(1)",)
    assert "Costa Rica (CRI), deposited 2003-12-09" in found.reason_in("en")
    assert "Costa Rica (CRI), deponert 2003-12-09" in found.reason_in("nb")
    assert binding_instruments()[19].state == "CRI"


def test_canada_three_months_after_deposit_month_end() -> None:
    found = entry_into_force_for("CAN")
    assert found.result == date(2006, 2, 28) and found.labels() == ("Art. 43(2)",)
    assert found.reason_in("en").startswith("Canada (CAN): in force on 2006-02-28")
    assert is_party("CAN", date(2006, 2, 27)).result is False
    assert is_party("CAN", date(2006, 2, 28)).result is True


def test_slovakia_deposited_before_the_protocol_was_in_force_is_bound_under_43_1() -> None:
    found = entry_into_force_for("SVK")
    assert found.result == date(2004, 3, 9)
    assert found.labels() == ("Art. 43(1)",)
    assert "before the Protocol entered into force" in found.reason_in("en")


def test_mali_art44_immediate_effect() -> None:
    found = entry_into_force_for("MLI")
    assert found.result == date(2012, 11, 15)
    assert found.labels() == ("Art. 44", "Convention Art. 18", "Convention Art. 19")


def test_every_state_in_the_protocol_register_gets_a_date_by_the_articles() -> None:
    eif = protocol_entry_into_force().result
    for inst in binding_instruments():
        found = entry_into_force_for(inst.state).result
        assert found is not None and found >= eif
        if inst.instrument_type is InstrumentType.SUCCESSION:
            assert found == max(eif, inst.succession_date or inst.deposit_date)
        elif not inst.art44:
            expected = eif if inst.deposit_date < eif else add_months(inst.deposit_date, 3)
            assert found == expected, inst


def test_a_name_is_read_as_the_code_and_an_unknown_code_is_no_instrument() -> None:
    assert entry_into_force_for("Canada") == entry_into_force_for("CAN")
    assert is_party("canada", date(2010, 1, 1)).result is True
    unknown = entry_into_force_for("XYZ")
    assert unknown.result is None and unknown.reason_in("en") == (
        "XYZ: no instrument: the register of the Protocol records no ratification, "
        "acceptance, approval, accession or succession"
    )
    assert is_party("XYZ", date(2010, 1, 1)).result is False
    absent = entry_into_force_for("ZWE", _rows(20))  # a known code with no row
    assert absent.reason_in("nb").startswith("Zimbabwe (ZWE): intet dokument")


@pytest.mark.skipif("convention" not in SHIPPED, reason="the Convention's register is not shipped")
def test_the_convention_entered_into_force_on_7_august_1956() -> None:
    found = treaty_entry_into_force(treaty="convention")
    assert found.result == date(1956, 8, 7)
    assert found.labels() == ("Convention Art. 33(1)",)
    assert found.labels("nb") == ("konvensjonen art. 33 nr. 1",)


# -- reasons in each language -------------------------------------------------------------


def test_reasons_name_the_state_in_each_language() -> None:
    reg = [*_rows(20), Instrument("ITA", date(2006, 5, 3), "accession")]
    found = is_party("ITA", date(2007, 1, 1), reg)
    assert found.result is True
    assert found.reason_in("en") == "Italy (ITA) is a Party on 2007-01-01"
    assert found.reason_in("nb") == "Italia (ITA) er part 2007-01-01"
    assert "Italia (ITA): i kraft 2006-08-03" in found.parts[0].reason_in("nb")
    assert parties_on(date(2007, 1, 1), reg).result == frozenset([*CODES[:20], "ITA"])


# -- the Protocol: Arts. 40-45 on synthetic registers ---------------------------------------


HEAD = "state,deposit_date,instrument_type\n"


def test_art40_a_signature_outside_the_window_is_refused_when_read() -> None:
    ok = read_register(HEAD + "NOR,1999-05-17,signature\nSWE,1999-12-31,signature\n")
    assert [i.instrument_type for i in ok] == [InstrumentType.SIGNATURE] * 2
    for day in ("1999-05-16", "2000-01-01"):
        with pytest.raises(ValueError, match=r"line 3: a signature dated .*Art\. 40"):
            read_register(HEAD + f"NOR,1999-05-17,signature\nSWE,{day},signature\n")


def test_art41_a_signature_alone_does_not_bind_and_a_recorded_signature_is_named() -> None:
    reg = [*_rows(19), Instrument("NOR", date(1999, 5, 17), "signature")]
    assert protocol_entry_into_force(reg).result is None
    found = entry_into_force_for("NOR", reg)
    assert found.result is None and "a signature alone does not bind" in found.reason_in("en")
    assert found.labels() == ("Art. 40", "Art. 41(1)")
    reg.append(Instrument("NOR", date(2003, 11, 30), "ratification"))
    assert protocol_entry_into_force(reg).result == date(2004, 2, 29)
    assert "(signed 1999-05-17)" in entry_into_force_for("NOR", reg).reason_in("en")


def test_art42_1_an_accession_deposited_in_1999_is_not_counted_among_the_twenty() -> None:
    early = Instrument("NOR", date(1999, 12, 31), "accession")
    reg = [early, *_rows(19), Instrument("SWE", date(2002, 6, 1), "accession")]
    general = protocol_entry_into_force(reg)
    assert general.result == date(2002, 9, 1)  # three months after SWE, the twentieth
    assert "Norway (NOR)" in general.parts[0].reason_in("en")
    found = entry_into_force_for("NOR", reg)
    assert found.result is None
    assert found.labels() == ("Art. 42(1)", "Art. 43(1)")
    assert "premature" in found.reason_in("en") and "2000-01-01" in found.reason_in("en")
    assert "kom for tidlig" in found.reason_in("nb")
    assert is_party("NOR", date(2010, 1, 1), reg).result is False
    assert "NOR" not in parties_on(date(2010, 1, 1), reg).result
    # from 1 January 2000 an accession counts
    in_time = [Instrument("NOR", date(2000, 1, 1), "accession"), *_rows(19)]
    assert protocol_entry_into_force(in_time).result == add_months(in_time[-1].deposit_date, 3)


def test_art43_1_binds_every_state_that_deposited_before_the_protocol_entered_into_force() -> None:
    reg = [
        *_rows(19),
        Instrument("NOR", date(2003, 11, 29), "accession"),  # the twentieth
        Instrument("SWE", date(2003, 11, 29), "approval"),  # same day
        Instrument("DNK", date(2003, 11, 30), "acceptance"),  # after the twentieth
        Instrument("FIN", date(2004, 2, 28), "ratification"),  # the day before entry into force
        Instrument("ISL", date(2004, 2, 29), "accession"),  # on the day: 43(2)
        Instrument("EST", date(2004, 8, 31), "accession"),
    ]
    assert protocol_entry_into_force(reg).result == date(2004, 2, 29)
    for code in ("NOR", "SWE", "DNK", "FIN"):
        found = entry_into_force_for(code, reg)
        assert found.result == date(2004, 2, 29) and found.labels() == ("Art. 43(1)",), code
    assert "one of the twenty" in entry_into_force_for("NOR", reg).reason_in("en")
    assert "before the Protocol entered into force" in entry_into_force_for("FIN", reg).reason_in(
        "en"
    )
    on_the_day = entry_into_force_for("ISL", reg)
    assert on_the_day.result == date(2004, 5, 29) and on_the_day.labels() == ("Art. 43(2)",)
    assert entry_into_force_for("EST", reg).result == date(2004, 11, 30)


def test_art44_synthetic_cases() -> None:
    base = _rows(20)  # the twentieth deposited 2001-01-29: in force 2001-04-29
    reg = [
        *base,
        Instrument("NOR", date(2006, 1, 10), "accession", art44=True),
        Instrument(
            "SWE", date(2006, 1, 10), "ratification", art44=True, hostilities_began=date(2006, 2, 1)
        ),
        Instrument(
            "DNK", date(2006, 1, 10), "ratification", art44=True, hostilities_began=date(2006, 6, 1)
        ),
    ]
    assert entry_into_force_for("NOR", reg).result == date(2006, 1, 10)
    assert entry_into_force_for("SWE", reg).result == date(2006, 2, 1)
    # hostilities began after the ordinary date: Art. 43(2) already applied
    assert entry_into_force_for("DNK", reg).result == date(2006, 4, 10)
    assert entry_into_force_for("DNK", reg).labels() == ("Art. 43(2)",)
    early = [Instrument("NOR", date(2000, 12, 1), "ratification", art44=True), *base]
    assert entry_into_force_for("NOR", early).result == protocol_entry_into_force(early).result
    assert "ART44_READING" in dir(status)


def test_fewer_than_twenty_instruments_means_not_in_force() -> None:
    reg = _rows(19)
    general = protocol_entry_into_force(reg)
    assert general.result is None and "19 counted instruments" in general.reason_in("en")
    assert entry_into_force_for(CODES[0], reg).result is None
    assert is_party(CODES[0], date(2030, 1, 1), reg).result is False


def test_a_succession_binds_from_the_date_of_succession_and_is_not_counted() -> None:
    reg = [
        *_rows(19),
        Instrument("MNE", date(2007, 4, 26), "succession", succession_date=date(2006, 6, 3)),
    ]
    assert protocol_entry_into_force(reg).result is None  # a succession is not the twentieth
    reg += [
        Instrument("NOR", date(2003, 12, 9), "accession"),  # the twentieth: in force 2004-03-09
        Instrument("SVN", date(2003, 5, 1), "succession", succession_date=date(1992, 1, 1)),
        Instrument("HRV", date(2008, 1, 1), "succession"),  # no date of succession recorded
    ]
    assert protocol_entry_into_force(reg).result == date(2004, 3, 9)
    mne = entry_into_force_for("MNE", reg)
    assert mne.result == date(2006, 6, 3) and mne.labels() == ("Art. 43",)
    assert "succession of 2006-06-03, notified 2007-04-26" in mne.reason_in("en")
    svn = entry_into_force_for("SVN", reg)
    assert svn.result == date(2004, 3, 9)
    assert "not before the Protocol entered into force" in svn.reason_in("en")
    hrv = entry_into_force_for("HRV", reg)
    assert hrv.result == date(2008, 1, 1) and "not recorded" in hrv.reason_in("en")
    assert (
        "SUCCESSION_READING" in dir(status)
        and "date of the succession" in status.SUCCESSION_READING
    )
    with pytest.raises(ValueError, match="succession_date belongs to a notification"):
        Instrument("NOR", date(2005, 1, 1), "accession", succession_date=date(2004, 1, 1))
    with pytest.raises(ValueError, match="after the notification"):
        Instrument("NOR", date(2005, 1, 1), "succession", succession_date=date(2006, 1, 1))


def test_art45_denunciation_one_year_and_armed_conflict() -> None:
    plain = Instrument("NOR", date(2005, 1, 1), "accession", denunciation_date=date(2010, 2, 28))
    assert denunciation_takes_effect(plain).result == date(2011, 2, 28)
    assert denunciation_takes_effect(plain).labels() == ("Art. 45(3)",)
    war = Instrument(
        "NOR",
        date(2005, 1, 1),
        "accession",
        denunciation_date=date(2010, 1, 1),
        in_armed_conflict_at_denunciation=True,
    )
    assert denunciation_takes_effect(war).result is None
    ended = Instrument(
        "NOR",
        date(2005, 1, 1),
        "accession",
        denunciation_date=date(2010, 1, 1),
        in_armed_conflict_at_denunciation=True,
        end_of_hostilities=date(2012, 5, 1),
        end_of_repatriation=date(2013, 7, 1),
    )
    assert denunciation_takes_effect(ended).result == date(2013, 7, 1)
    quick = Instrument(
        "NOR",
        date(2005, 1, 1),
        "accession",
        denunciation_date=date(2010, 1, 1),
        in_armed_conflict_at_denunciation=True,
        end_of_hostilities=date(2010, 6, 1),
        end_of_repatriation=date(2010, 7, 1),
    )
    assert denunciation_takes_effect(quick).result == date(2011, 1, 1)


def test_is_party_over_time_with_a_denunciation() -> None:
    reg = [
        *_rows(20),
        Instrument("NOR", date(2005, 1, 1), "accession", denunciation_date=date(2010, 1, 1)),
    ]
    assert is_party("NOR", date(2005, 3, 31), reg).result is False
    assert is_party("NOR", date(2005, 4, 1), reg).result is True
    assert is_party("NOR", date(2010, 12, 31), reg).result is True
    gone = is_party("NOR", date(2011, 1, 1), reg)
    assert gone.result is False and gone.labels() == ("Art. 45(3)",)
    assert "Norge (NOR) er ikke lenger part 2011-01-01" in gone.reason_in("nb")
    assert "NOR" in parties_on(date(2008, 1, 1), reg).result
    assert "NOR" not in parties_on(date(2012, 1, 1), reg).result
    assert len(parties_on(date(2004, 3, 8)).result) == 0
    assert len(parties_on(date(2004, 3, 9)).result) == 21  # the twenty and Slovakia


# -- the Convention: Arts. 30-33 and 37 ------------------------------------------------------


def _convention() -> list[Instrument]:
    return [
        Instrument("EGY", date(1955, 8, 17), "ratification"),
        Instrument("SMR", date(1956, 2, 9), "ratification"),
        Instrument("BGR", date(1956, 3, 1), "accession"),  # premature (Art. 32)
        Instrument("MMR", date(1956, 2, 10), "ratification"),
        Instrument("YUG", date(1956, 2, 13), "ratification"),
        Instrument("MEX", date(1956, 5, 7), "ratification"),  # the fifth: in force 1956-08-07
        Instrument("HUN", date(1956, 5, 17), "ratification"),  # before entry into force
        Instrument("ECU", date(1956, 10, 2), "ratification"),
        Instrument("CUB", date(1957, 11, 26), "accession"),
        Instrument("HRV", date(1992, 7, 6), "succession", succession_date=date(1991, 10, 8)),
        Instrument("ISR", date(1957, 10, 3), "ratification", art44=True),
        Instrument("GBR", date(2017, 9, 12), "ratification", denunciation_date=date(2030, 1, 1)),
    ]


def test_convention_33_1_five_ratifications_and_33_2_thereafter() -> None:
    reg = _convention()
    general = treaty_entry_into_force(reg, "convention")
    assert general.result == date(1956, 8, 7)
    assert general.labels() == ("Convention Art. 33(1)",)
    assert "fifth instrument (Mexico (MEX), deposited 1956-05-07)" in general.reason_in("en")
    assert protocol_entry_into_force(reg, treaty="convention") == general
    for code in ("EGY", "MEX", "HUN"):
        found = entry_into_force_for(code, reg, "convention")
        assert found.result == date(1956, 8, 7) and found.labels() == ("Convention Art. 33(1)",)
    ecu = entry_into_force_for("ECU", reg, "convention")
    assert ecu.result == date(1957, 1, 2) and ecu.labels() == ("Convention Art. 33(2)",)
    assert ecu.labels("nb") == ("konvensjonen art. 33 nr. 2",)
    assert entry_into_force_for("CUB", reg, "convention").result == date(1958, 2, 26)
    # accessions do not count: four ratifications and any number of accessions is not in force
    four = [i for i in reg if i.state in {"EGY", "SMR", "MMR", "YUG", "BGR", "CUB"}]
    assert treaty_entry_into_force(four, "convention").result is None
    assert "five instruments of ratification" in treaty_entry_into_force(
        four, "convention"
    ).reason_in("en")


def test_convention_32_accession_only_from_entry_into_force() -> None:
    found = entry_into_force_for("BGR", _convention(), "convention")
    assert found.result is None
    assert found.labels() == ("Convention Art. 32", "Convention Art. 33(1)")
    assert "open for accession only from 1956-08-07" in found.reason_in("en")


def test_convention_33_3_immediate_effect_and_successions() -> None:
    reg = _convention()
    isr = entry_into_force_for("ISR", reg, "convention")
    assert isr.result == date(1957, 10, 3)
    assert isr.labels() == ("Convention Art. 33(3)", "Convention Art. 18", "Convention Art. 19")
    hrv = entry_into_force_for("HRV", reg, "convention")
    assert hrv.result == date(1991, 10, 8) and hrv.labels() == ("Convention Art. 33",)
    assert "Kroatia (HRV)" in hrv.reason_in("nb")


def test_convention_30_signature_window_and_37_denunciation() -> None:
    read_register(HEAD + "NLD,1954-05-14,signature\n", "convention")
    with pytest.raises(ValueError, match=r"line 2: .*Convention Art\. 30"):
        read_register(HEAD + "NLD,1955-01-01,signature\n", "convention")
    reg = _convention()
    gbr = next(i for i in reg if i.state == "GBR")
    den = denunciation_takes_effect(gbr, "convention")
    assert den.result == date(2031, 1, 1) and den.labels() == ("Convention Art. 37(3)",)
    assert is_party("GBR", date(2030, 12, 31), reg, "convention").result is True
    gone = is_party("GBR", date(2031, 1, 1), reg, "convention")
    assert gone.result is False and gone.labels() == ("Convention Art. 37(3)",)
    assert "is no longer a High Contracting Party" in gone.reason_in("en")
    assert "GBR" not in parties_on(date(2031, 1, 1), reg, "convention").result
    assert {"EGY", "HUN", "HRV", "ISR"} <= parties_on(date(2000, 1, 1), reg, "convention").result


# -- reading a register ----------------------------------------------------------------------


def test_read_register_reads_the_new_columns_and_allows_optional_ones_missing() -> None:
    head = ",".join(COLUMNS) + "\n"
    reg = read_register(
        head + "MNE,Montenegro,2007-04-26,succession,false,,2006-06-03,untc-3511\n"
        "Italy,Italia,2001-01-01,ratification,,,,\n"
    )
    assert reg[0].succession_date == date(2006, 6, 3) and reg[0].source == "untc-3511"
    assert reg[0].state_name == "Montenegro"
    assert reg[1].state == "ITA"  # a known name is read as the code
    minimal = read_register(HEAD + "NOR,2016-06-23,accession\n")
    assert minimal[0].art44 is False and minimal[0].source == ""


def test_register_errors_name_the_line() -> None:
    head = "state,deposit_date,instrument_type,art44,denunciation_date\n"
    with pytest.raises(ValueError, match="line 3"):
        read_register(head + "NOR,2001-01-01,accession,false,\nSWE,2001-13-01,accession,false,\n")
    with pytest.raises(ValueError, match="line 2: .*art44"):
        read_register(head + "NOR,2001-01-01,accession,maybe,\n")
    with pytest.raises(ValueError, match="line 2"):
        read_register(head + "NOR,2001-01-01,treaty,false,\n")
    with pytest.raises(ValueError, match="line 3: NOR has a accession already at line 2"):
        read_register(
            head + "NOR,2001-01-01,accession,false,\nNorway,2002-01-01,accession,false,\n"
        )
    with pytest.raises(ValueError, match="header"):
        read_register("state,date\nNOR,2001-01-01\n")
    with pytest.raises(ValueError, match="Art. 44"):
        Instrument("NOR", date(1999, 5, 17), "signature", art44=True)
    with pytest.raises(ValueError, match="unknown treaty"):
        load_register("first_protocol")
