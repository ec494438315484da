"""Armenian script to ASCII, after Eastern Armenian conventions (BGN/PCGN-like).

``anyascii`` alone turns Շուշի into "Showshi" and Գյումրի into "Gyowmri"; the
spellings people actually write are "Shushi" and "Gyumri". The rules here:

- the digraph ու is one vowel, "u" (Շուշի -> shushi);
- ե is "ye" at the start of a word and after a vowel, else "e" (Երևան -> yerevan);
- ո is "vo" at the start of a word, else "o" (Ոսկեվազ -> voskevaz);
- և is "ev", "yev" at the start of a word;
- no apostrophes for aspiration: թ/տ -> t, փ/պ -> p, ք/կ -> k, ց/ծ -> ts, չ/ճ -> ch;
- ձ -> dz, ջ -> j, ժ -> zh, շ -> sh, ղ -> gh, խ -> kh, ը -> y.

Text is expected in lower case (``str.lower`` maps Armenian capitals); the table
covers only lower-case letters, the ligatures and the Armenian punctuation.
"""

from __future__ import annotations

import re
from typing import Final

ARMENIAN_LETTERS: Final[dict[str, str]] = {
    "ա": "a",
    "բ": "b",
    "գ": "g",
    "դ": "d",
    "ե": "e",
    "զ": "z",
    "է": "e",
    "ը": "y",
    "թ": "t",
    "ժ": "zh",
    "ի": "i",
    "լ": "l",
    "խ": "kh",
    "ծ": "ts",
    "կ": "k",
    "հ": "h",
    "ձ": "dz",
    "ղ": "gh",
    "ճ": "ch",
    "մ": "m",
    "յ": "y",
    "ն": "n",
    "շ": "sh",
    "ո": "o",
    "չ": "ch",
    "պ": "p",
    "ջ": "j",
    "ռ": "r",
    "ս": "s",
    "վ": "v",
    "տ": "t",
    "ր": "r",
    "ց": "ts",
    "ւ": "v",
    "փ": "p",
    "ք": "k",
    "և": "ev",
    "օ": "o",
    "ֆ": "f",
    # ligatures (Alphabetic Presentation Forms)
    "ﬓ": "mn",
    "ﬔ": "me",
    "ﬕ": "mi",
    "ﬖ": "vn",
    "ﬗ": "mkh",
    # marks written inside a word: deleted
    "՚": "",  # apostrophe
    "՛": "",  # emphasis mark
    "՜": "",  # exclamation mark
    "՞": "",  # question mark
    "՟": "",  # abbreviation mark
    # punctuation between words: a space
    "՝": " ",  # comma
    "։": " ",  # full stop
    "֊": " ",  # hyphen
}

_VOWELS = "աեէըիոօu"  # "u" stands for ու once the digraph is replaced

_U = re.compile("ու")
_YE = re.compile(rf"(?:(?<!\w)|(?<=[{_VOWELS}]))ե")
_VO = re.compile(r"(?<!\w)ո")
_YEV = re.compile(r"(?<!\w)և")


def has_armenian(text: str) -> bool:
    """Whether ``text`` holds any letter of the Armenian block or ligature."""
    return _ANY_ARMENIAN.search(text) is not None


_ANY_ARMENIAN = re.compile("[\u0531-\u058f\ufb13-\ufb17]")


def apply_context(lowered: str) -> str:
    """Apply the rules that depend on a letter's place in the word.

    Leaves the remaining letters for the translation table.
    """
    text = _U.sub("u", lowered)
    text = _YE.sub("ye", text)
    text = _VO.sub("vo", text)
    return _YEV.sub("yev", text)
