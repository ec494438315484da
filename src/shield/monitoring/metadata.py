"""What a file says of itself: capture time (with its offset), place, device, and what else
its EXIF, XMP, IPTC, QuickTime or PDF metadata holds.

The reader is ExifTool (Debian: ``libimage-exiftool-perl``; ``SHIELD_EXIFTOOL`` names
another program, or ``""`` for none). Without it, Pillow's EXIF reader, the PDF
information dictionary and JSON keys still give time, place and device. Missing or
unreadable metadata never fails an upload.

Times: a local time with its offset (EXIF ``OffsetTimeOriginal``, an XMP or QuickTime
time with a zone) is read with it; a local time without one takes the offset the GPS time
(always UTC) implies, to the quarter hour; otherwise it is read as UTC and said so.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from django.conf import settings

EXIFTOOL_TIMEOUT = 60
_STAMP = re.compile(
    r"^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def exiftool() -> str | None:
    configured = getattr(settings, "SHIELD_EXIFTOOL", None)
    if configured is not None:
        return shutil.which(configured) if configured else None
    return shutil.which("exiftool")


def read(path: Path, media_type: str) -> dict:
    """{captured_at?, captured_at_note?, lat?, lon?, device?, ...what else was found}: never raises."""
    try:
        if media_type == "application/json":
            found = _json(path)
        else:
            tags = _exiftool_tags(path)
            found = _from_tags(tags) if tags is not None else {}
            if "captured_at" not in found or "lat" not in found:  # what ExifTool could not parse
                found = _fallback(path, media_type) | found
    except Exception:  # metadata is a bonus, never a reason to refuse a file
        found = {}
    if found.get("lat") is not None and not (
        -90 <= found["lat"] <= 90 and -180 <= found["lon"] <= 180
    ):
        found.pop("lat"), found.pop("lon")
    return found


# ---- ExifTool --------------------------------------------------------------------------------


def _exiftool_tags(path: Path) -> dict | None:
    program = exiftool()
    if not program:
        return None
    try:
        done = subprocess.run(
            [program, "-json", "-n", "-G1", "-a", "-api", "LargeFileSupport=1", "--", str(path)],
            capture_output=True,
            timeout=EXIFTOOL_TIMEOUT,
            check=False,
        )
        rows = json.loads(done.stdout or b"[]")
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    return rows[0] if rows and isinstance(rows[0], dict) else None


def _first(tags: dict, *names: str):
    for name in names:
        value = tags.get(name)
        if value not in (None, "", "0000:00:00 00:00:00"):
            return value
    return None


TIME_SOURCES = (  # (local time, its offset), best first
    ("ExifIFD:DateTimeOriginal", "ExifIFD:OffsetTimeOriginal", "EXIF DateTimeOriginal"),
    ("ExifIFD:CreateDate", "ExifIFD:OffsetTimeDigitized", "EXIF CreateDate"),
    ("XMP-exif:DateTimeOriginal", None, "XMP exif:DateTimeOriginal"),
    ("XMP-photoshop:DateCreated", None, "XMP photoshop:DateCreated"),
    ("XMP-xmp:CreateDate", None, "XMP xmp:CreateDate"),
    ("Keys:CreationDate", None, "QuickTime creation date"),
    ("UserData:DateTimeOriginal", None, "QuickTime date"),
    ("PDF:CreateDate", None, "PDF creation date"),
    ("IFD0:ModifyDate", "IFD0:OffsetTime", "EXIF DateTime"),
)
QUICKTIME_UTC = ("QuickTime:CreateDate", "QuickTime:MediaCreateDate", "QuickTime:TrackCreateDate")


def _from_tags(tags: dict) -> dict:
    out: dict = {}
    gps_time = _gps_time(tags)
    if gps_time is not None:
        out["gps_time"] = gps_time.isoformat()
    _time_from_tags(tags, gps_time, out)
    lat, lon = _place_from_tags(tags)
    if lat is not None and lon is not None:
        out["lat"], out["lon"] = round(lat, 7), round(lon, 7)
    device = _device(tags)
    if device:
        out["device"] = device[:200]
    for key, names in EXTRAS.items():
        value = _first(tags, *names)
        if value is not None:
            out[key] = value if isinstance(value, (int, float)) else str(value)[:500]
    if tags.get("File:MIMEType"):
        out["read_as"] = str(tags["File:MIMEType"])
    return out


EXTRAS = {
    "gps_altitude_m": ("Composite:GPSAltitude", "GPS:GPSAltitude"),
    "gps_accuracy_m": ("GPS:GPSHPositioningError",),
    "direction": ("GPS:GPSImgDirection",),
    "software": ("IFD0:Software", "XMP-xmp:CreatorTool", "PDF:Producer"),
    "lens": ("ExifIFD:LensModel",),
    "serial_number": (
        "ExifIFD:SerialNumber",
        "ExifIFD:BodySerialNumber",
        "MakerNotes:SerialNumber",
    ),
    "creator": ("XMP-dc:Creator", "IFD0:Artist", "PDF:Author", "IPTC:By-line"),
    "location_named": ("XMP-iptcCore:Location", "IPTC:Sub-location"),
    "city": ("XMP-photoshop:City", "IPTC:City"),
    "region": ("XMP-photoshop:State", "IPTC:Province-State"),
    "country": ("XMP-photoshop:Country", "IPTC:Country-PrimaryLocationName"),
    "comment": ("File:Comment", "ExifIFD:UserComment", "XMP-dc:Description", "PNG:Comment"),
    "width": ("File:ImageWidth", "PNG:ImageWidth", "Track1:ImageWidth", "QuickTime:ImageWidth"),
    "height": (
        "File:ImageHeight",
        "PNG:ImageHeight",
        "Track1:ImageHeight",
        "QuickTime:ImageHeight",
    ),
    "duration_s": ("QuickTime:Duration", "Matroska:Duration", "RIFF:Duration"),
}


def _stamp(value, default_zone=None) -> tuple[datetime, bool] | None:
    """(the instant, whether the text carried its zone) of an ExifTool date-time."""
    m = _STAMP.match(str(value).strip())
    if not m:
        return None
    try:
        year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
        when = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if m.group(7):
        when = when.replace(microsecond=int(float(m.group(7)) * 1_000_000))
    zone = _zone(m.group(8)) if m.group(8) else default_zone
    return (when.replace(tzinfo=zone), True) if zone else (when, False)


def _zone(text: str | None):
    if not text:
        return None
    if text == "Z":
        return UTC
    m = _OFFSET.match(str(text).strip())
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3))
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def _gps_time(tags: dict) -> datetime | None:
    found = _stamp(_first(tags, "Composite:GPSDateTime") or "", UTC)
    if found:
        return found[0]
    date, time = _first(tags, "GPS:GPSDateStamp"), _first(tags, "GPS:GPSTimeStamp")
    if date and time:
        found = _stamp(f"{date} {time}".split(".")[0], UTC)
        return found[0] if found else None
    return None


def _time_from_tags(tags: dict, gps_time: datetime | None, out: dict) -> None:
    for local_tag, offset_tag, label in TIME_SOURCES:
        if not (value := _first(tags, local_tag)):
            continue
        found = _stamp(value, _zone(tags.get(offset_tag)) if offset_tag else None)
        if found:
            _settle_time(found[0], found[1], label, gps_time, out)
            return
    value = _first(tags, *QUICKTIME_UTC)
    found = _stamp(value, UTC) if value else None
    if found:  # QuickTime's own dates are UTC by its specification
        out["captured_at"] = found[0].astimezone(UTC)
        out["captured_at_note"] = "QuickTime creation date (UTC)"
    elif gps_time is not None:
        out["captured_at"] = gps_time
        out["captured_at_note"] = "GPS time (UTC)"


def _settle_time(when: datetime, zoned: bool, label: str, gps_time, out: dict) -> None:
    if zoned:
        out["captured_at"] = when.astimezone(UTC)
        out["time_offset"] = _offset_text(when.utcoffset())
        out["captured_at_note"] = f"{label} with its offset {out['time_offset']}"
        return
    if gps_time is not None:
        offset = _offset_from_gps(when, gps_time)
        if offset is not None:
            out["captured_at"] = when.replace(tzinfo=timezone(offset)).astimezone(UTC)
            out["time_offset"] = _offset_text(offset)
            out["captured_at_note"] = (
                f"{label}, offset {out['time_offset']} implied by the GPS time (UTC)"
            )
            return
    out["captured_at"] = when.replace(tzinfo=UTC)
    out["captured_at_note"] = f"{label}, read as UTC (the file gives no time zone)"


def _offset_from_gps(local: datetime, gps: datetime) -> timedelta | None:
    """The offset of ``local`` implied by a GPS time of about the same moment, to 15 minutes."""
    delta = local.replace(tzinfo=UTC) - gps
    quarters = round(delta.total_seconds() / 900)
    if abs(quarters) > 14 * 4 or abs(delta.total_seconds() - quarters * 900) > 300:
        return None  # not the same moment: the camera's clock or the fix is off
    return timedelta(minutes=15 * quarters)


def _offset_text(offset: timedelta | None) -> str:
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _place_from_tags(tags: dict) -> tuple[float | None, float | None]:
    pairs = (
        ("Composite:GPSLatitude", "Composite:GPSLongitude"),
        ("XMP-exif:GPSLatitude", "XMP-exif:GPSLongitude"),
    )
    for lat_tag, lon_tag in pairs:
        lat, lon = _number(tags.get(lat_tag)), _number(tags.get(lon_tag))
        if lat is not None and lon is not None:
            return lat, lon
    for tag in ("Keys:GPSCoordinates", "UserData:GPSCoordinates", "ItemList:GPSCoordinates"):
        parts = str(tags.get(tag) or "").replace(",", " ").split()
        if len(parts) >= 2 and (lat := _number(parts[0])) is not None:
            lon = _number(parts[1])
            if lon is not None:
                return lat, lon
    return None, None


def _number(value) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if out == out else None  # not NaN


def _device(tags: dict) -> str:
    for make_tag, model_tag in (
        ("IFD0:Make", "IFD0:Model"),
        ("Keys:Make", "Keys:Model"),
        ("UserData:Make", "UserData:Model"),
        ("XMP-tiff:Make", "XMP-tiff:Model"),
    ):
        make, model = str(tags.get(make_tag) or "").strip(), str(tags.get(model_tag) or "").strip()
        if make or model:
            return model if make and model.startswith(make) else f"{make} {model}".strip()
    return ""


# ---- without ExifTool --------------------------------------------------------------------------


def _fallback(path: Path, media_type: str) -> dict:
    if media_type.startswith("image/"):
        return _pillow_exif(path)
    if media_type == "application/pdf":
        return _pdf(path)
    return {}


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


def _pillow_exif(path: Path) -> dict:
    """The EXIF tags ExifTool would have given, as far as Pillow reads them."""
    try:
        from PIL import Image
    except ImportError:
        return {}
    try:
        with Image.open(path) as img:
            exif = img.getexif()
            base, sub, gps = dict(exif), dict(exif.get_ifd(0x8769)), dict(exif.get_ifd(0x8825))
            comment = img.info.get("comment")
    except Exception:
        return {}

    def text(value) -> str:
        return str(value).strip("\x00 ") if value is not None else ""

    tags: dict = {
        "IFD0:Make": text(base.get(0x010F)),
        "IFD0:Model": text(base.get(0x0110)),
        "IFD0:ModifyDate": text(base.get(0x0132)),
        "IFD0:OffsetTime": text(sub.get(0x9010)),
        "ExifIFD:DateTimeOriginal": text(sub.get(0x9003)),
        "ExifIFD:OffsetTimeOriginal": text(sub.get(0x9011)),
        "ExifIFD:CreateDate": text(sub.get(0x9004)),
        "ExifIFD:OffsetTimeDigitized": text(sub.get(0x9012)),
        "IFD0:Software": text(base.get(0x0131)),
    }
    if comment:
        tags["File:Comment"] = (
            comment.decode("utf-8", "replace") if isinstance(comment, bytes) else str(comment)
        )
    try:
        if 2 in gps and 4 in gps:
            tags["Composite:GPSLatitude"] = _dms(gps[2], gps.get(1, "N"))
            tags["Composite:GPSLongitude"] = _dms(gps[4], gps.get(3, "E"))
        if 29 in gps and 7 in gps:
            h, m, s = (_ratio(v) for v in gps[7])
            tags["GPS:GPSDateStamp"] = text(gps[29])
            tags["GPS:GPSTimeStamp"] = f"{int(h):02d}:{int(m):02d}:{int(s):02d}"
    except Exception:
        pass
    return _from_tags(tags)


def _json(path: Path) -> dict:
    try:
        doc = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError, OSError):
        return {}
    if not isinstance(doc, dict):
        return {}
    out: dict = {}
    for key in ("captured_at", "timestamp", "date"):
        if isinstance(doc.get(key), str):
            try:
                when = datetime.fromisoformat(doc[key].replace("Z", "+00:00"))
            except ValueError:
                continue
            if when.tzinfo:
                out["captured_at"] = when.astimezone(UTC)
                out["captured_at_note"] = f"JSON {key} with its offset"
            else:
                out["captured_at"] = when.replace(tzinfo=UTC)
                out["captured_at_note"] = f"JSON {key}, read as UTC (no time zone given)"
            break
    for lat_key, lon_key in (("lat", "lon"), ("latitude", "longitude")):
        if isinstance(doc.get(lat_key), (int, float)) and isinstance(
            doc.get(lon_key), (int, float)
        ):
            out["lat"], out["lon"] = float(doc[lat_key]), float(doc[lon_key])
            break
    if isinstance(doc.get("device"), str):
        out["device"] = doc["device"][:200]
    return out


def _pdf(path: Path) -> dict:
    """The document information's CreationDate (D:YYYYMMDDHHmmSS with its offset), when in plain text."""
    with open(path, "rb") as fh:
        head = fh.read(200_000)
    found = re.search(rb"/CreationDate\s*\(D:(\d{14})(?:([+-])(\d{2})'?(\d{2})?'?|Z)?", head)
    if not found:
        return {}
    raw = found.group(1).decode()
    stamp = f"{raw[:4]}:{raw[4:6]}:{raw[6:8]} {raw[8:10]}:{raw[10:12]}:{raw[12:14]}"
    if found.group(2):
        stamp += f"{found.group(2).decode()}{found.group(3).decode()}:{(found.group(4) or b'00').decode()}"
    return _from_tags({"PDF:CreateDate": stamp})
