"""The Protocol's text as data, and citations into it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shield.treaty import Citation, CitationError, cite
from shield.treaty.build_texts import build, main
from shield.treaty.texts import ARTICLE_COUNT, load_text

DATA = Path(__file__).resolve().parents[2] / "src" / "shield" / "treaty" / "data"
SEEDS = Path(
    os.environ.get("SHIELD_SEEDS", Path(__file__).resolve().parents[2].parent / "shared" / "seeds")
)


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("number", range(1, ARTICLE_COUNT + 1))
def test_every_article_renders_in_both_languages(number: int, lang: str) -> None:
    c = Citation(number)
    assert c.text(lang).strip()  # type: ignore[arg-type, union-attr]
    assert c.heading(lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_each_text_names_its_source(lang: str) -> None:
    text = load_text(lang)  # type: ignore[arg-type]
    assert "Prop. 71 S (2015–2016)" in text.source["document"]
    assert text.source["seed_file"].startswith("004_")
    assert sorted(text.articles) == list(range(1, 48))


def test_languages_have_the_same_parts() -> None:
    def shape(node):  # type: ignore[no-untyped-def]
        return [(c.label, shape(c)) for c in node.children]

    en, nb = load_text("en"), load_text("nb")
    for n in range(1, 48):
        assert shape(en.articles[n]) == shape(nb.articles[n]), n


@pytest.mark.parametrize(
    ("text", "article", "path", "en", "nb"),
    [
        ("Art. 11(5)", 11, ("5",), "Art. 11(5)", "art. 11 nr. 5"),
        ("11(5)", 11, ("5",), "Art. 11(5)", "art. 11 nr. 5"),
        ("Art. 15(1)(c)", 15, ("1", "c"), "Art. 15(1)(c)", "art. 15 nr. 1 bokstav c)"),
        (
            "Article 13(2)(c)(ii)",
            13,
            ("2", "c", "ii"),
            "Art. 13(2)(c)(ii)",
            "art. 13 nr. 2 bokstav c) punkt ii",
        ),
        ("Art. 6(a)(i)", 6, ("a", "i"), "Art. 6(a)(i)", "art. 6 bokstav a) punkt i"),
        ("Art. 1(i)", 1, ("i",), "Art. 1(i)", "art. 1 bokstav i)"),
        ("art. 15 nr. 1 bokstav c)", 15, ("1", "c"), "Art. 15(1)(c)", "art. 15 nr. 1 bokstav c)"),
        ("Art. 43", 43, (), "Art. 43", "art. 43"),
        (
            "Art. 29 (4) (b) (i)",
            29,
            ("4", "b", "i"),
            "Art. 29(4)(b)(i)",
            "art. 29 nr. 4 bokstav b) punkt i",
        ),
    ],
)
def test_citations_parse_and_label(
    text: str, article: int, path: tuple[str, ...], en: str, nb: str
) -> None:
    c = Citation.parse(text)
    assert (c.article, c.path, c.instrument) == (article, path, "protocol")
    assert c.label("en") == en and c.label("nb") == nb
    assert Citation.parse(c.label("en")) == c == Citation.parse(c.label("nb"))


def test_citation_text_in_both_languages() -> None:
    c = cite("Art. 15(1)(c)")
    assert c.text("en").startswith("c. extensive destruction or appropriation")  # type: ignore[union-attr]
    assert c.text("nb").startswith("c. omfattende ødeleggelse eller tilegnelse")  # type: ignore[union-attr]
    whole = cite("Art. 13(2)").text("en")
    assert whole is not None and "ii. effective advance warning" in whole
    assert "i. det er gitt ordre til angrepet" in cite("13(2)(c)(i)").text("nb")  # type: ignore[operator]
    assert cite("11(5)").render("en").startswith("Art. 11(5): 5. Upon receipt")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Art. 11(12)", "Article 11 has no part (12): its parts are (1, 2, 3"),
        ("Art. 48", "no Article 48"),
        ("Art. 0", "no Article 0"),
        ("Art. 13(2)(d)", "Article 13(2) has no part (d): its parts are (a, b, c)"),
        ("Art. 2(1)", "Article 2 has no part (1): it has no numbered parts"),
        ("Art. 11(5) and more", "cannot parse"),
        ("eleven", "cannot parse"),
        ("Convention Art. 41", "the Convention has no Article 41"),
    ],
)
def test_bad_citations_raise_clear_errors(text: str, message: str) -> None:
    with pytest.raises(CitationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        cite(text)


def test_convention_citations_are_labels_only() -> None:
    c = cite("Convention Art. 18")
    assert (c.article, c.instrument) == (18, "convention")
    assert c.label("en") == "Convention Art. 18" and c.label("nb") == "konvensjonen art. 18"
    assert c.text("en") is None and c.render("en") == "Convention Art. 18"
    assert Citation.parse_many("Convention Arts. 18, 19") == (
        Citation(18, instrument="convention"),
        Citation(19, instrument="convention"),
    )
    assert Citation.parse_many("Art. 16(1)(a); Art. 16(1)(b)") == (
        cite("16(1)(a)"),
        cite("16(1)(b)"),
    )


def test_citation_is_frozen_and_ordered() -> None:
    c = cite("11(5)")
    with pytest.raises(AttributeError):
        c.article = 12  # type: ignore[misc]
    assert min([cite("15(1)"), cite("11(9)"), cite("11(5)")]) == c
    assert {c, cite("Art. 11(5)")} == {c}


MINI = """Prop. 71 S (2015–2016)

