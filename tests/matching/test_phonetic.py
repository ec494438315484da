import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shield.matching import fold, skeleton
from shield.matching.phonetic import number_skeleton

from .place_names import GANDZASAR, OTHER_NAMES, SHUSHI


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("gandzasar", "gnJsr"),
        ("ganjasar", "gnJsr"),
        ("gandjasar", "gnJsr"),
        ("gandzhasar", "gnJsr"),
        ("shushi", "SS"),
        ("shusha", "SS"),
        ("susa", "ss"),
        ("yerevan", "arvn"),
        ("erevan", "arvn"),
        ("voskevaz", "askvz"),
        ("oskevaz", "askvz"),
        ("mosul", "msl"),
        ("mossul", "msl"),
        ("khudavank", "Xdvnk"),
        ("xudavank", "Xdvnk"),
        ("echmiadzin", "aCmJn"),
        ("etchmiadzin", "aCmJn"),
        ("ejmiatsin", "aJmTn"),
        ("kyiv", "kv"),
        ("kiev", "kv"),
        ("aghdam", "agdm"),
        ("agdam", "agdm"),
        ("2024", "2024"),
        ("a", "a"),
        ("", ""),
    ],
)
def test_skeleton(word: str, expected: str) -> None:
    assert skeleton(word) == expected


@pytest.mark.parametrize("group", [GANDZASAR, SHUSHI], ids=["gandzasar", "shushi"])
def test_spellings_of_one_name_share_a_skeleton(group: list[str]) -> None:
    assert len({skeleton(fold(name)) for name in group}) == 1


def test_the_two_places_do_not_share_a_skeleton() -> None:
    assert skeleton(fold(GANDZASAR[0])) != skeleton(fold(SHUSHI[0]))


@pytest.mark.parametrize("other", OTHER_NAMES)
def test_other_places_do_not_share_their_skeletons(other: str) -> None:
    positives = {skeleton(fold(GANDZASAR[0])), skeleton(fold(SHUSHI[0]))}
    assert {skeleton(word) for word in fold(other).split()}.isdisjoint(positives)


@settings(max_examples=500)
@given(st.text(alphabet="0123456789", min_size=1, max_size=12))
def test_the_skeleton_of_a_number_is_the_skeleton(digits: str) -> None:
    assert number_skeleton(digits) == skeleton.__wrapped__(digits)
