"""Similarity of a query and a name, 0..100, for ranking and filtering candidates.

Both are folded under every plausible reading; the score is the best over the
pairs of readings. For one pair:

- two words score ``CHAR_WEIGHT`` x the rapidfuzz ratio of the folded words plus
  the rest x the ratio of their skeletons (so "gandzasar"/"ganjasar" gain from
  their equal skeletons, "ganja"/"ganjasar" lose from their unequal ones);
- each side's words are matched to their best partner on the other side (a
  specific word only to specific words, where there are any: "Mostar" is not
  half of "Gandzasar Monastery"), and the side's coverage is the mean of those
  scores weighted by word length, generic words ("monastery", "church", "of",
  ...; see ``generic``) counting half, two generic words naming one concept
  ("fortress", "qalası") scoring 100;
- the score is ``BETTER_SIDE_WEIGHT`` x the better coverage plus the rest x the
  worse one: a query that is one word of a longer name ("Gandzasar" for
  "Gandzasar Monastery") scores high, two names that share only generic words
  ("Church of St John" / "Church of St Gregory") score low.

The score is symmetric in its two texts when ``lang`` is None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from rapidfuzz.fuzz import ratio

from .folding import folded_readings
from .generic import GENERIC_WORDS
from .phonetic import skeleton

MATCH_THRESHOLD: Final[float] = 80.0
"""Scores at or above this are matches. In the tests the spellings and scripts of
one name score 91 and above (Gandzasar/Gəncəsər 91.2, Shushi/Shusha 91.7), looser
variants 80.8 to 88 (Ganja/Гянджа, Julfa/Джульфа, Khudavank/Xudavəng, Kyiv/Kiev),
and 70 other heritage places (121 names) at most 76.0 against Gandzasar and
Shushi (Ganja/Gəncəsər) and 75.3 among themselves (Dadivank/Khudavank).

Known limit: names that differ only by a final vowel score about 95, wanted or
not (Sukhumi/Sukhum, but also Shushi/Shush in Iran); only the place's country
or location can tell them apart, which is for the caller to weigh."""

CHAR_WEIGHT: Final[float] = 0.5
BETTER_SIDE_WEIGHT: Final[float] = 0.85
GENERIC_WEIGHT: Final[float] = 0.5


def _word_score(a: str, b: str) -> float:
    if a == b:
        return 100.0
    concept = GENERIC_WORDS.get(a)
    if concept is not None and concept == GENERIC_WORDS.get(b):
        return 100.0
    chars = ratio(a, b)
    return CHAR_WEIGHT * chars + (1.0 - CHAR_WEIGHT) * ratio(skeleton(a), skeleton(b))


def _weight(word: str) -> float:
    return len(word) * (GENERIC_WEIGHT if word in GENERIC_WORDS else 1.0)


def _partners(word: str, others: Sequence[str], specific: Sequence[str]) -> Sequence[str]:
    return others if word in GENERIC_WORDS or not specific else specific


def _coverage(words: Sequence[str], others: Sequence[str]) -> float:
    specific = [o for o in others if o not in GENERIC_WORDS]
    total = sum(
        _weight(w) * max(_word_score(w, o) for o in _partners(w, others, specific)) for w in words
    )
    return total / sum(_weight(w) for w in words)


def _words_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    if not a or not b:
        return 0.0
    if len(a) == 1 and len(b) == 1:
        return _word_score(a[0], b[0])
    one, other = _coverage(a, b), _coverage(b, a)
    better, worse = max(one, other), min(one, other)
    return BETTER_SIDE_WEIGHT * better + (1.0 - BETTER_SIDE_WEIGHT) * worse


def similarity(query: str, name: str, lang: str | None = None) -> float:
    """How alike ``query`` and ``name`` are, 0..100, across scripts and spellings.

    ``lang`` is the tag of ``name``; the query is read under every plausible
    reading. See the module's documentation for the scoring.
    """
    best = 0.0
    for q in folded_readings(query, None):
        q_words = q.split()
        for n in folded_readings(name, lang):
            best = max(best, _words_similarity(q_words, n.split()))
            if best == 100.0:
                return best
    return best


def matches(query: str, name: str, lang: str | None = None) -> bool:
    """Whether ``similarity(query, name, lang)`` reaches ``MATCH_THRESHOLD``."""
    return similarity(query, name, lang) >= MATCH_THRESHOLD
