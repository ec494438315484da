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

Instrument = Literal["protocol", "convention", "first_protocol", "unesco_1970", "unga_76_16"]
CONVENTION_ARTICLES = 40
"""The 1954 Convention has 40 articles."""


@dataclass(frozen=True)
class OtherInstrument:
    """An instrument cited by label only (its text is not shipped): the prefix a citation of
    it is written with, its labels in English and bokmål, the word for its parts, and how
    many it has (an upper bound where marked)."""

    key: str
    prefix: str
    en: str
    nb: str
    part_en: str
    part_nb: str
    parts: int


OTHER_INSTRUMENTS: dict[str, OtherInstrument] = {
    # The First Protocol to the 1954 Convention (The Hague, 14 May 1954): 15 numbered paragraphs.
    "first_protocol": OtherInstrument(
        "first_protocol", "First Protocol", "First Protocol", "første protokoll", "para.", "nr.", 15
    ),
    # The UNESCO Convention on the Means of Prohibiting and Preventing the Illicit Import,
    # Export and Transfer of Ownership of Cultural Property (Paris, 14 November 1970): 26 articles.
    "unesco_1970": OtherInstrument(
        "unesco_1970", "1970 Convention", "1970 Convention", "1970-konvensjonen", "Art.", "art.", 26
    ),
    # UN General Assembly resolution 76/16 (6 December 2021), Return or restitution of cultural
    # property to the countries of origin: operative paragraphs, cited by number (the count is
    # an upper bound: the text is not shipped, so a paragraph number is not checked against it).
    "unga_76_16": OtherInstrument(
        "unga_76_16",
        "Resolution 76/16",
        "UNGA res. 76/16",
        "FNs generalforsamlings resolusjon 76/16",
        "para.",
        "nr.",
        40,
    ),
}
_OTHER = re.compile(
    r"^\s*(?P<prefix>"
    + "|".join(re.escape(o.prefix) for o in OTHER_INSTRUMENTS.values())
    + r")\s*,?\s*(?:art\.?|para\.?|paras?\.)?\s*(?P<num>[0-9]+)\s*(?P<rest>.*?)\s*$",
    re.IGNORECASE,
)

_PART = re.compile(r"\(\s*([0-9]+|[a-z]{1,4})\s*\)")
_HEAD = re.compile(
    r"^\s*(?P<conv>(?:the\s+)?(?:convention|conv\.|konvensjonen)\s*,?\s*)?"
    r"(?:(?:arts?|articles?|artikkel|artiklene)\.?\s*)?(?P<num>[0-9]+)\s*(?P<rest>.*?)"
    r"(?P<tail>\s*,?\s*(?:i|of)\s+(?:konvensjonen|the\s+convention)|\s*,?\s*i\s+denne\s+protokoll(?:en)?)?\s*$",
    re.IGNORECASE,
)
_NB_PART = re.compile(r"(nr\.|bokstav|punkt)\s*([0-9]+|[a-z]{1,4})\)?", re.IGNORECASE)


