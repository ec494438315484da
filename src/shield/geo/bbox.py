"""Bounding boxes given as 'west,south,east,north' (the GeoJSON order)."""

from __future__ import annotations

from dataclasses import dataclass


class BadBBox(ValueError):
    pass


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    def contains(self, lat: float, lon: float) -> bool:
        in_lat = self.south <= lat <= self.north
        in_lon = (
            self.west <= lon <= self.east
            if self.west <= self.east
            else (lon >= self.west or lon <= self.east)
        )
        return in_lat and in_lon


def parse_bbox(text: str) -> BBox:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise BadBBox("bbox must be four numbers: west,south,east,north")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise BadBBox("bbox must be four numbers: west,south,east,north") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise BadBBox("bbox longitudes must be between -180 and 180")
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise BadBBox("bbox latitudes must be between -90 and 90")
    if south > north:
        raise BadBBox("bbox south must not be greater than north")
    return BBox(west, south, east, north)
