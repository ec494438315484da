"""The Object-ID comparison engine (shield.matching.objects): pure values in, reasons out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shield.matching.objects import (
    Description,
    Measurement,
    UnitError,
    compare,
    rank,
    year_range,
)

ICON = Description(
    key="icon",
    object_type="Icon",
    title="Святой Георгий",
    materials="wood, tempera, gilding",
    measurements=(Measurement("h", 318, "mm"), Measurement("w", 245, "mm")),
    inscriptions="O AGIOS GEORGIOS",
    date_period="18th century",
    maker="Unknown workshop",
)
KHACHKAR = Description(
    key="khachkar",
    object_type="khachkar",
    title="Cross stone",
    materials="basalt",
    measurements=(Measurement("height", 2.1, "m"),),
    date_period="1211",
)


def test_the_stolen_icon_ranks_first_with_reasons_per_field():
    query = Description(
        object_type="icon",
        title="Saint George",
        materials="tempera on wood",
        measurements=(Measurement("height", 32, "cm"), Measurement("width", 24.5, "cm")),
        inscriptions="ΟΑΓΙΟΣ ΓΕΩΡΓΙΟΣ",
        date_period="c. 1750",
    )
    found = rank(query, [KHACHKAR, ICON])
    assert [c.key for c in found] == ["icon"]
    reasons = {r.field: r for r in found[0].reasons}
    assert reasons["measurements"].outcome == "match"  # 32 cm against 318 mm, within 5 %
    assert reasons["inscriptions"].outcome == "match"  # Greek against its transliteration
    assert reasons["date"].outcome == "match"  # c. 1750 within the 18th century
    assert reasons["object_type"].outcome == "match"
    assert found[0].score >= 80


def test_measurements_outside_tolerance_differ():
    q = Description(object_type="icon", measurements=(Measurement("height", 40, "cm"),))
    reason = {r.field: r for r in compare(q, ICON).reasons}["measurements"]
    assert reason.outcome == "differs"


def test_inches_convert():
    q = Description(measurements=(Measurement("height", 12.52, "in"), Measurement("w", 9.65, "in")))
    reason = compare(q, ICON).reasons[0]
    assert reason.field == "measurements" and reason.outcome == "match"


def test_maker_across_scripts():
    a = Description(key="a", maker="Hovhannes Aivazovsky")
    b = Description(key="b", maker="Ованес Айвазовский")
    assert compare(a, b).reasons[0].outcome in {"match", "partial"}


def test_an_unrelated_object_is_no_candidate():
    query = Description(object_type="manuscript", title="Gospel book", materials="parchment")
    assert rank(query, [ICON, KHACHKAR]) == []


def test_unknown_unit_is_refused():
    with pytest.raises(UnitError, match="furlong"):
        Measurement("height", 1, "furlong").base()


@pytest.mark.parametrize(
    "text,years",
    [
        ("c. 1750", (1725, 1775)),
        ("18th century", (1701, 1800)),
        ("1700-tallet", (1700, 1799)),
        ("12th-13th century", (1201, 1300)),
        ("1654-56", (1654, 1656)),
        ("undated", None),
    ],
)
def test_year_ranges(text, years):
    assert year_range(text) == years


@given(st.floats(min_value=1, max_value=5000), st.sampled_from(["mm", "cm", "m", "in"]))
def test_a_measure_matches_itself_in_any_unit(value, unit):
    from shield.matching.objects import UNITS

    mm = value * UNITS[unit][1]
    a = Description(key="a", measurements=(Measurement("height", value, unit),))
    b = Description(key="b", measurements=(Measurement("height", mm, "mm"),))
    assert compare(a, b).reasons[0].outcome == "match"
