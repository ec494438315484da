"""The pure reader: every form shape gives the same questions; every export format gives
the same submissions (answers, select_multiple, geopoints, the repeat, ids, versions)."""

from __future__ import annotations

import json

import pytest

from shield.fieldforms import read_export, read_form
from shield.fieldforms.exports import ExportUnreadable, geopoint
from shield.fieldforms.form import FormUnreadable
from tests.fieldforms import generate as g

FORMS = {
    "form.xlsx": g.xlsform,
    "form.json": lambda: json.dumps(g.json_form()).encode(),
    "asset.json": lambda: json.dumps(g.kobo_asset()).encode(),
    "form.xml": lambda: g.xform().encode(),
}


@pytest.mark.parametrize("name", FORMS)
def test_every_form_shape_reads_the_same_questions(name):
    form = read_form(FORMS[name](), name)
    assert (form.form_id, form.version) == (g.FORM_ID, g.VERSION)
    assert set(form.languages) == {g.EN, g.FR}
    q = form.by_path["damage/causes"]
    assert q.type == "select_multiple" and [c.name for c in q.choices] == g.CAUSES
    assert q.choices[3].label("fr") == "Séisme"
    assert form.by_path["site/gps"].type == "geopoint"
    assert form.by_path["photos/photo"].type == "image"
    assert form.by_path["photos/photo"].repeat == "photos"
    assert form.by_path["damage/damage_level"].label("fr") == "Niveau de dommage"


def test_a_file_that_is_no_form_is_refused_by_name():
    with pytest.raises(FormUnreadable, match="notes.txt"):
        read_form(b"hello", "notes.txt")


@pytest.mark.parametrize("fmt", g.FORMATS)
def test_every_export_format_reads_the_same_submissions(fmt):
    form = read_form(g.xlsform(), "form.xlsx")
    subs = g.submissions(5)
    name, write = g.FORMATS[fmt]
    export = read_export(write(subs), name, form)
    assert [s.uuid for s in export.submissions] == [s.uuid for s in subs]
    assert export.unused == []
    for got, want in zip(export.submissions, subs):
        a = want.answers
        assert got.answers["site/site_code"] == a["site/site_code"]
        assert got.answers["damage/damage_level"] == a["damage/damage_level"]
        assert got.answers["damage/causes"] == a["damage/causes"]
        assert got.answers["damage/damage_extent"] == a["damage/damage_extent"]
        lat, lon, alt, acc = a["site/gps"]
        assert got.answers["site/gps"]["lat"] == pytest.approx(lat)
        assert got.answers["site/gps"]["lon"] == pytest.approx(lon)
        assert got.version == g.VERSION or fmt == "kobo-xlsx" and got.version == g.VERSION
        if fmt in ("kobo-json", "ona-json", "kobo-xlsx", "odk-zip", "odata-json"):
            photos = got.repeats["photos"]
            assert [p["photos/photo"] for p in photos] == [p["photo"] for p in want.photos]
            assert [p["photos/caption"] for p in photos] == [p["caption"] for p in want.photos]


def test_select_multiple_as_json_and_geopoints_in_every_form():
    form = read_form(g.xlsform(), "form.xlsx")
    rows = [
        {
            "_uuid": "u1",
            "damage/causes": '["shelling", "fire"]',
            "site/gps": {"type": "Point", "coordinates": [46.5, 40.1, 900]},
        },
        {"_uuid": "u2", "damage/causes": ["Séisme", "Incendie"], "site/gps": [40.1, 46.5]},
    ]
    export = read_export(json.dumps(rows).encode(), "x.json", form)
    a, b = export.submissions
    assert a.answers["damage/causes"] == ["shelling", "fire"]
    assert a.answers["site/gps"] == {"lat": 40.1, "lon": 46.5, "alt": 900.0}
    assert b.answers["damage/causes"] == ["earthquake", "fire"]
    assert b.answers["site/gps"] == {"lat": 40.1, "lon": 46.5}
    assert geopoint("91 10") is None  # off the globe


def test_unknown_columns_are_listed_and_kept():
    form = read_form(g.xlsform(), "form.xlsx")
    rows = [{"_uuid": "u1", "site/site_code": "X", "team_colour": "red"}]
    export = read_export(json.dumps(rows).encode(), "x.json", form)
    assert export.unused == ["team_colour"]
    assert export.submissions[0].extra == {"team_colour": "red"}


def test_edits_and_versions_are_read():
    form = read_form(g.xlsform(), "form.xlsx")
    subs = g.submissions(2)
    subs[1].deprecated = subs[0].uuid
    for fmt in ("kobo-json", "kpi-csv-semicolon-slash", "odk-csv"):
        name, write = g.FORMATS[fmt]
        export = read_export(write(subs), name, form)
        assert export.submissions[1].deprecated_id == subs[0].uuid, fmt
        assert export.versions == {g.VERSION: 2}, fmt


def test_not_utf8_is_refused_with_the_file_name():
    form = read_form(g.xlsform(), "form.xlsx")
    with pytest.raises(ExportUnreadable, match="bad.csv: not UTF-8"):
        read_export("a;b\né;x".encode("latin-1"), "bad.csv", form)


def test_an_xls_export_keeps_its_dates_and_a_damaged_one_is_refused_by_name():
    import io
    from datetime import date

    import xlwt

    form = read_form(g.xlsform(), "form.xlsx")
    sub = g.submissions(1)[0]
    sheets = g.kobo_sheets([sub])
    book = xlwt.Workbook(encoding="utf-8")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for title, rows in sheets:
        sheet = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if r and rows[0][c] == "damage/damage_date":  # a date cell, as Excel keeps it
                    sheet.write(r, c, date.fromisoformat(value), dated)
                else:
                    sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    export = read_export(out.getvalue(), "export.xls", form)
    got = export.submissions[0]
    assert export.format == "xls" and got.uuid == sub.uuid
    assert got.answers["damage/damage_date"] == sub.answers["damage/damage_date"]
    assert [p["photos/photo"] for p in got.repeats["photos"]] == [p["photo"] for p in sub.photos]
    damaged = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(ExportUnreadable) as refused:
        read_export(damaged, "survey.xls", form)
    assert refused.value.code == "not_xls" and "survey.xls: not an XLS workbook" in str(
        refused.value
    )
