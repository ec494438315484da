"""What a file says of itself: capture time, place and device, where cheap to read.

Images: EXIF (Pillow, when installed). JSON: common keys. Anything else: nothing.
Missing or unreadable metadata never fails an upload.
"""

from __future__ import annotations

import io
import json
import mimetypes
from datetime import UTC, datetime

KIND_BY_PREFIX = {
    "image/": "image",
    "video/": "video",
    "application/pdf": "document",
    "text/": "document",
    "application/json": "document",
}


def guess(filename: str, data: bytes) -> tuple[str, str]:
    """(media type, evidence kind)."""
    media = mimetypes.guess_type(filename)[0] or ""
    if not media:
        if data[:3] == b"\xff\xd8\xff":
            media = "image/jpeg"
        elif data[:8] == b"\x89PNG\r\n\x1a\n":
            media = "image/png"
        elif data[:4] == b"%PDF":
            media = "application/pdf"
        else:
            media = "application/octet-stream"
    kind = next((k for prefix, k in KIND_BY_PREFIX.items() if media.startswith(prefix)), "other")
    return media, kind


def _ratio(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        num, den = value
        return float(num) / float(den)


def _dms(values, ref) -> float:
    deg, minutes, seconds = (_ratio(v) for v in values)
    out = deg + minutes / 60 + seconds / 3600
    return -out if str(ref).upper() in {"S", "W"} else out


def _exif(data: bytes) -> dict:
    try:
        from PIL import Image
    except ImportError:
        return {}
    out: dict = {}
    try:
        with Image.open(io.BytesIO(data)) as img:
            exif = img.getexif()
            base = dict(exif)
            sub = dict(exif.get_ifd(0x8769))  # Exif IFD
            gps = dict(exif.get_ifd(0x8825))  # GPS IFD
    except Exception:
        return {}
    when = sub.get(0x9003) or base.get(0x0132)  # DateTimeOriginal, DateTime
    if when:
        try:
            out["captured_at"] = datetime.strptime(
                str(when).strip("\x00 "), "%Y:%m:%d %H:%M:%S"
            ).replace(tzinfo=UTC)
            out["captured_at_note"] = "EXIF time, read as UTC (EXIF carries no time zone)"
        except ValueError:
            pass
    device = " ".join(
        str(base.get(t, "")).strip("\x00 ") for t in (0x010F, 0x0110)
    ).strip()  # Make, Model
    if device:
        out["device"] = device
    try:
        if 2 in gps and 4 in gps:
            out["lat"] = round(_dms(gps[2], gps.get(1, "N")), 7)
            out["lon"] = round(_dms(gps[4], gps.get(3, "E")), 7)
    except Exception:
        pass
    return out


def _json(data: bytes) -> dict:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(doc, dict):
        return {}
    out: dict = {}
    for key in ("captured_at", "timestamp", "date"):
        if isinstance(doc.get(key), str):
            try:
                when = datetime.fromisoformat(doc[key].replace("Z", "+00:00"))
                out["captured_at"] = when if when.tzinfo else when.replace(tzinfo=UTC)
                break
            except ValueError:
                continue
    for lat_key, lon_key in (("lat", "lon"), ("latitude", "longitude")):
        if isinstance(doc.get(lat_key), (int, float)) and isinstance(
            doc.get(lon_key), (int, float)
        ):
            out["lat"], out["lon"] = float(doc[lat_key]), float(doc[lon_key])
            break
    if isinstance(doc.get("device"), str):
        out["device"] = doc["device"][:200]
    return out


def _pdf(data: bytes) -> dict:
    """The document information's CreationDate (D:YYYYMMDDHHmmSS with its offset), when in plain text."""
    import re
    from datetime import timedelta
    from datetime import timezone as tz

    found = re.search(
        rb"/CreationDate\s*\(D:(\d{14})(?:([+-])(\d{2})'?(\d{2})?'?|Z)?", data[:200_000]
    )
    if not found:
        return {}
    try:
        when = datetime.strptime(found.group(1).decode(), "%Y%m%d%H%M%S")
    except ValueError:
        return {}
    if found.group(2):
        minutes = int(found.group(3)) * 60 + int(found.group(4) or 0)
        zone, note = (
            tz(timedelta(minutes=minutes if found.group(2) == b"+" else -minutes)),
            "PDF creation date",
        )
    else:
        zone, note = UTC, "PDF creation date, read as UTC (no offset given)"
    return {"captured_at": when.replace(tzinfo=zone).astimezone(UTC), "captured_at_note": note}


def read(filename: str, data: bytes) -> dict:
    """{captured_at?, lat?, lon?, device?, media_type, kind}: never raises."""
    media, kind = guess(filename, data)
    readers = {"image/": _exif, "application/json": _json, "application/pdf": _pdf}
    found = next(
        (reader(data) for prefix, reader in readers.items() if media.startswith(prefix)), {}
    )
    found.update({"media_type": media, "kind": kind})
    if found.get("lat") is not None and not (
        -90 <= found["lat"] <= 90 and -180 <= found["lon"] <= 180
    ):
        found.pop("lat"), found.pop("lon")
    return found
