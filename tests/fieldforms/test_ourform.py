"""Heritage Shield's own XLSForm (issue 20, item 7): written by the CLI and the API, valid
for pyxform (converted to an XForm), labelled in English and Norwegian, and a submission
made from it (as Kobo's JSON and ODK Central's CSV export it) imports with no mapping step."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.test import Client

from shield import cli
from shield.fieldforms import ourform, read_form
from shield.monitoring.models import Assessment, Evidence, FieldForm, FieldSubmission, Incident
from tests.monitoring.conftest import jpeg_with_exif

pytestmark = pytest.mark.django_db

EN, NB = (f"label::{name}" for _code, name in ourform.LANGUAGES)


def _xform(body: bytes, tmp_path, name: str) -> str:
    from pyxform.xls2xform import xls2xform_convert

    src, out = tmp_path / f"{name}.xlsx", tmp_path / f"{name}.xml"
    src.write_bytes(body)
    warnings = xls2xform_convert(str(src), str(out), validate=False)
    assert warnings == [], warnings
    return out.read_text(encoding="utf-8")


def _sheet(body: bytes, title: str) -> list[dict]:
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(body), read_only=True)[title].values)
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def test_the_cli_writes_each_form_and_pyxform_converts_it(tmp_path, capsys):
    out = tmp_path / "both.zip"
    assert cli.main(["fieldforms", "form", "--kind", "both", "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        forms = {name: z.read(name) for name in z.namelist()}
    assert set(forms) == {"heritage_shield_assessment.xlsx", "heritage_shield_incident.xlsx"}
    xml = _xform(forms["heritage_shield_assessment.xlsx"], tmp_path, "assessment")
    assert 'lang="English (en)"' in xml and 'lang="Norsk bokmål (nb)"' in xml
    assert 'id="heritage_shield_assessment"' in xml and f'version="{ourform.VERSION}"' in xml
    assert 'type="geopoint"' in xml and 'mediatype="image/*"' in xml
    assert "Jordskjelv" in xml and "Earthquake" in xml  # natural hazards, in both languages
    incident = _xform(forms["heritage_shield_incident.xlsx"], tmp_path, "incident")
    assert 'id="heritage_shield_incident"' in incident and "plyndring" in incident.lower()

    one = tmp_path / "a.xlsx"
    assert cli.main(["fieldforms", "form", "-o", str(one)]) == 0
    body = one.read_bytes()
    settings = _sheet(body, "settings")[0]
    assert settings["form_id"] == "heritage_shield_assessment"
    assert settings["version"] == ourform.VERSION
    survey = {r["name"]: r for r in _sheet(body, "survey")}
    for name in (
        "property_code",
        "location",
        "assessor",
        "assessed_on",
        "condition",
        "damage_types",
        "threats",
        "notes",
        "photo",
    ):
        assert survey[name][EN] and survey[name][NB], name
    assert survey["location"]["type"] == "geopoint" and survey["photo"]["type"] == "image"
    choices = _sheet(body, "choices")
    causes = {c["name"]: c for c in choices if c["list_name"] == "cause"}
    assert {"earthquake", "flooding", "fire", "neglect", "construction"} <= set(causes)
    assert causes["neglect"][NB] and causes["neglect"][NB] != causes["neglect"][EN]
    conditions = {c["name"] for c in choices if c["list_name"] == "condition"}
    assert conditions >= {"good", "fair", "poor", "very_bad", "destroyed"}


def test_the_api_gives_the_form_to_download(users):
    client = Client()
    client.force_login(users["assessor"])
    r = client.get("/api/fieldforms/form?kind=incident")
    assert r.status_code == 200, r.content
    assert "heritage_shield_incident.xlsx" in r["Content-Disposition"]
    assert read_form(r.content, "f.xlsx").form_id == "heritage_shield_incident"
    assert client.get("/api/fieldforms/form?kind=nothing").status_code == 422
    page = client.get("/monitoring/fieldforms/")
    assert b"/api/fieldforms/form?kind=assessment" in page.content


UUIDS = ["c0ffee00-0000-4000-8000-000000000001", "c0ffee00-0000-4000-8000-000000000002"]


def _answers(code: str) -> list[dict]:
    return [
        {
            "property_code": code,
            "site_name": "",
            "location": "40.0156 46.4889 1200 4.5",
            "assessor": "Ani Petrosyan",
            "assessed_on": "2026-10-02",
            "condition": "very_bad",
            "damage_extent": "31-60",
            "damage_types": "earthquake fire",
            "certainty": "high",
            "threats": "natural building_development",
            "priority": "urgent",
            "notes": "North wall cracked; roof burnt.",
        },
        {
            "property_code": code,
            "site_name": "",
            "location": "40.0157 46.4890 1201 5",
            "assessor": "Ani Petrosyan",
            "assessed_on": "2026-10-03",
            "condition": "poor",
            "damage_extent": "11-30",
            "damage_types": "neglect",
            "certainty": "medium",
            "threats": "",
            "priority": "",
            "notes": "",
        },
    ]


def _kobo_json(code: str) -> bytes:
    rows = []
    for n, (uuid, answers) in enumerate(zip(UUIDS, _answers(code), strict=True), 1):
        photo = f"{n}-wall.jpg"
        rows.append(
            {
                "_id": n,
                "_uuid": uuid,
                "meta/instanceID": f"uuid:{uuid}",
                "_xform_id_string": "heritage_shield_assessment",
                "__version__": ourform.VERSION,
                "formhub/uuid": "f0f0",
                "start": "2026-10-02T09:00:00.000+04:00",
                "end": "2026-10-02T09:20:00.000+04:00",
                **answers,
                "photos": [{"photos/photo": photo, "photos/caption": "north wall"}],
                "_attachments": [
                    {
                        "filename": f"enumerator/attachments/f0f0/{uuid}/{photo}",
                        "mimetype": "image/jpeg",
                        "question_xpath": "photos[1]/photo",
                        "download_url": f"https://kobo.example/media/{photo}",
                    }
                ],
                "_submission_time": "2026-10-02T05:21:00",
            }
        )
    return json.dumps({"count": len(rows), "results": rows}).encode()


def _odk_csv(code: str) -> bytes:
    out = io.StringIO()
    heads = ["SubmissionDate", "start", "end", "property_code", "site_name"]
    heads += [f"location-{w}" for w in ("Latitude", "Longitude", "Altitude", "Accuracy")]
    rest = list(_answers(code)[0])[3:]
    heads += rest + ["meta-instanceID", "KEY", "SubmitterName", "FormVersion", "ReviewState"]
    w = csv.writer(out)
    w.writerow(heads)
    for uuid, a in zip(UUIDS, _answers(code), strict=True):
        lat, lon, alt, acc = a["location"].split()
        w.writerow(
            ["2026-10-02T05:21:00.000Z", "", "", a["property_code"], a["site_name"]]
            + [lat, lon, alt, acc]
            + [a[k] for k in rest]
            + [f"uuid:{uuid}", f"uuid:{uuid}", "ani", ourform.VERSION, ""]
        )
    return out.getvalue().encode()


@pytest.mark.parametrize("fmt", ["kobo-json", "odk-csv"])
def test_a_submission_from_our_form_imports_with_no_mapping_step(
    users, props, tmp_path, capsys, fmt
):
    code = props["gandzasar"].code
    if fmt == "kobo-json":
        export = tmp_path / "export.json"
        export.write_bytes(_kobo_json(code))
    else:
        export = tmp_path / "heritage_shield_assessment.csv"
        export.write_bytes(_odk_csv(code))
    media = tmp_path / "media.zip"
    with zipfile.ZipFile(media, "w") as z:
        z.writestr("1-wall.jpg", jpeg_with_exif(colour=(120, 80, 40)))
    assert not FieldForm.objects.exists()  # nothing kept, nothing mapped beforehand
    args = ["fieldforms", "import", str(export), "--form", "heritage_shield_assessment"]
    code_ = cli.main([*args, "--media", str(media), "--user", "assessor"])
    out, err = capsys.readouterr()
    assert code_ == 0, err
    assert "2 new" in out
    kept = FieldForm.objects.get()
    assert kept.mapping["builtin"] and kept.mapping_confirmed
    a = Assessment.objects.get(external_id=f"odk:{UUIDS[0]}")
    assert a.property == props["gandzasar"]
    assert a.condition == "very_bad" and a.damage_extent == "31-60" and a.priority == "urgent"
    assert a.assessor == "Ani Petrosyan" and str(a.assessed_on) == "2026-10-02"
    assert a.lat == pytest.approx(40.0156) and a.lon == pytest.approx(46.4889)
    assert a.location_accuracy == pytest.approx(4.5)
    assert {(d["category"], d["cause"], d["certainty"]) for d in a.disturbances} == {
        ("natural", "earthquake", "high"),
        ("natural", "fire", "high"),
    }
    assert {t["category"] for t in a.threats} == {"natural", "building_development"}
    assert a.notes == "North wall cracked; roof burnt."
    b = Assessment.objects.get(external_id=f"odk:{UUIDS[1]}")
    assert b.disturbances[0]["category"] == "management_institutional" and b.threats == []
    fs = FieldSubmission.objects.get(uuid=UUIDS[0])
    assert fs.match["how"] == "site id"
    if fmt == "kobo-json":  # the photo, from the media ZIP, is evidence with its custody
        ev = Evidence.objects.get(assessment=a)
        assert ev.custody.count() == 1 and fs.files[0]["evidence"] == str(ev.id)
    # the same export again: nothing changes (idempotent)
    assert cli.main([*args, "--user", "assessor"]) == 0
    assert "2 unchanged" in capsys.readouterr().out
    assert Assessment.objects.count() == 2


def test_the_form_file_itself_is_recognised_and_an_incident_imports(users, props, tmp_path):
    from shield.monitoring import fieldforms_import as ff
    from shield.monitoring import fieldforms_ourform as ours

    obj = ff.load_form(users["assessor"], ours.xlsform("incident"), "ours.xlsx")
    assert obj.mapping["builtin"] and obj.mapping["kind"] == "incident"
    uuid = "c0ffee00-0000-4000-8000-0000000000aa"
    row = {
        "_uuid": uuid,
        "meta/instanceID": f"uuid:{uuid}",
        "property_code": props["gandzasar"].code,
        "location": "40.0156 46.4889 0 3",
        "reporter_name": "Ani Petrosyan",
        "reported_on": "2026-10-04",
        "occurred_on": "2026-10-01",
        "allegation": "looting",
        "description": "Carved stones taken from the gate.",
    }
    imp = ff.run(users["assessor"], obj, json.dumps([row]).encode(), "incident.json")
    assert imp.counts["new"] == 1
    i = Incident.objects.get(external_id=f"odk:{uuid}")
    assert i.allegation == "looting" and str(i.occurred_on) == "2026-10-01"
    assert i.reporter_kind == "mission" and i.description.startswith("Carved stones")
