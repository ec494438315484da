"""Packages that prove themselves and the log (issue 13, item 4): a good package is accepted
by ``shield evidence verify PACKAGE --key VKEY`` run with an empty environment (no database,
no SECRET_KEY); each tampered package is rejected, and the refusal names what failed. The
tamperer here is capable: after each change they update the manifest's list of members and
SHA256SUMS (and custody.csv), as anyone with a ZIP tool and sha256sum would; only what they
cannot make (the log's signature, its entries, the authority's token) stands in their way."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from shield.monitoring import custodychain, evidence, package, package_verify
from shield.translog.note import Signer, sign
from tests import tsa

from .conftest import jpeg_with_exif

pytestmark = pytest.mark.django_db(transaction=True)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def good(users, props):
    """A package of a photograph (transferred once) and a statement, with its items."""
    photo = evidence.add_evidence(
        users["assessor"], "site.jpg", jpeg_with_exif(), {"property": props["shusha"].code}
    )
    statement = evidence.add_evidence(users["officer_arm"], "statement.txt", b"witness statement")
    evidence.add_custody(
        users["secretariat"], photo, {"action": "transferred", "to": "court registry"}
    )
    body, _digest = package.build(users["assessor"], [photo, statement], "case 1")
    return body, photo, statement


def members(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def reseal(files: dict[str, bytes], keep_token: bool = False) -> bytes:
    """What a tamperer does after a change: the manifest's members, custody.csv and
    SHA256SUMS made to agree again (a timestamp token they cannot remake is dropped)."""
    files = dict(files)
    manifest = json.loads(files["manifest.json"])
    custody = json.loads(files["custody.json"])
    files["custody.csv"] = package_verify.custody_csv(manifest["items"], custody)
    if not keep_token:
        files.pop("manifest.json.tsr", None)
    listed = {n: sha(d) for n, d in files.items() if n not in package_verify.UNLISTED}
    manifest["members"] = dict(sorted(listed.items()))
    files["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    files.pop("SHA256SUMS", None)
    files["SHA256SUMS"] = "".join(f"{sha(d)}  {n}\n" for n, d in sorted(files.items())).encode()
    return zipped(files)


def zipped(files, extra: list[tuple[str, bytes]] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for n, d in files.items():
            zf.writestr(n, d)
        for n, d in extra:
            zf.writestr(n, d)
    return out.getvalue()


def edit_json(files, name, change):
    value = json.loads(files[name])
    change(value)
    files[name] = json.dumps(value, indent=2, sort_keys=True).encode()


def rechain(item_sha: str, events: list[dict]) -> None:
    """A tamperer recomputing an item's custody chain after changing it (they can: the
    hash needs no key)."""
    prev = custodychain.GENESIS
    for i, e in enumerate(events, 1):
        e["seq"], e["prev"] = i, prev
        e["hash"] = prev = custodychain.event_hash(item_sha, prev, e)


def check(body: bytes, log_key, tsa_ca: bytes | None = None):
    return package_verify.verify(body, log_key.verifier, tsa_ca)


def rejected(body, log_key, *expected: str, tsa_ca=None) -> list[str]:
    report = check(body, log_key, tsa_ca)
    assert not report.ok, "accepted a tampered package"
    text = "\n".join(report.problems)
    for part in expected:
        assert part in text, f"{part!r} not named in:\n{text}"
    return report.problems


# ---- a good package -------------------------------------------------------------------------


def test_a_good_package_is_accepted_and_carries_its_proofs(good, log_key):
    body, photo, statement = good
    files = members(body)
    assert {
        "manifest.json",
        "custody.json",
        "custody.csv",
        "log/checkpoint.txt",
        "log/entries.json",
        "log/key.txt",
        "SHA256SUMS",
        f"files/{photo.sha256}/site.jpg",
    } <= set(files)
    report = check(body, log_key)
    assert report.ok, report.problems
    assert report.items == 2
    assert any("signed checkpoint of" in n for n in report.notes)
    assert any("no trusted time" in n for n in report.notes)
    custody = json.loads(files["custody.json"])
    assert [e["action"] for e in custody[str(photo.pk)]] == ["received", "transferred", "exported"]
    assert files["log/key.txt"].decode().strip() == str(log_key.verifier)


def test_verified_offline_by_a_subprocess_with_an_empty_environment(good, log_key, tmp_path):
    body, _photo, _statement = good
    good_zip, bad_zip = tmp_path / "good.zip", tmp_path / "bad.zip"
    good_zip.write_bytes(body)
    files = members(body)
    edit_json(files, "manifest.json", lambda m: m["items"][0].update(device="Another camera"))
    bad_zip.write_bytes(reseal(files))
    shield = Path(sys.executable).parent / "shield"
    for path, rc, said in ((good_zip, 0, "intact (2 file(s) checked)"), (bad_zip, 1, "edited")):
        done = subprocess.run(
            [str(shield), "evidence", "verify", str(path), "--key", str(log_key.verifier)],
            env={},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == rc, done.stdout + done.stderr
        assert said in done.stdout, done.stdout + done.stderr
    assert not (tmp_path / "db.sqlite3").exists()


def test_without_a_key_nothing_is_accepted(good, tmp_path, capsys):
    from shield import cli

    path = tmp_path / "p.zip"
    path.write_bytes(good[0])
    assert cli.main(["evidence", "verify", str(path)]) == 2
    assert "verifier key" in capsys.readouterr().err


# ---- the 13 tampered packages (and more), each rejected and named --------------------------


def test_1_a_file_swapped_with_its_manifest_and_sums_updated(good, log_key):
    body, _photo, statement = good
    files = members(body)
    forged = b"a different statement"
    old_path = f"files/{statement.sha256}/statement.txt"
    new_path = f"files/{sha(forged)}/statement.txt"
    del files[old_path]
    files[new_path] = forged

    def swap(m):
        item = next(i for i in m["items"] if i["path"] == old_path)
        item.update(path=new_path, sha256=sha(forged), size=len(forged))

    edit_json(files, "manifest.json", swap)
    rejected(
        reseal(files),
        log_key,
        f"item {statement.pk} (statement.txt): its file {sha(forged)} is not the one received "
        f"({statement.sha256}",
        "in the package but not in its export in the log",
    )


def test_2_metadata_edited(good, log_key):
    body, photo, _statement = good
    files = members(body)
    edit_json(
        files,
        "manifest.json",
        lambda m: m["items"][0].update(captured_at="2020-01-01T00:00:00+00:00", lat=40.0),
    )
    rejected(
        reseal(files),
        log_key,
        f"item {photo.pk} (site.jpg): captured_at edited",
        f"item {photo.pk} (site.jpg): lat edited",
    )


def test_3_a_custody_event_dropped(good, log_key):
    body, photo, _statement = good
    files = members(body)
    edit_json(files, "custody.json", lambda c: c[str(photo.pk)].pop(1))  # the transfer
    rejected(reseal(files), log_key, f"item {photo.pk} (site.jpg): custody event 2 is missing")
    # dropped and the chain recomputed around the gap: the log's entries no longer agree
    files = members(body)

    def drop_and_rechain(c):
        events = c[str(photo.pk)]
        events.pop(1)
        rechain(photo.sha256, events)

    edit_json(files, "custody.json", drop_and_rechain)
    rejected(reseal(files), log_key, "custody event 2 (exported) is not the one audit entry")


def test_4_a_custody_event_forged(good, log_key, users):
    body, photo, _statement = good
    files = members(body)

    def forge(c):
        events = c[str(photo.pk)]
        fake = dict(events[0])
        fake.update(
            action="transferred",
            handler="secretariat",
            role="secretariat",
            at="2020-01-01T00:00:00+00:00",
            to="the other side's lab",
        )
        events.insert(1, fake)
        rechain(photo.sha256, events)

    edit_json(files, "custody.json", forge)
    rejected(
        reseal(files),
        log_key,
        f"item {photo.pk} (site.jpg): custody event 2 (transferred) is not the one audit entry",
        "forged",
    )


def test_5_a_file_removed(good, log_key):
    body, _photo, statement = good
    files = members(body)
    del files[f"files/{statement.sha256}/statement.txt"]
    rejected(
        zipped(files),
        log_key,
        f"files/{statement.sha256}/statement.txt: listed in SHA256SUMS but missing",
    )
    # and removed from the manifest too
    edit_json(
        files,
        "manifest.json",
        lambda m: m.update(items=[i for i in m["items"] if i["id"] != str(statement.pk)]),
    )
    edit_json(files, "custody.json", lambda c: c.pop(str(statement.pk)))
    rejected(
        reseal(files),
        log_key,
        f"item {statement.pk} ({statement.sha256}): exported in the log but missing from the package",
    )


def test_6_a_file_planted(good, log_key):
    body, _photo, _statement = good
    files = members(body)
    planted = jpeg_with_exif(colour=(200, 0, 0))
    files[f"files/{sha(planted)}/planted.jpg"] = planted
    rejected(
        reseal(files),
        log_key,
        f"files/{sha(planted)}/planted.jpg: a file no item of the manifest names",
    )
    # planted with an item of its own in the manifest
    files = members(body)
    files[f"files/{sha(planted)}/planted.jpg"] = planted

    def add_item(m):
        m["items"].append(
            dict(m["items"][0], id="00000000-0000-0000-0000-000000000001",
                 path=f"files/{sha(planted)}/planted.jpg", sha256=sha(planted))
        )  # fmt: skip

    edit_json(files, "manifest.json", add_item)
    rejected(
        reseal(files),
        log_key,
        "item 00000000-0000-0000-0000-000000000001 (",
        "in the package but not in its export in the log",
    )


def test_7_an_emptied_manifest(good, log_key):
    body, photo, _statement = good
    files = members(body)
    edit_json(files, "manifest.json", lambda m: m.update(items=[]))
    rejected(
        reseal(files),
        log_key,
        "manifest.json: lists no item",
        f"files/{photo.sha256}/site.jpg: a file no item of the manifest names",
        "exported in the log but missing from the package",
    )


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_8_a_duplicate_zip_entry(good, log_key):
    body, _photo, statement = good
    files = members(body)
    path = f"files/{statement.sha256}/statement.txt"
    rejected(zipped(files, [(path, b"another statement")]), log_key, f"{path}: appears 2 times")
    rejected(zipped(files, [("manifest.json", b"{}")]), log_key, "manifest.json: appears 2 times")


def test_9_a_package_rebuilt_around_a_forged_photograph(good, log_key):
    """Everything a tamperer can compute, recomputed: the file, its name, the manifest, the
    custody chain, custody.csv and the sums. What they cannot make is the log's receipt of
    the real photograph, its signed checkpoint, and the entries of its custody."""
    body, photo, _statement = good
    files = members(body)
    forged = jpeg_with_exif(lat=40.0, lon=45.0, colour=(0, 90, 0))
    del files[f"files/{photo.sha256}/site.jpg"]
    files[f"files/{sha(forged)}/site.jpg"] = forged

    def manifest(m):
        item = next(i for i in m["items"] if i["id"] == str(photo.pk))
        item.update(path=f"files/{sha(forged)}/site.jpg", sha256=sha(forged), size=len(forged))

    def chain(c):
        rechain(sha(forged), c[str(photo.pk)])

    edit_json(files, "manifest.json", manifest)
    edit_json(files, "custody.json", chain)
    rejected(
        reseal(files),
        log_key,
        f"item {photo.pk} (site.jpg): its file {sha(forged)} is not the one received",
        "custody event 1 (received) is not the one audit entry",
    )


def test_10_one_changed_byte_without_updating_the_sums(good, log_key):
    body, _photo, statement = good
    files = members(body)
    path = f"files/{statement.sha256}/statement.txt"
    files[path] = files[path].replace(b"witness", b"Witness")
    rejected(zipped(files), log_key, f"{path}: changed", f"{path}: its content hashes to")


def test_11_a_checkpoint_signed_by_another_key(good, log_key):
    """The tamperer signs a checkpoint of their own making: refused under the log's key."""
    body, _photo, _statement = good
    files = members(body)
    impostor = Signer.generate(log_key.name)  # the same name, another key
    text = files["log/checkpoint.txt"].decode().split("\n\n")[0] + "\n"
    files["log/checkpoint.txt"] = sign(text, impostor).encode()
    files["log/key.txt"] = f"{impostor.verifier}\n".encode()
    rejected(reseal(files), log_key, "log/checkpoint.txt:")


