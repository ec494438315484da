"""The bulk Linked Art export: one JSON-LD record a line (JSON Lines), written as read."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from .records import records

Progress = Callable[[int], None]


def _noop(_n: int) -> None:
    pass


def linked_art_lines(user, qs, base: str, progress: Progress = _noop) -> Iterator[str]:
    """Each record of ``qs`` the reader may read as one line of JSON (the caller passes
    ``registry.disclosure.visible_to(user)``: deleted and hidden records are not in it)."""
    for doc in records(user, qs, base):
        yield json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
        progress(1)


def write_linked_art(user, qs, out, base: str, progress: Progress = _noop) -> int:
    """Write the records of ``qs`` to ``out`` as JSON Lines; returns how many."""
    count = 0
    for line in linked_art_lines(user, qs, base, progress):
        out.write(line)
        count += 1
    return count