_CONVENTION_TAIL = re.compile(
    r"\s*,?\s*(?:i\s+konvensjonen|of\s+the\s+convention)\b", re.IGNORECASE
)
_PROTOCOL_TAIL = re.compile(r"\s*,?\s*i\s+denne\s+protokoll(?:en)?\b", re.IGNORECASE)
_SEPARATOR = re.compile(
    r"\s*(?:[;,]|\band\b|\bog\b)\s*|\s*(\bto\b|\btil\b|(?<=[0-9)])\s*[-–]\s*(?=[0-9(a-z]))\s*",
    re.IGNORECASE,
)
_RANGE_WORD = re.compile(r"to|til|[-–]", re.IGNORECASE)


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
        other = OTHER_INSTRUMENTS.get(self.instrument)
        if other is not None:
            if not 1 <= self.article <= other.parts:
                raise CitationError(
                    f"{other.en} has no {other.part_en} {self.article} (it has 1 to {other.parts})"
                )
            return
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
        other = _OTHER.match(text)
        if other is not None:
            key = next(
                o.key
                for o in OTHER_INSTRUMENTS.values()
                if o.prefix.lower() == other.group("prefix").lower()
            )
            parts = [p.lower() for p in _PART.findall(other.group("rest"))]
            if _PART.sub("", other.group("rest")).strip():
                raise CitationError(f"cannot parse {other.group('rest')!r} in citation {text!r}")
            return cls(int(other.group("num")), tuple(parts), key)  # type: ignore[arg-type]
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
        tail = (m.group("tail") or "").lower()
        instrument: Instrument = (
            "convention"
            if m.group("conv") or "konvensjonen" in tail or "convention" in tail
            else "protocol"
        )
        try:
            return cls(int(m.group("num")), tuple(parts), instrument)
        except CitationError:
            if instrument == "convention" or not parts or parts[0].isdigit():
                raise
            # The treaty's own usage: "Article 15 sub-paragraphs (a) to (c)" (Art. 16(1)(c)),
            # "artikkel 15 bokstav a) til c)": the sub-paragraphs of the article's paragraph 1.
            return cls(int(m.group("num")), ("1", *parts), instrument)

    @classmethod
    def parse_many(cls, text: str) -> tuple[Citation, ...]:
        """Parse a list or a range, in English or in the Norwegian text's own forms:
        'Convention Arts. 18, 19', 'Art. 16(1)(a); Art. 16(1)(b)', 'Arts. 5-9',
        'Art. 15(1)(a)-(c)', 'artikkel 18 og 19 i konvensjonen',
        'artikkel 15 nr. 1 bokstav a) til c)', 'artikkel 10 bokstav a) og c)'.

        An item that gives only a later label ('(c)', 'c)', '19') takes the article and
        the labels above it from the item before; 'to', 'til' and '-' between two items
        of one kind stand for every label between them."""
        if not isinstance(text, str) or not text.strip():
            raise CitationError(f"cannot parse citations from {text!r}")
        body = text.strip()
        convention = bool(_CONVENTION_TAIL.search(body)) or bool(
            re.match(r"^\s*(?:the\s+)?(?:convention|konvensjonen)\b", body, re.IGNORECASE)
        )
        body = _CONVENTION_TAIL.sub("", body)
        body = re.sub(
            r"^\s*(?:the\s+)?(?:convention|konvensjonen)\s*,?\s*", "", body, flags=re.IGNORECASE
        )
        body = _PROTOCOL_TAIL.sub("", body)
        tokens = [t for t in _SEPARATOR.split(body) if t is not None]
        out: list[Citation] = []
        pending_range = False
        for token in tokens:
            token = token.strip()
            if not token:
                continue
            if _RANGE_WORD.fullmatch(token):
                pending_range = True
                continue
            current = cls._item(token, out[-1] if out else None, convention)
            if pending_range and out:
                out.extend(cls._between(out[-1], current))
                pending_range = False
            out.append(current)
        if not out:
            raise CitationError(f"cannot parse citations from {text!r}")
        return tuple(out)

    @classmethod
    def _item(cls, token: str, before: Citation | None, convention: bool) -> Citation:
        prefix = "Convention Art. " if convention else "Art. "
        token = re.sub(
            r"^(?:artikkel|artiklene|articles?|arts?)\.?\s*", "", token, flags=re.IGNORECASE
        )
        if re.match(r"^[0-9]", token):
            return cls.parse(prefix + token)
        if before is None:
            raise CitationError(f"cannot parse {token!r}: no article before it")
        labels = [p.lower() for _, p in _NB_PART.findall(token)] or [
            p.lower() for p in _PART.findall(token)
        ]
        if not labels:
            bare = token.strip().rstrip(")").lower()
            if not re.fullmatch(r"[0-9]+|[a-z]{1,4}", bare):
                raise CitationError(f"cannot parse {token!r} in a list of citations")
            labels = [bare]
        first = labels[0]
        depth = next(
            (
                i
                for i in range(len(before.path) - 1, -1, -1)
                if before.path[i].isdigit() == first.isdigit()
                and _kind(before.path, i) == _kind((*before.path[:i], first), i)
            ),
            None,
        )
        base = before.path[:depth] if depth is not None else before.path
        return cls(before.article, tuple(base) + tuple(labels), before.instrument)

    @classmethod
    def _between(cls, start: Citation, end: Citation) -> list[Citation]:
        """The citations strictly between ``start`` and ``end`` (same parent, same kind)."""
        if start.instrument != end.instrument:
            raise CitationError(f"a range cannot run from {start} to {end}")
        if not start.path and not end.path:
            return [cls(n, (), start.instrument) for n in range(start.article + 1, end.article)]
        if start.article != end.article or start.path[:-1] != end.path[:-1] or not start.path:
            raise CitationError(f"a range runs between labels of one level: {start} to {end}")
        a, b = start.path[-1], end.path[-1]
        if a.isdigit() and b.isdigit():
            labels = [str(n) for n in range(int(a) + 1, int(b))]
        elif len(a) == len(b) == 1 and a.isalpha() and b.isalpha():
            labels = [chr(c) for c in range(ord(a) + 1, ord(b))]
        else:
            raise CitationError(f"cannot expand the range {start} to {end}")
        return [
            cls(start.article, start.path[:-1] + (label,), start.instrument) for label in labels
        ]

    # -- rendering ----------------------------------------------------------------------

    def label(self, lang: Literal["en", "nb"] = "en") -> str:
        """'Art. 13(2)(c)(ii)' in English, 'art. 13 nr. 2 bokstav c) punkt ii' in bokmål."""
        other = OTHER_INSTRUMENTS.get(self.instrument)
        if other is not None and lang in ("en", "nb"):
            name, part = (other.en, other.part_en) if lang == "en" else (other.nb, other.part_nb)
            return f"{name} {part} {self.article}" + "".join(f"({p})" for p in self.path)
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
        if self.instrument != "protocol":
            return None
        return texts.render(texts.resolve(self.article, self.path, lang))

    def heading(self, lang: Literal["en", "nb"] = "en") -> str | None:
        """The article's title, e.g. 'Entry into force'; None for the Convention."""
        if self.instrument != "protocol":
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
