"""The Second Protocol as Akoma Ntoso 3.0 XML (OASIS LegalDocML), in English and bokmål.

Built from the same shipped texts that :class:`Citation` checks itself against, so every
provision a citation can name is an element of the XML, and :func:`eid` is the one place
that says which: Art. 11 is ``art_11``, Art. 11(4) ``art_11__para_4``, Art. 15(1)(c)
``art_15__para_1__subpara_c`` and Art. 13(2)(c)(ii) ``art_13__para_2__subpara_c__point_ii``.
A label's kind is the citation's own (``Citation.kind``): paragraphs are ``<paragraph>``,
sub-paragraphs ``<subparagraph>`` and their items ``<point>``.

:func:`act` is the whole Protocol (``<akomaNtoso><act>``: FRBR identification in
``<meta>``, the preamble, the chapters with their articles, the closing words);
:func:`portion` is one article as an AKN ``<portion>`` of that act. Both are bytes, UTF-8,
with an XML declaration. Pure Python (the standard library's ElementTree), no I/O.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Literal

from shield.treaty.citations import Citation, CitationError, _kind
from shield.treaty.texts import Article, Provision, load_text

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
MEDIA_TYPE = "application/akn+xml"
Lang = Literal["en", "nb"]
LANGUAGES: tuple[Lang, ...] = ("en", "nb")

# The abbreviation of each kind of part in an eId, and the AKN element that holds it.
_ABBREVIATION = {"paragraph": "para", "subparagraph": "subpara", "item": "point"}
_ELEMENT = {"paragraph": "paragraph", "subparagraph": "subparagraph", "item": "point"}
# ISO 639-2 codes, as FRBRlanguage and the expression's URI take them (bokmål: nob).
_LANGUAGE_CODE = {"en": "eng", "nb": "nob"}
_WORDS = {
    "en": {"article": "Article", "chapter": "Chapter"},
    "nb": {"article": "Artikkel", "chapter": "Kapittel"},
}
ADOPTED = "1999-03-26"
"""The day the Protocol was adopted at The Hague (the work's date)."""
WORK_URI = "/akn/un/act/protocol/unesco/1999-03-26/second-protocol-hague-convention-1954"
"""The FRBR Work's URI (AKN naming convention: country ``un`` for an instrument of the UN
system, type ``act``, subtype ``protocol``, actor ``unesco``, date of adoption, a name)."""
PUBLISHED = "2026-11-01"
"""The date of this manifestation (the shipped texts as they stand; a fixed date, so the
same text always gives the same bytes)."""


def eid(citation: Citation) -> str:
    """The ``eId`` of the element that holds ``citation`` in the Protocol's XML."""
    if citation.instrument != "protocol":
        raise CitationError(
            f"{citation.label()} is not a provision of the Second Protocol: its text is not shipped"
        )
    parts = [f"art_{citation.article}"]
    for index, label in enumerate(citation.path):
        parts.append(f"{_ABBREVIATION[_kind(citation.path, index)]}_{label}")
    return "__".join(parts)


def expression_uri(lang: Lang) -> str:
    return f"{WORK_URI}/{_LANGUAGE_CODE[lang]}@"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, dict(attrs))
    if text is not None:
        element.text = text
    return element


def _paragraphs(parent: ET.Element, tag: str, lines: tuple[str, ...]) -> None:
    block = _sub(parent, tag)
    for line in lines or ("",):
        _sub(block, "p", line)


def _provision_body(
    element: ET.Element, text: str, children: tuple[Provision, ...], at: Citation
) -> None:
    """An element's words: ``<content>`` alone, or an ``<intro>`` and its parts."""
    if not children:
        _paragraphs(element, "content", (text,))
        return
    if text:
        _paragraphs(element, "intro", (text,))
    for child in children:
        _provision(element, child, Citation(at.article, (*at.path, child.label)))


def _provision(parent: ET.Element, node: Provision, at: Citation) -> None:
    element = _sub(parent, _ELEMENT[at.kind], eId=eid(at))
    _sub(element, "num", node.mark)
    _provision_body(element, node.text, node.children, at)


def _article(parent: ET.Element, article: Article, lang: Lang) -> None:
    at = Citation(article.number)
    element = _sub(parent, "article", eId=eid(at))
    _sub(element, "num", f"{_WORDS[lang]['article']} {article.number}")
    _sub(element, "heading", article.title)
    _provision_body(element, article.text, article.children, at)


