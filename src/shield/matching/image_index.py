"""Photographs found among a million by their perceptual hashes (issue 17).

No Django; numpy and Pillow. Builds on :mod:`shield.matching.images`: a
photograph's hash here is the same 64-bit pHash (the signs of the low frequencies of the
discrete cosine transform of its 32×32 greyscale, against their median) as
``images.fingerprint(img).phash``, bit for bit, held as an unsigned 64-bit integer
(``int(print.phash, 16)``), and computed for many pictures at once (:func:`phash_many`).

What each side hashes:

- a **register photograph** is hashed in :data:`WINDOWS`: the whole picture, its central 90 %
  and 80 %, and its four corner windows of 90 % and of 95 % (:func:`register_hashes`; eleven
  hashes, kept with the record when the photograph is registered). pHash survives
  recompression and resizing but not a crop: trimming 5-10 % of a picture moves about 10-20 of
  its 64 bits. A listing's photograph cropped from the register's lies near one of these
  windows instead (measured with ``bench/matching.py --calibrate``: of 1,868 copies cropped
  to 90-97 % of each side, anywhere, then flipped, turned, resized and recompressed, 98 % lie
  within 8 bits of their original and all within 12; unrelated pairs lie about 24 apart
  at their nearest window and variant, never nearer than 10 in 560,400).
- a **listing's photograph** is hashed in its eight flips and quarter turns
  (:func:`query_hashes`), so a mirrored or turned copy is the same search.

:class:`ImageIndex` holds the register's hashes in multi-index hashing (the 64 bits cut into
substrings, each a table of the rows sorted by it, probed with its neighbours one bit away,
candidates ranked by their exact Hamming distance), every query of a search answered at once
in numpy; a search answers, for each listing, the nearest objects and their distance (the
least over the listing's variants and the object's windows).

:func:`match_weight` turns that distance into evidence on the scale of Splink's match weight
(log2 of a Bayes factor), to be added to the weight of a listing-object pair that its text
fields gave.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps

from .images import fingerprint

Hashes = NDArray[np.uint64]

HASH_SIZE: Final[int] = 8
SIDE: Final[int] = 32
"""pHash's greyscale side (8 frequencies × imagehash's highfreq_factor 4)."""

FAR: Final[int] = 64
"""The distance answered where no object was found (every bit differs)."""

WINDOWS: Final[tuple[tuple[float, float, float], ...]] = (
    (1.0, 0.5, 0.5),
    (0.9, 0.5, 0.5),
    (0.8, 0.5, 0.5),
    (0.9, 0.0, 0.0),
    (0.9, 1.0, 0.0),
    (0.9, 0.0, 1.0),
    (0.9, 1.0, 1.0),
    (0.95, 0.0, 0.0),
    (0.95, 1.0, 0.0),
    (0.95, 0.0, 1.0),
    (0.95, 1.0, 1.0),
)
"""A register photograph's windows hashed: (share of each side kept, where along the width
the window sits 0..1, where along the height)."""

SCHEME: Final[str] = f"phash64-w{len(WINDOWS)}-1"
"""The name of what :func:`register_hashes` makes (the hash and the windows): hashes kept under
another scheme are made again."""

MATCH_BITS: Final[int] = 12
"""At this distance or nearer a listing's photograph counts as the register's photograph,
cropped, turned or recompressed (see :func:`match_weight` for how strongly)."""

# The image evidence, log2(P(distance | same photograph) / P(distance | unrelated)), by
# distance 0..64, measured by ``bench/matching.py --objects 10000 --listings 4000 --calibrate
# 300`` over the bench's procedural photographs: 1,868 copies (cropped to 90-97 % of each
# side, flipped, turned, resized, recompressed as JPEG) against their originals and 560,400
# pairs of unrelated ones, each as the least distance over a listing photograph's eight
# variants and a register photograph's eleven windows. Unrelated pairs never came nearer than
# 10 bits: below that their share is the trend of the nearest bins carried down, and the
# weight capped at +12. The bench's copies all reuse the register's photograph; a listing
# photographed anew lies far (about 32 bits) from it, a case the bench does not measure: the
# weight stops at :data:`_WEIGHT_FLOOR`, so a different picture of the same object counts
# only a little against it.
_WEIGHT_FLOOR: Final[float] = -2.0
_CALIBRATED: Final[tuple[float, ...]] = (
    12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0,  # 0-8 bits
    10.7, 9.4, 5.8, 2.2, -0.1,  # 9-13
)  # fmt: skip
_WEIGHTS: Final[NDArray[np.float64]] = np.array(
    list(_CALIBRATED) + [_WEIGHT_FLOOR] * (FAR + 1 - len(_CALIBRATED)), dtype=np.float64
)


def _grey32(img: Image.Image) -> NDArray[np.uint8]:
    """``img`` as pHash sees it: greyscale, resized to 32×32 with Lanczos."""
    small = img.convert("L").resize((SIDE, SIDE), Image.Resampling.LANCZOS)
    return np.asarray(small, dtype=np.uint8)


def _hash_grey(stack: NDArray[np.uint8] | NDArray[np.float64]) -> Hashes:
    """The pHashes of a stack of 32×32 greyscale arrays (n, 32, 32), as imagehash computes one:
    the DCT-II (unnormalised) along each axis, the 8×8 lowest frequencies against their median,
    the bits in row order, the first the most significant. Only the 8 lowest frequencies of
    the second transform are needed, so it is a product with their cosines."""
    n = len(stack)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    out = np.empty(n, dtype=np.uint64)
    for at in range(0, n, _CHUNK):
        part = np.asarray(stack[at : at + _CHUNK], dtype=np.float64)
        low = np.matmul(np.matmul(_COS, part), _COS.T).reshape(len(part), HASH_SIZE * HASH_SIZE)
        med = np.median(low, axis=1, keepdims=True)
        packed = np.packbits(low > med, axis=1)  # (n, 8) bytes, most significant bit first
        out[at : at + len(part)] = packed.view(">u8").reshape(len(part))
    return out


_CHUNK: Final[int] = 8192
_COS: Final[NDArray[np.float64]] = 2.0 * np.cos(
    np.pi * np.arange(HASH_SIZE)[:, None] * (2 * np.arange(SIDE)[None, :] + 1) / (2 * SIDE)
)
"""The 8 lowest rows of the unnormalised DCT-II of 32 points (scipy's ``dct`` type 2)."""


def phash_many(imgs: Iterable[Image.Image]) -> Hashes:
    """The pHash of each picture, as ``int(str(imagehash.phash(img)), 16)``."""
    greys = [_grey32(img) for img in imgs]
    if not greys:
        return np.zeros(0, dtype=np.uint64)
    return _hash_grey(np.stack(greys))


def phash(img: Image.Image) -> int:
    """The pHash of one picture (``images.fingerprint(img).phash`` as an integer)."""
    return int(phash_many([img])[0])


def from_hex(phash_hex: str) -> int:
    """A stored print's pHash (16 hexadecimal digits) as the integer searched here."""
    return int(phash_hex, 16)


def hashes_text(hashes: Hashes | Sequence[int]) -> str:
    """Hashes as kept in a database: 16 hexadecimal digits each, one after another."""
    return "".join(f"{int(h):016x}" for h in hashes)


def hashes_from_text(text: str) -> Hashes:
    """:func:`hashes_text` read back."""
    return np.array([int(text[i : i + 16], 16) for i in range(0, len(text), 16)], dtype=np.uint64)


def print_hash(img: Image.Image) -> int:
    """The pHash through :func:`shield.matching.images.fingerprint` (the existing path)."""
    return from_hex(fingerprint(img).phash)


def window(img: Image.Image, keep: float, at_x: float, at_y: float) -> Image.Image:
    """The window of ``img`` keeping ``keep`` of each side, placed ``at_x``/``at_y`` (0..1)."""
    w, h = img.size
    cw, ch = max(1, round(w * keep)), max(1, round(h * keep))
    x, y = round(at_x * (w - cw)), round(at_y * (h - ch))
    return img.crop((x, y, x + cw, y + ch))


def register_hashes(img: Image.Image) -> Hashes:
    """What the register keeps of a photograph: the pHash of each of its :data:`WINDOWS`."""
    return phash_many(window(img, *w) for w in WINDOWS)


def register_hashes_many(imgs: Iterable[Image.Image]) -> Hashes:
    """:func:`register_hashes` of many photographs at once: shape (n, len(WINDOWS))."""
    parts = []
    greys = []
    for img in imgs:
        grey = img.convert("L")  # greyscale first: the same pixels as a window's own
        for w in WINDOWS:
            greys.append(_grey32(window(grey, *w)))
        if len(greys) >= _CHUNK:
            parts.append(_hash_grey(np.stack(greys)))
            greys = []
    if greys:
        parts.append(_hash_grey(np.stack(greys)))
    if not parts:
        return np.zeros((0, len(WINDOWS)), dtype=np.uint64)
    return np.concatenate(parts).reshape(-1, len(WINDOWS))


_PRECISION: Final[int] = 22
"""Pillow's fixed-point precision for resampling coefficients (32 - 8 - 2 bits)."""


def _lanczos(x: float) -> float:
    if not -3.0 <= x < 3.0:
        return 0.0
    if x == 0.0:
        return 1.0
    return (3.0 * math.sin(math.pi * x) * math.sin(math.pi * x / 3.0)) / (math.pi**2 * x * x)


@lru_cache(maxsize=256)
def _lanczos_matrix(in_size: int, out_size: int) -> NDArray[np.int64]:
    """Pillow's Lanczos coefficients for resizing ``in_size`` pixels to ``out_size``, in its
    fixed point, as a dense (out_size, in_size) matrix (``precompute_coeffs`` of Resample.c)."""
    scale = in_size / out_size
    filterscale = max(scale, 1.0)
    support = 3.0 * filterscale
    out = np.zeros((out_size, in_size), dtype=np.int64)
    for xx in range(out_size):
        center = (xx + 0.5) * scale
        xmin = max(int(center - support + 0.5), 0)
        xmax = min(int(center + support + 0.5), in_size) - xmin
        k = [_lanczos((x + xmin - center + 0.5) / filterscale) for x in range(xmax)]
        total = sum(k)
        for x, w in enumerate(k):
            v = (w / total if total != 0.0 else w) * (1 << _PRECISION)
            out[xx, xmin + x] = int(0.5 + v) if v >= 0 else int(-0.5 + v)
    return out


def _resize_lanczos(stack: NDArray[np.uint8], side: int) -> NDArray[np.uint8]:
    """Greyscale pictures of one size (n, h, w) resized to side × side as Pillow's Lanczos
    does, bit for bit: the horizontal pass, rounded to 8 bits, then the vertical."""
    # In float64, exactly: 8-bit pixels times 22-bit coefficients, summed over a few dozen
    # pixels, stay far below 2**53; the shift is a floor of the division by 2**22.
    half = float(1 << (_PRECISION - 1))
    unit = float(1 << _PRECISION)
    mx = _lanczos_matrix(stack.shape[2], side).astype(np.float64)
    my = _lanczos_matrix(stack.shape[1], side).astype(np.float64)
    n, h, w = stack.shape
    # one product over every row of every picture, then every column (as one matrix each)
    wide = np.asarray(stack, dtype=np.float64).reshape(n * h, w) @ mx.T
    wide = np.clip(np.floor((wide + half) / unit), 0, 255).reshape(n, h, side)
    cols = np.ascontiguousarray(wide.transpose(0, 2, 1)).reshape(n * side, h)
    tall = (cols @ my.T).reshape(n, side, side).transpose(0, 2, 1)
    return np.clip(np.floor((tall + half) / unit), 0, 255).astype(np.uint8)


def greyscale(pixels: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """RGB pixels (..., 3) as Pillow's ``convert("L")`` makes them (ITU-R 601-2, fixed point)."""
    grey = pixels[..., 0] * np.uint32(19595)
    grey += pixels[..., 1] * np.uint32(38470)
    grey += pixels[..., 2] * np.uint32(7471)
    grey += np.uint32(0x8000)
    return (grey >> np.uint32(16)).astype(np.uint8)


def register_hashes_pixels(pixels: NDArray[np.uint8]) -> Hashes:
    """:func:`register_hashes_many` of photographs of one size given as RGB pixels (n, h, w, 3),
    the same hashes bit for bit, for a whole batch at once in numpy (each window's crop and
    Lanczos resize are the same matrices for every picture of the size): how a register hashes
    its photographs when they are registered in bulk. Shape (n, len(WINDOWS))."""
    n, h, w = pixels.shape[:3]
    if n == 0:
        return np.zeros((0, len(WINDOWS)), dtype=np.uint64)
    out = np.empty((n, len(WINDOWS)), dtype=np.uint64)
    step = 256  # a few megabytes a step: the products stay in the processor's cache
    for at in range(0, n, step):
        grey = greyscale(pixels[at : at + step])
        for j, (keep, at_x, at_y) in enumerate(WINDOWS):
            cw, ch = max(1, round(w * keep)), max(1, round(h * keep))
            x, y = round(at_x * (w - cw)), round(at_y * (h - ch))
            small = _resize_lanczos(grey[:, y : y + ch, x : x + cw], SIDE)
            out[at : at + step, j] = _hash_grey(small)
    return out


def _turns(grey: NDArray[np.uint8]) -> list[NDArray[np.uint8]]:
    out = []
    for base in (grey, grey[:, ::-1]):
        for quarter in range(4):
            out.append(np.rot90(base, quarter))
    return out


def query_hashes(img: Image.Image) -> Hashes:
    """A listing photograph's eight pHashes: as it is, turned by each quarter turn, mirrored and
    turned again (the first is its own). The turns are taken of its 32×32 greyscale, the same
    up to Lanczos's rounding as turning the picture first."""
    return _hash_grey(np.stack(_turns(_grey32(img))))


def query_hashes_many(imgs: Sequence[Image.Image]) -> Hashes:
    """:func:`query_hashes` of many photographs: shape (len(imgs), 8)."""
    if not imgs:
        return np.zeros((0, 8), dtype=np.uint64)
    stack = np.stack([t for img in imgs for t in _turns(_grey32(img))])
    return _hash_grey(stack).reshape(len(imgs), 8)


def distance(a: int, b: int) -> int:
    """Hamming distance of two pHashes."""
    return (a ^ b).bit_count()


def variant(img: Image.Image, mirrored: bool, quarter_turns: int) -> Image.Image:
    """``img`` mirrored (left-right) if asked, then turned anticlockwise by quarter turns."""
    out = ImageOps.mirror(img) if mirrored else img
    return out.rotate(90 * (quarter_turns % 4), expand=True) if quarter_turns % 4 else out


def match_weight(bits: NDArray[np.integer] | int) -> NDArray[np.float64] | float:
    """The image evidence at a distance (0..64) on Splink's scale: log2 of the Bayes factor
    P(distance | the same object's photograph) / P(distance | another object's). Add it to a
    pair's match weight from its text fields; a pair without photographs adds nothing."""
    if isinstance(bits, int | np.integer):
        return float(_WEIGHTS[min(max(int(bits), 0), FAR)])
    arr = np.clip(np.asarray(bits, dtype=np.int64), 0, FAR)
    out: NDArray[np.float64] = _WEIGHTS[arr]
    return out


class ImageIndex:
    """Register photographs' hashes by object, searched by Hamming distance.

    Each row added is one hash of one object (a window of one of its photographs); an object
    may have many. Multi-index hashing in numpy, sorted rather than hashed: :data:`TABLES`
    substrings of :data:`TABLE_BITS` bits each (63 of the 64 bits); for each, the rows sorted
    by it with the start of every value's run, so that a substring's rows are one slice. A
    query probes each table at its own substring and at the :data:`TABLE_BITS` substrings one
    bit away; every row so found is a candidate, ranked by its exact Hamming distance. Every
    hash within 5 bits of a query is certainly found (pigeonhole: some table differs by at
    most one bit), most of those a few bits further (a copy's nearest window 8 bits away
    usually has other windows and variants nearer).

    All the queries of a search are answered together, a block of queries at a time, in
    whole-array operations (no Python loop over queries): at 11 million hashes a table's run
    holds about five rows, so a query's 66 probes give about 330 candidates. Only candidates
    within ``radius`` bits are kept (:data:`RADIUS` by default). Built (sorted) at the first
    search after rows are added. Formerly FAISS's ``IndexBinaryMultiHash`` with the same tables
    and probes (the same candidates): about 280 µs a query at 11 million hashes on the two-core
    machine, now a few µs."""

    TABLES: Final[int] = 3
    TABLE_BITS: Final[int] = 21
    FLIPS: Final[int] = 1
    RADIUS: Final[int] = 16
    BLOCK: Final[int] = 16384

    def __init__(self) -> None:
        self._codes: Hashes = np.zeros(0, dtype=np.uint64)
        self._owners: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._parts: list[tuple[NDArray[np.int64], Hashes]] = []
        self._tables: list[tuple[NDArray[np.int64], Hashes, NDArray[np.int64]]] = []

    def __len__(self) -> int:
        return len(self._owners) + sum(len(o) for o, _c in self._parts)

    def add(self, ids: NDArray[np.int64] | Sequence[int], hashes: Hashes | Sequence[int]) -> None:
        """Add ``hashes`` (uint64), each of the object at the same place in ``ids``."""
        owners = np.asarray(ids, dtype=np.int64).reshape(-1)
        codes = np.asarray(hashes, dtype=np.uint64).reshape(-1)
        if len(owners) != len(codes):
            raise ValueError(f"{len(owners)} ids for {len(codes)} hashes")
        if not len(codes):
            return
        self._parts.append((owners, codes))
        self._tables = []

    def _gather(self) -> None:
        if self._parts:
            self._owners = np.concatenate([self._owners, *(o for o, _c in self._parts)])
            self._codes = np.concatenate([self._codes, *(c for _o, c in self._parts)])
            self._parts = []
            self._tables = []

    def build(self) -> None:
        """Sort the rows by each table's substring (done by the first search if not before)."""
        self._gather()
        if self._tables or not len(self._codes):
            return
        mask = np.uint64((1 << self.TABLE_BITS) - 1)
        for t in range(self.TABLES):
            key = ((self._codes >> np.uint64(t * self.TABLE_BITS)) & mask).astype(np.int64)
            order = np.argsort(key, kind="stable")
            starts = np.zeros((1 << self.TABLE_BITS) + 1, dtype=np.int64)
            np.cumsum(np.bincount(key, minlength=1 << self.TABLE_BITS), out=starts[1:])
            self._tables.append((starts, self._codes[order], self._owners[order]))

    def _candidates(
        self, flat: Hashes, radius: int
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """(query position, object, distance) of every candidate within ``radius``."""
        mask = np.uint64((1 << self.TABLE_BITS) - 1)
        one_bit = [1 << b for b in range(self.TABLE_BITS)] if self.FLIPS else []
        flips = np.array([0, *one_bit], dtype=np.int64)
        qs, objs, dists = [], [], []
        for at in range(0, len(flat), self.BLOCK):
            q = flat[at : at + self.BLOCK]
            for t, (starts, codes, owners) in enumerate(self._tables):
                key = ((q >> np.uint64(t * self.TABLE_BITS)) & mask).astype(np.int64)
                probes = (key[:, None] ^ flips[None, :]).reshape(-1)
                first = starts[probes]
                count = starts[probes + 1] - first
                total = int(count.sum())
                if not total:
                    continue
                ends = np.cumsum(count)
                pos = np.arange(total, dtype=np.int64) + np.repeat(first - (ends - count), count)
                who = np.repeat(np.arange(len(probes), dtype=np.int64) // len(flips), count)
                d = np.bitwise_count(codes[pos] ^ q[who])
                near = d <= radius
                qs.append(who[near] + at)
                objs.append(owners[pos[near]])
                dists.append(d[near].astype(np.int64))
        if not qs:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return np.concatenate(qs), np.concatenate(objs), np.concatenate(dists)

    def search(
        self, queries: Sequence[Hashes | Sequence[int]], k: int = 10, radius: int | None = None
    ) -> tuple[NDArray[np.int64], NDArray[np.int16]]:
        """For each listing (its photographs' variant hashes, any number, none allowed), the
        ``k`` nearest objects found within ``radius`` bits (:data:`RADIUS` by default): ids
        (-1 past the last found) and their distance (:data:`FAR` there), nearest first, ties
        by id."""
        m = len(queries)
        ids = np.full((m, k), -1, dtype=np.int64)
        bits = np.full((m, k), FAR, dtype=np.int16)
        counts = np.array([len(q) for q in queries], dtype=np.int64)
        if m == 0 or counts.sum() == 0 or len(self) == 0:
            return ids, bits
        self.build()
        flat = np.concatenate([np.asarray(q, dtype=np.uint64).reshape(-1) for q in queries])
        asker = np.repeat(np.arange(m, dtype=np.int64), counts)
        at, obj, d = self._candidates(flat, min(self.RADIUS if radius is None else radius, 63))
        if not len(at):
            return ids, bits
        who = asker[at]
        # the least distance per (listing, object), then the k nearest objects per listing
        if m < 1 << 20 and obj.min() >= 0 and obj.max() < 1 << 37:
            # one int64 key a candidate (listing, object, distance), sorted: faster than lexsort
            packed = np.sort((who << 43) | (obj << 6) | d)
            first = np.ones(len(packed), dtype=bool)
            first[1:] = (packed[1:] >> 6) != (packed[:-1] >> 6)
            packed = packed[first]
            kw, ko, kd = packed >> 43, (packed >> 6) & ((1 << 37) - 1), packed & 63
            packed = np.sort((kw << 43) | (kd << 37) | ko)
            kw, kd, ko = packed >> 43, (packed >> 37) & 63, packed & ((1 << 37) - 1)
        else:
            key_order = np.lexsort((d, obj, who))
            kw, ko, kd = who[key_order], obj[key_order], d[key_order]
            first = np.ones(len(kw), dtype=bool)
            first[1:] = (kw[1:] != kw[:-1]) | (ko[1:] != ko[:-1])
            kw, ko, kd = kw[first], ko[first], kd[first]
            order = np.lexsort((ko, kd, kw))
            kw, ko, kd = kw[order], ko[order], kd[order]
        start = np.searchsorted(kw, np.arange(m))
        rank = np.arange(len(kw)) - start[kw]
        keep = rank < k
        ids[kw[keep], rank[keep]] = ko[keep]
        bits[kw[keep], rank[keep]] = kd[keep]
        return ids, bits

    def save(self, path: str | Path) -> None:
        """Write the hashes (numpy's format) and their owners beside (``.owners.npy``)."""
        self._gather()
        path = Path(path)
        with path.open("wb") as out:
            np.save(out, self._codes)
        np.save(_owners_path(path), self._owners)

    @classmethod
    def load(cls, path: str | Path) -> ImageIndex:
        path = Path(path)
        out = cls()
        with path.open("rb") as f:
            codes = np.load(f)
        out.add(np.load(_owners_path(path)), codes)
        return out


def _owners_path(path: Path) -> Path:
    return path.with_name(path.name + ".owners.npy")