def test_12_an_inclusion_proof_altered_or_an_entry_rewritten(good, log_key, users):
    body, photo, _statement = good
    files = members(body)

    def bend(entries):
        entries[0]["proof"][0] = "00" * 32

    edit_json(files, "log/entries.json", bend)
    rejected(reseal(files), log_key, "not in the signed log")
    files = members(body)

    def rewrite(entries):  # the receipt made to say the forged hash, its hash recomputed
        from shield.audit import chain

        receipt = next(
            e for e in entries
            if e["body"]["action"] == "create" and e["body"]["target_id"] == str(photo.pk)
        )  # fmt: skip
        receipt["body"]["changes"]["sha256"] = "f" * 64
        receipt["hash"] = chain.link(receipt["prev_hash"], receipt["body"])

    edit_json(files, "log/entries.json", rewrite)
    rejected(
        reseal(files), log_key, "not in the signed log", f"item {photo.pk} (site.jpg): its receipt"
    )


def test_13_the_manifest_or_the_log_missing(good, log_key):
    body, _photo, _statement = good
    for name in ("manifest.json", "log/checkpoint.txt", "custody.json", "SHA256SUMS"):
        files = members(body)
        del files[name]
        rejected(zipped(files), log_key, f"{name}: missing")
    rejected(b"not a zip at all", log_key, "not a readable ZIP")


