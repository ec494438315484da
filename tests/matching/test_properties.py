"""Properties that hold for any text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from shield.matching import fold, index_keys, query_keys, similarity, skeleton, tokens

# Letters of the scripts that matter here, their capitals, and troublemakers.
REGION = (
    "Գանձասարշուշիեևոու ԳԱՆՁԵՎՈՒ Շ՚՛՝։ "
    "abcdefghijklmnopqrstuvwxyzəğışçöüqxİIŞÇĞƏ "
    "шушаёщжчхцйыяюіїєґҐЁІҺәғҹһҝ "
    "მცხეთა šžčđ ' ’ - . , ( ) \t\n 0123456789 \u0307\u0327"
)
texts = st.one_of(st.text(), st.text(alphabet=REGION, max_size=40))
FOLDED = re.compile(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?")


@given(texts)
def test_fold_is_lowercase_ascii_words(text: str) -> None:
    folded = fold(text)
    assert FOLDED.fullmatch(folded), folded


@given(texts, st.sampled_from([None, "hy", "az", "az-Latn", "az-Cyrl", "ru", "uk", "en", "tr"]))
def test_fold_with_any_tag_is_lowercase_ascii_words(text: str, lang: str | None) -> None:
    assert FOLDED.fullmatch(fold(text, lang))


@given(texts)
def test_fold_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert tokens(folded) == tokens(text)


@given(texts)
def test_skeleton_of_fold_is_stable(text: str) -> None:
    for word in tokens(text):
        key = skeleton(word)
        assert key == skeleton(fold(word))
        assert key.isascii() and key.isalnum()
        assert len(key) <= len(word)
        assert not re.search("[aeiouy]", key[1:])


@given(texts)
def test_a_name_is_found_by_itself(text: str) -> None:
    stored = index_keys(text)
    assert all(not keys.isdisjoint(stored) for keys in query_keys(text))


@settings(max_examples=200)
@given(texts, texts)
def test_similarity_is_bounded_and_symmetric(a: str, b: str) -> None:
    score = similarity(a, b)
    assert 0.0 <= score <= 100.0
    assert abs(score - similarity(b, a)) < 1e-9


@given(texts)
def test_a_name_is_fully_similar_to_itself(text: str) -> None:
    expected = 100.0 if fold(text) else 0.0
    assert similarity(text, text) == expected
