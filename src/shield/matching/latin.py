"""Latin script: the Azerbaijani (and Turkish) reading and the plain reading.

Azerbaijani Latin reads ş -> sh, ç -> ch, c -> j, ə -> a, ğ -> gh, x -> kh, ı -> i,
ö -> o, ü -> u, q -> g, j -> zh (Gəncəsər -> ganjasar, Şuşa -> shusha,
Qazançı -> gazanchi, Ağdam -> aghdam). Turkish shares the letters it has.
Because c, x, q and j change meaning, this table is used only when the text is
Azerbaijani (tag ``az``/``tr`` or one of its own letters). "ch" is kept as it is
(see ``protect_ch``): native spelling never writes it, English spelling does.

Latin text with no Azerbaijani letter but with c, x or q may be Azerbaijani
typed without diacritics ("Culfa", "Qazanci"): the unmarked reading changes only
c -> j, x -> kh and q -> g, and is tried second, after the plain one.

The plain reading is ``anyascii`` with a few fixes where it drops a sound that the
English spelling keeps: š -> sh, č -> ch, ž -> zh, ș -> sh, ț -> ts, ć -> ch,
đ -> dj (Croatian, Czech, Romanian, Baltic). Text is expected in lower case.
"""

from __future__ import annotations

from typing import Final

AZERBAIJANI: Final[dict[str, str]] = {
    "ə": "a",
    "ä": "a",  # the 1990s spelling of ə
    "ş": "sh",
    "ç": "ch",
    "c": "j",
    "ğ": "gh",
    "x": "kh",
    "ı": "i",
    "ö": "o",
    "ü": "u",
    "q": "g",
    "j": "zh",
    "\u0307": "",  # combining dot left by lower-casing İ
}

AZERBAIJANI_UNMARKED: Final[dict[str, str]] = {"c": "j", "x": "kh", "q": "g", "ç": "ch"}

PLAIN: Final[dict[str, str]] = {
    "š": "sh",
    "č": "ch",
    "ž": "zh",
    "ș": "sh",
    "ş": "sh",
    "ț": "ts",
    "ţ": "ts",
    "ć": "ch",
    "đ": "dj",
    "\u0307": "",
}

# Letters that only Azerbaijani or Turkish writes: their presence makes the
# Azerbaijani reading the only one (İ is already "i̇" once lower-cased).
AZERBAIJANI_STRONG: Final[frozenset[str]] = frozenset("əƏıİğĞşŞ")
# ç is Azerbaijani too, but also French, Portuguese, Catalan and Albanian:
# alone it makes the Azerbaijani reading the first of two.
AZERBAIJANI_WEAK: Final[frozenset[str]] = frozenset("çÇ")
# Letters the Azerbaijani reading changes: plain-Latin text holding one of them
# (typed without diacritics, "Culfa", "Qazanci") gets the Azerbaijani reading second.
AZERBAIJANI_CHANGES: Final[frozenset[str]] = frozenset("cxqCXQ")


def protect_ch(lowered: str) -> str:
    """Keep an English "ch" from becoming "jh" under the Azerbaijani reading."""
    return lowered.replace("ch", "ç") if "ch" in lowered else lowered
