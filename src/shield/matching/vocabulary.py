"""Object types and materials across languages: text to concept ids.

Pure Python, no Django. The vocabulary (``data/heritage_vocabulary.json``, with its sources)
names each concept by a pivot id (the Getty AAT's where it has a settled one, ``aat:<id>``;
otherwise ``shield:<name>``) and its labels in English, French, German, Russian, Ukrainian,
Armenian, Azerbaijani and Arabic. Text in any of them, in any script, is folded
(:func:`shield.matching.fold`, every plausible reading) and its words looked up: "бронзовая
ваза", "vase en bronze" and "Bronzevase"'s neighbours "Vase, Bronze" all give the concepts
of a vase and of bronze.

A label ``word*`` matches a folded word that begins with the folded stem; a label of several
words matches as a phrase; a label of one to three letters only in text of its own language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

from .folding import folded_readings

Kind = Literal["object_type", "material"]
SHORT: Final[int] = 3


@dataclass(frozen=True)
class Concept:
    id: str
    kind: Kind
    term: str


@dataclass(frozen=True)
class _Index:
    words: dict[str, frozenset[str]]  # folded word -> concept ids
    stems: dict[int, dict[str, frozenset[str]]]  # stem length -> folded stem -> concept ids
    phrases: dict[str, frozenset[str]]  # " folded phrase " -> concept ids
    short: dict[tuple[str, str], frozenset[str]]  # (lang, folded word) -> concept ids


@dataclass(frozen=True, eq=False)  # hashed by identity: one per process (load)
class Vocabulary:
    version: str
    concepts: dict[str, Concept]
    sources: tuple[str, ...]
    indexes: dict[str, _Index]  # by kind

    def is_label_word(self, word: str) -> bool:
        """Whether a word already folded (lower-case ASCII) is, or begins with, a one-word
        label of any concept of either kind (short labels in any language)."""
        return _is_label_word(self, word)

    def find(self, text: str, kind: Kind, lang: str | None = None) -> tuple[str, ...]:
        """The concept ids of ``kind`` that ``text`` names, sorted, no repeats."""
        if not text or not text.strip():
            return ()
        return _find(self, text, kind, (lang or "").split("-")[0].lower())


def _add(table: dict[str, set[str]], key: str, cid: str) -> None:
    table.setdefault(key, set()).add(cid)


def _freeze(table: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def load() -> Vocabulary:
    """The vocabulary shipped with the engine."""
    raw = json.loads(
        resources.files("shield.matching")
        .joinpath("data/heritage_vocabulary.json")
        .read_text(encoding="utf-8")
    )
    concepts: dict[str, Concept] = {}
    tables: dict[
        str,
        tuple[
            dict[str, set[str]],
            dict[int, dict[str, set[str]]],
            dict[str, set[str]],
            dict[tuple[str, str], set[str]],
        ],
    ] = {
        "object_type": ({}, {}, {}, {}),
        "material": ({}, {}, {}, {}),
    }
    for c in raw["concepts"]:
        cid, kind = str(c["id"]), str(c["kind"])
        concepts[cid] = Concept(cid, "material" if kind == "material" else "object_type", c["term"])
        words, stems, phrases, short = tables[kind]
        for lang, labels in c["labels"].items():
            for label in labels:
                stem = label.endswith("*")
                text = label.rstrip("*")
                for folded in {*folded_readings(text, lang), *folded_readings(text)}:
                    if not folded:
                        continue
                    if " " in folded:
                        _add(phrases, f" {folded} ", cid)
                    elif stem:
                        stems.setdefault(len(folded), {}).setdefault(folded, set()).add(cid)
                    elif len(folded) <= SHORT:
                        short.setdefault((lang, folded), set()).add(cid)
                    else:
                        _add(words, folded, cid)
                    if (
                        lang == "ar" and not stem and " " not in folded
                    ):  # the article al- folds to l
                        _add(words, "l" + folded, cid)
    indexes = {
        kind: _Index(
            _freeze(words),
            {n: _freeze(t) for n, t in stems.items()},
            _freeze(phrases),
            {k: frozenset(v) for k, v in short.items()},
        )
        for kind, (words, stems, phrases, short) in tables.items()
    }
    sources = tuple(str(s["title"]) for s in raw["sources"])
    return Vocabulary(str(raw["version"]), concepts, sources, indexes)


@lru_cache(maxsize=65536)
def _find(vocab: Vocabulary, text: str, kind: Kind, lang: str) -> tuple[str, ...]:
    index = vocab.indexes[kind]
    found: set[str] = set()
    for folded in folded_readings(text, lang or None):
        padded = f" {folded} "
        for phrase, ids in index.phrases.items():
            if phrase in padded:
                found |= ids
        for word in folded.split():
            hit = index.words.get(word)
            if hit:
                found |= hit
            if len(word) <= SHORT:
                hit = index.short.get((lang, word))
                if hit:
                    found |= hit
            for n, table in index.stems.items():
                if len(word) >= n:
                    hit = table.get(word[:n])
                    if hit:
                        found |= hit
    return tuple(sorted(found))


@lru_cache(maxsize=262144)
def _is_label_word(vocab: Vocabulary, word: str) -> bool:
    for index in vocab.indexes.values():
        if word in index.words:
            return True
        if len(word) <= SHORT and any(w == word for _lang, w in index.short):
            return True
        for n, table in index.stems.items():
            if len(word) >= n and word[:n] in table:
                return True
    return False
