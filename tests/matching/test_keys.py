import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shield.matching import index_keys, query_keys
from shield.matching.keys import _name_keys

from .place_names import GANDZASAR, OTHER_NAMES, SHUSHI


def found(query: str, name: str, lang: str | None = None) -> bool:
    """What the database side does: every query word has a key among the name's."""
    stored = index_keys(name, lang)
    return all(not keys.isdisjoint(stored) for keys in query_keys(query))


def test_index_keys() -> None:
    assert index_keys("Շուշի") == {"w:shushi", "s:SS"}
    assert index_keys("Gandzasar Monastery") == {
        "w:gandzasar",
        "s:gnJsr",
        "w:monastery",
        "s:mnstr",
    }
    assert index_keys("") == set()


def test_a_name_without_a_tag_is_stored_under_every_reading() -> None:
    assert {"w:culfa", "w:julfa"} <= index_keys("Culfa")
    assert "w:culfa" not in index_keys("Culfa", "az")


def test_query_keys() -> None:
    assert query_keys("Şuşa qalası") == [{"w:shusha", "s:SS"}, {"w:galasi", "s:gls"}]
    assert query_keys("Culfa") == [{"w:culfa", "s:klf", "w:julfa", "s:Jlf"}]
    assert query_keys("") == []


@pytest.mark.parametrize("group", [GANDZASAR, SHUSHI], ids=["gandzasar", "shushi"])
def test_every_spelling_finds_every_other(group: list[str]) -> None:
    for query in group:
        for name in group:
            assert found(query, name), (query, name)


def test_tagged_names_are_found() -> None:
    assert found("Julfa", "Culfa", "az")
    assert found("Culfa", "Culfa", "az")
    assert found("Gandzasar", "Gəncəsər", "az")
    assert found("Shushi", "Шуша", "ru")
    assert found("Шуша", "Շուշի", "hy")


def test_one_word_finds_a_longer_name() -> None:
    assert found("Gandzasar", "Gandzasar Monastery")
    assert found("Шуша", "Ghazanchetsots Cathedral, Shushi")
    assert not found("Gandzasar Shushi", "Gandzasar Monastery")


def test_the_two_places_do_not_find_each_other() -> None:
    for query in GANDZASAR:
        for name in SHUSHI:
            assert not found(query, name)
            assert not found(name, query)


@pytest.mark.parametrize("other", OTHER_NAMES)
def test_other_places_are_not_found(other: str) -> None:
    for query in GANDZASAR + SHUSHI:
        assert not found(query, other), query
        assert not found(other, query), query


@settings(max_examples=300)
@given(
    text=st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
    lang=st.sampled_from(["en", "az", "az-Latn", "tr", "ru", "uk", "hy", "nb"]),
)
def test_ascii_names_keyed_word_by_word_get_the_keys_of_the_whole_name(
    text: str, lang: str
) -> None:
    assert index_keys(text, lang) == _name_keys.__wrapped__(text, lang)


def test_numbers_in_names_are_keyed_like_words() -> None:
    assert index_keys("Tigmar 1000", "en") == {"w:tigmar", "s:tgmr", "w:1000", "s:10"}
    assert index_keys("Tigmar 1000", "en") == _name_keys.__wrapped__("Tigmar 1000", "en")
