"""The land outline cut at the antimeridian: no edge of the basemap spans the world."""

from __future__ import annotations

import json
from pathlib import Path

from shield.geo import antimeridian

WORLD = Path(antimeridian.__file__).parents[1] / "web" / "static" / "vendor" / "world"


def _rings(topo):
    return [r for poly in antimeridian.polygons(topo, "land") for r in poly]


def test_a_ring_across_the_antimeridian_is_cut_in_two():
    # an island from 179 E to 179 W, stored as the source stores it: a jump from +180 to -180
    ring = [(179.0, 10.0), (-179.0, 10.0), (-179.0, 11.0), (179.0, 11.0), (179.0, 10.0)]
    pieces = antimeridian.split_ring(ring)
    assert sorted(pieces) == [0, 1] or sorted(pieces) == [-1, 0]
    assert antimeridian.crosses(pieces.values()) == []
    lons = sorted({round(lon, 6) for piece in pieces.values() for lon, _lat in piece})
    assert lons == [-180.0, -179.0, 179.0, 180.0]


def test_a_ring_round_the_pole_is_closed_along_it():
    ring = [(-180.0, -70.0), (-60.0, -72.0), (60.0, -71.0), (179.0, -70.0), (-180.0, -70.0)]
    pieces = antimeridian.split_ring(ring)
    assert antimeridian.crosses(pieces.values()) == []
    assert min(lat for piece in pieces.values() for _lon, lat in piece) == -90.0


def test_a_ring_that_stays_on_one_side_is_kept():
    ring = [(10.0, 10.0), (11.0, 10.0), (11.0, 11.0), (10.0, 10.0)]
    assert antimeridian.split_ring(ring) == {0: ring}


def test_the_basemap_served_has_no_edge_across_the_world():
    source = json.loads((WORLD / "land-50m.json").read_text())
    served = json.loads((WORLD / "land-50m-split.json").read_text())
    assert antimeridian.crosses(_rings(source))  # the bands the issue saw
    assert antimeridian.crosses(_rings(served)) == []
    assert served == json.loads(json.dumps(antimeridian.split_topology(source)))
