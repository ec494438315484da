"""The registers of instruments through the CLI and the services: keyed by State code, adding
and correcting (never dropping unless --replace), all or nothing, every change audited."""

from __future__ import annotations

import csv
import io
import json

import pytest

from shield import cli
from shield.audit.models import AuditEntry
from shield.parties.models import Instrument
from shield.parties.register import (
    RegisterInvalid,
    current_register,
    import_register,
    listing,
    shipped_text,
)
from shield.treaty import states, status

pytestmark = pytest.mark.django_db(transaction=True)

SHIPPED = shipped_text("protocol")
N_SHIPPED = len(status.load_register("protocol"))
# Twenty real codes for synthetic registers (none of them is a date of the real register).
CODES = [s.code for s in states.all_states() if not s.historical][:24]


def run_json(capsys, *args):
    capsys.readouterr()
    assert cli.main(["parties", "list", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def write(tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def synthetic_twenty() -> list[str]:
    """Twenty ratifications in January 2001: the Protocol in force on 2001-04-29."""
    return [f"{CODES[i]},2001-01-{i + 10:02d},ratification" for i in range(20)]


def test_the_shipped_register_gives_the_depositarys_dates(tmp_path, capsys):
    path = write(tmp_path, "register.csv", SHIPPED.splitlines())
    assert cli.main(["parties", "import", path]) == 0
    assert f"{N_SHIPPED} recorded from the shipped register" in capsys.readouterr().out
    rows = {r["state"]: r for r in run_json(capsys)}
    assert len(rows) == N_SHIPPED
    first_twenty = sorted(rows.values(), key=lambda r: r["deposit_date"])[:20]
    assert {r["entry_into_force"] for r in first_twenty} == {"2004-03-09"}
    assert rows["CRI"]["citations"] == ["Art. 43(1)"]
    assert rows["CRI"]["name"] == {"en": "Costa Rica", "nb": "Costa Rica"}
    assert rows["CYP"]["name"]["nb"] == "Kypros" and rows["CYP"]["source"]
    # deposited after the twentieth, before 9 March 2004: bound from that day (43(1))
    assert rows["SVK"]["entry_into_force"] == "2004-03-09" and rows["SVK"]["citations"] == [
        "Art. 43(1)"
    ]
    assert rows["CAN"]["entry_into_force"] == "2006-02-28" and rows["CAN"]["citations"] == [
        "Art. 43(2)"
    ]
    assert "Art. 44" in rows["MLI"]["citations"]
    # re-importing the same file changes nothing and writes no audit entry
    entries = AuditEntry.objects.count()
    assert cli.main(["parties", "import", path]) == 0
    assert f"0 created, 0 updated, {N_SHIPPED} unchanged, 0 removed" in capsys.readouterr().out
    assert AuditEntry.objects.count() == entries
    assert cli.main(["parties", "list"]) == 0
    out = capsys.readouterr().out
    assert "The Protocol: in force on 2004-03-09" in out and "Kypros" in out


def test_a_one_row_file_adds_that_row_and_keeps_the_rest(tmp_path, capsys):
    one = write(
        tmp_path,
        "one.csv",
        ["state,deposit_date,instrument_type,source", "Italy,2009-06-15,accession,test"],
    )
    assert cli.main(["parties", "import", one]) == 0
    assert (
        f"{N_SHIPPED} recorded from the shipped register, then 1 created" in capsys.readouterr().out
    )
    rows = {r["state"]: r for r in run_json(capsys)}
    assert len(rows) == N_SHIPPED + 1
    assert rows["ITA"]["entry_into_force"] == "2009-09-15" and rows["ITA"]["name"]["nb"] == "Italia"
    assert rows["ITA"]["state_name"] == "Italy"
    assert status.protocol_entry_into_force(current_register()).result.isoformat() == "2004-03-09"
    # a second one-row file into a recorded register: one more row, nothing removed
    other = write(
        tmp_path, "other.csv", ["state,deposit_date,instrument_type", "NOR,2016-06-23,accession"]
    )
    assert cli.main(["parties", "import", other]) == 0
    assert "1 created, 0 updated, 0 unchanged, 0 removed" in capsys.readouterr().out
    assert Instrument.objects.filter(treaty="protocol").count() == N_SHIPPED + 2


def test_a_changed_date_or_type_corrects_the_one_instrument_audited(tmp_path, capsys):
    base = write(tmp_path, "base.csv", ["state,deposit_date,instrument_type", *synthetic_twenty()])
    assert cli.main(["parties", "import", base, "--replace"]) == 0
    state = CODES[3]
    fix = write(
        tmp_path, "fix.csv", ["state,deposit_date,instrument_type", f"{state},2001-01-13,accession"]
    )
    assert cli.main(["parties", "import", fix]) == 0
    assert "0 created, 1 updated" in capsys.readouterr().out
    own = Instrument.objects.filter(state__code=state)
    assert own.count() == 1 and own.get().instrument_type == "accession"
    entry = AuditEntry.objects.filter(action="update", target_type="instrument").latest("seq")
    assert entry.changes == {"instrument_type": ["ratification", "accession"]}
    assert "type corrected from ratification" in entry.summary
    redate = write(
        tmp_path,
        "redate.csv",
        ["state,deposit_date,instrument_type", f"{state},2001-01-14,accession"],
    )
    assert cli.main(["parties", "import", redate]) == 0
    entry = AuditEntry.objects.filter(action="update").latest("seq")
    assert entry.changes == {"deposit_date": ["2001-01-13", "2001-01-14"]}
    # a signature is a second instrument of another kind, never a correction
    signed = write(
        tmp_path,
        "signed.csv",
        ["state,deposit_date,instrument_type", f"{state},1999-05-17,signature"],
    )
    assert cli.main(["parties", "import", signed]) == 0
    assert own.count() == 2 and Instrument.objects.count() == 21


def test_replace_makes_the_file_the_whole_register_and_audits_what_it_removes(tmp_path, capsys):
    assert import_register(None, SHIPPED).seeded == N_SHIPPED
    path = write(tmp_path, "base.csv", ["state,deposit_date,instrument_type", *synthetic_twenty()])
    capsys.readouterr()
    assert cli.main(["parties", "import", path, "--replace"]) == 0
    out = capsys.readouterr().out
    assert Instrument.objects.count() == 20
    removed = N_SHIPPED - len({c for c in CODES[:20]} & {i.state for i in status.load_register()})
    assert f"{removed} removed" in out
    assert AuditEntry.objects.filter(action="delete", target_type="instrument").count() == removed
    assert status.protocol_entry_into_force(current_register()).result.isoformat() == "2001-04-29"


def test_dry_run_writes_nothing(tmp_path, capsys):
    path = write(
        tmp_path, "one.csv", ["state,deposit_date,instrument_type", "NOR,2016-06-23,accession"]
    )
    assert cli.main(["parties", "import", path, "--dry-run"]) == 0
    assert "dry run: nothing written" in capsys.readouterr().out
    assert Instrument.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_bad_rows_are_named_by_line_and_nothing_is_written(tmp_path, capsys):
    path = write(
        tmp_path,
        "bad.csv",
        [
            "state,deposit_date,instrument_type,art44",
            "Norway,2016-06-23,accession,false",
            "Itlay,2016-06-23,accession,false",
            "Sweden,23/06/2016,accession,false",
            ",2016-06-23,treaty,maybe",
            "NOR,2017-01-01,accession,false",
            "Denmark,2000-01-05,signature,false",
        ],
    )
    assert cli.main(["parties", "import", path]) == 1
    err = capsys.readouterr().err
    for expected in (
        "line 3: state: unknown State 'Itlay': did you mean Italy (ITA)",
        "line 4: deposit_date",
        "line 5: state: is required",
        "line 5: instrument_type",
        "line 5: art44",
        "line 6: state: Norway (NOR) has a accession already at line 2",
        "line 7: deposit_date: a signature dated 2000-01-05 is outside the period",
    ):
        assert expected in err
    assert Instrument.objects.count() == 0 and AuditEntry.objects.count() == 0
    extra = write(
        tmp_path,
        "extra.csv",
        [
            "state,deposit_date,instrument_type,entry_into_force",
            "NOR,2016-06-23,accession,2016-09-23",
        ],
    )
    assert cli.main(["parties", "import", extra]) == 0
    assert "column(s) not read: entry_into_force" in capsys.readouterr().err
    header = write(tmp_path, "header.csv", ["country,date", "X,2000-01-01"])
    assert cli.main(["parties", "import", header]) == 1
    assert "missing column(s) state, deposit_date, instrument_type" in capsys.readouterr().err
    with pytest.raises(RegisterInvalid, match="treaty"):
        import_register(None, "state,deposit_date,instrument_type\n", treaty="first_protocol")


def test_art44_month_end_denunciation_and_names_in_both_languages(tmp_path, capsys):
    path = write(
        tmp_path,
        "r.csv",
        [
            "state,deposit_date,instrument_type,art44,denunciation_date",
            *[f"{CODES[i]},2001-01-{i + 1:02d},ratification,false," for i in range(19)],
            "Norway,2003-11-29,accession,false,",  # the twentieth: 29 Feb 2004 (leap year)
            "Sverige,2005-11-29,ratification,false,",  # 28 Feb 2006 (not a leap year)
            "UKR,2006-06-15,accession,true,",  # Art. 44: immediate effect
            "Denmark,2004-06-01,ratification,false,2010-05-05",
        ],
    )
    assert cli.main(["parties", "import", path, "--replace"]) == 0
    rows = {r["state"]: r for r in run_json(capsys)}
    assert rows["NOR"]["entry_into_force"] == "2004-02-29" and rows["NOR"]["name"]["nb"] == "Norge"
    assert (
        rows["SWE"]["entry_into_force"] == "2006-02-28" and rows["SWE"]["state_name"] == "Sverige"
    )
    assert rows["UKR"]["entry_into_force"] == "2006-06-15" and "Art. 44" in rows["UKR"]["citations"]
    assert rows["DNK"]["denunciation_effective"] == "2011-05-05"
    assert "Art. 45(3)" in rows["DNK"]["citations"]
    on = {r["state"] for r in run_json(capsys, "--on", "2011-06-01")}
    assert "DNK" not in on and "SWE" in on
    assert run_json(capsys, "--on", "2004-02-28") == []
    capsys.readouterr()
    assert cli.main(["parties", "list", "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert csv_out.splitlines()[0].startswith("state,name_en,name_nb,")
    assert "NOR,Norway,Norge,2003-11-29,accession" in csv_out


def test_instrument_types_as_the_depositary_writes_them(tmp_path, capsys):
    path = write(
        tmp_path,
        "r.csv",
        [
            "state,deposit_date,instrument_type",
            "NOR,2001-01-01,Ratification (R)",
            "SWE,2001-01-02,Ac",
            "DNK,2001-01-03,ACCESSION",
            "FIN,2001-01-04,N",
        ],
    )
    assert cli.main(["parties", "import", path, "--replace"]) == 0
    kinds = {r["state"]: r["instrument_type"] for r in run_json(capsys)}
    assert kinds == {
        "NOR": "ratification",
        "SWE": "acceptance",
        "DNK": "accession",
        "FIN": "succession",
    }


def test_a_succession_binds_from_the_date_of_succession_and_is_not_counted(tmp_path, capsys):
    path = write(
        tmp_path,
        "r.csv",
        [
            "state,deposit_date,instrument_type,succession_date",
            *[f"{CODES[i]},2001-01-{i + 1:02d},ratification," for i in range(19)],
            "SVN,2002-05-01,Notification of succession,1992-01-01",  # not the twentieth
            "NOR,2003-12-09,accession,",
            "MNE,2007-04-26,succession,2006-06-03",
            "HRV,2008-01-10,succession,",
        ],
    )
    assert cli.main(["parties", "import", path, "--replace"]) == 0
    rows = {r["state"]: r for r in run_json(capsys)}
    assert rows["NOR"]["entry_into_force"] == "2004-03-09"
    assert rows["SVN"]["entry_into_force"] == "2004-03-09"
    assert (
        rows["MNE"]["entry_into_force"] == "2006-06-03"
        and rows["MNE"]["succession_date"] == "2006-06-03"
    )
    assert rows["HRV"]["entry_into_force"] == "2008-01-10"


def test_the_convention_has_its_own_register(tmp_path, capsys):
    path = write(
        tmp_path,
        "c.csv",
        [
            "state,state_name,deposit_date,instrument_type,art44,denunciation_date,succession_date,source",
            "EGY,Egypt,1955-08-17,ratification,false,,,test",
            "SMR,San Marino,1956-02-09,ratification,false,,,test",
            "MMR,Burma,1956-02-10,ratification,false,,,test",
            "Yugoslavia,Yugoslavia,1956-02-13,ratification,false,,,test",
            "MEX,Mexico,1956-05-07,ratification,false,,,test",
            "HRV,Croatia,1992-07-06,succession,false,,1991-10-08,test",
            "ITA,Italy,1958-05-09,ratification,false,,,test",
        ],
    )
    assert cli.main(["parties", "import", path, "--treaty", "convention", "--replace"]) == 0
    rows = {r["state"]: r for r in run_json(capsys, "--treaty", "convention")}
    assert rows["YUG"]["name"]["en"] == "Yugoslavia"
    assert rows["MEX"]["entry_into_force"] == "1956-08-07"
    assert rows["MEX"]["citations"] == ["Convention Art. 33(1)"]
    assert rows["ITA"]["entry_into_force"] == "1958-08-09"
    assert rows["ITA"]["citations"] == ["Convention Art. 33(2)"]
    assert rows["HRV"]["entry_into_force"] == "1991-10-08"
    assert Instrument.objects.filter(treaty="protocol").count() == 0
    assert len(current_register("protocol")) == N_SHIPPED  # still the shipped one
    capsys.readouterr()
    assert cli.main(["parties", "list", "--treaty", "convention"]) == 0
    assert "The Convention: in force on 1956-08-07" in capsys.readouterr().out
    nb = listing(treaty="convention", lang="nb")
    assert next(r for r in nb if r["state"] == "ITA")["citations"] == ["konvensjonen art. 33 nr. 2"]


def test_the_demo_loads_both_shipped_registers():
    from shield.parties import demo

    message = demo.load()
    assert f"protocol: {N_SHIPPED} recorded" in message
    assert Instrument.objects.filter(treaty="protocol").count() == N_SHIPPED
    if shipped_text("convention") is not None:
        assert Instrument.objects.filter(treaty="convention").count() == len(
            status.load_register("convention")
        )
    again = demo.load()
    assert f"protocol: 0 created, 0 updated, {N_SHIPPED} unchanged" in again


def test_the_migration_keys_existing_rows_by_code():
    """Rows recorded by name before 0005 are the Protocol's, each against its State's code."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("parties", "0006_committee_elections")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Old = old.get_model("parties", "Instrument")
    Old.objects.create(
        state_name="Republic of Moldova",
        instrument_type="accession",
        deposit_date="2026-01-16",
        source="nl-009168",
    )
    Old.objects.create(
        state_name="Cyprus", instrument_type="ratification", deposit_date="2001-05-16"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    rows = {i.state.code: i for i in Instrument.objects.select_related("state")}
    assert set(rows) == {"MDA", "CYP"}
    assert {i.treaty for i in rows.values()} == {"protocol"}
    assert rows["MDA"].state_name == "Republic of Moldova" and rows["MDA"].source == "nl-009168"


def test_the_csv_listing_runs_no_formula_in_a_spreadsheet(tmp_path, capsys):
    """A source note that a spreadsheet would run as a formula is written behind an
    apostrophe, as in every other CSV the product writes (shield.core.csvcells)."""
    formula = '=HYPERLINK("http://example.org/x","x")'
    quoted = '"' + formula.replace('"', '""') + '"'
    path = write(
        tmp_path,
        "r.csv",
        ["state,deposit_date,instrument_type,source", "NOR,2001-01-01,ratification," + quoted],
    )
    assert cli.main(["parties", "import", path, "--replace"]) == 0
    capsys.readouterr()
    assert cli.main(["parties", "list", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["source"] for r in rows if r["state"] == "NOR"] == ["'" + formula]
