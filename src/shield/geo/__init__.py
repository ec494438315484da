"""Coordinates and spatial helpers: pure functions over plain floats."""

from .bbox import BadBBox, BBox, parse_bbox
from .coarsen import Area, coarsen

__all__ = ["Area", "BBox", "BadBBox", "coarsen", "parse_bbox"]
