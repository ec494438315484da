"""Distances on the WGS84 ellipsoid, many at once, and the sphere of normals that bounds them.

Exact distances are geodesics on the WGS84 ellipsoid, computed by PROJ's implementation of
Karney's algorithms (``pyproj.Geod``), vectorised over numpy arrays.

The prefilter works on *n-vectors*: the unit normal of the ellipsoid at a point, whose
spherical coordinates are the point's geodetic latitude and longitude. Along a geodesic of
length ``D`` the normal turns by at most ``D / R_MIN``, where ``R_MIN = b**2 / a`` is the
smallest radius of curvature of the ellipsoid (the meridian's, at the equator). So two points
at ellipsoidal distance ``D`` have normals at most ``D / R_MIN`` radians apart: a search of the
sphere of normals with that angle is a safe prefilter for the exact test, at every latitude
and across the antimeridian alike (no longitude arithmetic is involved).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from pyproj import Geod

Floats = npt.NDArray[np.float64]

WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563
WGS84_B = WGS84_A * (1 - WGS84_F)
R_MIN = WGS84_B**2 / WGS84_A
"""The smallest radius of curvature of WGS84 (metres): the bound of the prefilter."""
SAFETY = 1e-9
"""Relative slack on every prefilter angle, for rounding in the dot products."""

GEOD = Geod(ellps="WGS84")


def as_floats(values: npt.ArrayLike) -> Floats:
    return np.ascontiguousarray(np.asarray(values, dtype=np.float64).reshape(-1))


def nvectors(lat: npt.ArrayLike, lon: npt.ArrayLike) -> Floats:
    """The unit normals (n-vectors) at geodetic ``lat``, ``lon`` (degrees), one row each."""
    la, lo = np.radians(as_floats(lat)), np.radians(as_floats(lon))
    cos_la = np.cos(la)
    return np.column_stack([cos_la * np.cos(lo), cos_la * np.sin(lo), np.sin(la)])


def bound_angle(distance_m: npt.ArrayLike) -> Floats:
    """The largest angle (radians) between the normals of two points ``distance_m`` apart on the
    ellipsoid, with the rounding slack: the prefilter's angle for that distance."""
    angle = as_floats(distance_m) / R_MIN * (1 + SAFETY) + SAFETY
    return np.minimum(angle, math.pi)


def distance(lat1: Floats, lon1: Floats, lat2: Floats, lon2: Floats) -> Floats:
    """The geodesic distances (metres) between the points pairwise."""
    if lat1.size == 0:
        return np.zeros(0)
    _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist, dtype=np.float64)


def inverse(
    lat1: Floats, lon1: Floats, lat2: Floats, lon2: Floats
) -> tuple[Floats, Floats, Floats]:
    """Forward azimuth at 1, back azimuth at 2 (towards 1), distance: degrees, degrees, metres."""
    az12, az21, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    return (
        np.asarray(az12, dtype=np.float64),
        np.asarray(az21, dtype=np.float64),
        np.asarray(dist, dtype=np.float64),
    )


def forward(
    lat: Floats, lon: Floats, azimuth: Floats, dist: Floats
) -> tuple[Floats, Floats, Floats]:
    """The point ``dist`` metres from (lat, lon) along ``azimuth``: lat, lon and the back azimuth
    there (towards the start)."""
    lon2, lat2, back = GEOD.fwd(lon, lat, azimuth, dist)
    return (
        np.asarray(lat2, dtype=np.float64),
        np.asarray(lon2, dtype=np.float64),
        np.asarray(back, dtype=np.float64),
    )
