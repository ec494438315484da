"""Coarsening of confidential locations.

A confidential point is never shown to the unauthorised; they get the cell of a fixed
grid that contains it (0.1 degree, about 11 km north-south), as the cell's centre and
its bounds. Snapping to a fixed grid, rather than adding noise, means repeated requests
reveal nothing more than the cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
    row = math.floor(lat / cell_deg)
    col = math.floor(lon / cell_deg)
    south, west = row * cell_deg, col * cell_deg
    north, east = south + cell_deg, west + cell_deg
    digits = max(0, -math.floor(math.log10(cell_deg))) + 1
    r = lambda v: round(v, digits)
    return Area(r((south + north) / 2), r((west + east) / 2), r(south), r(west), r(north), r(east), cell_deg)
