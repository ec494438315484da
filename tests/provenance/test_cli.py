"""`shield check` writes a certificate; `shield certificate verify` accepts it offline (a
subprocess with an empty environment, the issuer's key given) and refuses it once any byte
is altered; `shield stolen` exports and imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shield import cli
from shield.provenance import certificates

pytestmark = pytest.mark.django_db

SHIELD = Path(sys.executable).parent / "shield"


def _verify(path: Path, key: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SHIELD), "certificate", "verify", str(path), "--key", key],
        env={},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_then_verify_offline(users, reported, tmp_path, capsys):
    out = tmp_path / "cert.txt"
    rc = cli.main(
        [
            "check",
            "--type", "icon",
            "--measurements", "height 32 cm; width 24.5 cm",
            "--inscriptions", "ΟΑΓΙΟΣ ΓΕΩΡΓΙΟΣ",
            "-o", str(out),
        ]
    )  # fmt: skip
    said = capsys.readouterr().out
    assert rc == 0, said
    assert reported["icon"].number in said and "measurements" in said
    key = str(certificates.verifier())
    done = _verify(out, key, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VALID search certificate" in done.stdout
    data = out.read_bytes()
    for i in (0, len(data) // 3, len(data) // 2, len(data) - 10):
        bad = tmp_path / f"bad{i}.txt"
        bad.write_bytes(data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :])
        done = _verify(bad, key, tmp_path)
        assert done.returncode == 1 and "REFUSED" in done.stdout, done.stdout + done.stderr
    assert not (tmp_path / "shield.sqlite3").exists()


def test_check_refuses_an_empty_description(users, capsys):
    assert cli.main(["check"]) == 1
    assert "describe the object" in capsys.readouterr().err


def test_stolen_export_and_import(users, reported, tmp_path, capsys):
    path = tmp_path / "register.csv"
    assert cli.main(["stolen", "export", "--format", "interpol", "-o", str(path)]) == 0
    assert path.read_text().startswith("National reference,")
    assert cli.main(["stolen", "import", str(path), "--format", "interpol"]) == 0
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert cli.main(["stolen", "status", reported["icon"].number, "circulated"]) == 0
    assert cli.main(["stolen", "status", reported["icon"].number, "returned"]) == 1
    assert "cannot go from circulated to returned" in capsys.readouterr().err
