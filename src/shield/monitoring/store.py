"""The evidence store: files by SHA-256, written once, read-only; derivatives apart.

Layout under ``SHIELD_EVIDENCE_DIR`` (default ``./evidence``):
``originals/<sha[:2]>/<sha>``, ``derivatives/<sha[:2]>/<sha>.<name>`` and ``incoming/``
(files being received: streamed there in chunks, hashed on the way, then moved in).

Public derivatives are new images from the original's pixels alone: no EXIF, XMP, IPTC,
ICC profile, comment or text chunk of the original is carried over.
"""

from __future__ import annotations

import hashlib
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

CHUNK = 1 << 20
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
# Bump when what a derivative may carry changes: older derivatives are then never served.
DERIVATIVE_VERSION = "pixels1"


def root() -> Path:
    configured = getattr(settings, "SHIELD_EVIDENCE_DIR", None)
    return Path(configured) if configured else Path.cwd() / "evidence"


def max_bytes() -> int:
    """The largest file received (``SHIELD_EVIDENCE_MAX_BYTES``, default 512 MiB)."""
    return int(getattr(settings, "SHIELD_EVIDENCE_MAX_BYTES", None) or DEFAULT_MAX_BYTES)


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


class TooLarge(ValueError):
    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"is larger than the limit of {limit} bytes")


@dataclass
class Received:
    """A file streamed into ``incoming/``: hashed and counted, not yet in the store."""

    sha256: str
    size: int
    path: Path
    head: bytes  # its first bytes, to tell its type

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def receive(source, limit: int | None = None) -> Received:
    """Stream ``source`` (bytes or a binary file) to ``incoming/`` in chunks, hashing it on the
    way; never more than one chunk in memory. Raises ``TooLarge`` past ``limit`` bytes (nothing
    is left behind)."""
    limit = max_bytes() if limit is None else limit
    incoming = root() / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    path = incoming / f"{uuid.uuid4().hex}.part"
    digest, size, head = hashlib.sha256(), 0, b""
    chunks = _chunks(source)
    try:
        with open(path, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise TooLarge(limit)
                if len(head) < 4096:
                    head += chunk[: 4096 - len(head)]
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Received(digest.hexdigest(), size, path, head)


def _chunks(source):
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        for start in range(0, len(data), CHUNK):
            yield data[start : start + CHUNK]
        return
    if hasattr(source, "seek"):
        try:
            source.seek(0)
        except (OSError, ValueError):
            pass
    if hasattr(source, "chunks"):  # a Django UploadedFile
        yield from source.chunks(CHUNK)
        return
    yield from iter(lambda: source.read(CHUNK), b"")


def keep(received: Received) -> Path:
    """Move a received file into the store; an existing original is never rewritten."""
    path = original_path(received.sha256)
    if path.exists():
        received.discard()
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(received.path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(received.path, path)
    return path


def put(data: bytes) -> tuple[str, Path]:
    """Store ``data`` once; an existing original is never rewritten."""
    received = receive(data, limit=len(data))
    return received.sha256, keep(received)


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
    """A JPEG thumbnail beside the originals, made of the original's pixels only (None when the
    file is not an image Pillow reads)."""
    out = derivative_path(sha256, f"thumb{size}.{DERIVATIVE_VERSION}.jpg")
    if out.exists():
        return out
    try:
        from PIL import Image
    except ImportError:
        return None
    try:
        with Image.open(original_path(sha256)) as img:
            clean = pixels_only(img, size)
    except Exception:  # not an image Pillow can read
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.{uuid.uuid4().hex}.part")
    clean.save(tmp, "JPEG", quality=80, optimize=True)  # no exif, icc_profile or comment given
    os.replace(tmp, out)
    return out


def pixels_only(img, size: int):
    """A new RGB image of at most ``size`` pixels a side holding nothing but ``img``'s pixels:
    turned upright as its EXIF orientation says, colours brought to sRGB from an embedded
    profile where one can be read, then copied pixel for pixel into a bare image (no ``info``:
    no EXIF, XMP, IPTC, ICC profile, comment or text chunk)."""
    from PIL import Image, ImageOps

    img = ImageOps.exif_transpose(img) or img
    img.thumbnail((size, size))
    rgb = _to_srgb(img)
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())


def _to_srgb(img):
    icc = img.info.get("icc_profile")
    if icc and img.mode in ("RGB", "RGBA", "CMYK"):
        try:
            import io

            from PIL import ImageCms

            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(
                img.convert("RGB") if img.mode == "RGBA" else img,
                source,
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except Exception:  # an unreadable profile: the pixels as they are
            pass
    if img.mode in ("RGBA", "LA", "P", "PA"):
        from PIL import Image

        img = img.convert("RGBA")
        background = Image.new("RGB", img.size, (255, 255, 255))
        background.paste(img, mask=img.getchannel("A"))
        return background
    return img.convert("RGB")
