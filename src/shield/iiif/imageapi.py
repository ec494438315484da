"""The IIIF Image API 3.0 request, read and rendered (level 2, with mirroring).

``/{id}/{region}/{size}/{rotation}/{quality}.{format}``: a request is parsed into a
``Request`` (``parse``), each part checked against the image's upright size and the limits
the image service declares (``Limits``), then drawn from the original's pixels alone
(``render``): no EXIF, XMP, IPTC, ICC profile, comment or text chunk of the original is ever
carried into what is sent. Sizes are never enlarged (the ``^`` forms are refused).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

COMPLIANCE = "level2"
EXTRA_FEATURES = ["mirroring"]
QUALITIES = ("default", "color", "gray")
FORMATS = {"jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png")}
_NUM = r"\d+(?:\.\d+)?"


class BadRequest(ValueError):
    """A request the Image API answers with 400: says which part and why."""


@dataclass(frozen=True)
class Limits:
    """What the service lets a reader ask for: the longest side (``max_width``, also the
    height's) and the most pixels (``max_area``)."""

    max_width: int
    max_height: int
    max_area: int


@dataclass(frozen=True)
class Request:
    """A request in canonical form: the region in pixels, the size in pixels."""

    region: tuple[int, int, int, int]  # x, y, w, h on the upright image
    size: tuple[int, int]
    mirror: bool
    rotation: int  # 0, 90, 180, 270
    quality: str
    format: str

    def key(self) -> str:
        """A name for the derivative on disk (only digits, letters and dots)."""
        x, y, w, h = self.region
        flip = "m" if self.mirror else ""
        return (
            f"{x}-{y}-{w}-{h}.{self.size[0]}-{self.size[1]}.{flip}{self.rotation}"
            f".{self.quality}.{self.format}"
        )

    @property
    def out_size(self) -> tuple[int, int]:
        w, h = self.size
        return (h, w) if self.rotation in (90, 270) else (w, h)


def max_size(width: int, height: int, limits: Limits) -> tuple[int, int]:
    """The largest size the reader may have of a ``width`` x ``height`` region, ratio kept."""
    scale = min(
        1.0,
        limits.max_width / width,
        limits.max_height / height,
        (limits.max_area / (width * height)) ** 0.5,
    )
    return max(1, int(width * scale)), max(1, int(height * scale))  # floors: never past


def parse(
    width: int, height: int, region: str, size: str, rotation: str, filename: str, limits: Limits
) -> Request:
    """Check each part of a request against an image of ``width`` x ``height`` (upright)."""
    quality, dot, fmt = filename.rpartition(".")
    if not dot or fmt not in FORMATS:
        raise BadRequest(f"format {fmt!r} is not offered: jpg or png")
    if quality not in QUALITIES:
        raise BadRequest(f"quality {quality!r} is not offered: default, color or gray")
    box = _region(width, height, region)
    out = _size(box[2], box[3], size, limits)
    mirror = rotation.startswith("!")
    degrees = rotation[1:] if mirror else rotation
    if degrees not in ("0", "90", "180", "270"):
        raise BadRequest(f"rotation {rotation!r} is not offered: 0, 90, 180 or 270, optionally !")
    return Request(box, out, mirror, int(degrees), quality, fmt)


def _region(width: int, height: int, region: str) -> tuple[int, int, int, int]:
    if region == "full":
        return 0, 0, width, height
    if region == "square":
        side = min(width, height)
        return (width - side) // 2, (height - side) // 2, side, side
    pct = region.startswith("pct:")
    body = region[4:] if pct else region
    pattern = rf"({_NUM}),({_NUM}),({_NUM}),({_NUM})" if pct else r"(\d+),(\d+),(\d+),(\d+)"
    found = re.fullmatch(pattern, body)
    if not found:
        raise BadRequest(
            f"region {region!r} is not full, square, x,y,w,h or pct:x,y,w,h "
            "(whole pixels; percentages may have decimals)"
        )
    x, y, w, h = (float(v) for v in found.groups())
    if pct:
        x, w = x * width / 100, w * width / 100
        y, h = y * height / 100, h * height / 100
    left, top = round(x), round(y)
    right, bottom = min(width, round(x + w)), min(height, round(y + h))
    if w <= 0 or h <= 0:
        raise BadRequest(f"region {region!r} has no width or no height")
    if left >= width or top >= height or right <= left or bottom <= top:
        raise BadRequest(f"region {region!r} lies outside the image ({width} x {height})")
    return left, top, right - left, bottom - top


def _size(rw: int, rh: int, size: str, limits: Limits) -> tuple[int, int]:
    if size.startswith("^"):
        raise BadRequest(f"size {size!r}: images are never enlarged here (no ^ sizes)")
    biggest = max_size(rw, rh, limits)
    if size == "max":
        return biggest
    if size.startswith("pct:"):
        if not re.fullmatch(_NUM, size[4:]) or float(size[4:]) <= 0:
            raise BadRequest(f"size {size!r}: pct:n with n above 0")
        n = float(size[4:])
        w, h = round(rw * n / 100), round(rh * n / 100)
    elif found := re.fullmatch(r"(!?)(\d*),(\d*)", size):
        confined, sw, sh = found.groups()
        if confined and sw and sh:
            scale = min(int(sw) / rw, int(sh) / rh)
            w, h = round(rw * scale), round(rh * scale)
        elif not confined and sw and sh:
            w, h = int(sw), int(sh)
        elif not confined and sw:
            w = int(sw)
            h = round(rh * w / rw)
        elif not confined and sh:
            h = int(sh)
            w = round(rw * h / rh)
        else:
            raise BadRequest(f"size {size!r} is not max, w,, ,h, pct:n, w,h or !w,h")
    else:
        raise BadRequest(f"size {size!r} is not max, w,, ,h, pct:n, w,h or !w,h")
    w, h = max(1, w), max(1, h)
    if w > rw or h > rh:
        raise BadRequest(
            f"size {size!r} is larger than the region ({rw} x {rh}): images are never enlarged"
        )
    if w > limits.max_width or h > limits.max_height or w * h > limits.max_area:
        raise BadRequest(
            f"size {size!r} ({w} x {h}) is larger than this service gives "
            f"(at most {biggest[0]} x {biggest[1]} of this region; see info.json)"
        )
    return w, h


def upright_size(img) -> tuple[int, int]:
    """The size of the picture turned upright as its EXIF orientation says."""
    try:
        turned = img.getexif().get(0x0112) in (5, 6, 7, 8)
    except Exception:  # an unreadable EXIF block: as stored
        turned = False
    return (img.height, img.width) if turned else (img.width, img.height)


def render(upright, request: Request) -> bytes:
    """The requested picture of ``upright`` (a bare RGB image, already turned upright and in
    sRGB: ``store.pixels_only``), encoded anew with no metadata at all."""
    from PIL import Image

    x, y, w, h = request.region
    out = upright.crop((x, y, x + w, y + h))
    if out.size != request.size:
        out = out.resize(request.size, Image.Resampling.LANCZOS)
    if request.mirror:
        out = out.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if request.rotation:
        turn = {
            90: Image.Transpose.ROTATE_270,  # IIIF turns clockwise; Pillow's names go the other way
            180: Image.Transpose.ROTATE_180,
            270: Image.Transpose.ROTATE_90,
        }
        out = out.transpose(turn[request.rotation])
    mode = "L" if request.quality == "gray" else "RGB"
    bare = Image.frombytes(mode, out.size, out.convert(mode).tobytes())  # pixels, no info
    buf = io.BytesIO()
    pil_format, _media = FORMATS[request.format]
    if pil_format == "JPEG":
        bare.save(buf, "JPEG", quality=85)
    else:
        bare.save(buf, "PNG")
    return buf.getvalue()


def info(service_id: str, width: int, height: int, limits: Limits, sizes: tuple[int, ...]) -> dict:
    """The image service's description (``info.json``)."""
    offered = []
    for side in sorted(set(sizes)):
        w, h = max_size(width, height, Limits(side, side, limits.max_area))
        if (
            w <= limits.max_width
            and h <= limits.max_height
            and {"width": w, "height": h} not in offered
        ):
            offered.append({"width": w, "height": h})
    return {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": COMPLIANCE,
        "width": width,
        "height": height,
        "maxWidth": limits.max_width,
        "maxHeight": limits.max_height,
        "maxArea": limits.max_area,
        "sizes": offered,
        "extraFeatures": EXTRA_FEATURES,
    }
