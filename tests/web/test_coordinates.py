"""Coordinates read the same in both languages (decimal point, hemisphere letter), and the
numbers the maps read from the page are never localized (a Norwegian decimal comma broke
them)."""

from __future__ import annotations

import pytest

from shield.registry import services
from tests.registry.factories import record


@pytest.mark.parametrize("lang, east", [("en", "E"), ("nb", "Ø")])
def test_the_property_page_writes_coordinates_with_a_point_and_their_hemisphere(
    users, client, lang, east
):
    rec = record("coord:1")
    rec.update(lat=39.7583, lon=46.7486, confidentiality="public", location_certainty="general")
    prop = services.create_property(users["admin"], rec)
    client.cookies["django_language"] = lang
    html = client.get(f"/property/{prop.code}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f"39.75830\u00b0 N, 46.74860\u00b0 {east}" in html
    assert "39,75830" not in html and "general)" not in html
    assert 'data-lat="39.7583"' in html and 'data-lon="46.7486"' in html


def test_a_confidential_area_is_handed_to_the_map_with_decimal_points_in_norwegian(users, client):
    rec = record("coord:2")
    rec.update(lat=39.7583, lon=46.7486, confidentiality="location")
    prop = services.create_property(users["admin"], rec)
    client.cookies["django_language"] = "nb"
    html = client.get(f"/property/{prop.code}/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    area = html.split('data-area="')[1].split('"')[0]
    assert len([float(x) for x in area.split(",")]) == 4
