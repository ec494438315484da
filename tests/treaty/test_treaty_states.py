"""One identity per State: shield.treaty.states (pure Python, package data)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shield.treaty import states
from shield.treaty.states import State, UnknownState

CODES = [s.code for s in states.all_states()]
HISTORICAL = {"SUN", "YUG", "CSK", "DDR", "SCG", "YMD"}


# ---- the file -----------------------------------------------------------------------------


def test_every_iso_code_and_the_historical_ones():
    assert len(CODES) == 255  # ISO 3166-1's 249 and six historical codes
    assert len(set(CODES)) == len(CODES)
    assert CODES == sorted(CODES)
    assert {s.code for s in states.all_states() if s.historical} == HISTORICAL


def test_every_row_has_both_names_and_its_codes():
    for s in states.all_states():
        assert re.fullmatch(r"[A-Z]{3}", s.code), s
        assert re.fullmatch(r"[A-Z]{2}", s.alpha2), s
        assert s.name_en.strip() and s.name_nb.strip(), s
        assert all(a.strip() for a in s.aliases), s


def test_alpha2_codes_are_unique_among_current_states():
    current = [s.alpha2 for s in states.all_states() if not s.historical]
    assert len(current) == len(set(current))


def test_no_name_names_two_states():
    owner: dict[str, str] = {}
    for s in states.all_states():
        for name in s.names():
            assert owner.setdefault(states.normalize(name), s.code) == s.code, name


def test_names_from_cldr_nb():
    assert [states.name(c, "nb") for c in ("ITA", "NLD", "AZE", "CYP", "NOR", "DEU")] == [
        "Italia",
        "Nederland",
        "Aserbajdsjan",
        "Kypros",
        "Norge",
        "Tyskland",
    ]
    assert [states.name(c) for c in ("ITA", "NLD", "AZE", "CYP", "IRN", "KOR")] == [
        "Italy",
        "Netherlands",
        "Azerbaijan",
        "Cyprus",
        "Iran",
        "South Korea",
    ]


def test_historical_states_have_names_in_both_languages():
    assert {c: (states.name(c), states.name(c, "nb")) for c in sorted(HISTORICAL)} == {
        "CSK": ("Czechoslovakia", "Tsjekkoslovakia"),
        "DDR": ("German Democratic Republic", "Den tyske demokratiske republikk"),
        "SCG": ("Serbia and Montenegro", "Serbia og Montenegro"),
        "SUN": ("Soviet Union", "Sovjetunionen"),
        "YMD": ("Democratic Yemen", "Sør-Jemen"),
        "YUG": ("Yugoslavia", "Jugoslavia"),
    }


def test_read_states_names_the_bad_line():
    head = "code,alpha2,name_en,name_nb,aliases,historical\n"
    with pytest.raises(ValueError, match="line 2: code 'IT' is not an alpha-3 code"):
        states.read_states(head + "IT,IT,Italy,Italia,,false\n")
    with pytest.raises(ValueError, match="line 3: ITA needs a name in English and in Norwegian"):
        states.read_states(head + "NOR,NO,Norway,Norge,,false\nITA,IT,Italy,,,false\n")
    with pytest.raises(ValueError, match="header"):
        states.read_states("code,name\nITA,Italy\n")


# ---- lookups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ITA",
        "ita",
        " Ita ",
        "IT",
        "it",
        "Italy",
        "ITALY",
        "Italia",
        "italia",
        "Italian Republic",
        "Italia (ITA)",
        "Italy (ITA)",
    ],
)
def test_lookup_italy(text):
    assert states.lookup(text).code == "ITA"


@pytest.mark.parametrize(
    "text, code",
    [
        ("Iran (Islamic Republic of)", "IRN"),
        ("Iran, Islamic Republic of", "IRN"),
        ("Islamic Republic of Iran", "IRN"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("North Macedonia", "MKD"),
        ("Republic of Moldova", "MDA"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("United Republic of Tanzania", "TZA"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("Republic of Korea", "KOR"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Syrian Arab Republic", "SYR"),
        ("Russian Federation", "RUS"),
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("Holy See", "VAT"),
        ("State of Palestine", "PSE"),
        ("Palestine", "PSE"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("United States of America", "USA"),
        ("Cabo Verde", "CPV"),
        ("Cape Verde", "CPV"),
        ("Eswatini", "SWZ"),
        ("Swaziland", "SWZ"),
        ("Myanmar", "MMR"),
        ("Burma", "MMR"),
        ("Netherlands (Kingdom of the)", "NLD"),
        ("the Netherlands", "NLD"),
        ("Moldova", "MDA"),
        ("Bolivia", "BOL"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo", "COG"),
        ("Libyan Arab Jamahiriya", "LBY"),
    ],
)
def test_depositary_names(text, code):
    assert states.lookup(text).code == code


@pytest.mark.parametrize(
    "text, code",
    [
        ("Aserbajdsjan", "AZE"),
        ("Kypros", "CYP"),
        ("Sør-Korea", "KOR"),
        ("sor korea", "KOR"),
        ("SØR-KOREA", "KOR"),
        ("Elfenbenskysten", "CIV"),
        ("Tyrkia", "TUR"),
        ("Nord-Makedonia", "MKD"),
        ("Den hellige stol", "VAT"),
        ("Hviterussland", "BLR"),
        ("Storbritannia", "GBR"),
        ("Sovjetunionen", "SUN"),
        ("USSR", "SUN"),
        ("Jugoslavia", "YUG"),
        ("Tsjekkoslovakia", "CSK"),
        ("DDR", "DDR"),
        ("Øst-Tyskland", "DDR"),
        ("Den tyske demokratiske republikk (DDR)", "DDR"),
        ("Serbia og Montenegro", "SCG"),
        ("Sør-Jemen", "YMD"),
        ("Cote d Ivoire", "CIV"),
        ("COTE-D'IVOIRE", "CIV"),
        ("Gambia", "GMB"),
        ("The Gambia", "GMB"),
        ("Bosnia & Herzegovina", "BIH"),
        ("Bosnia-Hercegovina", "BIH"),
    ],
)
def test_norwegian_accents_and_punctuation(text, code):
    assert states.lookup(text).code == code


def test_an_ambiguous_or_unknown_name_is_none():
    assert states.lookup("Kongo") is None  # CLDR 'nb' for COD, but also the word for COG
    assert states.lookup("CS") is None  # ISO gave CS to CSK and to SCG
    assert states.lookup("") is None and states.lookup("   ") is None
    assert states.lookup("Atlantis") is None
    assert states.lookup("Italia (FRA)") is None  # a label whose name and code disagree


def test_resolve_names_the_text_and_suggests():
    with pytest.raises(UnknownState) as info:
        states.resolve("Itlay")
    assert str(info.value) == "unknown State 'Itlay': did you mean Italy (ITA)?"
    assert info.value.text == "Itlay" and [s.code for s in info.value.suggestions] == ["ITA"]
    with pytest.raises(UnknownState, match=r"'Kongo': did you mean .*\(COG\).*\(COD\)"):
        states.resolve("Kongo")
    with pytest.raises(UnknownState, match="unknown State 'Atlantis'"):
        states.resolve("Atlantis")
    assert isinstance(UnknownState("x"), ValueError)
    assert states.resolve("Armenia").code == "ARM"


def test_name_named_and_is_known():
    assert states.named("ITA") == {"en": "Italy (ITA)", "nb": "Italia (ITA)"}
    assert states.named("cyp") == {"en": "Cyprus (CYP)", "nb": "Kypros (CYP)"}
    assert states.name("ITA") == "Italy" and states.name("ITA", "nb") == "Italia"
    assert states.name("ITA", "nb-NO") == "Italia" and states.name("ITA", "en-GB") == "Italy"
    assert states.is_known("ITA") and states.is_known("sun")
    assert not states.is_known("Italy") and not states.is_known("IT") and not states.is_known("XXX")
    with pytest.raises(UnknownState):
        states.name("XXX")


def test_state_object():
    ita = states.resolve("ITA")
    assert isinstance(ita, State) and ita.alpha2 == "IT" and not ita.historical
    assert ita.name("nb") == "Italia" and ita.label("nb") == "Italia (ITA)"
    assert "Italian Republic" in ita.aliases
    assert states.lookup(ita) is ita


# ---- every State, both ways ---------------------------------------------------------------


@given(st.sampled_from(CODES), st.sampled_from(["en", "nb"]))
def test_lookup_of_a_name_gives_its_code(code, lang):
    assert states.lookup(states.name(code, lang)).code == code


def test_every_name_and_alias_gives_its_state():
    for s in states.all_states():
        for name in (*s.names(), s.code, s.code.lower(), s.label("en"), s.label("nb")):
            assert states.lookup(name) == s, (name, s.code)
