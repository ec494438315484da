"""Coordinates and spatial helpers: pure functions over plain floats."""

from .coarsen import coarsen, Area
from .bbox import parse_bbox, BBox, BadBBox

__all__ = ["coarsen", "Area", "parse_bbox", "BBox", "BadBBox"]
