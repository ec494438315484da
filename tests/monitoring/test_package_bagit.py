"""Issue 20, item 4: evidence packages as BagIt bags, validated by ``bagit`` itself; a
changed payload fails validation; bag-info carries the custody summary and the package's
signature and timestamp references; served by the API (ZIP or tar) and by the CLI."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import bagit
import pytest

from shield import cli
from shield.monitoring import evidence

from . import photos

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def items(users, props):
    assessor = users["assessor"]
    first = evidence.add_evidence(
        assessor,
        "site.jpg",
        photos.geotagged_jpeg(),
        {"property": props["shusha"].code, "collector": "Field team A"},
    )
    second = evidence.add_evidence(
        assessor, "notes.txt", b"what was seen\n", {"property": props["shusha"].code}
    )
    evidence.add_custody(
        assessor, first, {"action": "transferred", "to": "Prosecutor's office", "note": "sealed"}
    )
    return [first, second]


def _unpack(body: bytes, fmt: str, where: Path) -> Path:
    into = where / "unpacked"
    if fmt == "bagit-zip":
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            zf.extractall(into)
    else:
        with tarfile.open(fileobj=io.BytesIO(body)) as tf:
            tf.extractall(into, filter="data")
    (root,) = list(into.iterdir())
    return root


@pytest.mark.parametrize("fmt", ["bagit-zip", "bagit-tar"])
def test_the_api_serves_a_bag_that_bagit_validates(items, props, users, api, tmp_path, fmt):
    r = api(users["assessor"]).get(
        "/api/evidence/package", property=props["shusha"].code, format=fmt
    )
    assert r.status_code == 200, r.content[:300]
    assert r["Content-Type"] == ("application/zip" if fmt == "bagit-zip" else "application/x-tar")
    assert r["Content-Disposition"].endswith(('-bag.zip"', '-bag.tar"'))
    root = _unpack(r.content, fmt, tmp_path)
    bag = bagit.Bag(str(root))
    bag.validate()  # every payload and tag file against its SHA-256 and SHA-512
    assert set(bag.algorithms) == {"sha256", "sha512"}
    payload = sorted(bag.payload_files())
    assert payload == sorted(f"data/files/{ev.sha256}/{ev.filename}" for ev in items)
    for ev in items:  # the originals, byte for byte
        assert (root / f"data/files/{ev.sha256}/{ev.filename}").read_bytes() == (
            evidence.store.original_path(ev.sha256).read_bytes()
        )
    tags = set(bag.tagfile_entries())
    for member in ("manifest.json", "custody.json", "log/checkpoint.txt", "log/entries.json"):
        assert f"evidence-package/{member}" in tags
    info = bag.info
    assert info["Source-Organization"] == "Heritage Shield"
    assert info["Shield-Package-SHA256"].split()[0] == r["X-Package-SHA256"]
    assert info["Shield-Log-Checkpoint"].startswith("evidence-package/log/checkpoint.txt")
    assert (
        "manifest.json" in info["Shield-Manifest-Timestamp"]
        or "none" in (info["Shield-Manifest-Timestamp"])
    )
    custody = info["Shield-Custody"]
    custody = custody if isinstance(custody, list) else [custody]
    site = next(line for line in custody if line.startswith("site.jpg"))
    assert "collected by Field team A" in site
    assert "received" in site and "transferred" in site and "to Prosecutor's office" in site
    assert "exported" in site and info["External-Identifier"] in site
    # the signed package inside still proves itself: its members' hashes are the manifest's
    import json

    manifest = json.loads((root / "evidence-package/manifest.json").read_bytes())
    for item in manifest["items"]:
        assert (root / "data" / item["path"]).is_file()


def test_a_changed_payload_fails_validation(items, props, users, api, tmp_path):
    r = api(users["assessor"]).get(
        "/api/evidence/package", property=props["shusha"].code, format="bagit-zip"
    )
    root = _unpack(r.content, "bagit-zip", tmp_path)
    notes = root / f"data/files/{items[1].sha256}/notes.txt"
    notes.write_bytes(b"what was SEEN\n")  # the same size: only the hashes tell
    with pytest.raises(bagit.BagValidationError) as found:
        bagit.Bag(str(root)).validate()
    assert "notes.txt" in str(found.value.details) or "notes.txt" in str(found.value)
    # and a tag file changed (the custody record) fails too
    notes.write_bytes(b"what was seen\n")
    bagit.Bag(str(root)).validate()
    custody = root / "evidence-package/custody.json"
    custody.write_bytes(custody.read_bytes().replace(b"Prosecutor", b"Defence"))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(root)).validate()


def test_only_those_who_export_packages_get_bags(items, users, api):
    for who in ("committee", "officer_aze"):
        r = api(users[who]).get("/api/evidence/package", format="bagit-tar")
        assert r.status_code == 403 and "Secretariat" in r.json()["error"]
    assert api().get("/api/evidence/package", format="bagit-zip").status_code in (401, 403)
    bad = api(users["assessor"]).get("/api/evidence/package", format="bagit-7z")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "format"


def test_the_cli_writes_a_bag(items, props, users, tmp_path, capsys):
    out = tmp_path / "bag.tar"
    code = cli.main(
        [
            "evidence",
            "export",
            "--property",
            props["shusha"].code,
            "--format",
            "bagit-tar",
            "--output",
            str(out),
            "--user",
            users["assessor"].username,
        ]
    )
    assert code == 0, capsys.readouterr()
    root = _unpack(out.read_bytes(), "bagit-tar", tmp_path / "x")
    bagit.Bag(str(root)).validate()
    assert "SHA-256" in capsys.readouterr().out
