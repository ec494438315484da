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

import numpy as np
from numpy.typing import NDArray

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


def register_photos(entry_ids: Iterable[Any]) -> dict[str, list[tuple[int, str]]]:
    """The register entries' photographs as (photo id, SHA-256 of the original), by entry id."""
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for photo in Photo.objects.filter(entry_id__in=list(entry_ids)).only(
        "id", "entry_id", "sha256"
    ):
        found[str(photo.entry_id)].append((photo.pk, photo.sha256))
    return found


def keep_window_hashes(shas: Iterable[str]) -> dict[str, NDArray[np.uint64]]:
    """The window hashes of the photographs with these SHA-256s, by SHA-256: read from
    :class:`~shield.market.models.WindowHashes` where kept under the current scheme, else made
    from the photograph's original (once) and kept. A photograph whose original is missing or
    unreadable is left out."""
    from shield.matching import image_index as ii

    from .models import WindowHashes

    wanted = sorted(set(shas))
    kept: dict[str, NDArray[np.uint64]] = {}
    for at in range(0, len(wanted), 5000):
        for sha, text in WindowHashes.objects.filter(
            sha256__in=wanted[at : at + 5000], scheme=ii.SCHEME
        ).values_list("sha256", "hashes"):
            kept[sha] = ii.hashes_from_text(text)
    made: list[WindowHashes] = []
    for sha in wanted:
        if sha in kept:
            continue
        original = photos.original_path(sha)
        if not original.is_file():
            continue
        try:
            hashes = ii.register_hashes(images.open_image(original.read_bytes()))
        except images.ImageUnreadable:
            continue
        kept[sha] = hashes
        made.append(WindowHashes(sha256=sha, scheme=ii.SCHEME, hashes=ii.hashes_text(hashes)))
    if made:
        # another scheme's hashes of the same photograph are replaced
        WindowHashes.objects.filter(sha256__in=[w.sha256 for w in made]).delete()
        WindowHashes.objects.bulk_create(made, batch_size=2000, ignore_conflicts=True)
    return kept


def window_hashes(
    register: Mapping[str, Sequence[tuple[int, str]]],
) -> dict[str, list[tuple[int, NDArray[np.uint64]]]]:
    """The register photographs' window hashes (each photograph as (photo id, SHA-256 of its
    original)), by record, as :func:`keep_window_hashes` reads or makes them: kept when each
    photograph was registered (:func:`photo_registered`), so a screening reads them."""
    kept = keep_window_hashes(sha for items in register.values() for _pid, sha in items)
    return {
        rid: [(pid, kept[sha]) for pid, sha in items if sha in kept]
        for rid, items in register.items()
    }


def photo_registered(sender: Any, instance: Photo, created: bool = False, **kwargs: Any) -> None:
    """A register entry's photograph just stored: its window hashes made now and kept, in the
    same transaction (connected to ``Photo``'s ``post_save`` by the app's ``ready``)."""
    if created and instance.entry_id is not None and not kwargs.get("raw"):
        keep_window_hashes([instance.sha256])


def near_by_windows(
    listing_images: Mapping[str, Sequence[tuple[str, bytes]]],
    register: Mapping[str, Sequence[tuple[int, NDArray[np.uint64]]]],
) -> tuple[dict[str, list[tuple[str, float]]], dict[tuple[str, str], dict]]:
    """As ``near``, through the image index (``shield.matching.image_index``): each register
    photograph's kept window hashes (:func:`window_hashes`), each listing photograph hashed in
    its flips and turns, so that a crop of a tenth of each side still lies near (pHash alone,
    64 bits)."""
    from shield.matching import image_index as ii

    index = ii.ImageIndex()
    owner: dict[int, str] = {}
    for rid, items in register.items():
        for photo_id, hashes in items:
            index.add([photo_id] * len(hashes), hashes)
            owner[photo_id] = rid
    refs = list(listing_images)
    first: dict[str, str] = {}
    pictures: list[Any] = []
    rows_of: list[list[int]] = []
    for ref in refs:
        rows: list[int] = []
        for filename, data in listing_images[ref]:
            try:
                pictures.append(images.open_image(data))
            except images.ImageUnreadable:
                continue
            rows.append(len(pictures) - 1)
            first.setdefault(ref, filename)
        rows_of.append(rows)
    variants = ii.query_hashes_many(pictures)  # one pass for every listing's photographs
    queries = [variants[rows].reshape(-1) for rows in rows_of]
    result: dict[str, list[tuple[str, float]]] = {}
    evidence: dict[tuple[str, str], dict] = {}
    if not len(index):
        return result, evidence
    ids, bits = index.search(queries, k=TOP)
    for i, ref in enumerate(refs):
        best: dict[str, tuple[float, int]] = {}
        for photo_id, b in zip(ids[i], bits[i]):
            if photo_id < 0 or b > NEAR_BITS:
                continue
            rid = owner[int(photo_id)]
            if rid not in best or b < best[rid][0]:
                best[rid] = (float(b), int(photo_id))
        if best:
            result[ref] = sorted(((r, v[0]) for r, v in best.items()), key=lambda x: (x[1], x[0]))
            for rid, (b, photo_id) in best.items():
                evidence[(ref, rid)] = {
                    "bits": b,
                    "listing_image": first.get(ref, ""),
                    "photo": photo_id,
                }
    return result, evidence


def merged(
    *found: tuple[dict[str, list[tuple[str, float]]], dict[tuple[str, str], dict]],
) -> tuple[dict[str, list[tuple[str, float]]], dict[tuple[str, str], dict]]:
    """The nearest of several searches for each (listing, record)."""
    evidence: dict[tuple[str, str], dict] = {}
    for _near, ev in found:
        for key, item in ev.items():
            if key not in evidence or item["bits"] < evidence[key]["bits"]:
                evidence[key] = item
    by_ref: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (ref, rid), item in evidence.items():
        by_ref[ref].append((rid, item["bits"]))
    return {r: sorted(v, key=lambda x: (x[1], x[0]))[:TOP] for r, v in by_ref.items()}, evidence
