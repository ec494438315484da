"""Photographs compared by perceptual hashes: is this the picture of that object?

Pure Python over Pillow and ``imagehash``, no Django, no I/O beyond the bytes given. A
photograph's :class:`Print` is two 64-bit perceptual hashes of its pixels (pHash: the signs of
the low frequencies of its discrete cosine transform; dHash: the signs of neighbouring pixels'
differences). Both survive recompression and resizing; flips and quarter turns they do not
survive, so the photograph searched is hashed in its eight flipped and turned variants
(:func:`variant_prints`) and compared with a record's print under the nearest one.

:func:`similarity` gives 0..100 from the Hamming distance (100: the same hashes; 0 at
:data:`DISTANT_BITS` bits apart or more, where unrelated pictures lie), an outcome on the
scale the Object-ID fields use, and :func:`rank` counts it in a register record's score with
the weight :data:`IMAGE_WEIGHT` beside the field-by-field reasons of
:mod:`shield.matching.objects`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import imagehash
from PIL import Image, ImageOps, UnidentifiedImageError

from .objects import (
    CANDIDATE_THRESHOLD,
    PARTIAL_AT,
    WEIGHTS,
    Candidate,
    Description,
    Outcome,
    compare,
    has_content,
)
from .scoring import MATCH_THRESHOLD

HASH_BITS: Final[int] = 64
DISTANT_BITS: Final[float] = 26.0
"""At this mean Hamming distance (of 64 bits) or more two photographs share nothing: unrelated
pictures lie around 32. The same picture recompressed or resized lies within a few bits."""

IMAGE_WEIGHT: Final[float] = 3.0
"""A photograph weighs as much as the inscriptions or the measurements: it identifies one object."""

MAX_PIXELS: Final[int] = 80_000_000
"""Larger images are refused before they are decoded (a decompression bomb)."""


class ImageUnreadable(ValueError):
    """Bytes that are not an image Pillow reads (or one too large to decode)."""


@dataclass(frozen=True)
class Print:
    """A photograph's perceptual hashes, 16 hexadecimal digits each."""

    phash: str
    dhash: str

    def as_dict(self) -> dict[str, str]:
        return {"phash": self.phash, "dhash": self.dhash}


@dataclass(frozen=True)
class ImageMatch:
    """How near the nearest of the photographs searched lies to a record's photographs."""

    score: float
    outcome: Outcome
    bits: float  # the mean Hamming distance of the nearest pair, 0..64
    query: int  # which photograph searched (its position)
    record: str  # which of the record's photographs (its key)


@dataclass(frozen=True)
class Ranked:
    key: str
    score: float
    candidate: Candidate
    image: ImageMatch | None = None


def open_image(data: bytes) -> Image.Image:
    """The image in ``data``, upright as its EXIF orientation says, in RGB."""
    img: Image.Image
    try:
        img = Image.open(io.BytesIO(data))
        if img.width * img.height > MAX_PIXELS:
            raise ImageUnreadable(
                f"is {img.width}×{img.height} pixels: larger than {MAX_PIXELS} pixels"
            )
        img.load()
    except ImageUnreadable:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageUnreadable("is not an image (JPEG, PNG, WebP, TIFF or GIF)") from exc
    img = ImageOps.exif_transpose(img) or img
    if img.mode in ("RGBA", "LA", "PA", "P"):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return img.convert("RGB")


def fingerprint(img: Image.Image) -> Print:
    """The print of ``img`` as it is (the record's side)."""
    return Print(str(imagehash.phash(img)), str(imagehash.dhash(img)))


_TURNS: Final = (
    None,
    Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_180,
    Image.Transpose.ROTATE_270,
)


def variants(img: Image.Image) -> list[Image.Image]:
    """``img`` turned by each quarter turn, then mirrored and turned again: eight images."""
    out = []
    for base in (img, ImageOps.mirror(img)):
        for turn in _TURNS:
            out.append(base if turn is None else base.transpose(turn))
    return out


def variant_prints(img: Image.Image) -> tuple[Print, ...]:
    """The prints of the eight variants of ``img`` (the side searched); the first is ``img``'s."""
    return tuple(fingerprint(v) for v in variants(img))


def _bits(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def distance(a: Print, b: Print) -> float:
    """The mean Hamming distance of the two hashes, 0..64."""
    return (_bits(a.phash, b.phash) + _bits(a.dhash, b.dhash)) / 2


def score_of(bits: float) -> float:
    return round(max(0.0, 100.0 * (1 - bits / DISTANT_BITS)), 1)


def _outcome(score: float) -> Outcome:
    if score >= MATCH_THRESHOLD:
        return "match"
    return "partial" if score >= PARTIAL_AT else "differs"


def similarity(
    searched: Sequence[Sequence[Print]], record: Sequence[tuple[str, Print]]
) -> ImageMatch | None:
    """The nearest pair between the photographs searched (each as its variants' prints) and a
    record's photographs ((key, print) each); None when either side has none."""
    best: tuple[float, int, str] | None = None
    for i, prints in enumerate(searched):
        for key, theirs in record:
            bits = min(distance(p, theirs) for p in prints)
            if best is None or bits < best[0]:
                best = (bits, i, key)
    if best is None:
        return None
    score = score_of(best[0])
    return ImageMatch(score, _outcome(score), best[0], best[1], best[2])


def combined(candidate: Candidate, image: ImageMatch | None) -> float:
    """A record's score with its photograph counted beside its fields (the weighted mean and
    the pull towards the middle of :func:`shield.matching.objects.compare`)."""
    if image is None:
        return candidate.score
    weight = sum(WEIGHTS[r.field] for r in candidate.reasons) + IMAGE_WEIGHT
    total = sum(WEIGHTS[r.field] * r.score for r in candidate.reasons) + IMAGE_WEIGHT * image.score
    score = total / weight
    confidence = min(1.0, weight / 6.0)
    score = score * confidence + 50.0 * (1 - confidence) if score > 50 else score
    return round(score, 1)


def rank(
    query: Description,
    searched: Sequence[Sequence[Print]],
    records: Iterable[tuple[Description, Sequence[tuple[str, Print]]]],
    limit: int = 10,
    threshold: float = CANDIDATE_THRESHOLD,
) -> list[Ranked]:
    """The records that may be the object described and photographed, best first (ties by key).

    A record is a candidate when its score reaches ``threshold`` and a field or its photograph
    matches. Without photographs searched this is :func:`shield.matching.objects.rank`."""
    described = has_content(query)
    out = []
    for record, photos in records:
        c = compare(query, record) if described else Candidate(record.key, 0.0, ())
        image = similarity(searched, photos) if searched else None
        score = combined(c, image)
        if score >= threshold and (c.matched or (image is not None and image.outcome == "match")):
            out.append(Ranked(record.key, score, c, image))
    out.sort(key=lambda r: (-r.score, r.key))
    return out[:limit]
