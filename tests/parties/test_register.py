"""The register of instruments through the CLI: import all or nothing, list with citations."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from shield import cli
from shield.audit.models import AuditEntry
from shield.parties.models import Instrument

pytestmark = pytest.mark.django_db(transaction=True)

SHIPPED = resources.files("shield.treaty").joinpath("data", "second_protocol_instruments.csv")


def run_json(capsys, *args):
    capsys.readouterr()
    assert cli.main(["parties", "list", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_real_register_gives_the_depositarys_dates(states, tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["parties", "import", str(path)]) == 0
    rows = {r["state"]: r for r in run_json(capsys)}
    # The Protocol itself: three months after the twentieth instrument (Costa Rica, 9 Dec 2003).
    first_twenty = sorted(rows.values(), key=lambda r: r["deposit_date"])[:20]
    assert {r["entry_into_force"] for r in first_twenty} == {"2004-03-09"}
    assert rows["Costa Rica"]["citations"] == ["Art. 43(1)"]
    # Later Parties: three months after their deposit (Art. 43(2)).
    assert rows["Slovakia"]["entry_into_force"] == "2004-05-11"
    assert rows["Slovakia"]["citations"] == ["Art. 43(2)"]
    assert all(r["citations"] for r in rows.values())
    # Re-importing the same file changes nothing.
    entries = AuditEntry.objects.count()
    assert cli.main(["parties", "import", str(path)]) == 0
    assert AuditEntry.objects.count() == entries
    capsys.readouterr()
    assert cli.main(["parties", "list"]) == 0
    assert "The Protocol: in force on 2004-03-09" in capsys.readouterr().out


def test_art44_and_month_end_and_denunciation(states, tmp_path, capsys):
    lines = ["state,deposit_date,instrument_type,art44,denunciation_date"]
    lines += [f"State {i:02d},2001-01-{i + 1:02d},ratification,false," for i in range(19)]
    lines += ["Twentieth,2003-11-29,accession,false,",  # 29 Nov + 3 months: 29 Feb 2004 (leap)
              "Late,2005-11-29,ratification,false,",    # 28 Feb 2006 (not a leap year)
              "Belligerent,2006-06-15,accession,true,",  # Art. 44: immediate effect
              "Leaver,2004-06-01,ratification,false,2010-05-05"]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.main(["parties", "import", str(path)]) == 0
    rows = {r["state"]: r for r in run_json(capsys)}
    assert rows["Twentieth"]["entry_into_force"] == "2004-02-29"
    assert rows["Late"]["entry_into_force"] == "2006-02-28"
    assert rows["Belligerent"]["entry_into_force"] == "2006-06-15"
    assert "Art. 44" in rows["Belligerent"]["citations"]
    assert rows["Leaver"]["denunciation_effective"] == "2011-05-05"
    on = {r["state"] for r in run_json(capsys, "--on", "2011-06-01")}
    assert "Leaver" not in on and "Late" in on
    before = {r["state"] for r in run_json(capsys, "--on", "2004-02-28")}
    assert before == set()


def test_bad_rows_are_named_and_nothing_is_written(states, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        "state,deposit_date,instrument_type,art44\n"
        "Norway,2016-06-23,accession,false\n"
        "Sweden,23/06/2016,accession,false\n"
        ",2016-06-23,treaty,maybe\n"
        "Norway,2017-01-01,accession,false\n", encoding="utf-8")
    assert cli.main(["parties", "import", str(path)]) == 1
    err = capsys.readouterr().err
    for expected in ("line 3: deposit_date", "line 4: state: is required", "line 4: instrument_type",
                     "line 4: art44", "line 5: state: Norway has a accession already at line 2"):
        assert expected in err
    assert Instrument.objects.count() == 0
    extra = tmp_path / "extra.csv"
    extra.write_text("state,deposit_date,instrument_type,entry_into_force\nNorway,2016-06-23,accession,2016-09-23\n",
                     encoding="utf-8")
    assert cli.main(["parties", "import", str(extra)]) == 0
    assert "column(s) not read: entry_into_force" in capsys.readouterr().err
    header = tmp_path / "header.csv"
    header.write_text("country,date\nX,2000-01-01\n", encoding="utf-8")
    assert cli.main(["parties", "import", str(header)]) == 1
    assert "missing column(s) state, deposit_date, instrument_type" in capsys.readouterr().err


def test_instrument_types_as_the_depositary_writes_them(states, tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text("state,deposit_date,instrument_type\nA,2001-01-01,Ratification (R)\nB,2001-01-02,Ac\n"
                    "C,2001-01-03,ACCESSION\n", encoding="utf-8")
    assert cli.main(["parties", "import", str(path)]) == 0
    kinds = {r["state"]: r["instrument_type"] for r in run_json(capsys)}
    assert kinds == {"A": "ratification", "B": "acceptance", "C": "accession"}


def test_a_notification_of_succession_binds_from_its_date_and_is_not_counted(states, tmp_path, capsys):
    lines = ["state,deposit_date,instrument_type"]
    lines += [f"State {i:02d},2001-01-{i + 1:02d},ratification" for i in range(19)]
    lines += ["Successor,2002-05-01,Notification of succession",  # not the twentieth
              "Twentieth,2003-12-09,accession",
              "Late successor,2007-04-26,succession"]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.main(["parties", "import", str(path)]) == 0
    rows = {r["state"]: r for r in run_json(capsys)}
    assert rows["Twentieth"]["entry_into_force"] == "2004-03-09"
    assert rows["Successor"]["entry_into_force"] == "2004-03-09"
    assert rows["Late successor"]["entry_into_force"] == "2007-04-26"
    assert rows["Late successor"]["instrument_type"] == "succession"
