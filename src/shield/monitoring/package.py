"""Evidence packages: a ZIP with the original files, a manifest of their hashes and the
custody log; ``verify`` checks one without the database (Berkeley Protocol: anyone
receiving the package can check that nothing was changed on the way).

Layout::

    manifest.json         what is in the package: each file's path, SHA-256, size, metadata
    custody.csv           every custody event of every file
    SHA256SUMS            the SHA-256 of every other member, ``<hash>  <path>`` per line
    files/<sha256>/<name> the originals, byte for byte
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import PurePosixPath

from django.db import transaction
from django.utils import timezone

from shield.audit import log
from shield.core.csvcells import csv_safe

from . import store
from .models import Evidence

FORMAT = "heritage-shield-evidence-package/1"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    return "".join(c if c.isalnum() or c in "._- " else "_" for c in base) or "file"


def build(user, evidence: list[Evidence], label: str = "") -> tuple[bytes, str]:
    """(ZIP bytes, its SHA-256). Refuses when a stored original no longer matches its hash."""
    problems = [(ev, p) for ev in evidence if (p := store.check(ev.sha256))]
    if problems:
        ev, p = problems[0]
        raise ValueError(f"evidence {ev.filename} ({ev.sha256}) is {p}: not exported")
    members: dict[str, bytes] = {}
    files, custody_rows = [], []
    for ev in evidence:
        path = f"files/{ev.sha256}/{safe_name(ev.filename)}"
        members[path] = store.original_path(ev.sha256).read_bytes()
        files.append(
            {
                "path": path,
                "sha256": ev.sha256,
                "size": ev.size,
                "filename": ev.filename,
                "media_type": ev.media_type,
                "captured_at": ev.captured_at.isoformat() if ev.captured_at else None,
                "lat": ev.lat,
                "lon": ev.lon,
                "device": ev.device,
                "property": ev.property.code if ev.property_id else None,
                "incident": str(ev.incident_id) if ev.incident_id else None,
                "assessment": str(ev.assessment_id) if ev.assessment_id else None,
            }
        )
        for c in ev.custody.all():
            custody_rows.append(
                [ev.sha256, c.action, c.by, c.to, c.at.isoformat(), c.sha256_checked, c.note]
            )
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "created_by": log.actor_label(user),
        "label": label,
        "files": files,
    }
    members["manifest.json"] = json.dumps(
        manifest, indent=2, ensure_ascii=False, sort_keys=True
    ).encode()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["sha256", "action", "by", "to", "at", "sha256_checked", "note"])
    writer.writerows([csv_safe(c) for c in row] for row in custody_rows)  # no cell runs a formula
    members["custody.csv"] = buf.getvalue().encode()
    sums = "".join(f"{_sha(data)}  {path}\n" for path, data in sorted(members.items()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in sorted(members.items()):
            zf.writestr(path, data)
        zf.writestr("SHA256SUMS", sums)
    body = out.getvalue()
    digest = _sha(body)
    with transaction.atomic():
        log.record(
            user,
            "export_package",
            "evidence",
            label or "package",
            {"package_sha256": digest, "files": [f["sha256"] for f in files]},
            summary=f"evidence package {digest[:12]} ({len(files)} files)",
        )
    return body, digest


def verify(path_or_bytes) -> tuple[list[str], int]:
    """(problems, files checked): every problem names the member and what is wrong."""
    problems: list[str] = []
    try:
        zf = zipfile.ZipFile(
            io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
        )
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"not a readable ZIP: {exc}"], 0
    with zf:
        names = set(zf.namelist())
        for required in ("SHA256SUMS", "manifest.json", "custody.csv"):
            if required not in names:
                problems.append(f"{required}: missing")
        if problems:
            return problems, 0
        sums = {}
        for n, line in enumerate(zf.read("SHA256SUMS").decode("utf-8", "replace").splitlines(), 1):
            digest, _, member = line.partition("  ")
            if len(digest) != 64 or not member:
                problems.append(f"SHA256SUMS line {n}: not '<sha256>  <path>'")
                continue
            sums[member] = digest
        for member, digest in sorted(sums.items()):
            if member not in names:
                problems.append(f"{member}: listed in SHA256SUMS but missing")
            elif _sha(zf.read(member)) != digest:
                problems.append(
                    f"{member}: changed (SHA-256 {_sha(zf.read(member))}, expected {digest})"
                )
        for member in sorted(names - set(sums) - {"SHA256SUMS"}):
            problems.append(f"{member}: not listed in SHA256SUMS")
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except ValueError:
            return problems + ["manifest.json: not JSON"], 0
        files = manifest.get("files", [])
        for f in files:
            member = f.get("path", "")
            if member in names and _sha(zf.read(member)) != f.get("sha256"):
                problems.append(f"{member}: does not match its manifest hash {f.get('sha256')}")
            elif member not in names:
                problems.append(f"{member}: in the manifest but missing")
    return problems, len(files)
