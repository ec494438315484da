"""Evidence: stored by hash, read-only; metadata read; custody logged; tampering named."""

from __future__ import annotations

import io
import os
import stat
import zipfile

import pytest
from django.test import Client

from shield import cli
from shield.accounts.models import ApiToken
from shield.monitoring import evidence, package, store
from shield.monitoring.models import CustodyEvent, Evidence

from .conftest import jpeg_with_exif

pytestmark = pytest.mark.django_db(transaction=True)


def upload(user, name, data, **fields):
    client = Client()
    _t, raw = ApiToken.issue(user, "t")
    return client.post(
        "/api/evidence", {"file": _named(data, name), **fields}, HTTP_AUTHORIZATION=f"Bearer {raw}"
    )


def _named(data, name):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_upload_stores_the_original_by_hash_read_only_with_metadata_and_custody(users, props):
    data = jpeg_with_exif()
    r = upload(users["assessor"], "site.jpg", data, property=props["refuge"].code)
    assert r.status_code == 201, r.content
    body = r.json()
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    assert body["sha256"] == sha
    path = store.original_path(sha)
    assert path.read_bytes() == data
    assert path.parent.name == sha[:2]
    assert not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert body["captured_at"].startswith("2021-01-10T09:30:00")
    assert body["device"] == "DemoCam Model 7"
    assert body["place"] == {
        "precision": "exact",
        "lat": pytest.approx(61.473829, abs=1e-5),
        "lon": pytest.approx(8.916357, abs=1e-5),
    }
    assert [c["action"] for c in body["custody"]] == ["received"]
    assert store.thumbnail(sha).parent.parent.name == "derivatives"  # apart from originals


def test_the_same_file_twice_is_a_second_receipt_of_it(users, props):
    data = b"%PDF-1.4 a report"
    first = upload(users["assessor"], "r.pdf", data)
    again = upload(users["assessor"], "copy.pdf", data)
    assert first.status_code == again.status_code == 201
    assert first.json()["sha256"] == again.json()["sha256"]
    assert first.json()["id"] != again.json()["id"]
    assert Evidence.objects.count() == 2


def test_missing_metadata_never_fails_an_upload(users, props):
    r = upload(users["officer_arm"], "notes.bin", b"\x00\x01 no metadata here")
    assert r.status_code == 201
    assert r.json()["captured_at"] is None and r.json()["place"] is None


def test_confidential_gps_is_coarsened_for_the_public_and_committee(users, props, api):
    ev = evidence.add_evidence(
        users["assessor"], "site.jpg", jpeg_with_exif(), {"property": props["refuge"].code}
    )
    for reader in (None, users["committee"], users["officer_arm"]):
        body = api(reader).get(f"/api/evidence/{ev.pk}").content.decode()
        assert "61.4738" not in body and "8.9163" not in body
    # the property's own State sees the property's point, not the photographer's: it does not
    # hold this item (an assessor submitted it)
    assert api(users["officer_nor"]).get(f"/api/evidence/{ev.pk}").json()["place"] == {
        "precision": "area",
        "lat": 61.45,
        "lon": 8.95,
    }
    assert "61.4738" in api(users["assessor"]).get(f"/api/evidence/{ev.pk}").content.decode()


