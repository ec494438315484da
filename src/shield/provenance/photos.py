"""Photographs of register entries and traced objects, and the photographs a check searches.

Kept as the project keeps files (the evidence store's rules): each original once, by its
SHA-256, written once and read-only, under ``SHIELD_EVIDENCE_DIR/photographs/``
(``originals/<sha[:2]>/<sha>``; ``derivatives/`` apart, for the view). A photograph's SHA-256
and its perceptual hashes (``shield.matching.images``) are computed at upload. What is shown
is a new JPEG of the original's pixels only: no EXIF (no place where it was taken), no other
metadata, of the original is carried over.

A check's photographs are hashed and forgotten: the certificate records their SHA-256 and
perceptual hashes, never the pictures.
"""

from __future__ import annotations

import hashlib
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from shield.audit import log
from shield.core.errors import NotAllowed
from shield.matching import images

from . import access, clean
from .models import Photo, RegisterEntry, TracedObject

MAX_BYTES = 25 * 1024 * 1024
"""The largest photograph received (25 MiB)."""
MAX_PHOTOS_CHECKED = 5
"""The most photographs one check searches."""
VIEW_SIZE = 1024
VIEW_VERSION = "pixels1"

_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "TIFF": "image/tiff"}
_FORMATS["GIF"] = "image/gif"


def root() -> Path:
    configured = getattr(settings, "SHIELD_EVIDENCE_DIR", None)
    return (Path(configured) if configured else Path.cwd() / "evidence") / "photographs"


def original_path(sha256: str) -> Path:
    return root() / "originals" / sha256[:2] / sha256


def view_path(sha256: str) -> Path:
    return root() / "derivatives" / sha256[:2] / f"{sha256}.view{VIEW_SIZE}.{VIEW_VERSION}.jpg"


@dataclass(frozen=True)
class Received:
    """A photograph read, checked and hashed (not yet stored)."""

    filename: str
    data: bytes
    sha256: str
    media_type: str
    width: int
    height: int
    prints: tuple[images.Print, ...]  # its eight variants' prints; the first its own

    @property
    def print(self) -> images.Print:
        return self.prints[0]

    def searched(self) -> dict[str, Any]:
        """What a certificate records of a photograph searched."""
        return {"sha256": self.sha256, **self.print.as_dict()}


def _read(upload) -> tuple[str, bytes]:
    if isinstance(upload, tuple):
        return str(upload[0] or ""), bytes(upload[1])
    name = str(getattr(upload, "name", "") or "")
    if hasattr(upload, "chunks"):
        data = b"".join(upload.chunks())
    else:
        data = upload.read()
    return name, data


def receive(upload, field: str, errors: clean.Errors) -> Received | None:
    """Read one upload (a Django UploadedFile, a binary file, or (name, bytes)): refused with
    ``field`` named when it is empty, too large or not an image."""
    name, data = _read(upload)
    if not data:
        errors.add(field, f"{name or 'the file'} is empty")
        return None
    if len(data) > MAX_BYTES:
        errors.add(field, f"{name or 'the file'} is larger than the limit of {MAX_BYTES} bytes")
        return None
    try:
        img = images.open_image(data)
        fmt = _format(data)
    except images.ImageUnreadable as exc:
        errors.add(field, f"{name or 'the file'} {exc}")
        return None
    return Received(
        filename=os.path.basename(name)[:300] or "photograph",
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=fmt,
        width=img.width,
        height=img.height,
        prints=images.variant_prints(img),
    )


def _format(data: bytes) -> str:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        found = _FORMATS.get(str(img.format))
    if found is None:
        raise images.ImageUnreadable("is not an image (JPEG, PNG, WebP, TIFF or GIF)")
    return found