def test_14_the_hash_in_a_file_name_is_checked(good, log_key):
    body, _photo, statement = good
    files = members(body)
    other = "0" * 64
    data = files.pop(f"files/{statement.sha256}/statement.txt")
    files[f"files/{other}/statement.txt"] = data
    edit_json(
        files,
        "manifest.json",
        lambda m: next(i for i in m["items"] if i["id"] == str(statement.pk)).update(
            path=f"files/{other}/statement.txt"
        ),
    )
    rejected(
        reseal(files),
        log_key,
        f"files/{other}/statement.txt: the hash in its name is not the item's",
        f"files/{other}/statement.txt: its content hashes to {statement.sha256}",
    )


def test_15_the_export_event_dropped_and_custody_csv_edited(good, log_key):
    body, photo, _statement = good
    files = members(body)
    edit_json(files, "custody.json", lambda c: c[str(photo.pk)].pop())
    rejected(reseal(files), log_key, "does not end with this package's export: events were dropped")
    files = members(body)
    files["custody.csv"] = files["custody.csv"].replace(b"court registry", b"defence lawyer")
    listed = dict(json.loads(files["manifest.json"])["members"])
    assert "custody.csv" in listed
    report = check(reseal_keep_csv(files), log_key)
    assert "custody.csv: does not match custody.json" in report.problems


