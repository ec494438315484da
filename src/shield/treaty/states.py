"""One identity per State: its ISO 3166-1 alpha-3 code, with names in English and Norwegian.

Pure Python: no Django. The States are package data (``data/states.csv``, written by
``python -m shield.treaty.build_states`` from ISO 3166-1 and CLDR; see ``data/SOURCES.md``),
read once on first use. Every door that takes a State takes a code or any known name:

>>> lookup("Iran (Islamic Republic of)").code
'IRN'
>>> lookup("italia") == lookup("ITA") == lookup("it")
True
>>> named("CYP")
{'en': 'Cyprus (CYP)', 'nb': 'Kypros (CYP)'}

The historical codes a succession needs (SUN, YUG, CSK, DDR, SCG, YMD) are States here too,
marked ``historical``.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from anyascii import anyascii

ALIAS_SEPARATOR = " | "
COLUMNS = ("code", "alpha2", "name_en", "name_nb", "aliases", "historical")


@dataclass(frozen=True)
class State:
    """A State by its ISO 3166-1 alpha-3 code (or the historical code ISO gave it)."""

    code: str
    alpha2: str
    name_en: str
    name_nb: str
    aliases: tuple[str, ...] = ()
    historical: bool = False

    def name(self, lang: str = "en") -> str:
        """The State's name in ``lang`` (Norwegian for 'nb', 'no' and 'nn'; else English)."""
        return self.name_nb if _is_norwegian(lang) else self.name_en

    def label(self, lang: str = "en") -> str:
        """The name and the code, e.g. 'Italia (ITA)'."""
        return f"{self.name(lang)} ({self.code})"

    def named(self) -> dict[str, str]:
        return {"en": self.label("en"), "nb": self.label("nb")}

    def names(self) -> tuple[str, ...]:
        """Every name the State is known by: English, Norwegian, then the aliases."""
        return (self.name_en, self.name_nb, *self.aliases)


class UnknownState(ValueError):
    """No State has this code or name; ``suggestions`` are the closest known States."""

    def __init__(self, text: str, suggestions: tuple[State, ...] = ()):
        self.text = text
        self.suggestions = suggestions
        super().__init__(unknown_message(text, suggestions))


def unknown_message(text: str, suggestions: tuple[State, ...] | None = None) -> str:
    """'unknown State 'Itlay': did you mean Italy (ITA)?' (English; the error of every door)."""
    if suggestions is None:
        suggestions = suggest(text)
    message = f"unknown State {text!r}"
    if suggestions:
        labels = [s.label("en") for s in suggestions]
        either = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"
        return f"{message}: did you mean {either}?"
    return f"{message} (give an ISO 3166-1 alpha-3 code, e.g. ARM, or the State's name)"


def _is_norwegian(lang: str) -> bool:
    return (lang or "").lower()[:2] in {"nb", "no", "nn"}


_NOT_WORD = re.compile(r"[^a-z0-9]+")
_LABELLED = re.compile(r"^(?P<name>.+?)\s*\((?P<code>[A-Za-z]{3})\)$")


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """The key a name is looked up by: ASCII, lower case, words only, without a leading 'the'.

    'Côte d’Ivoire', "cote d'ivoire" and 'COTE-D-IVOIRE' share one key; so do 'Sør-Korea'
    and 'sor korea', and 'The Gambia' and 'Gambia'.
    """
    key = _NOT_WORD.sub(" ", anyascii(str(text)).lower()).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


