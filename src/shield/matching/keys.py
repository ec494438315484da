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
from .phonetic import number_skeleton, skeleton

WORD_PREFIX = "w:"
SKELETON_PREFIX = "s:"


def index_keys(text: str, lang: str | None = None) -> frozenset[str]:
    """The keys to store a name under (see the module's documentation).

    With ``lang`` given the name is read under that language only; with None,
    under every plausible reading of its letters (Latin "Culfa" is stored both as
    "culfa" and, as Azerbaijani typed without diacritics, as "julfa").

    >>> sorted(index_keys("Շուշի"))
    ['s:SS', 'w:shushi']
    """
    if lang is not None and text.isascii():
        # ASCII under a given language has one set of readings whatever its letters, and
        # folds character by character, so its keys are those of its words: words repeat
        # where whole names do not ("Church of St George"; numbers), and a large import
        # folds each word once. Numbers never repeat: kept out of the cache, they do not
        # push out the words that do.
        chunks = text.split()
        if len(chunks) > 1:
            return frozenset().union(
                *[_number_keys(c) if c.isdigit() else _name_keys(c, lang) for c in chunks]
            )
    return _name_keys(text, lang)


@lru_cache(maxsize=131072)
def _name_keys(text: str, lang: str | None) -> frozenset[str]:
    keys: set[str] = set()
    for folded in folded_readings(text, lang):
        for word in folded.split():
            keys.add(WORD_PREFIX + word)
            keys.add(SKELETON_PREFIX + skeleton(word))
    return frozenset(keys)


def _number_keys(digits: str) -> frozenset[str]:
    """``_name_keys`` of ASCII digits (their folding is themselves), without caching them."""
    return frozenset((WORD_PREFIX + digits, SKELETON_PREFIX + number_skeleton(digits)))


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
