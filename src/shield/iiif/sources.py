"""The images the IIIF doors serve, and who may have what of them.

An image's id names its kind and record: ``evidence-<uuid>`` (an image filed as evidence,
``monitoring.evidence``) and ``photo-<n>`` (a photograph of a register entry or a traced
object, ``provenance.photos``). A reader who may not read the record finds no image
(``None``: a 404 that tells nothing of what exists).

What a reader may have of an image is its ``limits``: those who hold an evidence item
(``evidence.holds``) have its full resolution (up to ``HOLDER_MAX_AREA``); everyone else at
most ``PUBLIC_SIDE`` pixels a side. Every picture sent is a new image of the original's
pixels; the original's own bytes (with their metadata) are served only by the evidence
file door, to those who hold the item, each reading a custody event.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from shield.monitoring import evidence as ev_service
from shield.monitoring import store
from shield.monitoring.models import Evidence
from shield.provenance import photos
from shield.provenance.models import Photo
from shield.registry.ids import as_uuid

from .imageapi import Limits, upright_size

PUBLIC_SIDE = 1024
"""The longest side of any picture for a reader who does not hold the item."""
HOLDER_MAX_AREA = 50_000_000
"""The most pixels of one picture, whoever asks (a bound on the work of one request)."""
THUMB_SIDE = 200
DERIVATIVE_VERSION = "iiif1"  # bump when what a derivative holds changes


@dataclass(frozen=True)
class Image:
    image_id: str
    sha256: str
    original: Path
    width: int  # upright
    height: int
    limits: Limits
    label: str
    record: Evidence | Photo
    holder: bool
    derivative_for: Callable[[str], Path]

    def derivative(self, key: str) -> Path:
        return self.derivative_for(f"iiif.{DERIVATIVE_VERSION}.{key}")


def evidence_id(ev: Evidence) -> str:
    return f"evidence-{ev.pk}"


def photo_id(photo: Photo) -> str:
    return f"photo-{photo.pk}"


def find(user, image_id: str) -> Image | None:
    """The image ``image_id`` as ``user`` may have it, or None (no such image, not an image,
    or not for this reader)."""
    kind, _dash, ref = image_id.partition("-")
    if kind == "evidence" and (key := as_uuid(ref)) is not None:
        ev = ev_service.visible_evidence(user).filter(pk=key, kind="image").first()
        return None if ev is None else of_evidence(user, ev)
    if kind == "photo" and ref.isdigit():
        photo = Photo.objects.filter(pk=int(ref)).first()
        return None if photo is None else of_photo(photo)
    return None


def of_evidence(user, ev: Evidence) -> Image | None:
    """An evidence item the reader may read (``visible_evidence``) as an image, or None."""
    path = store.original_path(ev.sha256)
    dims = _dimensions(path)
    if dims is None:
        return None
    holder = ev_service.holds(user, ev)
    w, h = dims
    limits = (
        Limits(w, h, min(w * h, HOLDER_MAX_AREA))
        if holder
        else Limits(PUBLIC_SIDE, PUBLIC_SIDE, PUBLIC_SIDE * PUBLIC_SIDE)
    )
    return Image(
        image_id=evidence_id(ev),
        sha256=ev.sha256,
        original=path,
        width=w,
        height=h,
        limits=limits,
        label=ev.filename,
        record=ev,
        holder=holder,
        derivative_for=lambda name: store.derivative_path(ev.sha256, name),
    )


def of_photo(photo: Photo) -> Image | None:
    """A photograph of a register entry or traced object: shown to all, at most PUBLIC_SIDE."""
    path = photos.original_path(photo.sha256)
    dims = _dimensions(path)
    if dims is None:
        return None

    def derivative_for(name: str) -> Path:
        return photos.root() / "derivatives" / photo.sha256[:2] / f"{photo.sha256}.{name}"

    return Image(
        image_id=photo_id(photo),
        sha256=photo.sha256,
        original=path,
        width=dims[0],
        height=dims[1],
        limits=Limits(PUBLIC_SIDE, PUBLIC_SIDE, PUBLIC_SIDE * PUBLIC_SIDE),
        label=photo.caption or photo.filename,
        record=photo,
        holder=False,
        derivative_for=derivative_for,
    )


def _dimensions(path: Path) -> tuple[int, int] | None:
    if not path.is_file():
        return None
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as img:  # reads the header only
            return upright_size(img)
    except Exception:  # not an image Pillow reads
        return None


def _draft(img, request) -> None:
    """A JPEG is decoded at 1/2, 1/4 or 1/8 of its size where the picture asked still gets at
    least as many pixels as it needs (JPEG's own scaled decoding: a thumbnail of a large
    photograph costs a fraction of decoding it whole)."""
    if img.format != "JPEG":
        return
    x, y, w, h = request.region
    scale = max(request.size[0] / w, request.size[1] / h)
    if scale >= 0.5:
        return
    img.draft("RGB", (math.ceil(img.width * scale) + 1, math.ceil(img.height * scale) + 1))


def picture(image: Image, request) -> bytes:
    """The bytes of a request, from the derivatives on disk or drawn now and kept there. The
    original is opened for reading only."""
    from . import imageapi

    out = image.derivative(request.key())
    if out.is_file():
        return out.read_bytes()
    from PIL import Image as PILImage

    with PILImage.open(image.original) as img:
        _draft(img, request)
        upright = store.pixels_only(img, max(img.size))
    if upright.size != (image.width, image.height):  # decoded smaller: the region follows
        fx, fy = upright.width / image.width, upright.height / image.height
        x, y, w, h = request.region
        left, top = round(x * fx), round(y * fy)
        right = min(upright.width, max(left + 1, round((x + w) * fx)))
        bottom = min(upright.height, max(top + 1, round((y + h) * fy)))
        request = replace(request, region=(left, top, right - left, bottom - top))
    data = imageapi.render(upright, request)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.{uuid.uuid4().hex}.part")
    tmp.write_bytes(data)
    os.replace(tmp, out)
    return data
