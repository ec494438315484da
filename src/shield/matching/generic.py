"""Generic words of heritage names, folded, each with the concept it names.

"Gandzasar Monastery" and "Գանձասարի վանք" differ in the generic word only by
language, and "Church of St John" and "Church of St Gregory" share nothing but
generic words: ``similarity`` counts these words for less, and scores two of
them naming one concept ("fortress", "qalası" -> "galasi", "крепость" ->
"krepost") as equal. Words are as ``fold`` gives them.
"""

from __future__ import annotations

from typing import Final

_CONCEPTS: Final[dict[str, tuple[str, ...]]] = {
    "church": (
        "church", "cathedral", "chapel", "basilica", "yekeghetsi", "yekeghetsin",
        "yekeghetsu", "tachar", "tserkov", "tserkva", "sobor", "kilsa", "kilsasi",
        "kilise", "kilisesi", "eklesia", "eglise",
    ),
    "monastery": (
        "monastery", "vank", "vanq", "vang", "monastyr", "monastir", "convent", "abbey",
        "lavra", "monastiri",
    ),
    "fortress": (
        "fortress", "fort", "castle", "citadel", "berd", "gala", "galasi", "kale",
        "kalesi", "krepost", "fortetsia", "tsikhe",
    ),
    "mosque": ("mosque", "jami", "jamisi", "masjid", "masjidi", "mechet", "mosquee"),
    "city": ("city", "town", "gorod", "misto", "shahar", "shahri", "kaghak", "ville"),
    "village": ("village", "selo", "kand", "kandi", "gyugh", "kendi"),
    "bridge": ("bridge", "most", "korpu", "korpusu", "kamurj", "pont"),
    "tomb": ("tomb", "mausoleum", "turba", "turbasi", "mavzoley", "dambaran"),
    "saint": ("st", "saint", "surb", "holy", "sveti", "svyatoy", "sv"),
    "ruins": ("ruins", "site", "complex", "archaeological", "old", "ancient"),
    "museum": ("museum", "muzey", "tangaran", "muzeyi"),
    "palace": ("palace", "sarayi", "saray", "palats", "dvorets", "palat"),
    "gate": ("gate", "darvaza", "darvazasi", "vorota"),
    "tower": ("tower", "bashnya", "ashtarak"),
    "cemetery": ("cemetery", "gerezmanatun", "kladbishche", "gabiristanligi"),
}  # fmt: skip

# particles and kinds without synonyms here: each is its own concept
_SINGLES: Final[tuple[str, ...]] = (
    "of", "the", "and", "at", "in", "on", "de", "la", "le", "les", "du", "des", "del",
    "di", "da", "der", "die", "das", "von", "al", "el", "i",
    "khachkar", "caravanserai", "bath", "baths", "hamam", "temple", "shrine",
)  # fmt: skip

GENERIC_WORDS: Final[dict[str, str]] = {
    **{word: concept for concept, words in _CONCEPTS.items() for word in words},
    **{word: word for word in _SINGLES},
}
"""Folded generic word -> the concept it names."""
