"""The law in one place: no article label is typed outside ``shield.treaty``.

Doors name a provision through ``shield.treaty`` (a refusal kind, a finding, a provision
key) and render its label in the reader's language. This test reads every source file of
the package outside ``src/shield/treaty`` (Python, templates, scripts, message catalogues;
migrations, which record history, excepted) and fails on anything that reads as an article
label in English or Norwegian.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "shield"
SUFFIXES = {".py", ".html", ".js", ".txt", ".po", ".json", ".md", ".css"}
LABEL = re.compile(
    r"(?:\b(?:Arts?\.|arts?\.|Articles?|articles?|[Aa]rtikkel(?:ene)?|[Aa]rtiklene)|§)\s*\d",
    re.UNICODE,
)


def _sources():
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or path.suffix not in SUFFIXES:
            continue
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "treaty" or "migrations" in rel.parts or "vendor" in rel.parts:
            continue
        if rel.parts[:2] == ("demo", "data"):
            continue  # facts with their sources: a source may quote an article (the data, not a door)
        yield path


def labels_in(text: str) -> list[tuple[int, str]]:
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        for m in LABEL.finditer(line):
            out.append((n, line[max(0, m.start() - 30) : m.end() + 30].strip()))
    return out


def test_the_pattern_catches_every_form():
    for text in (
        "Art. 11(5)",
        "Arts. 5-9",
        "art. 11 nr. 5",
        "Article 13",
        "artikkel 18 i konvensjonen",
        "Convention Art. 4",
        "konvensjonen art. 19",
        "§ 2",
    ):
        assert labels_in(text), text
    for text in ("Party 11", "the article's title", "artefact 12", "Artsakh 2020"):
        assert not labels_in(text), text


def test_no_article_label_outside_the_treaty_package():
    found = []
    for path in _sources():
        for line, excerpt in labels_in(path.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{path.relative_to(PACKAGE)}:{line}: {excerpt}")
    if found:
        pytest.fail(
            f"{len(found)} article label(s) typed outside shield.treaty "
            "(name the provision through shield.treaty instead):\n" + "\n".join(found[:80])
        )