def receive_all(uploads, field: str = "photographs", limit: int = MAX_PHOTOS_CHECKED):
    """The photographs of a check, each checked; all refused together with their positions."""
    uploads = list(uploads or [])
    errors = clean.Errors()
    if len(uploads) > limit:
        errors.add(field, f"at most {limit} photographs per check ({len(uploads)} given)")
        errors.raise_if_any()
    out = []
    for i, upload in enumerate(uploads):
        got = receive(upload, f"{field}[{i}]", errors)
        if got is not None:
            out.append(got)
    errors.raise_if_any()
    return out


def _keep(data: bytes, sha256: str) -> Path:
    """Store ``data`` once: an existing original is never rewritten."""
    path = original_path(sha256)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{sha256}.{uuid.uuid4().hex}.part")
    tmp.write_bytes(data)
    os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(tmp, path)
    return path


def may_add(user, obj: RegisterEntry | TracedObject) -> bool:
    if isinstance(obj, RegisterEntry):
        return access.may_report_for(user, obj.reporting_state_id)
    return access.may_record(user)


def add(
    user, obj: RegisterEntry | TracedObject, upload, caption: str = "", synthetic: bool = False
) -> Photo:
    """Keep a photograph of ``obj``: stored by its hash, hashed perceptually, audited."""
    if not may_add(user, obj):
        raise NotAllowed(
            "only those who may report this entry add its photographs"
            if isinstance(obj, RegisterEntry)
            else "only users with a role add photographs of traced objects"
        )
    errors = clean.Errors()
    caption = clean.text({"caption": caption}, "caption", errors, max_length=300)
    got = receive(upload, "photograph", errors)
    errors.raise_if_any()
    assert got is not None
    entry = obj if isinstance(obj, RegisterEntry) else None
    traced = obj if isinstance(obj, TracedObject) else None
    is_entry = entry is not None
    with transaction.atomic():
        _keep(got.data, got.sha256)
        photo = Photo.objects.create(
            sha256=got.sha256,
            filename=got.filename,
            size=len(got.data),
            media_type=got.media_type,
            width=got.width,
            height=got.height,
            phash=got.print.phash,
            dhash=got.print.dhash,
            caption=caption,
            entry=entry,
            traced=traced,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            synthetic=synthetic,
        )
        ref = obj.number if isinstance(obj, RegisterEntry) else obj.code
        log.record(
            user,
            "create",
            "provenance_photo",
            photo.pk,
            {
                "of": "register_entry" if is_entry else "traced_object",
                "ref": ref,
                "sha256": got.sha256,
                "filename": got.filename,
                "size": photo.size,
                "phash": photo.phash,
                "dhash": photo.dhash,
                "synthetic": synthetic,
            },
            summary=f"photograph {got.filename} ({got.sha256[:12]}) of {ref}",
        )
    return photo


def print_of(photo: Photo) -> images.Print:
    return images.Print(photo.phash, photo.dhash)


def view(photo: Photo) -> Path | None:
    """The photograph as shown: a JPEG of the original's pixels only, at most VIEW_SIZE a side."""
    out = view_path(photo.sha256)
    if out.exists():
        return out
    src = original_path(photo.sha256)
    if not src.is_file():
        return None
    try:
        img = images.open_image(src.read_bytes())
    except images.ImageUnreadable:
        return None
    img.thumbnail((VIEW_SIZE, VIEW_SIZE))
    from PIL import Image

    bare = Image.frombytes("RGB", img.size, img.tobytes())  # nothing but the pixels
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.{uuid.uuid4().hex}.part")
    bare.save(tmp, "JPEG", quality=85)
    os.replace(tmp, out)
    return out


def present(photo: Photo) -> dict[str, Any]:
    return {
        "id": photo.pk,
        "sha256": photo.sha256,
        "filename": photo.filename,
        "caption": photo.caption,
        "media_type": photo.media_type,
        "size": photo.size,
        "width": photo.width,
        "height": photo.height,
        "phash": photo.phash,
        "dhash": photo.dhash,
        "uploaded_at": photo.uploaded_at.isoformat(),
        "view": reverse("provenance:photo", args=[photo.pk]),
    }
