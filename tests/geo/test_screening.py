"""The screening engine against brute force: every distance computed with geographiclib (a
library apart from the engine's pyproj), on random data, across the antimeridian, at the poles,
and for boundaries with holes."""

from __future__ import annotations

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shield.geo import boundary as bnd
from shield.geo.screening import BadTargets, BufferPolicy, SiteIndex

WGS84 = Geodesic.WGS84


def gl_distance(lat1, lon1, lat2, lon2) -> float:
    return WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]


def brute_points(slat, slon, sbuf, tlat, tlon, trad, with_buffers=True):
    out = {}
    for t in range(len(tlat)):
        for s in range(len(slat)):
            d = gl_distance(tlat[t], tlon[t], slat[s], slon[s])
            if d <= trad[t] + (sbuf[s] if with_buffers else 0.0):
                out[(t, s)] = d
    return out


def pairs(hits):
    return {
        (int(t), int(s)): float(d)
        for t, s, d in zip(hits.target, hits.site, hits.distance_m, strict=True)
    }


def near_pairs_agree(found, expected):
    """The same pairs, the same distances; a pair within a micrometre of its reach may fall
    either way (two libraries' last bits)."""
    assert set(found) == set(expected)
    for key, d in found.items():
        assert d == pytest.approx(expected[key], abs=1e-6)


# A region small enough for hits to happen: a centre anywhere (poles and the antimeridian
# included), points scattered within about 20 km of it.
centres = st.tuples(
    st.floats(-90, 90, allow_nan=False),
    st.floats(-180, 180, allow_nan=False, exclude_max=True),
)


def scatter(rng, lat0, lon0, n, spread_m):
    az = rng.uniform(0, 360, n)
    dist = rng.uniform(0, spread_m, n)
    lats, lons = [], []
    for a, d in zip(az, dist, strict=True):
        g = WGS84.Direct(lat0, lon0, float(a), float(d))
        lats.append(g["lat2"])
        lons.append(g["lon2"])
    return np.array(lats), np.array(lons)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(centre=centres, seed=st.integers(0, 2**32 - 1), cell=st.sampled_from([None, 1500.0]))
def test_points_match_brute_force_anywhere(centre, seed, cell):
    rng = np.random.default_rng(seed)
    slat, slon = scatter(rng, *centre, 40, 20_000)
    tlat, tlon = scatter(rng, *centre, 15, 20_000)
    sbuf = rng.uniform(100, 5000, slat.size)
    trad = rng.uniform(0, 3000, tlat.size)
    index = SiteIndex.build(slat, slon, sbuf, cell_m=cell)
    near_pairs_agree(
        pairs(index.screen(tlat, tlon, trad)), brute_points(slat, slon, sbuf, tlat, tlon, trad)
    )
    # the reverse screen: the sites within each target's distance, buffers left out
    near_pairs_agree(
        pairs(index.screen(tlat, tlon, trad, with_buffers=False)),
        brute_points(slat, slon, sbuf, tlat, tlon, trad, with_buffers=False),
    )


def test_points_spread_over_the_whole_earth_match_brute_force():
    rng = np.random.default_rng(7)
    n, m = 1500, 120
    slat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    slon = rng.uniform(-180, 180, n)
    tlat = np.degrees(np.arcsin(rng.uniform(-1, 1, m)))
    tlon = rng.uniform(-180, 180, m)
    sbuf = rng.uniform(100, 400_000, n)  # wide, so that a random Earth has hits
    trad = rng.uniform(0, 100_000, m)
    found = pairs(SiteIndex.build(slat, slon, sbuf).screen(tlat, tlon, trad))
    expected = brute_points(slat, slon, sbuf, tlat, tlon, trad)
    assert len(expected) > 50
    near_pairs_agree(found, expected)


def test_across_the_antimeridian():
    index = SiteIndex.build([10.0, 10.0, -5.0], [179.999, -179.5, 180.0], [200.0, 200.0, 0.0])
    hits = pairs(index.screen([10.0, -5.0], [-179.999, -180.0], [0.0, 1.0]))
    # 0.002 degrees of longitude at 10 N is about 219 m: beyond 200 m, within 200 + 50
    assert (0, 0) not in hits
    assert (1, 2) in hits and hits[(1, 2)] == pytest.approx(0.0, abs=1e-6)
    wider = pairs(index.screen([10.0], [-179.999], [50.0]))
    assert set(wider) == {(0, 0)}
    assert wider[(0, 0)] == pytest.approx(gl_distance(10, -179.999, 10, 179.999), abs=1e-6)


