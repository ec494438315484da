"""Repeats nested in repeats (each room under its building, in every format, whichever
table comes first), geotrace and geoshape answers (kept as given; a geoshape mapped to the
boundary of a property recorded from a place to review), and the incident mapping with its
import path (proposed from the form, imported, an edit updating its record, undone)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield import fieldforms as engine
from shield.accounts.models import ApiToken
from shield.fieldforms.exports import media_names, shape
from shield.monitoring import fieldforms_import as ff
from shield.monitoring import fieldforms_review as review
from shield.monitoring.models import (
    Evidence,
    FieldSubmission,
    Incident,
    PlaceToReview,
)
from tests.fieldforms import generate as g

PLACES = [("SURV-1", "Alpha chapel", 35.1, 38.2), ("SURV-2", "Beta tower", 35.3, 38.4)]


def _rooms(item: dict) -> list[str]:
    return [r["buildings/rooms/room"] for r in item["buildings/rooms"]]


@pytest.mark.parametrize("fmt", list(g.NESTED_FORMATS))
def test_rooms_stay_in_their_building_in_every_format(fmt):
    form = engine.read_form(g.nested_xlsform(), "nested.xlsx")
    assert list(form.repeats) == ["buildings", "buildings/rooms"]
    assert form.repeats["buildings/rooms"].parent == "buildings"
    name, write = g.NESTED_FORMATS[fmt]
    sites = g.nested_sites(PLACES)
    export = engine.read_export(write(sites), name, form)
    assert export.unused == [] and len(export.submissions) == 2
    for s, site in zip(export.submissions, sites, strict=True):
        assert s.uuid == site.uuid
        assert list(s.repeats) == ["buildings"], s.repeats.keys()
        buildings = s.repeats["buildings"]
        assert [b["buildings/building_name"] for b in buildings] == ["Building 1", "Building 2"]
        assert [_rooms(b) for b in buildings] == [["Room 1.1"], ["Room 2.1", "Room 2.2"]]
        assert media_names(form, s) == [r["photo"] for b in site.buildings for r in b["rooms"]]
        # the shapes are kept as the export gave them, and read as GeoJSON
        outline, route = shape(s.answers["outline"]), shape(s.answers["route"], closed=False)
        assert outline["type"] == "Polygon" and len(outline["coordinates"][0]) == 5
        assert outline["coordinates"][0][0] == [site.outline()[0][1], site.outline()[0][0]]
        assert route == {
            "type": "LineString",
            "coordinates": [[lon, lat] for lat, lon in site.route()],
        }


def test_a_repeat_row_without_its_parent_is_said_not_dropped():
    form = engine.read_form(g.nested_xlsform(), "nested.xlsx")
    sites = g.nested_sites(PLACES)
    content = g.nested_odk_zip(sites)
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as z, zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename.endswith("-buildings.csv"):  # the first building's key lost
                data = data.replace(f"uuid:{sites[0].uuid}/buildings[1]\n".encode(), b"x\n", 1)
            w.writestr(info.filename, data)
    export = engine.read_export(out.getvalue(), "c.zip", form)
    assert any("its parent is not in the file" in u for u in export.unused), export.unused


def test_shapes_from_every_form_and_the_refused():
    square = "1 2 0 5;1 3 0 5;2 3 0 5;2 2 0 5;1 2 0 5"
    assert shape(square)["coordinates"][0][:2] == [[2.0, 1.0], [3.0, 1.0]]
    assert shape("1 2;1 3;2 3")["coordinates"][0][-1] == [2.0, 1.0]  # closed for it
    geojson = '{"type": "Polygon", "coordinates": [[[2, 1], [3, 1], [3, 2], [2, 1]]]}'
    assert shape(geojson)["coordinates"][0][1] == [3.0, 1.0]
    assert shape([[1, 2], [1, 3], [2, 3]])["type"] == "Polygon"
    for bad in ("1 2;not a point", "1 2", "", {"type": "Point", "coordinates": [1, 2]}, 7):
        assert shape(bad) is None, bad
    assert shape("1 2;3 4", closed=False) == {
        "type": "LineString",
        "coordinates": [[2.0, 1.0], [4.0, 3.0]],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["kobo-json", "odata-json"])
def test_nested_answers_and_shapes_kept_and_the_outline_a_boundary(users, fmt, settings, tmp_path):
    settings.SHIELD_EVIDENCE_DIR = str(tmp_path / "evidence")
    obj = ff.load_form(users["assessor"], g.nested_xlsform(), "nested.xlsx")
    assert obj.mapping["fields"]["boundary"] == "outline"  # proposed: a geoshape, "outline"
    assert "route" not in obj.mapping["fields"].values()  # a geotrace: no field of ours
    name, write = g.NESTED_FORMATS[fmt]
    sites = g.nested_sites(PLACES)
    imp = ff.run(users["assessor"], obj, write(sites), name)
    assert imp.counts["new"] == 2 and imp.counts["to_review"] == 2
    fs = FieldSubmission.objects.get(uuid=sites[0].uuid)
    answers = fs.data["answers"]
    assert [_rooms(b) for b in answers["buildings"]] == [["Room 1.1"], ["Room 2.1", "Room 2.2"]]
    assert answers["route"] and answers["outline"]  # kept as given
    assert [f["filename"] for f in fs.files] == ["R_0_0_0.jpg", "R_0_1_0.jpg", "R_0_1_1.jpg"]
    place = PlaceToReview.objects.get(site_id="SURV-1")
    assert place.boundary["type"] == "Polygon"
    prop, n = review.create_property(
        users["secretariat"], place, {"category": "monument", "state": "ARM"}
    )
    assert (
        n == 1 and prop.boundary == place.boundary and prop.external_id == f"{g.NESTED_ID}:SURV-1"
    )
    fs.refresh_from_db()
    assert fs.assessment.property == prop and fs.assessment.condition


@pytest.mark.django_db
def test_room_photos_of_nested_repeats_become_evidence(users, settings, tmp_path):
    settings.SHIELD_EVIDENCE_DIR = str(tmp_path / "evidence")
    obj = ff.load_form(users["assessor"], g.nested_xlsform(), "nested.xlsx")
    sites = g.nested_sites(PLACES)
    media = {
        r["photo"]: b"\xff\xd8\xff" + r["photo"].encode()
        for s in sites
        for b in s.buildings
        for r in b["rooms"]
    }
    imp = ff.run(users["assessor"], obj, g.nested_odk_zip(sites, media), "n.zip")
    assert imp.counts["evidence"] == 6
    assert set(Evidence.objects.values_list("filename", flat=True)) == set(media)


def _api(user):
    _t, raw = ApiToken.issue(user, "t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.django_db
def test_incidents_through_their_mapping_the_api_an_edit_and_undo(users, props, settings, tmp_path):
    settings.SHIELD_EVIDENCE_DIR = str(tmp_path / "evidence")
    client = _api(users["assessor"])
    r = client.post(
        "/api/fieldforms/forms",
        {"file": SimpleUploadedFile("incidents.xlsx", g.incident_xlsform()), "kind": "incident"},
    )
    assert r.status_code == 200, r.content
    mapping = r.json()["mapping"]
    assert mapping["kind"] == "incident"
    assert mapping["fields"]["allegation"] == "incident_type"
    assert mapping["fields"]["occurred_on"] == "incident_date"
    assert mapping["fields"]["reporter_name"] == "reporter"
    assert mapping["fields"]["description"] == "what_happened"
    assert mapping["values"]["allegation"] == {
        "looting": "looting",
        "damaged": "damage",
        "military": "military_use",
        "destroyed": "destruction",
    }
    places = [(p.code, "", p.lat, p.lon) for p in (props["gandzasar"], props["shusha"])]
    places.append(("SURV-7", "Gamma shrine", 35.5, 38.6))
    content, uuids = g.incident_kobo_json(places)
    r = client.post(
        "/api/fieldforms/imports",
        {"file": SimpleUploadedFile("incidents.json", content), "form": g.INCIDENT_ID},
    )
    assert r.status_code == 200, r.content
    done = r.json()
    assert done["counts"]["new"] == 3 and done["counts"]["to_review"] == 1
    assert Incident.objects.count() == 2
    first = Incident.objects.get(external_id=f"odk:{uuids[0]}")
    assert first.property == props["gandzasar"] and first.allegation == "looting"
    assert first.occurred_on.isoformat() == "2026-09-01" and first.reporter_kind == "mission"
    assert first.reporter_name == "Local heritage office"
    assert FieldSubmission.objects.get(uuid=uuids[0]).incident == first
    # an edited submission (meta/deprecatedID) updates its incident, nothing more
    edited, _ = g.incident_kobo_json(places, edits={uuids[1]: "e" * 8 + uuids[1][8:]})
    r = client.post(
        "/api/fieldforms/imports",
        {"file": SimpleUploadedFile("incidents-2.json", edited), "form": g.INCIDENT_ID},
    )
    second = r.json()
    assert second["counts"]["updated"] == 1 and second["counts"]["new"] == 0, second["counts"]
    assert Incident.objects.count() == 2
    changed = FieldSubmission.objects.get(replaces=[uuids[1]]).incident
    assert changed.description.endswith("Corrected.")
    # the place to review becomes an incident of the property it is found to be
    place = PlaceToReview.objects.get(site_id="SURV-7")
    assert review.link(users["assessor"], place, props["shusha"]) == 1
    assert Incident.objects.filter(property=props["shusha"]).count() == 2
    # undo the edit, then the import
    assert client.post(f"/api/fieldforms/imports/{second['id']}/undo").status_code == 200
    changed.refresh_from_db()
    assert not changed.description.endswith("Corrected.")
    r = client.post(f"/api/fieldforms/imports/{done['id']}/undo")
    assert r.status_code == 200 and r.json()["status"] == "undone"
    # all it brought goes, the reviewed place's incident too; the review itself stays
    assert not Incident.objects.filter(external_id__startswith="odk:").exists()
    assert PlaceToReview.objects.get(site_id="SURV-7").property == props["shusha"]