1 Second Protocol

The Parties,

Have agreed as follows:

Chapter 1

Introduction

Article 1

Definitions

For the purposes of this Protocol:

  • a. «Party» means a State Party to this Protocol;

    • i. an item;

IN FAITH WHEREOF the undersigned have signed.

Annen protokoll til Haag-konvensjonen av 1954 om beskyttelse av kulturverdier i tilfelle av væpnet konflikt av 26. mars 1999

Partene –

Kapittel 1

Innledning

Artikkel 1

Definisjoner

I denne protokoll menes med

  • a. «part»: stat som er part i denne protokoll,

    • i. et punkt,

SOM BEKREFTELSE PÅ DETTE har de undertegnede undertegnet.
"""


def test_parser_reads_a_small_document_and_refuses_missing_articles(tmp_path: Path) -> None:
    (tmp_path / "004_mini.txt").write_text(MINI, encoding="utf-8")
    with pytest.raises(ValueError, match="expected Articles 1 to 47"):
        build(tmp_path)
    assert main([str(tmp_path), "--out", str(tmp_path / "out")]) == 1


def test_shipped_data_matches_a_fresh_build(tmp_path: Path) -> None:
    """Rebuild from the seeds when they are at hand (SHIELD_SEEDS); otherwise check the
    shipped files' own invariants only."""
    shipped = {
        lang: json.loads((DATA / f"protocol_{lang}.json").read_text("utf-8"))
        for lang in ("en", "nb")
    }
    assert shipped["en"]["source"]["cross_checked_against"].startswith("001_")
    assert any("Article 12" in note for note in shipped["en"]["notes"])
    if (SEEDS / "README.md").exists():
        assert main([str(SEEDS), "--out", str(tmp_path)]) == 0
        for lang in ("en", "nb"):
            fresh = json.loads((tmp_path / f"protocol_{lang}.json").read_text("utf-8"))
            assert fresh == shipped[lang]


def test_parser_builds_the_tree_from_indented_bullets() -> None:
    from shield.treaty.build_texts import _parse_section, _split_sections

    sections = _split_sections(MINI.splitlines())
    en = _parse_section(sections["en"], "en", count=1)
    art = en["articles"][0]
    assert (art["number"], art["title"], art["chapter_title"]) == (1, "Definitions", "Introduction")
    assert art["text"] == "For the purposes of this Protocol:"
    assert art["children"][0]["label"] == "a"
    assert art["children"][0]["children"][0] == {
        "label": "i",
        "mark": "i.",
        "text": "an item;",
        "children": [],
    }
    assert en["closing"] == ["IN FAITH WHEREOF the undersigned have signed."]
    nb = _parse_section(sections["nb"], "nb", count=1)
    assert nb["articles"][0]["children"][0]["text"].startswith("«part»")