def reseal_keep_csv(files):
    manifest = json.loads(files["manifest.json"])
    manifest["members"] = {
        n: sha(d) for n, d in sorted(files.items()) if n not in package_verify.UNLISTED
    }
    files = dict(files, **{"manifest.json": json.dumps(manifest).encode()})
    files.pop("SHA256SUMS")
    files["SHA256SUMS"] = "".join(f"{sha(d)}  {n}\n" for n, d in sorted(files.items())).encode()
    return zipped(files)


# ---- trusted time on packages -------------------------------------------------------------


@pytest.fixture
def authority(tmp_path, settings):
    made = tsa.authority(tmp_path / "tsa")
    settings.SHIELD_TSA_URL = made.url
    settings.SHIELD_TSA_CA_FILE = str(made.ca_file)
    yield made
    made.stop()


def test_a_package_carries_a_token_over_its_manifest(users, props, log_key, authority, tmp_path):
    ev = evidence.add_evidence(users["assessor"], "a.txt", b"statement", {})
    body, _digest = package.build(users["assessor"], [ev])
    files = members(body)
    assert {"manifest.json.tsr", "log/checkpoint.tsr"} <= set(files)
    ca = authority.ca_file.read_bytes()
    report = check(body, log_key, ca)
    assert report.ok, report.problems
    assert any(n.startswith("manifest.json: trusted time") for n in report.notes)
    # without the CA: the token is over the manifest, its authority unchecked (said so)
    report = check(body, log_key)
    assert report.ok and any("--tsa-ca" in n for n in report.notes)
    # the manifest changed and the token kept: over other data
    edit_json(files, "manifest.json", lambda m: m.update(label="another case"))
    rejected(
        reseal(files, keep_token=True),
        log_key,
        "manifest.json.tsr: the token is over other data",
        tsa_ca=ca,
    )
    # a token from an authority the recipient does not trust
    stranger = tsa.make_ca(tmp_path / "stranger", "Unknown TSA")
    rejected(body, log_key, "manifest.json.tsr: the token is not from the authority",
             tsa_ca=(stranger / "ca.crt").read_bytes())  # fmt: skip
    # through the CLI, offline
    from shield import cli

    path = tmp_path / "p.zip"
    path.write_bytes(body)
    assert cli.main(["evidence", "verify", str(path), "--key", str(log_key.verifier),
                     "--tsa-ca", str(authority.ca_file)]) == 0  # fmt: skip


def test_the_leaf_format_is_the_logs(db):
    from shield.audit import transparency

    assert package_verify.LEAF_FORMAT == transparency.LEAF_FORMAT


def test_an_empty_selection_or_no_log_key_is_refused_by_name(
    users, settings, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # no key file that `shield demo` left in the working directory
    with pytest.raises(ValueError, match="the selection is empty"):
        package.build(users["assessor"], [])
    ev = evidence.add_evidence(users["assessor"], "a.txt", b"x", {})
    settings.SHIELD_LOG_KEY = ""
    with pytest.raises(ValueError, match="signing key"):
        package.build(users["assessor"], [ev])


def test_packages_need_no_django_to_be_checked():
    """The offline checker imports nothing of Django (a recipient's machine)."""
    code = (
        "import sys; import shield.monitoring.package_verify, shield.audit.timestamps; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], env={}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert os.environ  # (the test itself runs with its environment)