def test_at_the_poles():
    lons = np.linspace(-180, 170, 36)
    slat = np.concatenate([np.full(36, 89.999), np.full(36, -89.995)])
    slon = np.concatenate([lons, lons])
    index = SiteIndex.build(slat, slon, np.full(72, 100.0))
    hits = index.screen([90.0, -90.0, 89.998], [0.0, 45.0, 123.0], [20.0, 1000.0, 0.0])
    found = pairs(hits)
    expected = brute_points(
        slat, slon, np.full(72, 100.0), [90.0, -90.0, 89.998], [0.0, 45.0, 123.0], [20, 1000, 0]
    )
    near_pairs_agree(found, expected)
    assert sum(1 for t, _ in found if t == 0) == 36  # every point 111 m from the North Pole
    assert sum(1 for t, _ in found if t == 1) == 36


# ---- boundaries -----------------------------------------------------------------------------


def brute_segment(p, a, b, steps=4000):
    """The least geographiclib distance from p to the geodesic a-b: the nearest of ``steps``
    samples along it, then refined between its neighbours by ternary search."""
    line = WGS84.InverseLine(a[0], a[1], b[0], b[1])

    def at(s):
        q = line.Position(s)
        return gl_distance(p[0], p[1], q["lat2"], q["lon2"])

    step = line.s13 / steps
    dists = [at(step * i) for i in range(steps + 1)]
    i = min(range(steps + 1), key=dists.__getitem__)
    lo, hi = step * max(i - 1, 0), step * min(i + 1, steps)
    for _ in range(60):
        m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if at(m1) <= at(m2):
            hi = m2
        else:
            lo = m1
    return min(dists[i], at((lo + hi) / 2)), step


@settings(max_examples=50, deadline=None)
@given(
    centre=centres,
    seed=st.integers(0, 2**32 - 1),
    length=st.floats(10, 50_000),
)
def test_distance_to_an_edge_matches_brute_force(centre, seed, length):
    rng = np.random.default_rng(seed)
    g = WGS84.Direct(centre[0], centre[1], float(rng.uniform(0, 360)), length)
    a, b = centre, (g["lat2"], g["lon2"])
    plat, plon = scatter(rng, *centre, 1, length + 20_000)
    p = (float(plat[0]), float(plon[0]))
    ours = float(
        bnd.segment_distance(
            plat, plon, np.array([a[0]]), np.array([a[1]]), np.array([b[0]]), np.array([b[1]])
        )[0]
    )
    brute, _step = brute_segment(p, a, b, steps=200)
    assert ours == pytest.approx(brute, abs=1e-4)


def square(lat, lon, half_deg):
    return [
        (lon - half_deg, lat - half_deg),
        (lon + half_deg, lat - half_deg),
        (lon + half_deg, lat + half_deg),
        (lon - half_deg, lat + half_deg),
        (lon - half_deg, lat - half_deg),
    ]


def test_a_polygon_with_a_hole():
    shape = bnd.from_polygons([[square(45.0, 7.0, 0.1), square(45.0, 7.0, 0.02)]])
    inside, in_hole, outside = (45.06, 7.0), (45.0, 7.0), (45.15, 7.0)
    assert bnd.contains(shape, *inside)
    assert not bnd.contains(shape, *in_hole)
    assert not bnd.contains(shape, *outside)
    d = bnd.distance_to(shape, np.array([45.06, 45.0, 45.15]), np.array([7.0, 7.0, 7.0]))
    assert d[0] == 0.0
    # from the hole's centre to its nearest edge; from outside to the outer ring
    hole, outer = square(45.0, 7.0, 0.02), square(45.0, 7.0, 0.1)
    to_hole = min(brute_segment((45, 7), a[::-1], b[::-1], 50)[0] for a, b in zip(hole, hole[1:]))
    to_outer = min(
        brute_segment((45.15, 7), a[::-1], b[::-1], 50)[0] for a, b in zip(outer, outer[1:])
    )
    assert d[1] == pytest.approx(to_hole, abs=1e-4)
    assert d[2] == pytest.approx(to_outer, abs=1e-4)
    assert d[1] == pytest.approx(gl_distance(45, 7, 45, 7.02), rel=1e-3)  # the east side


def test_a_target_inside_a_boundary_hits_at_distance_zero_whatever_the_buffer():
    shape = bnd.from_polygons([[square(-33.9, 151.2, 0.05)]])
    index = SiteIndex.build([-33.9, -33.0], [151.2, 151.0], [0.0, 0.0], boundaries={0: shape})
    hits = pairs(index.screen([-33.93], [151.23], [0.0]))
    assert hits == {(0, 0): 0.0}


