"""The photographs' side of a screening: each listing's photographs hashed (with their flipped
and turned variants), and the register's photographs near them found.

The one place the market app reaches the image matching engine: a listing's photographs are
read by provenance's receiver (``photos.receive``: size limits, decoding, the eight variants'
prints) and compared with the stored prints of the register's photographs by Hamming distance
(``shield.matching.images.distance``), keeping each register object's nearest photograph
within ``linkage.NEAR_BITS``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from shield.matching import images
from shield.matching.linkage import NEAR_BITS
from shield.provenance import clean, photos
from shield.provenance.models import Photo

TOP = 10


def received(files: Mapping[str, bytes], wanted: Iterable[str]) -> dict[str, photos.Received]:
    """The photographs named by the listings, read and hashed; a missing or unreadable one
    refuses the batch (naming it)."""
    errors = clean.Errors()
    out: dict[str, photos.Received] = {}
    for name in sorted(set(wanted)):
        data = files.get(name)
        if data is None:
            errors.add("images", f"{name}: named by a listing but not given")
            continue
        got = photos.receive((name, data), f"images: {name}", errors)
        if got is not None:
            out[name] = got
    errors.raise_if_any()
    return out


def register_prints(entry_ids: Iterable[Any]) -> dict[str, list[tuple[int, images.Print]]]:
    """The stored prints of the register entries' photographs, by entry id."""
    found: dict[str, list[tuple[int, images.Print]]] = defaultdict(list)
    ids = list(entry_ids)
    for photo in Photo.objects.filter(entry_id__in=ids).only("id", "entry_id", "phash", "dhash"):
        found[str(photo.entry_id)].append((photo.pk, photos.print_of(photo)))
    return found


def near(
    listing_images: Mapping[str, Sequence[tuple[str, Sequence[images.Print]]]],
    register: Mapping[str, list[tuple[int, images.Print]]],
) -> tuple[dict[str, list[tuple[str, float]]], dict[tuple[str, str], dict]]:
    """For each listing (its photographs as (file name, the prints of its eight variants)), the
    register objects with a photograph within ``NEAR_BITS`` of one of
    its own (under the nearest flip or turn), nearest first; and each pair's evidence."""
    result: dict[str, list[tuple[str, float]]] = {}
    evidence: dict[tuple[str, str], dict] = {}
    for ref, mine in listing_images.items():
        best: dict[str, tuple[float, str, int]] = {}
        for filename, variants in mine:
            for rid, prints in register.items():
                for photo_id, theirs in prints:
                    bits = min(images.distance(p, theirs) for p in variants)
                    if bits <= NEAR_BITS and (rid not in best or bits < best[rid][0]):
                        best[rid] = (bits, filename, photo_id)
        ranked = sorted(best.items(), key=lambda kv: (kv[1][0], kv[0]))[:TOP]
        if ranked:
            result[ref] = [(rid, bits) for rid, (bits, _f, _p) in ranked]
            for rid, (bits, filename, photo_id) in ranked:
                evidence[(ref, rid)] = {"bits": bits, "listing_image": filename, "photo": photo_id}
    return result, evidence
