"""The Second Protocol's text as data (English and Norwegian bokmål).

The texts ship as package data (``data/protocol_en.json``, ``data/protocol_nb.json``),
written by :mod:`shield.treaty.build_texts` from the seed documents. They are read once,
on first use, and kept in memory; nothing here touches the disk after that.

Every article is a tree: the article's own text (its chapeau) and its children, which are
paragraphs ("1."), sub-paragraphs ("a.", "(a)", "a)") and items ("i.", "(i)"). A node is
addressed by its article number and the labels on the way down, e.g. ``(13, ("2", "c",
"ii"))`` for Art. 13(2)(c)(ii).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

TextLang = Literal["en", "nb"]
ARTICLE_COUNT = 47
"""The Protocol has 47 articles (Art. 1 to Art. 47)."""


@dataclass(frozen=True)
class Provision:
    """A paragraph, sub-paragraph or item: its label ('5', 'c', 'ii'), its printed mark
    ('5.', '(c)', 'ii.'), its own text and its children."""

    label: str
    mark: str
    text: str
    children: tuple[Provision, ...] = ()

    def child(self, label: str) -> Provision | None:
        return next((c for c in self.children if c.label == label), None)


@dataclass(frozen=True)
class Article:
    """One article: number, chapter, title, chapeau text and children."""

    number: int
    chapter: str
    chapter_title: str
    title: str
    text: str
    children: tuple[Provision, ...] = ()

    def child(self, label: str) -> Provision | None:
        return next((c for c in self.children if c.label == label), None)


@dataclass(frozen=True)
class ProtocolText:
    """The whole text in one language, with the document it was taken from."""

    language: str
    instrument: str
    title: str
    source: dict[str, str]
    preamble: tuple[str, ...]
    articles: dict[int, Article]
    closing: tuple[str, ...]
    notes: tuple[str, ...]


def _provision(raw: dict[str, Any]) -> Provision:
    return Provision(
        label=raw["label"],
        mark=raw["mark"],
        text=raw["text"],
        children=tuple(_provision(c) for c in raw.get("children", ())),
    )


def _article(raw: dict[str, Any]) -> Article:
    return Article(
        number=int(raw["number"]),
        chapter=str(raw["chapter"]),
        chapter_title=raw["chapter_title"],
        title=raw["title"],
        text=raw["text"],
        children=tuple(_provision(c) for c in raw.get("children", ())),
    )


def _text_from_json(raw: dict[str, Any]) -> ProtocolText:
    """Build a :class:`ProtocolText` from the JSON structure ``build_texts`` writes."""
    articles = {a.number: a for a in (_article(r) for r in raw["articles"])}
    return ProtocolText(
        language=raw["language"],
        instrument=raw["instrument"],
        title=raw["title"],
        source=dict(raw["source"]),
        preamble=tuple(raw.get("preamble", ())),
        articles=articles,
        closing=tuple(raw.get("closing", ())),
        notes=tuple(raw.get("notes", ())),
    )


@cache
def load_text(lang: TextLang = "en") -> ProtocolText:
    """The Protocol in ``lang`` ('en' or 'nb'), read from package data once."""
    if lang not in ("en", "nb"):
        raise ValueError(f"no text in language {lang!r}; the Protocol ships in 'en' and 'nb'")
    data = resources.files("shield.treaty").joinpath("data", f"protocol_{lang}.json")
    return _text_from_json(json.loads(data.read_text(encoding="utf-8")))


Node = Article | Provision


def resolve(article: int, path: tuple[str, ...], lang: TextLang = "en") -> Node:
    """The node at ``article`` / ``path``; :class:`LookupError` says what exists instead."""
    text = load_text(lang)
    node: Node | None = text.articles.get(article)
    if node is None:
        raise LookupError(f"the Protocol has no Article {article} (it has Articles 1 to 47)")
    walked = f"Article {article}"
    for label in path:
        child = node.child(label)
        if child is None:
            have = ", ".join(c.label for c in node.children)
            what = f"its parts are ({have})" if have else "it has no numbered parts"
            raise LookupError(f"{walked} has no part ({label}): {what}")
        node = child
        walked += f"({label})"
    return node


def render(node: Node, depth: int = 0) -> str:
    """The node's text with its children, one line per part, marks as printed."""
    pad = "  " * depth
    if isinstance(node, Article):
        head = node.text
    else:
        head = f"{pad}{node.mark} {node.text}".rstrip()
    lines = [head] if head else []
    lines.extend(render(child, depth + 1 if head else depth) for child in node.children)
    return "\n".join(lines)
