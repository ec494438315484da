"""Cyrillic script to ASCII: Russian, Ukrainian and Azerbaijani Cyrillic readings.

Russian follows the usual English practice (BGN/PCGN without the "ye"): ш -> sh,
ж -> zh, ч -> ch, щ -> shch, х -> kh, ц -> ts, ё -> e, й -> y, ы -> y, я -> ya,
ю -> yu, ь and ъ dropped. Ukrainian follows the official 2010 national system
(Київ -> kyiv, Чернігів -> chernihiv, Львів -> lviv): г -> h, ґ -> g, и -> y,
і -> i, and є/ї/ю/я/й are ye/yi/yu/ya/y at the start of a word, ie/i/iu/ia/i
elsewhere. Azerbaijani Cyrillic (ә, ғ, ҹ, һ, ҝ, ј, ү, ө) reads as Azerbaijani
Latin does (Гәнҹә -> ganja). Letters not listed (Serbian, Kazakh, ...) are left
to ``anyascii``. Text is expected in lower case.
"""

from __future__ import annotations

import re
from typing import Final

_COMMON: Final[dict[str, str]] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
}

RUSSIAN: Final[dict[str, str]] = dict(_COMMON)

UKRAINIAN: Final[dict[str, str]] = {
    **_COMMON,
    "г": "h",
    "и": "y",
    "й": "i",
    "ї": "i",
    "є": "ie",
    "ю": "iu",
    "я": "ia",
}

AZERBAIJANI_CYRILLIC: Final[dict[str, str]] = {
    **_COMMON,
    "ә": "a",
    "ғ": "gh",
    "ҹ": "j",
    "һ": "h",
    "ҝ": "g",
    "ј": "y",
    "ү": "u",
    "ө": "o",
    "ы": "i",
}

# Letters that tell the language when no tag is given.
UKRAINIAN_ONLY: Final[frozenset[str]] = frozenset("іїєґ")
AZERBAIJANI_ONLY: Final[frozenset[str]] = frozenset("әғҹһҝјүө")
RUSSIAN_ONLY: Final[frozenset[str]] = frozenset("ыэъё")
# Letters read differently by Russian and Ukrainian.
RU_UK_DIFFER: Final[frozenset[str]] = frozenset("гийюяє")

_ANY_CYRILLIC = re.compile("[\u0400-\u04ff\u0500-\u052f]")
_UK_INITIAL = re.compile(r"(?<!\w)([єїюяй])")
_UK_INITIAL_MAP: Final[dict[str, str]] = {"є": "ye", "ї": "yi", "ю": "yu", "я": "ya", "й": "y"}


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` holds any Cyrillic letter."""
    return _ANY_CYRILLIC.search(text) is not None


def apply_ukrainian_context(lowered: str) -> str:
    """Word-initial є/ї/ю/я/й and зг, as the Ukrainian system spells them."""
    text = _UK_INITIAL.sub(lambda m: _UK_INITIAL_MAP[m.group(1)], lowered)
    return text.replace("зг", "zgh")
