"""Evidence packages as BagIt bags (RFC 8493; issue 20, item 4), made with the ``bagit``
library, for archives and courts that take bags.

The bag is the signed package (``package.build``: the export is recorded, the log signs a
checkpoint over it, the manifest is timestamped where an authority answers) laid out anew::

    bagit.txt, bag-info.txt      the bag's declaration, and the custody summary: the package's
                                 id and SHA-256, its timestamp and the log's checkpoint, and
                                 per item who collected it, who received it when, each transfer
    manifest-sha256.txt, manifest-sha512.txt   every payload file's hashes
    tagmanifest-sha256.txt, tagmanifest-sha512.txt   every tag file's hashes
    data/files/<sha256>/<name>   the originals, byte for byte (the package's ``files/``)
    evidence-package/            the package's own members, as tag files: manifest.json (and
                                 its timestamp token), custody.json/.csv, log/ (checkpoint,
                                 entries with inclusion proofs, key), SHA256SUMS

``bagit`` changes the process's working folder while it writes a bag, which a threaded
server cannot allow; so the bag is written by a child process (``_CHILD``) that only imports
``bagit``. The bag is validated by ``bagit`` before it is sent.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from . import package
from .models import Evidence

FORMATS = {"bagit-zip": ("application/zip", "zip"), "bagit-tar": ("application/x-tar", "tar")}

_CHILD = r"""
import json, sys
from pathlib import Path
import bagit

root, tags_dir, info_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
info = json.loads(info_file.read_text(encoding="utf-8"))
bag = bagit.make_bag(str(root), info, processes=1, checksums=["sha256", "sha512"])
for src in sorted(p for p in tags_dir.rglob("*") if p.is_file()):
    dest = root / "evidence-package" / src.relative_to(tags_dir)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(src.read_bytes())
bag = bagit.Bag(str(root))
bag.save()  # the tag manifests now cover evidence-package/ too
bagit.Bag(str(root)).validate()
"""


def _line(text: str) -> str:
    """A bag-info value on one line."""
    return " ".join(str(text).split())


def custody_summary(evidence: list[Evidence], custody: dict[str, list[dict]]) -> list[str]:
    """One line per item: its file and hash, who collected it, then each hand it passed
    through (received, transferred, examined, downloaded, exported), oldest first."""
    lines = []
    for ev in evidence:
        steps = []
        for e in custody.get(str(ev.pk), []):
            step = f"{e['action']} {e['at']} by {e['handler'] or '(not recorded)'}"
            if e.get("role"):
                step += f" ({e['role']}{' ' + e['state'] if e.get('state') else ''})"
            if e.get("to"):
                step += f" to {e['to']}"
            if e.get("stated_by"):
                step += f", stated: {e['stated_by']}"
            if e.get("reference"):
                step += f", package {e['reference']}"
            steps.append(step)
        collected = ev.collector or "(not stated)"
        lines.append(
            _line(
                f"{ev.filename} sha256:{ev.sha256}: collected by {collected}; " + "; ".join(steps)
            )
        )
    return lines


def bag_info(members: dict[str, bytes], digest: str, evidence: list[Evidence]) -> dict:
    manifest = json.loads(members["manifest.json"])
    custody = json.loads(members["custody.json"])
    log = manifest["log"]
    stamp = (
        "evidence-package/manifest.json.tsr (an RFC 3161 token over manifest.json)"
        if "manifest.json.tsr" in members
        else "none: no timestamp authority answered when the package was made"
    )
    checkpoint = "evidence-package/log/checkpoint.txt (signed; check with the log's key you hold)"
    if "log/checkpoint.tsr" in members:
        checkpoint += "; its timestamp token: evidence-package/log/checkpoint.tsr"
    return {
        "Source-Organization": "Heritage Shield",
        "External-Identifier": manifest["package"],
        "External-Description": _line(
            f"Evidence package {manifest['package']} ({len(evidence)} item(s))"
            + (f": {manifest['label']}" if manifest.get("label") else "")
            + ". The originals are the payload; the signed package's own members are in "
            "evidence-package/."
        ),
        "Contact-Name": _line(manifest["created_by"]),
        "Shield-Package-Created": manifest["created_at"],
        "Shield-Package-SHA256": f"{digest} (the package ZIP, sealed in the audit log)",
        "Shield-Manifest-SHA256": package._sha(members["manifest.json"]),
        "Shield-Manifest-Timestamp": stamp,
        "Shield-Log-Origin": log["origin"],
        "Shield-Log-Checkpoint": checkpoint,
        "Shield-Log-Checkpoint-Size": str(log["checkpoint_size"]),
        "Shield-Log-Export-Entry": str(log["export_seq"]),
        "Shield-Custody": custody_summary(evidence, custody),
    }


def build(user, evidence: list[Evidence], label: str = "", fmt: str = "bagit-zip"):
    """(archive bytes, its SHA-256, the package's SHA-256): the package as a validated bag,
    in a ZIP or a tar. Refuses as ``package.build`` does (``ValueError``)."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    body, digest = package.build(user, evidence, label)
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    info = bag_info(members, digest, evidence)
    name = f"evidence-{json.loads(members['manifest.json'])['package'][:8]}"
    with tempfile.TemporaryDirectory(prefix="shield-bag-") as tmp:
        root, tags = Path(tmp) / name, Path(tmp) / "tags"
        for path, data in members.items():
            target = (root if path.startswith("files/") else tags) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        info_file = Path(tmp) / "bag-info.json"
        info_file.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(root), str(tags), str(info_file)],
            capture_output=True,
            text=True,
            cwd=tmp,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the bag could not be made: {done.stderr.strip()[-2000:]}")
        archive = _archive(root, fmt)
    return archive, package._sha(archive), digest


def _archive(root: Path, fmt: str) -> bytes:
    out = io.BytesIO()
    files = sorted(p for p in root.rglob("*") if p.is_file())
    if fmt == "bagit-zip":
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in files:
                zf.write(p, f"{root.name}/{p.relative_to(root).as_posix()}")
    else:
        with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tf:
            for p in files:
                info = tf.gettarinfo(str(p), f"{root.name}/{p.relative_to(root).as_posix()}")
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with open(p, "rb") as fh:
                    tf.addfile(info, fh)
    return out.getvalue()