def read_states(text: str) -> tuple[State, ...]:
    """Parse the CSV format of ``states.csv``; errors name the line."""
    rows = csv.DictReader(io.StringIO(text))
    if tuple(rows.fieldnames or ()) != COLUMNS:
        raise ValueError(f"states header must be {','.join(COLUMNS)}")
    out = []
    for line, row in enumerate(rows, start=2):
        code = row["code"].strip()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError(f"line {line}: code {code!r} is not an alpha-3 code")
        if not row["name_en"].strip() or not row["name_nb"].strip():
            raise ValueError(f"line {line}: {code} needs a name in English and in Norwegian")
        if row["historical"] not in {"true", "false"}:
            raise ValueError(f"line {line}: historical must be true or false")
        aliases = tuple(
            a.strip() for a in row["aliases"].split(ALIAS_SEPARATOR.strip()) if a.strip()
        )
        out.append(
            State(
                code,
                row["alpha2"].strip(),
                row["name_en"].strip(),
                row["name_nb"].strip(),
                aliases,
                row["historical"] == "true",
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def all_states() -> tuple[State, ...]:
    """Every State, in code order (read from package data once)."""
    data = resources.files("shield.treaty").joinpath("data", "states.csv")
    return read_states(data.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _Index:
    by_code: dict[str, State]
    by_alpha2: dict[str, State]
    by_key: dict[str, State]


@lru_cache(maxsize=1)
def _index() -> _Index:
    states = all_states()
    by_code = {s.code: s for s in states}
    alpha2_count: dict[str, int] = {}
    for s in states:
        alpha2_count[s.alpha2] = alpha2_count.get(s.alpha2, 0) + 1
    # A historical alpha-2 code that ISO gave twice (CS) names neither State.
    by_alpha2 = {s.alpha2: s for s in states if s.alpha2 and alpha2_count[s.alpha2] == 1}
    by_key: dict[str, State] = {}
    for s in states:
        for name in s.names():
            key = normalize(name)
            other = by_key.setdefault(key, s)
            if other.code != s.code:
                raise ValueError(f"states.csv: {name!r} names both {other.code} and {s.code}")
    return _Index(by_code, by_alpha2, by_key)


@lru_cache(maxsize=4096)
def lookup(text: str) -> State | None:
    """The State with this alpha-3 or alpha-2 code, name or alias; None if there is none.

    Case, accents and punctuation do not count, nor a leading 'the'. A label as
    :meth:`State.label` writes it ('Italia (ITA)') names its State.
    """
    if isinstance(text, State):
        return text
    raw = str(text or "").strip()
    if not raw:
        return None
    index = _index()
    upper = raw.upper()
    if len(upper) == 3 and upper in index.by_code:
        return index.by_code[upper]
    if len(upper) == 2 and upper in index.by_alpha2:
        return index.by_alpha2[upper]
    found = index.by_key.get(normalize(raw))
    if found is None and (labelled := _LABELLED.match(raw)):  # 'Italia (ITA)', as named() writes it
        state = index.by_code.get(labelled["code"].upper())
        if state is not None and index.by_key.get(normalize(labelled["name"])) == state:
            return state
    return found


def suggest(text: str, limit: int = 3) -> tuple[State, ...]:
    """The States whose names come closest to ``text`` (difflib), best first: those at least
    0.6 alike, and within 0.1 of the closest."""
    key = normalize(str(text or ""))
    if not key:
        return ()
    by_key = _index().by_key
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scored = []
    for candidate in by_key:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            score = matcher.ratio()
            if score >= 0.6:
                scored.append((score, candidate))
    scored.sort(key=lambda sc: (-sc[0], sc[1]))
    out: list[State] = []
    for score, candidate in scored:
        state = by_key[candidate]
        if score >= scored[0][0] - 0.1 and state not in out:
            out.append(state)
    return tuple(out[:limit])


def resolve(text: str) -> State:
    """The State named by ``text`` (as ``lookup``); ``UnknownState`` if there is none."""
    found = lookup(text)
    if found is None:
        raise UnknownState(str(text or "").strip(), suggest(str(text or "")))
    return found


def is_known(code: str) -> bool:
    """Whether ``code`` is a State's alpha-3 code (not a name)."""
    return str(code or "").strip().upper() in _index().by_code


def name(code: str, lang: str = "en") -> str:
    """The name of the State with this code (or name) in ``lang``; ``UnknownState`` if none."""
    return resolve(code).name(lang)


def named(code: str) -> dict[str, str]:
    """``{"en": "Italy (ITA)", "nb": "Italia (ITA)"}``: a State as a refusal names it."""
    return resolve(code).named()
