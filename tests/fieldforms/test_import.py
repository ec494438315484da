"""Field form exports into assessments, through the CLI: places matched and why, drafts
for unknown sites, GPS and photos kept, edits update, undo removes, all or nothing."""

from __future__ import annotations

import csv
import json

import pytest

from shield import cli
from shield.monitoring.fieldforms_import import ImportRefused, load_form, run
from shield.monitoring.models import (
    Assessment,
    Evidence,
    FieldImport,
    FieldSubmission,
    PlaceToReview,
)
from tests.fieldforms import generate as g
from tests.monitoring.conftest import jpeg_with_exif

pytestmark = pytest.mark.django_db


def _media(subs):
    return {
        p["photo"]: jpeg_with_exif(colour=(i % 255, 80, 40))
        for i, s in enumerate(subs)
        for p in s.photos
    }


def test_map_proposes_from_the_form(users, tmp_path, capsys, form_bytes):
    path = tmp_path / "form.xlsx"
    path.write_bytes(form_bytes)
    assert cli.main(["fieldforms", "map", str(path)]) == 0
    mapping = json.loads(capsys.readouterr().out)
    f = mapping["fields"]
    assert f["site_id"] == "site/site_code"
    assert f["site_name"] == "site/site_name"
    assert f["location"] == "site/gps"
    assert f["condition"] == "damage/damage_level"
    assert f["causes"] == "damage/causes"
    assert f["damage_extent"] == "damage/damage_extent"
    assert f["photos"] == ["photos/photo"]
    assert f["assessor"] == "surveyor" and f["notes"] == "comments"
    assert mapping["values"]["condition"] == {
        "none": "good",
        "minor": "fair",
        "moderate": "poor",
        "severe": "very_bad",
        "destroyed": "destroyed",
    }
    causes = mapping["values"]["causes"]
    assert causes["shelling"] == "military_armed_conflict/explosion_heavy_weaponry"
    assert causes["earthquake"] == "natural/earthquake"
    assert causes["neglect"] == "management_institutional/neglect"
    assert mapping["values"]["damage_extent"]["e3"] == "31-60"
    assert "label" in mapping["reasons"]["condition"] or "name" in mapping["reasons"]["condition"]


