"""Measurements written as free text, read as lengths in millimetres.

Pure Python, no Django. A catalogue writes "12 x 8 in", "H. 30 cm", "30 × 20 × 5 cm",
"12 in. x 8 in.", "h 30,5 cm; w 20 cm", "высота 30 см", "300mm" or "1.2 m": every number
takes the unit written after it, or after the group of numbers it belongs to ("30 x 20 cm":
both in cm). Units are read on folded text (Cyrillic "см", Armenian "սմ" and Arabic "سم" all
fold to "sm"), so a unit in any of the vocabulary's languages is one of :data:`LENGTH_UNITS`.
Numbers without any unit, and masses or volumes, are left out: a screening compares sizes.
"""

from __future__ import annotations

import re
from typing import Final

from .folding import fold

LENGTH_UNITS: Final[dict[str, float]] = {
    "mm": 1.0,
    "millimetre": 1.0,
    "millimeter": 1.0,
    "millimetres": 1.0,
    "millimeters": 1.0,
    "cm": 10.0,
    "sm": 10.0,  # см, սմ, سم folded
    "centimetre": 10.0,
    "centimeter": 10.0,
    "centimetres": 10.0,
    "centimeters": 10.0,
    "m": 1000.0,
    "in": 25.4,
    "inch": 25.4,
    "inches": 25.4,
    "po": 25.4,  # French pouces, abbreviated
    "pouce": 25.4,
    "pouces": 25.4,
    "zoll": 25.4,
    "dyuym": 25.4,  # дюйм
    "dyuyma": 25.4,
    "dyuymov": 25.4,
    "diuim": 25.4,
    "diuima": 25.4,
    "diuimov": 25.4,
    "ft": 304.8,
    "feet": 304.8,
    "foot": 304.8,
}
_TOKEN = re.compile(r"\d+(?:dot\d+)?|[a-z]+")
_FRACTIONS: Final = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_FRACTION = re.compile(r"(\d*)\s*([½¼¾])")
_SLASHED = re.compile(r"(\d+)\s+(\d)/(\d{1,2})\b")
_DECIMAL = re.compile(r"(\d)[.,](\d)")
_BREAK = re.compile(r"[,;:/|()\[\]]")
MAX_DIMENSIONS: Final[int] = 3
_PLAIN_UNITS: Final[dict[str, float]] = {
    "mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4, "см": 10.0, "սմ": 10.0, "سم": 10.0,
}  # fmt: skip
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_PLAIN = re.compile(
    r"\s*(?P<numbers>\d+(?:[.,]\d+)?(?:\s*[x×]\s*\d+(?:[.,]\d+)?)*)\s+(?P<unit>"
    + "|".join(sorted(_PLAIN_UNITS, key=len, reverse=True))
    + r")\s*"
)
"""The common form, numbers joined by "x" and one unit after them all: read without folding
(the same lengths as the general reading, which folds the whole text first)."""


def lengths_mm(text: str) -> tuple[float, ...]:
    """The lengths in ``text`` in millimetres, largest first (at most three).

    >>> lengths_mm("12 x 8 in"), lengths_mm("H. 30 cm"), lengths_mm("30 × 20 × 5 cm")
    ((304.8, 203.2), (300.0,), (300.0, 200.0, 50.0))
    """
    if not text or not text.strip():
        return ()
    plain = _PLAIN.fullmatch(text)
    if plain is not None:  # "30 x 20 x 5 cm", "11.8 x 7.9 in", "30 × 20 см": read as it stands
        per = _PLAIN_UNITS[plain["unit"]]
        values = (float(v.replace(",", ".")) * per for v in _NUMBER.findall(plain["numbers"]))
        return tuple(sorted((round(v, 1) for v in values if v > 0), reverse=True)[:MAX_DIMENSIONS])
    prepared = _SLASHED.sub(lambda m: f"{int(m[1]) + int(m[2]) / int(m[3]):g}", text)
    prepared = _FRACTION.sub(lambda m: f"{int(m[1] or 0) + _FRACTIONS[m[2]]:g}", prepared)
    prepared = prepared.replace("×", " x ").replace("″", '"')
    # Inches written as a double prime; a decimal comma or point kept through folding (which
    # makes every other sign a space); a comma or semicolon between numbers ends a group.
    prepared = re.sub(r"(\d)\s*\"", r"\1 in ", prepared)
    prepared = _DECIMAL.sub(r"\1dot\2", prepared)
    prepared = _BREAK.sub(" brk ", prepared)
    folded = fold(prepared)
    found: list[float] = []
    pending: list[float] = []
    for token in _TOKEN.findall(folded):
        if token[0].isdigit():
            pending.append(float(token.replace("dot", ".")))
            continue
        factor = LENGTH_UNITS.get(token)
        if factor is not None and pending:
            found.extend(v * factor for v in pending)
            pending = []
        elif token not in _JOINS and token not in _DIMENSION_WORDS:
            pending = []
    return tuple(sorted((round(v, 1) for v in found if v > 0), reverse=True)[:MAX_DIMENSIONS])


_JOINS: Final = frozenset({"x", "by", "na", "sur", "auf", "und", "and", "et", "h", "w", "d", "l"})
_DIMENSION_WORDS: Final = frozenset(
    {
        "height", "width", "depth", "length", "diameter", "dia", "diam", "hauteur", "largeur",
        "profondeur", "longueur", "hohe", "hoehe", "breite", "tiefe", "lange", "laenge",
        "vysota", "shirina", "glubina", "dlina", "diametr", "hoyde", "bredde", "dybde",
    }
)  # fmt: skip
