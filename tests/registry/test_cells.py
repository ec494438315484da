"""The coarse cell's centre computed alone (for bulk imports) is the one coarsen gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shield.geo.coarsen import cell_centre, coarsen


@given(lat=st.floats(min_value=-90, max_value=90), lon=st.floats(min_value=-180, max_value=180))
def test_cell_centre_is_the_centre_of_the_coarse_area(lat, lon):
    area = coarsen(lat, lon)
    assert cell_centre(lat, lon) == (area.lat, area.lon)
