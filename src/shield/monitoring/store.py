"""The evidence store: files by SHA-256, written once, read-only; derivatives apart.

Layout under ``SHIELD_EVIDENCE_DIR`` (default ``./evidence``):
``originals/<sha[:2]>/<sha>`` and ``derivatives/<sha[:2]>/<sha>.<name>``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from django.conf import settings

CHUNK = 1 << 20


def root() -> Path:
    configured = getattr(settings, "SHIELD_EVIDENCE_DIR", None)
    return Path(configured) if configured else Path.cwd() / "evidence"


def original_path(sha256: str) -> Path:
    return root() / "originals" / sha256[:2] / sha256


def derivative_path(sha256: str, name: str) -> Path:
    return root() / "derivatives" / sha256[:2] / f"{sha256}.{name}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def put(data: bytes) -> tuple[str, Path]:
    """Store ``data`` once; an existing original is never rewritten."""
    sha = hashlib.sha256(data).hexdigest()
    path = original_path(sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.replace(tmp, path)
    return sha, path


def check(sha256: str) -> str | None:
    """Why the stored original of ``sha256`` is not intact, or None."""
    path = original_path(sha256)
    if not path.is_file():
        return "missing from the store"
    actual = sha256_of(path)
    if actual != sha256:
        return f"changed: its content now hashes to {actual}"
    return None


def thumbnail(sha256: str, size: int = 320) -> Path | None:
    """A JPEG thumbnail beside the originals (None when the file is not an image)."""
    out = derivative_path(sha256, f"thumb{size}.jpg")
    if out.exists():
        return out
    try:
        from PIL import Image
    except ImportError:
        return None
    try:
        with Image.open(original_path(sha256)) as img:
            img.thumbnail((size, size))
            out.parent.mkdir(parents=True, exist_ok=True)
            img.convert("RGB").save(out, "JPEG", quality=80)
    except Exception:  # not an image Pillow can read
        return None
    return out
