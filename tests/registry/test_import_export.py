"""Import is all or nothing and idempotent; export round-trips; the CLI shows what it did."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shield import cli
from shield.audit.models import AuditEntry
from shield.audit.verify import verify_chain
from shield.registry import provenance
from shield.registry.models import CulturalProperty, NameKey, PropertyName
from shield.registry.transfer import ImportFailed, import_bytes

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["external_id", "category", "state", "name:en", "name:hy", "lat", "lon", "protection"]


def rows_csv(n: int, bad_line: int | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(n):
        lat = 40 + (i % 100) / 1000
        protection = json.dumps(
            [
                {
                    "level": "special",
                    "action": "granted",
                    "effective_date": "2004-03-09",
                    "basis": "Convention Art. 8",
                }
            ]
        )
        row = [
            f"gen:{i}",
            "monument",
            "ARM",
            f"Monument {i}",
            "Վանք",
            f"{lat:.4f}",
            "44.5",
            protection,
        ]
        if bad_line is not None and i + 2 == bad_line:  # line 1 is the header
            row[5] = "north"
        writer.writerow(row)
    return out.getvalue().encode()


def test_a_thousand_rows_with_one_bad_row_write_nothing_and_name_the_row(users):
    content = rows_csv(1000, bad_line=742)
    with pytest.raises(ImportFailed) as failure:
        import_bytes(users["admin"], content, "gen.csv")
    assert [(e.where, e.field) for e in failure.value.errors] == [("line 742", "lat")]
    assert "'north' is not a number" in failure.value.errors[0].message
    assert CulturalProperty.objects.count() == 0 and PropertyName.objects.count() == 0
    assert NameKey.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_good_file_imports_and_reimport_changes_nothing(users):
    content = rows_csv(1000)
    first = import_bytes(users["admin"], content, "gen.csv")
    assert (first.created, first.updated, first.unchanged) == (1000, 0, 0)
    entries = AuditEntry.objects.count()
    assert entries == 1  # the import, which names the records it created (registry.provenance)
    assert CulturalProperty.objects.filter(created_in=AuditEntry.objects.get().seq).count() == 1000
    again = import_bytes(users["admin"], content, "gen.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1000)
    assert AuditEntry.objects.count() == entries and CulturalProperty.objects.count() == 1000
    assert verify_chain() == (None, entries) and provenance.first_mismatch() is None


def test_verify_finds_records_of_an_import_changed_behind_its_back(users, capsys):
    import_bytes(users["admin"], rows_csv(5), "gen.csv")
    seq = AuditEntry.objects.get().seq
    assert cli.main(["audit", "verify"]) == 0
    assert "intact (1 entries; every import's records match it)" in capsys.readouterr().out
    CulturalProperty.objects.filter(external_id="gen:3").update(
        code="ARM-99999"
    )  # a raw change, no entry
    assert provenance.first_mismatch() == (
        seq,
        f"entry {seq}: the ids or codes of the records it created were changed",
    )
    CulturalProperty.objects.filter(external_id="gen:4").update(created_in=None)
    assert "created 5 record(s); 4 now name it" in provenance.first_mismatch()[1]
    assert cli.main(["audit", "verify"]) == 1
    assert "the records of an import do not match it" in capsys.readouterr().out


def test_changed_rows_update_with_a_diff(users):
    import_bytes(users["admin"], rows_csv(3), "gen.csv")
    changed = rows_csv(3).replace(b"Monument 1,", b"Monument One,")
    result = import_bytes(users["admin"], changed, "gen.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.changes["names"][1][0]["text"] == "Monument One"


def test_errors_name_line_field_and_reason(users):
    text = (
        "external_id,category,state,name:en,lat,lon,claims\n"
        "a,monument,ARM,Alpha,40,44,\n"
        "a,monument,ARM,Again,40,44,\n"
        "b,spaceship,XXX,,91,44,[not json\n"
    )
    with pytest.raises(ImportFailed) as failure:
        import_bytes(users["admin"], text.encode(), "bad.csv")
    found = {(e.where, e.field) for e in failure.value.errors}
    assert ("line 3", "external_id") in found  # repeated
    assert {
        ("line 4", "category"),
        ("line 4", "state"),
        ("line 4", "lat"),
        ("line 4", "names"),
        ("line 4", "claims"),
    } <= found
    assert CulturalProperty.objects.count() == 0


def test_unknown_columns_and_rights_are_checked_before_writing(users):
    with pytest.raises(ImportFailed, match="unknown column"):
        import_bytes(users["admin"], b"external_id,colour\nx,red\n", "x.csv")
    with pytest.raises(ImportFailed) as failure:
        import_bytes(users["officer_arm"], rows_csv(2).replace(b",ARM,", b",AZE,"), "x.csv")
    assert all(e.field == "state" and "AZE" in e.message for e in failure.value.errors)
    assert CulturalProperty.objects.count() == 0


def test_geojson_round_trip(users, api):
    import_bytes(users["admin"], rows_csv(5), "gen.csv")
    admin = api(users["admin"])
    exported = admin.get("/api/export", format="geojson")
    assert exported.status_code == 200 and exported["Content-Type"] == "application/geo+json"
    collection = exported.json()
    assert len(collection["features"]) == 5
    assert collection["features"][0]["geometry"]["type"] == "Point"
    result = import_bytes(users["admin"], exported.content, "export.geojson")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)


def test_csv_export_reimports_unchanged(users, api):
    import_bytes(users["admin"], rows_csv(4), "gen.csv")
    exported = api(users["admin"]).get("/api/export", format="csv")
    assert exported.status_code == 200
    result = import_bytes(users["admin"], exported.content, "export.csv")
    assert (result.created, result.unchanged) == (0, 4)


def test_api_import_upload_and_dry_run(users, api):
    admin = api(users["admin"])
    upload = SimpleUploadedFile("gen.csv", rows_csv(10), content_type="text/csv")
    response = admin.client.post("/api/import?dry_run=true", {"file": upload}, **admin.headers)
    assert response.status_code == 200 and response.json()["created"] == 10
    assert response.json()["audit_entry"] is None  # a dry run writes nothing
    assert CulturalProperty.objects.count() == 0
    upload = SimpleUploadedFile("gen.csv", rows_csv(10), content_type="text/csv")
    response = admin.client.post("/api/import", {"file": upload}, **admin.headers)
    entry = AuditEntry.objects.get(action="import")
    assert (
        response.json()["audit_entry"] == entry.seq
        and CulturalProperty.objects.filter(created_in=entry.seq).count() == 10
    )
    upload = SimpleUploadedFile("gen.csv", rows_csv(10, bad_line=5), content_type="text/csv")
    response = admin.client.post("/api/import", {"file": upload}, **admin.headers)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "line 5: lat", "message": "'north' is not a number"}
    ]


def test_cli_import_reports_and_fails_cleanly(users, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(rows_csv(20))
    assert cli.main(["import", str(good)]) == 0
    out = capsys.readouterr().out
    assert (
        "20 created" in out and f"audit entry {AuditEntry.objects.get(action='import').seq}" in out
    )
    bad = tmp_path / "bad.csv"
    bad.write_bytes(rows_csv(20, bad_line=7).replace(b"gen:", b"other:"))
    assert cli.main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err and "line 7: lat" in err
    assert CulturalProperty.objects.count() == 20
    assert cli.main(["import", str(tmp_path / "missing.csv")]) == 2


def test_cli_exports_stream_every_record_with_a_progress_bar_and_reimport_unchanged(
    users, tmp_path, capsys
):
    source = tmp_path / "in.csv"
    source.write_bytes(rows_csv(2500).replace(b"name:hy", b"name:hy:variant"))
    assert cli.main(["import", str(source)]) == 0
    capsys.readouterr()
    out = tmp_path / "out.csv"
    assert cli.main(["export", "--format", "csv", "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "exporting" in err and "2500/2500" in err  # the bar, on standard error
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    assert [c for c in header if c.startswith("name:")] == ["name:en", "name:hy:variant"]
    assert len(rows) == 2500 and rows[1]["name:hy:variant"] == "Վանք"
    again = import_bytes(users["admin"], out.read_bytes(), "out.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2500)

    geo = tmp_path / "out.geojson"
    assert cli.main(["export", "--format", "geojson", "--output", str(geo)]) == 0
    assert "2500/2500" in capsys.readouterr().err
    collection = json.loads(
        geo.read_text(encoding="utf-8")
    )  # written feature by feature, one document
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2500
    again = import_bytes(users["admin"], geo.read_bytes(), "out.geojson")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2500)


def _index_names():
    from django.db import connection

    with connection.cursor() as cur:
        return {
            t: sorted(connection.introspection.get_constraints(cur, t))
            for t in (
                "registry_culturalproperty",
                "registry_namekey",
                "registry_propertyname",
                "audit_auditentry",
            )
        }


def test_a_big_import_rebuilds_every_index_and_stays_searchable(users, api):
    before = _index_names()
    result = import_bytes(users["admin"], rows_csv(10_050), "big.csv")
    assert result.created == 10_050
    assert _index_names() == before
    found = api().get("/api/properties", q="Monument 10049").json()
    assert [r["name"] for r in found["results"]][:1] == ["Monument 10049"]
    assert verify_chain()[0] is None


def test_reimport_never_removes_what_a_procedure_recorded(users, api):
    from datetime import date

    from shield.registry.services import add_protection_event

    import_bytes(users["admin"], rows_csv(2), "gen.csv")
    prop = CulturalProperty.objects.get(external_id="gen:0")
    add_protection_event(
        users["secretariat"],
        prop,
        "enhanced",
        "granted",
        date(2020, 5, 1),
        "Art. 11(10); decision 15.COM 4",
        check_rights=False,
    )
    again = import_bytes(users["admin"], rows_csv(2), "gen.csv")
    assert (again.updated, again.unchanged) == (0, 2)
    exported = api(users["admin"]).get("/api/export", format="csv").content
    assert b"15.COM" in exported
    assert import_bytes(users["admin"], exported, "export.csv").unchanged == 2
    changed = rows_csv(2).replace(b"2004-03-09", b"2004-03-10")
    assert import_bytes(users["admin"], changed, "gen.csv").updated == 2
    levels = sorted(prop.protection_events.values_list("level", "origin"))
    assert levels == [("enhanced", "procedure"), ("special", "record")]
    assert api().get(f"/api/properties/{prop.code}/protection", on="2021-01-01").json()[
        "levels"
    ] == ["general", "enhanced"]


def test_csv_round_trip_keeps_every_detail_of_names(users, api):
    from shield.registry import services
    from tests.registry.factories import record

    rec = record(
        "t:src",
        names=[
            {"text": "Ganja gate", "lang": "en", "source": "survey 2019", "kind": "local"},
            {"text": "Գանձակ", "lang": "hy", "source": "Armenian usage", "kind": "historical"},
        ],
    )
    services.create_property(users["admin"], rec)
    exported = api(users["admin"]).get("/api/export", format="csv").content
    assert import_bytes(users["admin"], exported, "export.csv").unchanged == 1
    names = list(PropertyName.objects.values_list("text", "source", "kind", "script"))
    assert ("Ganja gate", "survey 2019", "local", "Latn") in names
    assert ("Գանձակ", "Armenian usage", "historical", "Armn") in names
    # Editing a name: column but not the names column is caught, not silently ignored.
    edited = exported.decode().replace("Ganja gate,", "Ganja Gate,", 1).encode()
    with pytest.raises(ImportFailed) as failure:
        import_bytes(users["admin"], edited, "export.csv")
    assert (
        failure.value.errors[0].field == "names" and "disagree" in failure.value.errors[0].message
    )


def test_the_history_of_an_imported_record_starts_with_its_import(users, api, client):
    import_bytes(users["admin"], rows_csv(3), "gen.csv")
    import_bytes(users["admin"], rows_csv(3).replace(b"Monument 1,", b"Monument One,"), "gen.csv")
    prop = CulturalProperty.objects.get(external_id="gen:1")
    history = api(users["admin"]).get(f"/api/properties/{prop.code}/history").json()
    assert [(h["action"], h["summary"]) for h in history] == [
        ("import", "import of gen.csv"),
        ("update", prop.code),
    ]
    assert history[0]["changes"]["created_records"]["count"] == 3
    page = client.get(f"/property/{prop.code}/").content.decode()
    assert "imported (import of gen.csv)" in page  # the act in words (record_action_label)


def test_reimporting_compares_records_in_a_few_queries_not_several_per_row(
    users, django_assert_max_num_queries
):
    content = rows_csv(200)
    import_bytes(users["admin"], content, "gen.csv")
    with django_assert_max_num_queries(
        40
    ):  # each record's names, claims and events were four queries of its own
        again = import_bytes(users["admin"], content, "gen.csv")
    assert again.unchanged == 200
