"""Folding: any script to lower-case ASCII words, language-aware.

``fold`` gives the most likely reading; ``folded_readings`` gives every plausible
one (see ``readings``). Apostrophes and modifier letters are deleted rather than
turned into spaces, since romanizations use them inside words for aspiration or
softness (Ghazanch'ets'ots', L'viv); any other run of non-alphanumerics becomes
one space.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from anyascii import anyascii

from . import armenian, cyrillic, latin
from .readings import CyrillicRules, LatinRules, Reading, readings_for

_CYRILLIC_TABLES: Final[dict[CyrillicRules, dict[str, str]]] = {
    "ru": cyrillic.RUSSIAN,
    "uk": cyrillic.UKRAINIAN,
    "az": cyrillic.AZERBAIJANI_CYRILLIC,
}
_LATIN_TABLES: Final[dict[LatinRules, dict[str, str]]] = {
    "plain": latin.PLAIN,
    "az": {**latin.PLAIN, **latin.AZERBAIJANI},
    "az-unmarked": {**latin.PLAIN, **latin.AZERBAIJANI_UNMARKED},
}


def _table(reading: Reading) -> dict[int, str]:
    letters = {
        **armenian.ARMENIAN_LETTERS,
        **_CYRILLIC_TABLES[reading.cyrillic],
        **_LATIN_TABLES[reading.latin],
    }
    return str.maketrans(letters)


_TABLES: Final[dict[Reading, dict[int, str]]] = {
    Reading(lat, cyr): _table(Reading(lat, cyr))
    for lat in _LATIN_TABLES
    for cyr in _CYRILLIC_TABLES
}
_APOSTROPHES: Final = str.maketrans("", "", "'`")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _finish(ascii_lower: str) -> str:
    return _NON_WORD.sub(" ", ascii_lower.translate(_APOSTROPHES)).strip()


def fold_as(text: str, reading: Reading) -> str:
    """Fold ``text`` under one given reading."""
    if text.isascii():
        lowered = text.lower()
        if reading.latin != "plain":
            lowered = latin.protect_ch(lowered).translate(_TABLES[reading])
        return _finish(lowered)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    lowered = text.replace("İ", "i").lower()
    if armenian.has_armenian(lowered):
        lowered = armenian.apply_context(lowered)
    if reading.cyrillic == "uk":
        lowered = cyrillic.apply_ukrainian_context(lowered)
    if reading.latin != "plain":
        lowered = latin.protect_ch(lowered)
    out = lowered.translate(_TABLES[reading])
    if not out.isascii():
        out = anyascii(out).lower()
    return _finish(out)


@lru_cache(maxsize=16384)
def folded_readings(text: str, lang: str | None = None) -> tuple[str, ...]:
    """``text`` folded under every plausible reading, most likely first, no repeats."""
    seen: dict[str, None] = {}
    for reading in readings_for(text, lang):
        seen.setdefault(fold_as(text, reading), None)
    return tuple(seen)


def fold(text: str, lang: str | None = None) -> str:
    """Lower-case ASCII transliteration of ``text`` under its most likely reading.

    ``lang`` is a BCP 47 tag ('hy', 'az', 'az-Latn', 'ru', 'uk', 'en', ...); with
    None the letters decide. Punctuation becomes spaces, whitespace is collapsed:

    >>> fold("Շուշի"), fold("Şuşa"), fold("Gəncəsər"), fold("Київ")
    ('shushi', 'shusha', 'ganjasar', 'kyiv')
    """
    return folded_readings(text, lang)[0]


def tokens(text: str, lang: str | None = None) -> list[str]:
    """The words of ``fold(text, lang)``."""
    return fold(text, lang).split()
