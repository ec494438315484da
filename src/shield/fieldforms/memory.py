"""Reading a large export makes hundreds of thousands of small dicts and lists, all alive
until the import ends. Python's cyclic garbage collector, triggered by that many
allocations, walks every one of them again and again while finding nothing to free (an
export's answers hold no reference cycles): about a third of the reading time. While
``collector_paused`` holds, that collector waits; reference counting still frees
everything as usual, and one collection runs when the work is done."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the block (nested blocks: until the outer
    one ends), as it was before afterwards."""
    global _depth
    was_enabled = gc.isenabled()
    _depth += 1
    gc.disable()
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and was_enabled:
            gc.enable()
            gc.collect(1)
