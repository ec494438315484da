import pytest

from shield.matching import fold, folded_readings, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Armenian: Eastern conventions, capitals and lower case
        ("Գանձասար", "gandzasar"),
        ("ԳԱՆՁԱՍԱՐ", "gandzasar"),
        ("Շուշի", "shushi"),
        ("ՇՈՒՇԻ", "shushi"),
        ("Երևան", "yerevan"),
        ("ԵՐԵՎԱՆ", "yerevan"),
        ("Ոսկեվազ", "voskevaz"),
        ("Գյումրի", "gyumri"),
        ("Ղազանչեցոց", "ghazanchetsots"),
        ("Էջմիածին", "ejmiatsin"),
        ("Դադիվանք", "dadivank"),
        ("Տաթև", "tatev"),
        ("Եղեգնաձոր", "yeghegnadzor"),
        ("Ժամ", "zham"),
        ("Խաչքար", "khachkar"),
        ("Փարպի", "parpi"),
        ("Սուրբ Աստվածածին", "surb astvatsatsin"),
        ("Գանձասարի վանք՝ Արցախ։", "gandzasari vank artsakh"),
        # Azerbaijani Latin: detected by its letters, or by tag
        ("Gəncəsər", "ganjasar"),
        ("Şuşa", "shusha"),
        ("ŞUŞA", "shusha"),
        ("Qazançı", "gazanchi"),
        ("Ağdam", "aghdam"),
        ("Xudavəng", "khudavang"),
        ("Naxçıvan", "nakhchivan"),
        ("İsmayıllı", "ismayilli"),
        ("Cəbrayıl", "jabrayil"),
        # Azerbaijani Cyrillic
        ("Гәнҹә", "ganja"),
        # Russian and Ukrainian
        ("Шуша", "shusha"),
        ("Щучье", "shchuche"),
        ("Ёлка", "elka"),
        ("Нахичевань", "nakhichevan"),
        ("Київ", "kyiv"),
        ("Чернігів", "chernihiv"),
        ("Львів", "lviv"),
        ("Одеса", "odesa"),
        ("Їжакевич", "yizhakevych"),
        # Georgian and others via anyascii
        ("მცხეთა", "mtskheta"),
        ("თბილისი", "tbilisi"),
        ("Dubrovnik", "dubrovnik"),
        ("Višegrad", "vishegrad"),
        # punctuation, apostrophes, whitespace
        ("Ghazanch'ets'ots'", "ghazanchetsots"),
        ("  St.  John's —\tChurch ", "st johns church"),
        ("Gandzasar-Monastery/2024", "gandzasar monastery 2024"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_decomposed_input_folds_as_composed() -> None:
    assert fold("S\u0327us\u0327a") == fold("Şuşa") == "shusha"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Culfa", "az", "julfa"),
        ("Culfa", "az-Latn-AZ", "julfa"),
        ("Culfa", "en", "culfa"),
        ("Culfa", "hy", "culfa"),
        ("Culfa", None, "culfa"),
        ("Луганськ", "uk", "luhansk"),
        ("Луганск", "ru", "lugansk"),
        ("Луганск", None, "lugansk"),
        ("Gəncə", "AZ", "ganja"),
        ("Besançon", "fr", "besancon"),
    ],
)
def test_language_tag_chooses_the_reading(text: str, lang: str | None, expected: str) -> None:
    assert fold(text, lang) == expected


def test_c_is_j_only_in_azerbaijani() -> None:
    assert fold("Culfa") == "culfa"
    assert fold("Culfa", "az") == "julfa"
    assert fold("Ağcabədi") == "aghjabadi"  # ğ and ə say it is Azerbaijani


def test_english_ch_survives_the_azerbaijani_reading() -> None:
    assert fold("Gazanchi", "az") == "gazanchi"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Culfa", ("culfa", "julfa")),  # Azerbaijani typed without diacritics?
        ("Qazanci", ("qazanci", "gazanji")),
        ("Besançon", ("besanchon", "besancon")),  # ç alone: Azerbaijani first, then plain
        ("Луганськ", ("lugansk", "luhansk")),  # no letter tells Russian from Ukrainian
        ("Шуша", ("shusha",)),
        ("Gandzasar", ("gandzasar",)),
        ("Şuşa", ("shusha",)),
        ("Київ", ("kyiv",)),
    ],
)
def test_every_plausible_reading(text: str, expected: tuple[str, ...]) -> None:
    assert folded_readings(text) == expected


def test_tokens() -> None:
    assert tokens("Ghazanchetsots Cathedral, Shushi (Շուշի)") == [
        "ghazanchetsots",
        "cathedral",
        "shushi",
        "shushi",
    ]
    assert tokens("  ") == []
    assert tokens("A b") == ["a", "b"]
