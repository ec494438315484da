"""Kobo/ODK exports: one bad row imports nothing and names the row; a good file imports."""

from __future__ import annotations

import json

import pytest

from shield import cli
from shield.audit.models import AuditEntry
from shield.monitoring.fieldforms import ImportInvalid, import_file
from shield.monitoring.models import Assessment, Incident

pytestmark = pytest.mark.django_db(transaction=True)

MAPPING = {
    "kind": "assessment",
    "fields": {
        "property": "site/code",
        "assessed_on": "today",
        "condition": "state/condition",
        "damage_extent": "state/extent",
        "assessor": "username",
        "notes": "state/notes",
    },
    "values": {
        "condition": {"very bad": "very_bad", "good": "good", "poor": "poor"},
        "certainty": {"hi": "high", "med": "medium"},
    },
    "constants": {"method": "field"},
    "disturbances": {"prefix": "state/causes/", "certainty": "state/certainty"},
}
HEADER = (
    "today;username;site/code;state/condition;state/extent;state/causes/military_armed_conflict;"
    "state/causes/looting_illegal;state/certainty;state/notes;_uuid;_submission_time"
)


def kobo_csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def good_rows(props):
    g, s = props["gandzasar"].code, props["shusha"].code
    return [
        f"2021-03-01;field1;{g};poor;11-30;1;0;hi;roof hit;aaa-1;2021-03-01T10:00:00",
        f"2021-03-02;field1;{s};very bad;31-60;1;1;med;;aaa-2;2021-03-02T10:00:00",
    ]


def test_a_good_kobo_csv_imports(users, props, tmp_path, capsys):
    src, mapping = tmp_path / "kobo.csv", tmp_path / "map.json"
    src.write_text(kobo_csv(*good_rows(props)))
    mapping.write_text(json.dumps(MAPPING))
    assert cli.main(["monitoring", "import-kobo", str(src), "--mapping", str(mapping)]) == 0
    assert "kobo.csv: 2 created, 0 unchanged" in capsys.readouterr().out
    a = Assessment.objects.get(external_id="kobo:aaa-2")
    assert a.condition == "very_bad" and a.property == props["shusha"]
    assert {d["category"] for d in a.disturbances} == {"military_armed_conflict", "looting_illegal"}
    assert all(d["certainty"] == "medium" for d in a.disturbances)
    assert AuditEntry.objects.filter(action="import", target_type="assessment").count() == 1
    # importing the same export again changes nothing
    assert cli.main(["monitoring", "import-kobo", str(src), "--mapping", str(mapping)]) == 0
    assert "0 created, 2 unchanged" in capsys.readouterr().out
    assert Assessment.objects.count() == 2


def test_one_bad_row_imports_nothing_and_names_the_row(users, props, tmp_path, capsys):
    rows = good_rows(props)
    rows.insert(1, f"2021-03-05;field2;{props['shusha'].code};terrible;11-30;0;0;hi;;bbb-9;x")
    src, mapping = tmp_path / "kobo.csv", tmp_path / "map.json"
    src.write_text(kobo_csv(*rows))
    mapping.write_text(json.dumps(MAPPING))
    before = AuditEntry.objects.count()
    assert cli.main(["monitoring", "import-kobo", str(src), "--mapping", str(mapping)]) == 1
    err = capsys.readouterr().err
    assert "nothing imported" in err
    assert "row 2 (kobo:bbb-9): condition: 'terrible' is not one of" in err
    assert "row 1" not in err and "row 3" not in err
    assert Assessment.objects.count() == 0 and AuditEntry.objects.count() == before


def test_unknown_property_and_missing_date_are_named(users, props):
    text = kobo_csv(";field1;NOPE-1;good;none;0;0;hi;;c1;x")
    with pytest.raises(ImportInvalid) as exc:
        import_file(users["assessor"], "k.csv", text, json.dumps(MAPPING))
    assert "row 1 (kobo:c1): property: no property 'NOPE-1'" in exc.value.errors
    assert "row 1 (kobo:c1): assessed_on: is required (an ISO date, YYYY-MM-DD)" in exc.value.errors


def test_kobo_json_export_of_incidents(users, props):
    mapping = {
        "kind": "incident",
        "fields": {
            "property": "grp/code",
            "reported_on": "grp/date",
            "allegation": "grp/what",
            "reporter_name": "grp/ngo",
        },
        "constants": {"reporter_kind": "ngo"},
    }
    doc = {
        "results": [
            {
                "_uuid": "u1",
                "grp": {
                    "code": props["gandzasar"].code,
                    "date": "2021-04-01",
                    "what": "looting",
                    "ngo": "Watch group",
                },
            }
        ]
    }
    done = import_file(users["assessor"], "k.json", json.dumps(doc), json.dumps(mapping))
    assert done == {"created": 1, "unchanged": 0, "dry_run": False}
    assert Incident.objects.get(external_id="kobo:u1").reporter_name == "Watch group"


def test_a_party_officer_cannot_import_assessments(users, props, tmp_path, capsys):
    src, mapping = tmp_path / "kobo.csv", tmp_path / "map.json"
    src.write_text(kobo_csv(*good_rows(props)))
    mapping.write_text(json.dumps(MAPPING))
    assert (
        cli.main(
            [
                "monitoring",
                "import-kobo",
                str(src),
                "--mapping",
                str(mapping),
                "--user",
                "officer-arm",
            ]
        )
        == 2
    )
    assert Assessment.objects.count() == 0
