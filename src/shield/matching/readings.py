"""Which transliteration rules ("readings") apply to a text.

A reading is a choice of rules for the Latin letters and for the Cyrillic letters;
Armenian is always read as Eastern Armenian, other scripts by ``anyascii``. A
language tag picks one reading for the script it names; with no tag the letters
decide, and where they leave it open (Latin "Culfa": English or Azerbaijani typed
without diacritics? Cyrillic "Луганськ": Russian or Ukrainian?) every plausible
reading is returned, the most likely first.
"""

from __future__ import annotations

import re
from itertools import product
from typing import Final, Literal, NamedTuple

from . import cyrillic, latin

LatinRules = Literal["plain", "az", "az-unmarked"]
CyrillicRules = Literal["ru", "uk", "az"]


class Reading(NamedTuple):
    """The rules for Latin letters and for Cyrillic letters."""

    latin: LatinRules
    cyrillic: CyrillicRules


PRIMARY: Final = Reading("plain", "ru")

# Languages written in Cyrillic whose letters the Russian table covers well enough.
_RUSSIAN_LIKE: Final[frozenset[str]] = frozenset(
    {"ru", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn", "tt", "ba", "cv", "os", "ce", "ab"}
)
_TURKIC_LATIN: Final[frozenset[str]] = frozenset({"az", "tr"})
_TAG_SPLIT = re.compile(r"[-_]")


def primary_subtag(lang: str | None) -> str | None:
    """The language of a BCP 47 tag, lower-cased: 'az-Latn-AZ' -> 'az'; '' -> None."""
    if not lang:
        return None
    return _TAG_SPLIT.split(lang.strip(), maxsplit=1)[0].lower() or None


def latin_rules(text: str, language: str | None) -> tuple[LatinRules, ...]:
    """The readings of the Latin letters of ``text``, most likely first."""
    if language in _TURKIC_LATIN:
        return ("az",)
    if language is not None:
        return ("plain",)
    if not latin.AZERBAIJANI_STRONG.isdisjoint(text):
        return ("az",)
    if not latin.AZERBAIJANI_WEAK.isdisjoint(text):
        return ("az", "plain")
    if not latin.AZERBAIJANI_CHANGES.isdisjoint(text):
        return ("plain", "az-unmarked")
    return ("plain",)


def cyrillic_rules(text: str, language: str | None) -> tuple[CyrillicRules, ...]:
    """The readings of the Cyrillic letters of ``text``, most likely first."""
    if language == "az":
        return ("az",)
    if language == "uk":
        return ("uk",)
    if language in _RUSSIAN_LIKE:
        return ("ru",)
    if not cyrillic.has_cyrillic(text):
        return ("ru",)
    lowered = text.lower()
    if not cyrillic.UKRAINIAN_ONLY.isdisjoint(lowered):
        return ("uk",)
    if not cyrillic.AZERBAIJANI_ONLY.isdisjoint(lowered):
        return ("az",)
    if not cyrillic.RUSSIAN_ONLY.isdisjoint(lowered):
        return ("ru",)
    if not cyrillic.RU_UK_DIFFER.isdisjoint(lowered):
        return ("ru", "uk")
    return ("ru",)


def readings_for(text: str, lang: str | None = None) -> tuple[Reading, ...]:
    """Every plausible reading of ``text`` under tag ``lang``, the most likely first."""
    if text.isascii():
        if lang is None and not latin.AZERBAIJANI_CHANGES.isdisjoint(text):
            return (PRIMARY, Reading("az-unmarked", "ru"))
        language = primary_subtag(lang)
        return (Reading("az", "ru"),) if language in _TURKIC_LATIN else (PRIMARY,)
    language = primary_subtag(lang)
    return tuple(
        Reading(lat, cyr)
        for lat, cyr in product(latin_rules(text, language), cyrillic_rules(text, language))
    )