@pytest.mark.parametrize("fmt", list(g.FORMATS))
def test_each_format_imports_through_the_cli(users, sites, tmp_path, capsys, form_bytes, fmt):
    subs = g.submissions(8, sites)
    name, write = g.FORMATS[fmt]
    export = tmp_path / name
    export.write_bytes(write(subs))
    form = tmp_path / "form.xlsx"
    form.write_bytes(form_bytes)
    media = tmp_path / "media.zip"
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in _media(subs).items():
            z.writestr(f"attachments/{k}", v)
    media.write_bytes(buf.getvalue())
    code = cli.main(
        ["fieldforms", "import", str(export), "--form", str(form), "--media", str(media)]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "8 new" in out
    assert FieldSubmission.objects.count() == 8
    # the four sites: by code, by name across scripts, by distance, and one to review
    hows = {fs.site_id: fs.match["how"] for fs in FieldSubmission.objects.all()}
    assert hows[sites[0][0]] == "site id"
    assert hows["SURV-17"] == "name"
    assert hows["SURV-18"] == "distance"
    assert hows["SURV-99"] == "to review"
    assert PlaceToReview.objects.count() == 1
    assert Assessment.objects.count() == 6
    a = Assessment.objects.filter(external_id=f"odk:{subs[0].uuid}").get()
    assert a.lat == pytest.approx(subs[0].answers["site/gps"][0])
    assert (
        a.condition
        == {
            "none": "good",
            "minor": "fair",
            "moderate": "poor",
            "severe": "very_bad",
            "destroyed": "destroyed",
        }[subs[0].answers["damage/damage_level"]]
    )
    fs = FieldSubmission.objects.get(uuid=subs[0].uuid)
    assert fs.data["answers"]["surveyor"] == subs[0].answers["surveyor"]
    if fmt in ("kobo-json", "ona-json", "kobo-xlsx", "odk-zip", "odata-json"):
        assert len(fs.data["answers"]["photos"]) == len(subs[0].photos)
        assert Evidence.objects.filter(assessment=a).count() == len(subs[0].photos)
        ev = Evidence.objects.filter(assessment=a).first()
        assert ev.custody.count() == 1 and len(ev.sha256) == 64 and ev.device


def test_unknown_site_ids_are_drafts_not_refusals(users, tmp_path, form_bytes):
    obj = load_form(users["assessor"], form_bytes, "form.xlsx")
    subs = g.submissions(30, photos=1)  # 30 invented sites, none in the registry
    imp = run(users["assessor"], obj, g.kobo_json(subs), "export.json")
    assert imp.counts["refused"] == 0 and imp.counts["new"] == 30
    assert imp.counts["to_review"] == 30 and PlaceToReview.objects.count() == 30
    fs = FieldSubmission.objects.get(uuid=subs[0].uuid)
    assert fs.lat is not None and fs.place.site_id == subs[0].answers["site/site_code"]
    assert fs.files == [
        {
            "filename": subs[0].photos[0]["photo"],
            "url": f"https://kobo.invalid/media/{subs[0].photos[0]['photo']}",
            "evidence": None,
        }
    ]  # a reference: the export had no file


def test_edits_update_and_undo_removes(users, sites, tmp_path, capsys, form_bytes):
    obj = load_form(users["assessor"], form_bytes, "form.xlsx")
    subs = g.submissions(6, sites)
    first = run(users["assessor"], obj, g.kobo_json(subs), "export.json")
    assert first.counts["new"] == 6
    again = run(users["assessor"], obj, g.kobo_json(subs), "export.json")
    assert again.counts["unchanged"] == 6 and again.counts["new"] == 0
    # one submission edited on the server: a new instance replacing the old one
    edited = g.Sub(
        "edited-0001",
        dict(subs[0].answers, **{"damage/damage_level": "destroyed"}),
        subs[0].photos,
        deprecated=subs[0].uuid,
    )
    third = run(users["assessor"], obj, g.kobo_json([edited, *subs[1:]]), "export.json")
    assert (third.counts["updated"], third.counts["unchanged"], third.counts["new"]) == (1, 5, 0)
    assert Assessment.objects.count() == 5
    fs = FieldSubmission.objects.get(uuid="edited-0001")
    assert fs.replaces == [subs[0].uuid] and fs.assessment.condition == "destroyed"
    # undo the edit: the record is as it was; undo the first import: nothing is left
    assert cli.main(["fieldforms", "undo", str(third.pk)]) == 0
    fs = FieldSubmission.objects.get(uuid=subs[0].uuid)
    assert (
        fs.assessment.condition != "destroyed"
        or subs[0].answers["damage/damage_level"] == "destroyed"
    )
    with pytest.raises(ImportRefused):
        run(users["assessor"], obj, b"[]", "empty.json")
    assert cli.main(["fieldforms", "undo", str(first.pk)]) == 0
    assert FieldSubmission.objects.count() == 0 and Assessment.objects.count() == 0
    assert PlaceToReview.objects.count() == 0
    assert FieldImport.objects.get(pk=first.pk).status == "undone"


def test_a_bad_value_refuses_everything_or_skips_with_a_file(
    users, sites, tmp_path, capsys, form_bytes
):
    subs = g.submissions(5, sites)
    subs[2].answers["damage/damage_level"] = "catastrophic"
    export = tmp_path / "export.csv"
    export.write_bytes(g.kpi_csv(subs, ";", "/"))
    form = tmp_path / "form.xlsx"
    form.write_bytes(form_bytes)
    assert cli.main(["fieldforms", "import", str(export), "--form", str(form)]) == 1
    err = capsys.readouterr().err
    assert "nothing imported: 1 submission(s) refused" in err
    assert (
        f"row 3 ({subs[2].uuid}): damage/damage_level \"Damage level\": 'catastrophic' has no code"
        in err
    )
    assert "refused by reason: unknown choice for condition: 1" in err
    assert FieldSubmission.objects.count() == 0
    refused = tmp_path / "refused.csv"
    assert (
        cli.main(
            [
                "fieldforms",
                "import",
                str(export),
                "--form",
                g.FORM_ID,
                "--skip-invalid",
                "--refused",
                str(refused),
            ]
        )
        == 0
    )
    assert FieldSubmission.objects.count() == 4
    rows = list(csv.DictReader(refused.open()))
    assert rows[0]["submission"] == subs[2].uuid and rows[0]["column"] == "damage/damage_level"


def test_a_corrected_mapping_reimported_updates_what_it_changes(users, sites, tmp_path, form_bytes):
    from shield.monitoring.fieldforms_import import save_mapping

    obj = load_form(users["assessor"], form_bytes, "form.xlsx")
    subs = g.submissions(4, sites)
    for s in subs:
        s.answers["damage/damage_level"] = "moderate"
    run(users["assessor"], obj, g.kobo_json(subs), "export.json")
    assert set(Assessment.objects.values_list("condition", flat=True)) == {"poor"}
    mapping = dict(obj.mapping)
    mapping["values"] = dict(
        mapping["values"], condition={**mapping["values"]["condition"], "moderate": "very_bad"}
    )
    save_mapping(users["assessor"], obj, mapping)
    imp = run(users["assessor"], obj, g.kobo_json(subs), "export.json")
    assert imp.counts["updated"] == 3  # the fourth waits on a place to review
    assert set(Assessment.objects.values_list("condition", flat=True)) == {"very_bad"}


def test_a_mapping_naming_no_question_is_refused_by_name(users, form_bytes):
    from shield.monitoring.fieldforms_import import save_mapping

    obj = load_form(users["assessor"], form_bytes, "form.xlsx")
    bad = dict(obj.mapping, fields=dict(obj.mapping["fields"], condition="damage_levle"))
    with pytest.raises(ImportRefused) as exc:
        save_mapping(users["assessor"], obj, bad)
    assert (
        exc.value.report["refused"][0]["message"] == "'damage_levle' is not a question of the form"
    )


def test_the_cli_lists_links_and_records_places(users, props, sites, capsys, form_bytes):
    obj = load_form(users["assessor"], form_bytes, "form.xlsx")
    subs = g.submissions(8, sites) + g.submissions(
        1, [("SURV-55", "Hill shrine", 36.0, 39.0)], seed=77
    )
    run(users["assessor"], obj, g.kobo_json(subs), "export.json")
    assert cli.main(["fieldforms", "places", "--user", "assessor"]) == 0
    listed = capsys.readouterr().out
    assert "SURV-99" in listed and "SURV-55" in listed and "2 submission(s)" in listed
    first = PlaceToReview.objects.get(site_id="SURV-99")
    second = PlaceToReview.objects.get(site_id="SURV-55")
    code = props["shusha"].code
    args = ["fieldforms", "places", "--resolve", str(first.pk), "--property", code]
    assert cli.main([*args, "--user", "assessor"]) == 0
    assert f"is {code}: 2 assessment(s)" in capsys.readouterr().out
    new = ["fieldforms", "places", "--resolve", str(second.pk), "--new", "--category", "monument"]
    assert cli.main([*new, "--state", "ARM", "--user", "assessor"]) == 2  # not their inventory
    assert "may not add to the inventory of ARM" in capsys.readouterr().err
    assert cli.main([*new, "--state", "XXX", "--user", "secretariat"]) == 2
    assert "state" in capsys.readouterr().err
    assert cli.main([*new, "--state", "ARM", "--user", "secretariat"]) == 0
    assert "recorded as ARM-" in capsys.readouterr().out
    second.refresh_from_db()
    assert second.property.external_id == f"{g.FORM_ID}:SURV-55"
    assert second.property.assessments.count() == 1


def test_a_submission_imported_with_the_older_digest_is_unchanged_when_imported_again(
    users, sites, form_bytes
):
    """Imports before orjson kept the standard library's digest: the same content imported
    again is still unchanged, and new content under the same id still an edit."""
    from shield.fieldforms import read_export, to_record
    from shield.fieldforms.records import legacy_digest
    from shield.monitoring.fieldforms_import import form_of

    obj = load_form(users["assessor"], form_bytes, "form.xlsx")
    subs = g.submissions(3, sites)
    body = g.kobo_json(subs)
    run(users["assessor"], obj, body, "export.json")
    form = form_of(obj)
    for s in read_export(body, "export.json", form).submissions:
        old = legacy_digest(s)
        assert old != to_record(form, s, obj.mapping).digest  # the two ways differ...
        FieldSubmission.objects.filter(uuid=s.uuid).update(
            digest=old
        )  # ...as an old import kept it
    again = run(users["assessor"], obj, body, "export.json")
    assert (again.counts["unchanged"], again.counts["updated"]) == (3, 0)
    changed = [g.Sub(subs[0].uuid, dict(subs[0].answers, surveyor="Team Z"), subs[0].photos)]
    third = run(users["assessor"], obj, g.kobo_json(changed), "export.json")
    assert third.counts["updated"] == 1
