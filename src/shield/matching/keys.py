"""Index keys: what a name is stored under, and what a query looks up.

A name is stored under, for every word of every plausible reading:

- ``"w:<folded word>"``: the word itself; the database side also matches these by
  prefix for type-ahead ("w:gandz" finds "w:gandzasar");
- ``"s:<skeleton>"``: its phonetic skeleton, on which spelling variants and other
  scripts' forms collide ("s:gnJsr" for Gandzasar, Գանձասար, Gəncəsər).

A query is looked up word by word: ``query_keys`` gives, for each query word, the
set of keys any one of which may match, and a name is a candidate when every
query word has a match (intersect across words). Candidates are then ranked and
filtered by ``similarity``.
"""

from __future__ import annotations

from functools import lru_cache

from .folding import folded_readings
from .phonetic import skeleton

WORD_PREFIX = "w:"
SKELETON_PREFIX = "s:"


@lru_cache(maxsize=131072)  # names repeat ("Khachkar", "Mosque"): a large import folds each once
def index_keys(text: str, lang: str | None = None) -> frozenset[str]:
    """The keys to store a name under (see the module's documentation).

    With ``lang`` given the name is read under that language only; with None,
    under every plausible reading of its letters (Latin "Culfa" is stored both as
    "culfa" and, as Azerbaijani typed without diacritics, as "julfa").

    >>> sorted(index_keys("Շուշի"))
    ['s:SS', 'w:shushi']
    """
    keys: set[str] = set()
    for folded in folded_readings(text, lang):
        for word in folded.split():
            keys.add(WORD_PREFIX + word)
            keys.add(SKELETON_PREFIX + skeleton(word))
    return frozenset(keys)


def query_keys(query: str, lang: str | None = None) -> list[set[str]]:
    """For each word of ``query``, the set of keys any one of which should match.

    Each set holds the word's "w:" and "s:" keys under every plausible reading of
    the query; readings that split the query into a different number of words
    than the most likely one are left out.

    >>> [sorted(keys) for keys in query_keys("Şuşa qalası")]
    [['s:SS', 'w:shusha'], ['s:gls', 'w:galasi']]
    """
    readings = folded_readings(query, lang)
    positions: list[set[str]] = [set() for _ in readings[0].split()]
    for folded in readings:
        words = folded.split()
        if len(words) != len(positions):
            continue
        for keys, word in zip(positions, words):
            keys.add(WORD_PREFIX + word)
            keys.add(SKELETON_PREFIX + skeleton(word))
    return positions
