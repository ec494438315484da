"""Synthetic register and market listings for ``bench/matching.py`` (issue 17). All synthetic.

Deterministic from a seed: every attribute of object ``i`` is a function of ``(seed, i)``
through splitmix64, so any subset (the objects a listing copies) is made again without making
the rest.

A register object: a name (syllables, 2-4, from a pool of about one name per four objects, so
names repeat as they do), an object type and a material (concepts of the project's
multilingual vocabulary, ``shield/matching/data/heritage_vocabulary.json``), written in one of
eight languages and its script (English, French, German, Azerbaijani in Latin letters,
Russian and Ukrainian in Cyrillic, Armenian, Arabic), measurements in cm, a date (a year or a
range) and a photograph: a procedural picture (ellipses and rectangles in colour, 64×64).

A listing is either a perturbed copy of a register object (its ground truth) or an object not
in the register (names come from the same pool: some share a name, a type, a material). A
copy's perturbations, each drawn at random: another language (the name transliterated into
its script, the type and the material translated), typos in the name, measurements in inches
or rounded, the depth left out, the date written otherwise ("c. 1775", a century), the
photograph cropped (90-97 % of each side kept, anywhere), mirrored, turned, resized and
recompressed as JPEG, or left out.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "src" / "shield" / "matching" / "data" / "heritage_vocabulary.json"

LANGS = ("en", "fr", "de", "az", "ru", "uk", "hy", "ar")
SIDE = 64

_CONS = ("b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh")
_VOWELS = ("a", "e", "i", "o", "u")
_SCRIPTS = {
    "ru": dict(zip(_CONS + _VOWELS, "б д г к л м н п р с т в з ш а е и о у".split())),
    "uk": dict(zip(_CONS + _VOWELS, "б д г к л м н п р с т в з ш а е і о у".split())),
    "hy": dict(zip(_CONS + _VOWELS, "բ դ գ կ լ մ ն պ ր ս տ վ զ շ ա ե ի ո ու".split())),
    "ar": dict(zip(_CONS + _VOWELS, "ب د ج ك ل م ن ب ر س ت ف ز ش ا ي ي و و".split())),
    "fr": {"sh": "ch", "u": "ou"},
    "de": {"sh": "sch", "v": "w", "z": "s"},
    "az": {"sh": "ş"},
}
_MEASURE = {"ru": "см", "uk": "см", "hy": "սմ", "ar": "سم"}


def mix(ids: np.ndarray, salt: int, seed: int) -> np.ndarray:
    """splitmix64 of (seed, salt, id): 64 random bits per id, the same for the same id."""
    with np.errstate(over="ignore"):
        z = ids.astype(np.uint64) + np.uint64((seed * 1_000_003 + salt * 7919) & (2**63 - 1))
        z = z * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def uniform(ids: np.ndarray, salt: int, seed: int) -> np.ndarray:
    return (mix(ids, salt, seed) >> np.uint64(11)).astype(np.float64) / float(2**53)


def choice(ids: np.ndarray, salt: int, seed: int, n: int) -> np.ndarray:
    return (mix(ids, salt, seed) % np.uint64(n)).astype(np.int64)


@lru_cache(maxsize=1)
def vocabulary() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Object types and materials: one written form per language each (a label's stem with
    an ending where the vocabulary gives a stem)."""
    data = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    types: list[dict[str, str]] = []
    materials: list[dict[str, str]] = []
    for concept in data["concepts"]:
        words = {}
        for lang in LANGS:
            label = concept["labels"][lang][0]
            if label.endswith("*"):
                label = label[:-1]
                if lang in ("ru", "uk") and label[-1] not in "аеиоуяюіь":
                    label += "а"
            words[lang] = label
        (types if concept["kind"] == "object_type" else materials).append(words)
    return types, materials


def latin_names(ns: np.ndarray, seed: int) -> list[str]:
    """Names ``ns`` of the pool, in the Latin base spelling: 2-4 syllables."""
    ns = np.asarray(ns, dtype=np.int64)
    count = 2 + choice(ns, 50, seed, 3)
    cons = [choice(ns, 51 + k, seed, len(_CONS)) for k in range(4)]
    vows = [choice(ns, 61 + k, seed, len(_VOWELS)) for k in range(4)]
    return [
        "".join(_CONS[cons[k][j]] + _VOWELS[vows[k][j]] for k in range(count[j]))
        for j in range(len(ns))
    ]


def latin_name(n: int, seed: int) -> str:
    return latin_names(np.array([n]), seed)[0]


def spelled(name: str, lang: str) -> str:
    """A Latin base name written in ``lang``'s script and spelling."""
    table = _SCRIPTS.get(lang, {})
    out = []
    i = 0
    while i < len(name):
        two = name[i : i + 2]
        if two == "sh":
            out.append(table.get("sh", "sh"))
            i += 2
            continue
        out.append(table.get(name[i], name[i]))
        i += 1
    word = "".join(out)
    return word[:1].upper() + word[1:]


