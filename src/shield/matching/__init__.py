"""Names across scripts: transliteration, phonetic keys and similarity.

Pure Python, no Django, no I/O. A cultural property is found by any of its names
in any script: "Gandzasar", "Գանձասար" and "Gəncəsər" are one monastery;
"Shushi", "Shusha", "Şuşa", "Шуша" and "Շուշի" one town.

- ``fold(text, lang)``: lower-case ASCII words under the most likely reading
  (Eastern Armenian, Azerbaijani, Russian/Ukrainian rules; ``anyascii`` for the rest);
- ``tokens(text, lang)``: its words;
- ``skeleton(word)``: a phonetic key on which spelling variants collide;
- ``index_keys(text, lang)`` / ``query_keys(query)``: keys to store names under
  and to look queries up by;
- ``similarity(query, name, lang)`` (0..100) and ``matches``, with
  ``MATCH_THRESHOLD``: to rank candidates and filter out false ones.
"""

from .folding import fold, folded_readings, tokens
from .keys import index_keys, query_keys
from .phonetic import skeleton
from .scoring import MATCH_THRESHOLD, matches, similarity

__all__ = [
    "MATCH_THRESHOLD",
    "fold",
    "folded_readings",
    "index_keys",
    "matches",
    "query_keys",
    "similarity",
    "skeleton",
    "tokens",
]
