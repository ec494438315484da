"""Citations: Art. 11(5), Art. 15(1)(c), Art. 13(2)(c)(ii), Convention Art. 18.

A :class:`Citation` names an article of the Second Protocol (or of the 1954 Convention)
and the path of labels down to a paragraph, sub-paragraph or item. Protocol citations are
checked against the shipped text when they are made, so a citation that exists in code
exists in the treaty; they render their label and their text in English or Norwegian.
Convention citations are labels only: the Convention's text is not shipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from shield.treaty import texts

Instrument = Literal["protocol", "convention"]
CONVENTION_ARTICLES = 40
"""The 1954 Convention has 40 articles."""

_PART = re.compile(r"\(\s*([0-9]+|[a-z]{1,4})\s*\)")
_HEAD = re.compile(
    r"^\s*(?P<conv>(?:the\s+)?(?:convention|conv\.|konvensjonen)\s*,?\s*)?"
    r"(?:(?:arts?|articles?|artikkel)\.?\s*)?(?P<num>[0-9]+)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_NB_PART = re.compile(r"(nr\.|bokstav|punkt)\s*([0-9]+|[a-z]{1,4})\)?", re.IGNORECASE)


class CitationError(ValueError):
    """A citation that cannot be parsed, or that names a part the treaty does not have."""


def _kind(path: tuple[str, ...], index: int) -> str:
    """'paragraph' (digits), 'subparagraph' (letters under an article or a paragraph) or
    'item' (letters, in practice roman numerals, under a sub-paragraph)."""
    label = path[index]
    if label.isdigit():
        return "paragraph"
    if index == 0 or path[index - 1].isdigit():
        return "subparagraph"
    return "item"


@dataclass(frozen=True, order=True)
class Citation:
    """Article ``article``, down the labels in ``path``, of the Protocol or the Convention.

    >>> Citation.parse("Art. 15(1)(c)").label("nb")
    'art. 15 nr. 1 bokstav c)'
    """

    article: int
    path: tuple[str, ...] = ()
    instrument: Instrument = "protocol"

    def __post_init__(self) -> None:
        if not isinstance(self.article, int) or isinstance(self.article, bool):
            raise CitationError(f"article must be an int, got {self.article!r}")
        if not isinstance(self.path, tuple) or not all(isinstance(p, str) and p for p in self.path):
            raise CitationError(f"path must be a tuple of labels, got {self.path!r}")
        if self.instrument == "convention":
            if not 1 <= self.article <= CONVENTION_ARTICLES:
                raise CitationError(
                    f"the Convention has no Article {self.article} (it has Articles 1 to 40)"
                )
            return
        if self.instrument != "protocol":
            raise CitationError(f"unknown instrument {self.instrument!r}")
        try:
            texts.resolve(self.article, self.path)
        except LookupError as exc:
            raise CitationError(f"{self.label()} does not exist: {exc}") from None

    # -- constructors -------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Citation:
        """Parse 'Art. 11(5)', '11(5)', 'Article 13(2)(c)(ii)', 'art. 11 nr. 5',
        'Convention Art. 18'."""
        if not isinstance(text, str):
            raise CitationError(f"cannot parse a citation from {text!r}")
        m = _HEAD.match(text.strip())
        if not m:
            raise CitationError(f"cannot parse a citation from {text!r}; try 'Art. 11(5)'")
        rest = m.group("rest").strip()
        if _NB_PART.search(rest):
            parts = [p.lower() for _, p in _NB_PART.findall(rest)]
            leftover = _NB_PART.sub("", rest).strip()
        else:
            parts = [p.lower() for p in _PART.findall(rest)]
            leftover = _PART.sub("", rest).strip()
        if leftover:
            raise CitationError(f"cannot parse {leftover!r} in citation {text!r}")
        instrument: Instrument = "convention" if m.group("conv") else "protocol"
        return cls(int(m.group("num")), tuple(parts), instrument)

    @classmethod
    def parse_many(cls, text: str) -> tuple[Citation, ...]:
        """Parse a list: 'Convention Arts. 18, 19' or 'Art. 16(1)(a); Art. 16(1)(b)'."""
        m = re.match(r"^\s*((?:the\s+)?convention\s+)?arts?\.?\s*(.*)$", text, re.IGNORECASE)
        prefix = "Convention Art. " if m and m.group(1) else "Art. "
        body = m.group(2) if m else text
        items = [p.strip() for p in re.split(r"[;,]|\band\b|\bog\b", body) if p.strip()]
        return tuple(
            cls.parse(prefix + re.sub(r"^(?:arts?\.?\s*)", "", i, flags=re.IGNORECASE))
            for i in items
        )

    # -- rendering ----------------------------------------------------------------------

    def label(self, lang: Literal["en", "nb"] = "en") -> str:
        """'Art. 13(2)(c)(ii)' in English, 'art. 13 nr. 2 bokstav c) punkt ii' in bokmål."""
        if lang == "en":
            head = "Convention Art." if self.instrument == "convention" else "Art."
            return f"{head} {self.article}" + "".join(f"({p})" for p in self.path)
        if lang != "nb":
            raise CitationError(f"unknown language {lang!r}; use 'en' or 'nb'")
        head = "konvensjonen art." if self.instrument == "convention" else "art."
        words = [f"{head} {self.article}"]
        for i, p in enumerate(self.path):
            kind = _kind(self.path, i)
            if kind == "paragraph":
                words.append(f"nr. {p}")
            elif kind == "subparagraph":
                words.append(f"bokstav {p})")
            else:
                words.append(f"punkt {p}")
        return " ".join(words)

    def text(self, lang: Literal["en", "nb"] = "en") -> str | None:
        """The cited text in ``lang``, with its sub-parts; None for the Convention,
        whose text is not shipped (label only)."""
        if self.instrument == "convention":
            return None
        return texts.render(texts.resolve(self.article, self.path, lang))

    def heading(self, lang: Literal["en", "nb"] = "en") -> str | None:
        """The article's title, e.g. 'Entry into force'; None for the Convention."""
        if self.instrument == "convention":
            return None
        return texts.load_text(lang).articles[self.article].title

    def render(self, lang: Literal["en", "nb"] = "en") -> str:
        """Label and text together, ready to show to a reader."""
        body = self.text(lang)
        return self.label(lang) if body is None else f"{self.label(lang)}: {body}"

    @property
    def kind(self) -> str:
        """'article', 'paragraph', 'subparagraph' or 'item'."""
        return _kind(self.path, len(self.path) - 1) if self.path else "article"

    def __str__(self) -> str:
        return self.label("en")


def cite(text: str) -> Citation:
    """Shorthand for :meth:`Citation.parse`: ``cite("11(5)")``."""
    return Citation.parse(text)