def typo(word: str, r: float, r2: float) -> str:
    """One edit in ``word`` (not its first letter): a letter doubled, dropped or swapped."""
    if len(word) < 4:
        return word
    i = 1 + int(r * (len(word) - 2))
    if r2 < 0.34:
        return word[:i] + word[i] + word[i:]
    if r2 < 0.67:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :] if i + 1 < len(word) else word


@dataclass
class Record:
    id: str
    title: str
    object_type: str
    materials: str
    measurements: str
    date: str
    language: str
    photos: int


def _dims(ids: np.ndarray, seed: int) -> np.ndarray:
    h = np.exp(np.log(5) + uniform(ids, 10, seed) * (np.log(200) - np.log(5)))
    w = h * (0.3 + 1.2 * uniform(ids, 11, seed))
    d = h * (0.05 + 0.6 * uniform(ids, 12, seed))
    return np.round(np.stack([h, w, d], axis=1), 1)


def _years(ids: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    start = 1200 + choice(ids, 20, seed, 750)
    span = np.array([0, 10, 25, 50, 100])[choice(ids, 21, seed, 5)]
    return start, start + span


def pool_size(objects: int) -> int:
    """How many names a register of ``objects`` draws from (about one per four objects)."""
    return max(objects // 4, 1000)


def register(n: int, seed: int = 17, offset: int = 0, pool: int | None = None) -> list[Record]:
    """Objects ``offset .. offset+n-1`` (ids "R<i>") of a register whose names come from a pool
    of ``pool`` (:func:`pool_size` of ``n`` unless given)."""
    ids = np.arange(offset, offset + n, dtype=np.int64)
    types, materials = vocabulary()
    name_of = choice(ids, 1, seed, pool or pool_size(n))
    lang = choice(ids, 2, seed, len(LANGS))
    ty = choice(ids, 3, seed, len(types))
    mat = choice(ids, 4, seed, len(materials))
    dims = _dims(ids, seed)
    y0, y1 = _years(ids, seed)
    out = []
    names = latin_names(name_of, seed)
    for j, i in enumerate(ids):
        lg = LANGS[lang[j]]
        name = spelled(names[j], lg)
        h, w, d = dims[j]
        unit = _MEASURE.get(lg, "cm")
        out.append(
            Record(
                id=f"R{i}",
                title=f"{name} {types[ty[j]][lg]}",
                object_type=types[ty[j]][lg],
                materials=materials[mat[j]][lg],
                measurements=f"{h:g} x {w:g} x {d:g} {unit}",
                date=f"{y0[j]}" if y0[j] == y1[j] else f"{y0[j]}-{y1[j]}",
                language=lg,
                photos=1,
            )
        )
    return out


@dataclass
class Listing(Record):
    truth: str | None  # the register object copied, or None
    crop: tuple[float, float, float] | None = None  # keep, at_x, at_y
    mirrored: bool = False
    turns: int = 0
    size: int = SIDE
    quality: int = 75


def listings(m: int, objects: int, share: float = 0.5, seed: int = 17) -> list[Listing]:
    """``m`` listings ("L<j>"): about ``share`` of them perturbed copies of register objects."""
    jds = np.arange(m, dtype=np.int64)
    is_copy = uniform(jds, 100, seed) < share
    target = choice(jds, 101, seed, objects)
    types, materials = vocabulary()
    originals = {int(t): None for t in target[is_copy]}
    sources = {}
    for t in sorted(originals):
        sources[t] = register(1, seed, offset=t, pool=pool_size(objects))[0]
    # objects not in the register: ids past it, names from the same pool as the register's
    others = register(m, seed + 1, offset=objects)
    out: list[Listing] = []
    u = [uniform(jds, 110 + k, seed) for k in range(16)]
    for j in range(m):
        if not is_copy[j]:
            o = others[j]
            name_n = int(choice(np.array([j]), 1, seed + 2, pool_size(objects))[0])
            name = spelled(latin_name(name_n, seed), o.language)
            title = f"{name} {o.object_type}"
            out.append(
                Listing(
                    f"L{j}", title, o.object_type, o.materials, o.measurements, o.date,
                    o.language, 1 if u[0][j] < 0.9 else 0, None,
                )
            )  # fmt: skip
            continue
        t = int(target[j])
        src = sources[t]
        ids = np.array([t], dtype=np.int64)
        name = latin_name(int(choice(ids, 1, seed, pool_size(objects))[0]), seed)
        ty = types[int(choice(ids, 3, seed, len(types))[0])]
        mat = materials[int(choice(ids, 4, seed, len(materials))[0])]
        lg = src.language if u[1][j] < 0.3 else LANGS[int(u[2][j] * len(LANGS))]
        written = spelled(name, lg)
        if u[3][j] < 0.3:
            written = typo(written, u[4][j], u[5][j])
        title = f"{written} {ty[lg]}"
        if u[6][j] < 0.3:
            title = f"{title}, {mat[lg]}"
        h, w, d = _dims(ids, seed)[0]
        if u[7][j] < 0.5:
            dims = [h / 2.54, w / 2.54] + ([d / 2.54] if u[8][j] < 0.7 else [])
            measurements = " x ".join(f"{x:.1f}" for x in dims) + " in"
        else:
            dims = [round(h), round(w)] + ([round(d)] if u[8][j] < 0.7 else [])
            measurements = " x ".join(f"{x:g}" for x in dims) + " " + _MEASURE.get(lg, "cm")
        y0, y1 = (int(a[0]) for a in _years(ids, seed))
        if u[9][j] < 0.4:
            date = src.date
        elif u[9][j] < 0.7:
            date = f"c. {(y0 + y1) // 2}"
        else:
            date = f"{(y0 + y1) // 200 + 1}th century"
        photos = 1 if u[10][j] < 0.9 else 0
        keep = 0.90 + 0.07 * u[11][j]
        out.append(
            Listing(
                f"L{j}", title, ty[lg], mat[lg], measurements, date, lg, photos, src.id,
                crop=(float(keep), float(u[12][j]), float(u[13][j])),
                mirrored=bool(u[14][j] < 0.5),
                turns=int(u[15][j] * 4) % 4,
                size=int(80 + 80 * u[12][j] * u[13][j]),
                quality=int(40 + 45 * u[14][j] * u[11][j]),
            )
        )  # fmt: skip
    return out


# ---- photographs ----------------------------------------------------------------------------


def render(ids: np.ndarray, seed: int, shapes: int = 16) -> np.ndarray:
    """The photographs of objects ``ids`` (their numbers): (n, 64, 64, 3) uint8, ellipses and
    rectangles in colour over a coloured ground, drawn in numpy for a batch at once (each
    pixel takes the colour of the last shape drawn over it)."""
    ids = np.asarray(ids, dtype=np.int64)
    n = len(ids)
    yy, xx = np.mgrid[0:SIDE, 0:SIDE].astype(np.float32) / SIDE
    label = np.zeros((n, SIDE, SIDE), dtype=np.int8)
    for k in range(shapes):
        cx = uniform(ids, 210 + k, seed).astype(np.float32)[:, None, None]
        cy = uniform(ids, 230 + k, seed).astype(np.float32)[:, None, None]
        rx = (0.04 + 0.22 * uniform(ids, 250 + k, seed)).astype(np.float32)[:, None, None]
        ry = (0.04 + 0.22 * uniform(ids, 270 + k, seed)).astype(np.float32)[:, None, None]
        ellipse = (uniform(ids, 330 + k, seed) < 0.5)[:, None, None]
        # the same float32 arithmetic as over the whole grid, along each axis once
        dx, dy = np.abs(xx[:1, :] - cx) / rx, np.abs(yy[:, :1] - cy) / ry  # (n,1,S), (n,S,1)
        inside = np.where(ellipse, dx * dx + dy * dy <= 1.0, (dx <= 1.0) & (dy <= 1.0))
        np.putmask(label, inside, np.int8(k + 1))
    palette = np.stack(
        [
            np.stack([choice(ids, 290 + 3 * k + c, seed, 256) for c in range(3)], axis=1)
            for k in range(shapes + 1)
        ],
        axis=1,
    ).astype(np.uint8)  # (n, shapes + 1, 3)
    flat = label.reshape(n, -1).astype(np.int64)
    img = np.take_along_axis(palette, flat[:, :, None], axis=1)
    return img.reshape(n, SIDE, SIDE, 3)


def photographs(ids: np.ndarray, seed: int, batch: int = 2048):  # type: ignore[no-untyped-def]
    """The photographs of ``ids`` as pictures, made a batch at a time."""
    for at in range(0, len(ids), batch):
        for pixels in render(ids[at : at + batch], seed):
            yield photograph(pixels)


def photograph(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(pixels, "RGB")


def perturbed(img: Image.Image, listing: Listing) -> Image.Image:
    """A listing's photograph made from the register's: cropped, mirrored, turned, resized and
    recompressed as JPEG, as the listing says."""
    from shield.matching.image_index import variant, window

    out = img
    if listing.crop is not None:
        out = window(out, *listing.crop)
    out = variant(out, listing.mirrored, listing.turns)
    out = out.resize((listing.size, listing.size), Image.Resampling.BICUBIC)
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=listing.quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
