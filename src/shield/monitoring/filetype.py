"""What a file is, from its content (magic numbers, then Pillow for images), never its name.

A file whose name says one type and whose content another is stored as the type its content
is, with a note saying so; bytes that only start like an image but are not one Pillow can
read are stored as ``application/octet-stream``.
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path

KIND_BY_PREFIX = {
    "image/": "image",
    "video/": "video",
    "application/pdf": "document",
    "text/": "document",
    "application/json": "document",
}
OCTET = "application/octet-stream"
_FTYP = {
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"mif1": "image/heif",
    b"msf1": "image/heif",
    b"avif": "image/avif",
    b"qt  ": "video/quicktime",
    b"3gp4": "video/3gpp",
    b"3gp5": "video/3gpp",
    b"3g2a": "video/3gpp2",
    b"M4A ": "audio/mp4",
}
_PILLOW_READS = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "image/bmp"}
JSON_SNIFF_LIMIT = 20 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    media_type: str
    kind: str
    note: str = ""  # why the stored type is not what the name said, when it is not


def kind_of(media: str) -> str:
    return next((k for prefix, k in KIND_BY_PREFIX.items() if media.startswith(prefix)), "other")


def by_magic(head: bytes) -> str:
    """The media type the first bytes announce, or '' when they announce none we know."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head[:2] == b"BM" and len(head) > 14:
        return "image/bmp"
    if head[:4] == b"RIFF":
        return {b"WEBP": "image/webp", b"AVI ": "video/x-msvideo", b"WAVE": "audio/wav"}.get(
            head[8:12], ""
        )
    if head[4:8] == b"ftyp":
        return _FTYP.get(head[8:12], "video/mp4")
    if head[:4] == b"\x1aE\xdf\xa3":
        return "video/webm" if b"webm" in head[:64] else "video/x-matroska"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[:4] == b"PK\x03\x04":
        return "application/zip"
    if head[:3] == b"ID3" or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head[:4] == b"OggS":
        return "audio/ogg"
    return ""


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut at the end of the sample is fine
        return exc.start >= len(head) - 3
    return True


def _is_json(path: Path, size: int) -> bool:
    if size > JSON_SNIFF_LIMIT:
        return False
    try:
        json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def _pillow_reads(path: Path) -> bool:
    try:
        from PIL import Image
    except ImportError:  # cannot check: trust the magic number
        return True
    try:
        with Image.open(path) as img:
            img.verify()
        with Image.open(path) as img:  # verify() leaves the image unusable; decode it once
            img.load()
    except Exception:
        return False
    return True


def identify(path: Path, head: bytes, filename: str, size: int) -> FileType:
    """The type of the file at ``path`` (whose first bytes are ``head``), said of its content."""
    media = by_magic(head)
    note = ""
    if media in _PILLOW_READS and not _pillow_reads(path):
        note = f"starts like {media} but is no image that can be read (damaged or disguised)"
        media = OCTET
    if not media:
        stripped = head.lstrip()
        if stripped[:1] in (b"{", b"[") and _is_json(path, size):
            media = "application/json"
        elif _is_text(head):
            media = "text/plain"
        else:
            media = OCTET
    named = mimetypes.guess_type(filename)[0] or ""
    if named and not note and not _agrees(named, media):
        said = f"named as {named}, but its content is {media}"
        note = f"{note}; {said}" if note else said
    if note:
        note += f": stored as {media}"
    return FileType(media, kind_of(media), note)


def _agrees(named: str, media: str) -> bool:
    if named in (media, OCTET):  # a name that says "some bytes" says nothing
        return True
    text_like = ("text/", "application/json", "application/xml", "image/svg+xml")
    if media in ("text/plain", "application/json") and named.startswith(text_like):
        return True  # csv, html, markdown, xml: text all the same
    families = [
        {"video/mp4", "video/quicktime", "video/3gpp", "video/3gpp2", "audio/mp4"},
        {"image/heic", "image/heif"},
        {"video/webm", "video/x-matroska"},
        {"audio/ogg", "video/ogg"},
        {"audio/wav", "audio/x-wav"},
    ]
    if any(named in f and media in f for f in families):
        return True
    zip_based = ("application/vnd.openxmlformats", "application/vnd.oasis", "application/epub")
    return media == "application/zip" and named.startswith(zip_based)
