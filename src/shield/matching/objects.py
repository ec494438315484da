"""Object-ID descriptions compared field by field: due diligence against a register.

Pure Python, no Django, no I/O. A query (what a dealer, a museum or customs has in hand) is
compared with each record of a register; every field both sides describe gives a
:class:`FieldReason` (the field, an outcome, a score 0..100 and the values compared), and the
record's score is the weighted mean over those fields. Names (type, title, maker) are
compared across scripts with :func:`shield.matching.similarity`; inscriptions as folded text;
materials as sets of folded words; measurements after conversion to one unit per quantity,
within :data:`TOLERANCE`; dates as year ranges read from text ("c. 1750", "18th century",
"1700-tallet", "1650-1700").

The outcome and field codes are stable: a door words them in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from rapidfuzz.fuzz import partial_ratio, token_set_ratio

from .folding import fold
from .scoring import MATCH_THRESHOLD, similarity

Outcome = Literal["match", "partial", "differs"]
FieldCode = Literal[
    "object_type",
    "title",
    "maker",
    "inscriptions",
    "materials",
    "measurements",
    "date",
    "features",
]

WEIGHTS: Final[dict[str, float]] = {
    "object_type": 2.0,
    "title": 2.0,
    "maker": 2.0,
    "inscriptions": 3.0,
    "materials": 1.5,
    "measurements": 3.0,
    "date": 1.5,
    "features": 1.5,
}
"""How much each field weighs in a record's score: what identifies one object (its
inscriptions, its measurements) weighs more than what many objects share (a material)."""

PARTIAL_AT: Final[float] = 60.0
"""A field scoring at or above this (and below ``MATCH_THRESHOLD``) is a partial match."""

CANDIDATE_THRESHOLD: Final[float] = 55.0
"""A record is a candidate when its score reaches this and at least one field matches."""

TOLERANCE: Final[float] = 0.05
"""Two measurements of one dimension agree within 5 % of the larger (at least
:data:`MIN_TOLERANCE` of the unit's base: 5 mm, 5 g, 5 ml): frames, mounts and rounding."""
MIN_TOLERANCE: Final[float] = 5.0

# unit -> (quantity, factor to the quantity's base unit: mm, g, ml)
UNITS: Final[dict[str, tuple[str, float]]] = {
    "mm": ("length", 1.0),
    "cm": ("length", 10.0),
    "m": ("length", 1000.0),
    "km": ("length", 1_000_000.0),
    "in": ("length", 25.4),
    "ft": ("length", 304.8),
    "g": ("mass", 1.0),
    "kg": ("mass", 1000.0),
    "lb": ("mass", 453.59237),
    "ml": ("volume", 1.0),
    "l": ("volume", 1000.0),
}
BASE_UNIT: Final[dict[str, str]] = {"length": "mm", "mass": "g", "volume": "ml"}

_DIMENSIONS: Final[dict[str, str]] = {
    "h": "height",
    "height": "height",
    "hoyde": "height",
    "høyde": "height",
    "w": "width",
    "width": "width",
    "bredde": "width",
    "d": "depth",
    "depth": "depth",
    "dybde": "depth",
    "l": "length",
    "length": "length",
    "lengde": "length",
    "diameter": "diameter",
    "dia": "diameter",
    "weight": "weight",
    "vekt": "weight",
    "mass": "weight",
}


class UnitError(ValueError):
    """A unit the engine does not know."""


@dataclass(frozen=True)
class Measurement:
    dimension: str
    value: float
    unit: str

    def base(self) -> tuple[str, float]:
        """(quantity, value in the quantity's base unit)."""
        try:
            quantity, factor = UNITS[self.unit.strip().lower()]
        except KeyError:
            raise UnitError(f"unknown unit {self.unit!r}; use one of {', '.join(UNITS)}") from None
        return quantity, self.value * factor

    @property
    def kind(self) -> str:
        word = fold(self.dimension) or self.dimension.lower()
        return _DIMENSIONS.get(word, word)

    def __str__(self) -> str:
        return f"{self.kind} {self.value:g} {self.unit}"


@dataclass(frozen=True)
class Description:
    """What is known of one object (the Object-ID fields); ``key`` names the record."""

    key: str = ""
    object_type: str = ""
    title: str = ""
    maker: str = ""
    inscriptions: str = ""
    materials: str = ""
    measurements: tuple[Measurement, ...] = ()
    date_period: str = ""
    features: str = ""


@dataclass(frozen=True)
class FieldReason:
    field: FieldCode
    outcome: Outcome
    score: float
    query: str
    record: str


@dataclass(frozen=True)
class Candidate:
    key: str
    score: float
    reasons: tuple[FieldReason, ...] = field(default=())

    @property
    def matched(self) -> tuple[FieldCode, ...]:
        return tuple(r.field for r in self.reasons if r.outcome == "match")


def _outcome(score: float) -> Outcome:
    if score >= MATCH_THRESHOLD:
        return "match"
    return "partial" if score >= PARTIAL_AT else "differs"


# ---- dates ----------------------------------------------------------------------------------

_CENTURY = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th)?\.?\s*(?:century|c\b|årh)", re.IGNORECASE)
_TALLET = re.compile(r"\b(\d{2})00\s*-?\s*tallet\b", re.IGNORECASE)
_RANGE = re.compile(r"\b(\d{3,4})\s*(?:-|–|to|til)\s*(\d{2,4})\b")
_YEAR = re.compile(r"\b(\d{3,4})\b")
_CIRCA = re.compile(r"\b(?:c\.|ca\.?|circa|about|omkring)\s*", re.IGNORECASE)
CIRCA_YEARS: Final[int] = 25
"""'c. 1750' reads as 1725-1775."""


