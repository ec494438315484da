"""Coarsening of confidential locations.

A confidential point is never shown to the unauthorised; they get the cell of a fixed
grid that contains it (0.1 degree, about 11 km north-south), as the cell's centre and
its bounds. Snapping to a fixed grid, rather than adding noise, means repeated requests
reveal nothing more than the cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_CELL_DEG = 0.1


@dataclass(frozen=True)
class Area:
    lat: float
    lon: float
    south: float
    west: float
    north: float
    east: float
    cell_deg: float


def coarsen(lat: float, lon: float, cell_deg: float = DEFAULT_CELL_DEG) -> Area:
    south, west = _south_west(lat, lon, cell_deg)
    north, east = south + cell_deg, west + cell_deg
    digits = _digits(cell_deg)

    def r(v: float) -> float:
        return round(v, digits)

    return Area(
        r((south + north) / 2), r((west + east) / 2), r(south), r(west), r(north), r(east), cell_deg
    )


def cell_centre(lat: float, lon: float, cell_deg: float = DEFAULT_CELL_DEG) -> tuple[float, float]:
    """``coarsen(lat, lon)``'s centre alone, computed the same way (for a million rows)."""
    south, west = _south_west(lat, lon, cell_deg)
    digits = _digits(cell_deg)
    return round((south + (south + cell_deg)) / 2, digits), round(
        (west + (west + cell_deg)) / 2, digits
    )


def _south_west(lat: float, lon: float, cell_deg: float) -> tuple[float, float]:
    return math.floor(lat / cell_deg) * cell_deg, math.floor(lon / cell_deg) * cell_deg


@lru_cache(maxsize=8)
def _digits(cell_deg: float) -> int:
    return max(0, -math.floor(math.log10(cell_deg))) + 1