def _meta(root: ET.Element, lang: Lang, component: str = "!main") -> None:
    """``<meta>``: the FRBR Work, Expression (the language) and Manifestation (this XML)."""
    meta = _sub(root, "meta")
    ident = _sub(meta, "identification", source="#heritageshield")
    expression = expression_uri(lang)
    work = _sub(ident, "FRBRWork")
    _sub(work, "FRBRthis", value=f"{WORK_URI}/{component}")
    _sub(work, "FRBRuri", value=WORK_URI)
    _sub(work, "FRBRdate", date=ADOPTED, name="adoption")
    _sub(work, "FRBRauthor", href="#unesco")
    _sub(work, "FRBRcountry", value="un")
    _sub(work, "FRBRsubtype", value="protocol")
    expr = _sub(ident, "FRBRExpression")
    _sub(expr, "FRBRthis", value=f"{expression}/{component}")
    _sub(expr, "FRBRuri", value=expression)
    _sub(expr, "FRBRdate", date=ADOPTED, name="adoption")
    _sub(expr, "FRBRauthor", href="#unesco")
    _sub(expr, "FRBRlanguage", language=_LANGUAGE_CODE[lang])
    if lang != "en":
        _sub(expr, "FRBRtranslation", href=expression_uri("en"), fromLanguage="eng", by="#norway")
    manifestation = _sub(ident, "FRBRManifestation")
    _sub(manifestation, "FRBRthis", value=f"{expression}/{component}.akn")
    _sub(manifestation, "FRBRuri", value=f"{expression}.akn")
    _sub(manifestation, "FRBRdate", date=PUBLISHED, name="generation")
    _sub(manifestation, "FRBRauthor", href="#heritageshield")
    refs = _sub(meta, "references", source="#heritageshield")
    for key, href, shown in (
        ("unesco", "/ontology/organization/un/unesco", "UNESCO"),
        ("heritageshield", "/ontology/organization/heritageshield", "Heritage Shield"),
        # the bokmål text: the translation in the Norwegian Government's Prop. 71 S (2015-2016)
        ("norway", "/ontology/organization/no/government", "Norwegian Government"),
    ):
        _sub(refs, "TLCOrganization", eId=key, href=href, showAs=shown)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    out: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return out


def act(lang: Lang = "en") -> bytes:
    """The whole Protocol in ``lang`` as one Akoma Ntoso ``<act>``."""
    text = load_text(lang)
    root = ET.Element("akomaNtoso", xmlns=AKN_NS)
    document = _sub(root, "act", name="protocol")
    _meta(document, lang)
    preface = _sub(document, "preface")
    title = _sub(preface, "p")
    _sub(title, "docTitle", text.title)
    preamble = _sub(document, "preamble")
    for line in text.preamble:
        _sub(preamble, "p", line)
    body = _sub(document, "body")
    chapter: ET.Element | None = None
    current = ""
    for number in sorted(text.articles):
        article = text.articles[number]
        if chapter is None or article.chapter != current:
            current = article.chapter
            chapter = _sub(body, "chapter", eId=f"chp_{article.chapter}")
            _sub(chapter, "num", f"{_WORDS[lang]['chapter']} {article.chapter}")
            _sub(chapter, "heading", article.chapter_title)
        _article(chapter, article, lang)
    conclusions = _sub(document, "conclusions")
    for line in text.closing:
        _sub(conclusions, "p", line)
    return _serialise(root)


def portion(citation: Citation, lang: Lang = "en") -> bytes:
    """The article ``citation`` is in, as an AKN ``<portion>`` of the act (its FRBR
    identification is the act's, with the article's eId as the component)."""
    article_eid = eid(Citation(citation.article))  # checks the instrument
    article = load_text(lang).articles[citation.article]
    root = ET.Element("akomaNtoso", xmlns=AKN_NS)
    document = _sub(root, "portion", includedIn=f"{expression_uri(lang)}/!main")
    _meta(document, lang, component=article_eid)
    body = _sub(document, "portionBody")
    _article(body, article, lang)
    return _serialise(root)


def citations_in(lang: Lang = "en") -> tuple[Citation, ...]:
    """Every provision of the text, as a citation (articles first, then their parts)."""
    text = load_text(lang)
    out: list[Citation] = []

    def walk(at: Citation, children: tuple[Provision, ...]) -> None:
        for child in children:
            here = Citation(at.article, (*at.path, child.label))
            out.append(here)
            walk(here, child.children)

    for number in sorted(text.articles):
        out.append(Citation(number))
        walk(Citation(number), text.articles[number].children)
    return tuple(out)