def year_range(text: str) -> tuple[int, int] | None:
    """The years a date or period covers, or None when it names none.

    >>> year_range("c. 1750"), year_range("18th century"), year_range("1700-tallet")
    ((1725, 1775), (1701, 1800), (1700, 1799))
    """
    if not text or not text.strip():
        return None
    centuries = [int(c) for c in _CENTURY.findall(text)]
    if centuries:
        return (min(centuries) - 1) * 100 + 1, max(centuries) * 100
    tallet = [int(c) for c in _TALLET.findall(text)]
    if tallet:
        return min(tallet) * 100, max(tallet) * 100 + 99
    spans = _RANGE.findall(text)
    if spans:
        lo, hi = int(spans[0][0]), spans[0][1]
        end = int(hi) if len(hi) >= len(str(lo)) else int(str(lo)[: -len(hi)] + hi)
        return min(lo, end), max(lo, end)
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None
    pad = CIRCA_YEARS if _CIRCA.search(text) else 0
    return min(years) - pad, max(years) + pad


def _date_reason(q: str, r: str) -> FieldReason | None:
    a, b = year_range(q), year_range(r)
    if a is None or b is None:
        return None
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap >= 0:
        narrower = min(a[1] - a[0], b[1] - b[0]) or 1
        score = 100.0 if overlap >= narrower or overlap >= 0.5 * narrower else 80.0
    else:
        gap = -overlap
        score = max(0.0, 70.0 - gap)
    return FieldReason("date", _outcome(score), round(score, 1), q, r)


# ---- measurements ---------------------------------------------------------------------------


def _agree(a: float, b: float) -> float:
    """100 within tolerance, falling to 0 at three times the tolerance."""
    tol = max(TOLERANCE * max(abs(a), abs(b)), MIN_TOLERANCE)
    gap = abs(a - b)
    if gap <= tol:
        return 100.0
    return max(0.0, 100.0 * (1 - (gap - tol) / (2 * tol)))