def test_changing_one_byte_of_a_stored_file_is_named_by_verify(users, props, capsys):
    good = evidence.add_evidence(users["assessor"], "a.jpg", jpeg_with_exif(colour=(1, 2, 3)))
    bad = evidence.add_evidence(users["assessor"], "b.jpg", jpeg_with_exif(colour=(9, 9, 9)))
    assert cli.main(["evidence", "verify"]) == 0
    assert "intact (2 file(s) checked)" in capsys.readouterr().out
    path = store.original_path(bad.sha256)
    os.chmod(path, 0o600)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert cli.main(["evidence", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"BROKEN: {bad.sha256} (b.jpg): changed" in out
    assert good.sha256 not in out


def test_custody_events_are_logged_with_the_hash_read(users, props, api):
    ev = evidence.add_evidence(users["assessor"], "a.txt", b"statement")
    r = api(users["secretariat"]).post(
        f"/api/evidence/{ev.pk}/custody",
        {"action": "transferred", "stated_by": "secretariat", "to": "court registry"},
    )
    assert r.status_code == 201
    assert [c["action"] for c in r.json()["custody"]] == ["received", "transferred"]
    assert CustodyEvent.objects.last().sha256_checked == ev.sha256
    r = api(users["secretariat"]).post(f"/api/evidence/{ev.pk}/custody", {"action": "transferred"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "to"


def _package(users, props, api):
    evidence.add_evidence(
        users["assessor"], "a.jpg", jpeg_with_exif(), {"property": props["shusha"].code}
    )
    evidence.add_evidence(
        users["assessor"], "b.txt", b"witness statement", {"property": props["shusha"].code}
    )
    r = api(users["assessor"]).get("/api/evidence/package", property=props["shusha"].code)
    assert r.status_code == 200, r.content
    return r.content


def test_package_holds_files_manifest_and_custody_and_verifies(
    users, props, api, tmp_path, capsys, log_key
):
    body = _package(users, props, api)
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        names = zf.namelist()
    assert {"manifest.json", "custody.csv", "SHA256SUMS"} <= set(names)
    assert sum(n.startswith("files/") for n in names) == 2
    path = tmp_path / "p.zip"
    path.write_bytes(body)
    assert cli.main(["evidence", "verify", str(path), "--key", str(log_key.verifier)]) == 0
    assert "p.zip: intact (2 file(s) checked)" in capsys.readouterr().out


def test_one_changed_byte_in_a_package_is_named(users, props, api, tmp_path, capsys, log_key):
    body = _package(users, props, api)
    src = zipfile.ZipFile(io.BytesIO(body))
    target = next(n for n in src.namelist() if n.endswith("b.txt"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for n in src.namelist():
            data = src.read(n)
            zf.writestr(n, data.replace(b"witness", b"Witness") if n == target else data)
    path = tmp_path / "tampered.zip"
    path.write_bytes(out.getvalue())
    assert cli.main(["evidence", "verify", str(path), "--key", str(log_key.verifier)]) == 1
    text = capsys.readouterr().out
    assert f"BROKEN: {target}: changed" in text
    assert package.verify(out.getvalue())[0]


def test_packages_are_for_authorised_roles_only(users, props, api):
    evidence.add_evidence(users["assessor"], "a.txt", b"x", {"property": props["refuge"].code})
    for reader in (None, users["officer_nor"], users["committee"]):
        assert api(reader).get("/api/evidence/package").status_code in (401, 403)


def test_cli_export_then_verify(users, props, tmp_path, capsys, log_key):
    evidence.add_evidence(users["assessor"], "a.txt", b"x", {"property": props["shusha"].code})
    out = tmp_path / "pkg.zip"
    assert cli.main(["evidence", "export", "--property", props["shusha"].code, "-o", str(out)]) == 0
    assert cli.main(["evidence", "verify", str(out), "--key", str(log_key.verifier)]) == 0
    assert "intact (1 file(s) checked)" in capsys.readouterr().out


def test_originals_only_for_authorised_roles_thumbnails_without_metadata(users, props, api):
    data = jpeg_with_exif()
    ev = evidence.add_evidence(
        users["assessor"], "site.jpg", data, {"property": props["refuge"].code}
    )
    r = api(users["assessor"]).get(f"/api/evidence/{ev.pk}/file")
    assert r.status_code == 200 and r.getvalue() == data
    assert api(users["officer_nor"]).get(f"/api/evidence/{ev.pk}/file").status_code == 403
    thumb = api().get(f"/api/evidence/{ev.pk}/thumbnail")
    assert thumb.status_code == 200 and thumb.content[:3] == b"\xff\xd8\xff"
    from PIL import Image

    with Image.open(io.BytesIO(thumb.content)) as img:
        assert not img.getexif().get_ifd(0x8825)  # no GPS in the derivative


def test_unlinked_evidence_is_not_public(users, props, api):
    ev = evidence.add_evidence(users["assessor"], "loose.jpg", jpeg_with_exif())
    assert api().get(f"/api/evidence/{ev.pk}").status_code == 404
    assert api(users["committee"]).get(f"/api/evidence/{ev.pk}").status_code == 404
    assert api(users["officer_arm"]).get(f"/api/evidence/{ev.pk}").status_code == 404
    assert (
        api(users["assessor"]).get(f"/api/evidence/{ev.pk}").json()["place"]["precision"] == "exact"
    )


def test_pdf_creation_date_is_read(users, props):
    data = b"%PDF-1.4\n1 0 obj << /CreationDate (D:20210112083000+04'00') >> endobj\n%%EOF"
    ev = evidence.add_evidence(users["assessor"], "report.pdf", data)
    assert ev.kind == "document" and ev.captured_at.isoformat().startswith("2021-01-12T04:30:00")


def test_timeline_and_dossier_of_a_confidential_property_leak_no_point(users, props, api):
    code = props["refuge"].code
    evidence.add_evidence(users["assessor"], "site.jpg", jpeg_with_exif(), {"property": code})
    for reader in (None, users["committee"], users["officer_arm"]):
        for url in (
            f"/timeline/{code}/",
            f"/dossier/{code}/",
            f"/dossier/{code}/?lang=nb",
            f"/api/monitoring/properties/{code}/timeline",
            "/api/monitoring/map",
        ):
            body = api(reader).get(url).content.decode()
            assert "61.47" not in body and "8.916" not in body, (reader, url)
    assert "61.47383\u00b0 N" in api(users["officer_nor"]).get(f"/dossier/{code}/").content.decode()