def test_boundaries_across_the_antimeridian_and_round_a_pole():
    # a ring stored with its jump from +180 to -180, not cut
    fiji = bnd.from_polygons(
        [[[(179.8, -16.9), (-179.8, -16.9), (-179.8, -16.6), (179.8, -16.6), (179.8, -16.9)]]]
    )
    assert bnd.contains(fiji, -16.75, 180.0) and bnd.contains(fiji, -16.75, -179.9)
    assert not bnd.contains(fiji, -16.75, 179.0)
    polar = bnd.from_polygons([[[(lon, 89.5) for lon in range(-180, 181, 30)]]])
    assert bnd.contains(polar, 90.0, 0.0) and bnd.contains(polar, 89.8, 77.0)
    d = bnd.distance_to(polar, np.array([89.0]), np.array([15.0]))[0]
    # half a degree of latitude south of the ring at a vertex's meridian... less, between them
    assert 50_000 < d < gl_distance(89.0, 15.0, 89.5, 0.0)
    index = SiteIndex.build(
        [-16.75, 90.0], [180.0, 0.0], [0.0, 0.0], boundaries={0: fiji, 1: polar}
    )
    found = pairs(index.screen([-16.95, 89.0, 0.0], [-179.9, 15.0, 0.0], [10_000.0, d + 1, 1e6]))
    assert set(found) == {(0, 0), (1, 1)}
    assert found[(1, 1)] == pytest.approx(d)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(centre=centres, seed=st.integers(0, 2**32 - 1))
def test_polygon_sites_match_brute_force(centre, seed):
    rng = np.random.default_rng(seed)
    lat0 = float(np.clip(centre[0], -85, 85))
    shapes = {}
    slat, slon = scatter(rng, lat0, centre[1], 6, 15_000)
    for i in range(0, 6, 2):  # every other site has a boundary: a square with a hole
        half = float(rng.uniform(0.005, 0.03))
        lon = float(slon[i])
        shapes[i] = bnd.from_polygons(
            [[square(float(slat[i]), lon, half), square(float(slat[i]), lon, half / 3)]]
        )
    sbuf = rng.uniform(0, 2000, 6)
    tlat, tlon = scatter(rng, lat0, centre[1], 8, 15_000)
    trad = rng.uniform(0, 2000, 8)
    found = pairs(SiteIndex.build(slat, slon, sbuf, boundaries=shapes).screen(tlat, tlon, trad))
    for t in range(8):
        for s in range(6):
            reach = trad[t] + sbuf[s]
            if s in shapes:
                shape = shapes[s]
                centre_d = gl_distance(tlat[t], tlon[t], slat[s], slon[s])
                if centre_d > reach + 7_000:  # beyond the square's corners (3.4 km at most)
                    assert (t, s) not in found
                    continue
                if bnd.contains(shape, tlat[t], tlon[t]):
                    d = 0.0
                else:
                    d = min(
                        brute_segment(
                            (tlat[t], tlon[t]),
                            (r.lat[k], r.lon[k]),
                            (r.lat[k + 1], r.lon[k + 1]),
                            60,
                        )[0]
                        for r in shape.rings
                        for k in range(r.lat.size - 1)
                    )
                tol = 1e-3
            else:
                d, tol = gl_distance(tlat[t], tlon[t], slat[s], slon[s]), 1e-6
            if abs(d - reach) <= tol:
                continue  # too near the edge of reach for the samples to say
            assert ((t, s) in found) == (d <= reach), (t, s, d, reach)
            if (t, s) in found:
                assert found[(t, s)] == pytest.approx(d, abs=tol)


def test_bad_input_is_named():
    index = SiteIndex.build([0.0], [0.0], [10.0])
    with pytest.raises(BadTargets, match="target 1"):
        index.screen([0.0, 91.0], [0.0, 0.0])
    with pytest.raises(BadTargets, match="radii"):
        index.screen([0.0], [0.0], [-1.0])
    with pytest.raises(bnd.BadBoundary, match="Polygon"):
        bnd.parse({"type": "Point", "coordinates": [0, 0]})
    with pytest.raises(bnd.BadBoundary, match="fit within"):
        bnd.from_polygons([[[(-100, 0), (100, 0), (100, 10), (-100, 10)]]])


def test_buffers_by_level_and_by_property():
    policy = BufferPolicy({"general": 100.0, "enhanced": 1000.0}, default_m=50.0)
    assert policy.buffer_for(["general"]) == 100.0
    assert policy.buffer_for(["general", "enhanced"]) == 1000.0
    assert policy.buffer_for(["special"]) == 50.0
    assert policy.buffer_for(["general", "enhanced"], own_m=20.0) == 20.0
    assert policy.buffer_for([]) == 0.0
    with pytest.raises(ValueError, match="enhanced"):
        BufferPolicy({"enhanced": -1.0})


def test_empty_inputs():
    index = SiteIndex.build([], [], [])
    assert len(index.screen([1.0], [2.0], [5.0])) == 0
    assert len(SiteIndex.build([1.0], [2.0], [5.0]).screen([], [], [])) == 0