def _measure_reason(q: Sequence[Measurement], r: Sequence[Measurement]) -> FieldReason | None:
    pairs: list[tuple[Measurement, Measurement]] = []
    by_kind = {m.kind: m for m in r}
    unpaired_q = []
    for m in q:
        other = by_kind.get(m.kind)
        if other is not None and other.base()[0] == m.base()[0]:
            pairs.append((m, other))
        else:
            unpaired_q.append(m)
    if not pairs and unpaired_q:  # dimensions named differently: compare sizes, largest first
        for quantity in {m.base()[0] for m in unpaired_q}:
            qs = sorted(
                (m for m in unpaired_q if m.base()[0] == quantity), key=lambda m: -m.base()[1]
            )
            rs = sorted((m for m in r if m.base()[0] == quantity), key=lambda m: -m.base()[1])
            pairs.extend(zip(qs, rs))
    if not pairs:
        return None
    scores = [_agree(a.base()[1], b.base()[1]) for a, b in pairs]
    score = sum(scores) / len(scores)
    return FieldReason(
        "measurements",
        _outcome(score),
        round(score, 1),
        "; ".join(str(a) for a, _ in pairs),
        "; ".join(str(b) for _, b in pairs),
    )


# ---- texts ----------------------------------------------------------------------------------


def _name_reason(code: FieldCode, q: str, r: str) -> FieldReason | None:
    if not q.strip() or not r.strip():
        return None
    score = similarity(q, r)
    return FieldReason(code, _outcome(score), round(score, 1), q, r)


def _text_reason(code: FieldCode, q: str, r: str) -> FieldReason | None:
    a, b = fold(q), fold(r)
    if not a or not b:
        return None
    score = max(token_set_ratio(a, b), partial_ratio(a, b) if min(len(a), len(b)) >= 6 else 0.0)
    return FieldReason(code, _outcome(score), round(score, 1), q, r)


def _words(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) > 2 and w not in {"and", "med", "og", "with"}}


def _materials_reason(q: str, r: str) -> FieldReason | None:
    a, b = _words(q), _words(r)
    if not a or not b:
        return None
    shared = sum(1 for w in a if any(similarity(w, o) >= MATCH_THRESHOLD for o in b))
    score = 100.0 * shared / min(len(a), len(b))
    return FieldReason("materials", _outcome(score), round(score, 1), q, r)


# ---- comparing and ranking ------------------------------------------------------------------


def compare(query: Description, record: Description) -> Candidate:
    """``record`` as a candidate for ``query``: its score and a reason per field both give."""
    found = [
        _name_reason("object_type", query.object_type, record.object_type),
        _name_reason("title", query.title, record.title),
        _name_reason("maker", query.maker, record.maker),
        _text_reason("inscriptions", query.inscriptions, record.inscriptions),
        _materials_reason(query.materials, record.materials),
        _measure_reason(query.measurements, record.measurements),
        _date_reason(query.date_period, record.date_period),
        _text_reason("features", query.features, record.features),
    ]
    reasons = tuple(r for r in found if r is not None)
    if not reasons:
        return Candidate(record.key, 0.0, ())
    weight = sum(WEIGHTS[r.field] for r in reasons)
    score = sum(WEIGHTS[r.field] * r.score for r in reasons) / weight
    # Few fields compared are weak evidence: the score is drawn towards the middle.
    confidence = min(1.0, weight / 6.0)
    score = score * confidence + 50.0 * (1 - confidence) if score > 50 else score
    return Candidate(record.key, round(score, 1), reasons)


def rank(
    query: Description,
    records: Iterable[Description],
    limit: int = 10,
    threshold: float = CANDIDATE_THRESHOLD,
) -> list[Candidate]:
    """The records that may be the object in ``query``, best first (ties by key)."""
    out = []
    for record in records:
        c = compare(query, record)
        if c.score >= threshold and c.matched:
            out.append(c)
    out.sort(key=lambda c: (-c.score, c.key))
    return out[:limit]


def has_content(d: Description) -> bool:
    """Whether ``d`` describes anything a register can be searched by."""
    return any(
        (
            d.object_type.strip(),
            d.title.strip(),
            d.maker.strip(),
            d.inscriptions.strip(),
            d.materials.strip(),
            d.measurements,
            d.date_period.strip(),
            d.features.strip(),
        )
    )
