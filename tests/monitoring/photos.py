"""Test photographs that say too much: GPS with its time, a device, a JPEG comment with a
phone number, XMP naming the place and the photographer, an ICC profile; a PNG with text
chunks; and checks that a derivative holds none of it."""

from __future__ import annotations

import io
import struct
import subprocess

PHONE = "+47 912 34 567"
PLACE_NAME = "Behind the old mill at Nordfjell"
PHOTOGRAPHER = "Ingrid Vitne"
DEVICE = ("LeakCam", "Pocket 9")


def _dms(value):
    from PIL.TiffImagePlugin import IFDRational

    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = ((value - d) * 60 - m) * 60
    return (IFDRational(d, 1), IFDRational(m, 1), IFDRational(round(s * 10000), 10000))


def xmp_packet(lat: float, lon: float) -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" '
        'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'photoshop:City="Nordfjell" Iptc4xmpCore:Location="{PLACE_NAME}" '
        f'exif:GPSLatitude="{int(lat)},{(lat % 1) * 60:.4f}N" '
        f'exif:GPSLongitude="{int(lon)},{(lon % 1) * 60:.4f}E">'
        f"<dc:creator><rdf:Seq><rdf:li>{PHOTOGRAPHER}</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def geotagged_jpeg(
    lat=61.473829,
    lon=8.916357,
    when="2021:01:10 09:30:00",
    offset: str | None = "+04:00",
    gps_utc: tuple[str, str] | None = ("2021:01:10", "05:30:00"),
    colour=(120, 80, 40),
    size=(640, 480),
) -> bytes:
    """A JPEG whose every metadata block says where and by whom it was made."""
    from PIL import Image, ImageCms
    from PIL.TiffImagePlugin import IFDRational

    img = Image.new("RGB", size, colour)
    img.paste((200, 30, 30), (0, 0, size[0] // 3, size[1] // 3))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = DEVICE
    exif[0x013B] = PHOTOGRAPHER  # Artist
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = when
    if offset:
        sub[0x9011] = offset
    sub[0xA431] = "SN-778899"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps.update(
        {1: "N" if lat >= 0 else "S", 2: _dms(lat), 3: "E" if lon >= 0 else "W", 4: _dms(lon)}
    )
    if gps_utc:
        h, m, s = (int(x) for x in gps_utc[1].split(":"))
        gps.update({29: gps_utc[0], 7: (IFDRational(h, 1), IFDRational(m, 1), IFDRational(s, 1))})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    img.save(
        out,
        "JPEG",
        exif=exif,
        comment=f"Call me: {PHONE}".encode(),
        xmp=xmp_packet(lat, lon),
        icc_profile=icc,
    )
    return out.getvalue()


def png_with_text(lat=61.473829, lon=8.916357) -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", f"Call me: {PHONE}")
    info.add_itxt("Location", f"{PLACE_NAME} {lat:.6f} {lon:.6f}")
    info.add_text("XML:com.adobe.xmp", xmp_packet(lat, lon).decode())
    out = io.BytesIO()
    Image.new("RGBA", (200, 100), (10, 200, 10, 255)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def mp4_with_place(lat=61.473829, lon=8.916357) -> bytes:
    """A minimal QuickTime/MP4 file: ftyp, and a moov with mvhd (creation time, UTC) and a
    udta ©xyz GPS position, as phones write them."""

    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    created = 3692763000  # seconds since 1904-01-01: 2021-01-05 09:30:00 UTC
    mvhd = struct.pack(">B3xIIII", 0, created, created, 1000, 5000) + b"\x00\x01\x00\x00"
    mvhd += b"\x01\x00" + b"\x00" * 10 + b"\x00\x01\x00\x00" + b"\x00" * 12
    mvhd += b"\x00\x01\x00\x00" + b"\x00" * 12 + b"\x40\x00\x00\x00" + b"\x00" * 24
    mvhd += struct.pack(">I", 2)
    xyz = f"{lat:+08.4f}{lon:+09.4f}/".encode()
    udta = box(b"\xa9xyz", struct.pack(">HH", len(xyz), 0x15C7) + xyz)
    moov = box(b"moov", box(b"mvhd", mvhd) + box(b"udta", udta))
    return box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + moov


# ---- checks ----------------------------------------------------------------------------------


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every segment before the image data of a JPEG."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    out, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF, f"no marker at {i}"
        marker = data[i + 1]
        if marker == 0xD9:
            break
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        out.append((marker, data[i + 4 : i + 2 + length]))
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        i += 2 + length
    return out


def assert_pixels_only(data: bytes) -> None:
    """A JPEG with no metadata at all: only JFIF (APP0), tables, frame and scan headers."""
    allowed = {0xE0, 0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDD, 0xDA}
    for marker, payload in jpeg_segments(data):
        assert marker in allowed, f"segment 0x{marker:02X} kept: {payload[:40]!r}"
        if marker == 0xE0:
            assert payload.startswith(b"JFIF\x00"), payload[:20]
    for secret in (PHONE, PLACE_NAME, PHOTOGRAPHER, *DEVICE, "SN-778899", "Nordfjell"):
        assert secret.encode() not in data, secret
    found = exiftool_tags(data)
    if found is not None:
        leaked = {
            k: v
            for k, v in found.items()
            if k.split(":")[0] in {"IFD0", "ExifIFD", "GPS", "XMP", "IPTC", "ICC_Profile"}
            or k.startswith(("XMP-", "ICC"))
            or k in {"File:Comment", "Composite:GPSPosition"}
        }
        assert not leaked, leaked


def exiftool_tags(data: bytes) -> dict | None:
    import json
    import shutil

    program = shutil.which("exiftool")
    if not program:
        return None
    done = subprocess.run(
        [program, "-json", "-G1", "-a", "-"], input=data, capture_output=True, check=True
    )
    return json.loads(done.stdout)[0]
