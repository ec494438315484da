"""External identifiers of a record: its number in another register, typed by that register.

Four schemes, each with its own check (``check``) and canonical spelling:

- ``whc``: the World Heritage List's id of a property (UNESCO World Heritage Centre): a number,
  optionally followed by the suffix the List gives an extended or renominated property
  ("1234", "208bis", "1133ter"); written in lower case.
- ``wikidata``: a Wikidata item, "Q" and its number ("Q42"); a pasted item URL is read too.
- ``national``: a State's own inventory number, with the issuing State (ISO 3166-1 alpha-3):
  free text of a State's own making, so only its length and characters are checked.
- ``interpol``: the reference of an item in INTERPOL's Stolen Works of Art database. INTERPOL
  publishes no format for it, so the check is structural (letters, digits and the separators
  ``/ - .``, with at least one digit), in upper case.

Two records may hold the same identifier (a serial World Heritage property's components each
carry its id); one record holds each (scheme, State, value) once. Nothing here touches the
database: ``validation`` cleans a record's identifiers with ``check``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

WHC, WIKIDATA, NATIONAL, INTERPOL = "whc", "wikidata", "national", "interpol"
SCHEMES = (WHC, WIKIDATA, NATIONAL, INTERPOL)
VALUE_MAX = 100
SOURCE_MAX = 300

_WHC = re.compile(r"^[1-9][0-9]{0,4}(bis|ter|quater|quinquies|sexies)?$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]{0,11}$")
_WIKIDATA_URL = re.compile(r"^https?://(?:www\.|m\.)?wikidata\.org/(?:wiki|entity)/(Q[0-9]+)/?$")
_INTERPOL = re.compile(r"^[A-Z0-9][A-Z0-9/.\-]{1,39}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Checked(NamedTuple):
    """An identifier's value in its canonical spelling, or why it is not one ("" when it is)."""

    value: str
    problem: str


def check(scheme: str, raw: object) -> Checked:
    """The canonical value of ``raw`` under ``scheme``, or the reason it is none."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return Checked("", "is required")
    if len(text) > VALUE_MAX:
        return Checked(text, f"is longer than {VALUE_MAX} characters")
    if scheme == WHC:
        value = text.lower()
        if _WHC.match(value):
            return Checked(value, "")
        return Checked(
            text,
            f"{text!r} is not a World Heritage List id (a number, optionally with its "
            "suffix: '1234', '208bis')",
        )
    if scheme == WIKIDATA:
        url = _WIKIDATA_URL.match(text)
        value = (url.group(1) if url else text).upper()
        if _WIKIDATA.match(value):
            return Checked(value, "")
        return Checked(text, f"{text!r} is not a Wikidata item id ('Q' and a number: 'Q42')")
    if scheme == INTERPOL:
        value = text.upper()
        if _INTERPOL.match(value) and any(c.isdigit() for c in value):
            return Checked(value, "")
        return Checked(
            text,
            f"{text!r} is not an INTERPOL reference (2 to 40 letters, digits and / - ., "
            "with a digit)",
        )
    if scheme == NATIONAL:
        if _CONTROL.search(text):
            return Checked(text, f"{text!r} holds a control character")
        return Checked(text, "")
    return Checked(text, f"{scheme!r} is not one of: {', '.join(SCHEMES)}")


def needs_state(scheme: str) -> bool:
    """Whether an identifier of ``scheme`` names its issuing State (a national inventory's)."""
    return scheme == NATIONAL


def link(scheme: str, value: str) -> str:
    """The public page of the identifier, where its register has public pages ("" where not:
    a national inventory's pages differ by State; INTERPOL's database is for its users)."""
    if scheme == WHC:
        return f"https://whc.unesco.org/en/list/{value}"
    if scheme == WIKIDATA:
        return f"https://www.wikidata.org/wiki/{value}"
    return ""


def search_key(scheme: str, value: str, state: str = "") -> str:
    """What the search index holds of an identifier: its scheme, State (national ones) and
    canonical value, lower-cased (``parse_query`` reads a query into the same form)."""
    return f"{scheme}:{state.lower() + ':' if state else ''}{value.lower()}"


def parse_query(text: str) -> list[str]:
    """The search keys an identifier typed in a search box may stand for: ``scheme:value``
    ("wikidata:Q42", "whc:848", "national:ARM:5.1.2", "interpol:2019/1234") exactly; a bare
    Wikidata id ("Q42") or item URL; a bare value under any scheme it is valid in (a national
    id only with its scheme and State). [] when it can be no identifier."""
    text = text.strip()
    if not text or len(text) > VALUE_MAX + 20 or " " in text:
        return []
    head, sep, rest = text.partition(":")
    scheme = head.lower()
    if sep and scheme in SCHEMES:
        if scheme == NATIONAL:
            state, sep2, value = rest.partition(":")
            if not sep2 or not _is_alpha3(state):
                return []
            got = check(NATIONAL, value)
            return [search_key(NATIONAL, got.value, state.upper())] if not got.problem else []
        got = check(scheme, rest)
        return [search_key(scheme, got.value)] if not got.problem else []
    keys = []
    for scheme in (WHC, WIKIDATA, INTERPOL):
        got = check(scheme, text)
        if not got.problem:
            keys.append(search_key(scheme, got.value))
    return keys


def parse_filter(text: str) -> tuple[list[str], str]:
    """The search keys of an ``identifier`` filter (``scheme:value``; a national one
    ``national:STATE:value``), or why it is none."""
    head, sep, _rest = text.strip().partition(":")
    if not sep or head.lower() not in SCHEMES:
        return [], (
            f"{text[:60]!r} is not scheme:value (schemes: {', '.join(SCHEMES)}; a national id "
            "as national:STATE:value)"
        )
    keys = parse_query(text)
    if not keys:
        return [], f"{text[:60]!r} is not a valid {head.lower()} identifier"
    return keys, ""


def _is_alpha3(text: str) -> bool:
    return len(text) == 3 and text.isascii() and text.isalpha()
