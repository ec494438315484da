"""Build the Protocol's texts (package data) from the seed documents.

Usage::

    python -m shield.treaty.build_texts SEED_DIR [--out DIR]

Reads ``004_*.txt`` (Prop. 71 S (2015-2016): the Second Protocol in English and in the
official Norwegian bokmål translation, article by article, as a bulleted outline) and
writes ``protocol_en.json`` and ``protocol_nb.json`` (by default into this package's
``data/`` folder). It then checks the English text word by word against ``001_*.txt``
(the English text, plain) and records every difference as a note in ``protocol_en.json``.
The two languages must have the same articles and the same labels, part for part; the
build stops with a message naming the article if they do not.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path
from typing import Any

BULLET = re.compile(r"^(?P<indent> *)• (?P<body>.*)$")
MARK = re.compile(r"^(?P<mark>\(?(?P<label>[0-9]+|[a-z]{1,4})(?:\.|\)|\.\))\)?)\s*(?P<text>.*)$")
NOISE = {"Back to top", "Til toppen", "Til innholdsfortegnelse"}

LANGS: dict[str, dict[str, str]] = {
    "en": {
        "article": "Article",
        "chapter": "Chapter",
        "start": "The Parties,",
        "closing": "IN FAITH WHEREOF",
        "title": "Second Protocol to the Hague Convention of 1954 for the Protection of "
        "Cultural Property in the Event of Armed Conflict",
    },
    "nb": {
        "article": "Artikkel",
        "chapter": "Kapittel",
        "start": "Partene –",
        "closing": "SOM BEKREFTELSE",
        "title": "Annen protokoll til Haag-konvensjonen av 1954 om beskyttelse av "
        "kulturverdier i tilfelle av væpnet konflikt",
    },
}
INSTRUMENT = "Second Protocol to the Hague Convention of 1954 (The Hague, 26 March 1999)"
SOURCE_DOCUMENT = (
    "Prop. 71 S (2015–2016) Samtykke til tiltredelse av annen protokoll til "
    "Haag-konvensjonen av 1954 om beskyttelse av kulturverdier i tilfelle av væpnet konflikt "
    "av 26. mars 1999 (Norwegian Ministry of Climate and Environment)"
)


class BuildError(ValueError):
    """The seed text does not have the shape the parser expects."""


def _split_sections(lines: list[str]) -> dict[str, list[str]]:
    """The English and the Norwegian halves of document 004, from each preamble on."""
    try:
        starts = {lang: lines.index(spec["start"]) for lang, spec in LANGS.items()}
        nb_title = next(i for i, ln in enumerate(lines) if ln.startswith(LANGS["nb"]["title"]))
    except (ValueError, StopIteration):
        raise BuildError("004 does not hold both the English and the Norwegian text") from None
    if not starts["en"] < nb_title < starts["nb"]:
        raise BuildError("expected the English text before the Norwegian text in 004")
    return {"en": lines[starts["en"] : nb_title], "nb": lines[starts["nb"] :]}


def _parse_mark(body: str, where: str) -> tuple[str, str, str]:
    m = MARK.match(body)
    if not m:
        raise BuildError(f"{where}: cannot read the label of bullet {body[:60]!r}")
    return m.group("label"), m.group("mark"), m.group("text").strip()


def _parse_section(lines: list[str], lang: str, count: int = 47) -> dict[str, Any]:
    """Parse one language's half of 004 into preamble, articles and closing."""
    spec = LANGS[lang]
    art_re = re.compile(rf"^{spec['article']} ([0-9]+)$")
    chap_re = re.compile(rf"^{spec['chapter']} ([0-9]+)$")
    content = [ln.rstrip() for ln in lines if ln.strip() and ln.strip() not in NOISE]
    preamble: list[str] = []
    closing: list[str] = []
    articles: list[dict[str, Any]] = []
    chapter, chapter_title = "", ""
    i = 0
    while i < len(content) and not chap_re.match(content[i]):
        preamble.append(content[i].strip())
        i += 1
    current: dict[str, Any] | None = None
    stack: list[tuple[int, dict[str, Any]]] = []
    while i < len(content):
        line = content[i]
        if m := chap_re.match(line):
            chapter, chapter_title = m.group(1), content[i + 1].strip()
            i += 2
            continue
        if m := art_re.match(line):
            current = {
                "number": int(m.group(1)),
                "chapter": chapter,
                "chapter_title": chapter_title,
                "title": content[i + 1].strip(),
                "text": "",
                "children": [],
            }
            articles.append(current)
            stack = []
            i += 2
            continue
        if line.startswith(spec["closing"]):
            closing = [ln.strip() for ln in content[i:]]
            break
        if current is None:
            raise BuildError(f"{lang}: text outside any article: {line[:60]!r}")
        where = f"{lang} Article {current['number']}"
        if b := BULLET.match(line):
            depth = len(b.group("indent")) // 2
            label, mark, text = _parse_mark(b.group("body"), where)
            node: dict[str, Any] = {"label": label, "mark": mark, "text": text, "children": []}
            while stack and stack[-1][0] >= depth:
                stack.pop()
            parent = stack[-1][1] if stack else current
            parent["children"].append(node)
            stack.append((depth, node))
        elif not current["children"]:
            current["text"] = (current["text"] + " " + line.strip()).strip()
        else:
            raise BuildError(f"{where}: text after the article's parts: {line[:60]!r}")
        i += 1
    numbers = [a["number"] for a in articles]
    if numbers != list(range(1, count + 1)):
        raise BuildError(f"{lang}: expected Articles 1 to {count} in order, found {numbers}")
    return {"preamble": preamble, "articles": articles, "closing": closing}


def _shape(node: dict[str, Any]) -> list[Any]:
    return [(c["label"], _shape(c)) for c in node["children"]]


def _check_same_shape(en: dict[str, Any], nb: dict[str, Any]) -> None:
    """Both languages must label their parts alike, article by article."""
    for a_en, a_nb in zip(en["articles"], nb["articles"], strict=True):
        if _shape(a_en) != _shape(a_nb):
            raise BuildError(
                f"Article {a_en['number']}: English parts {_shape(a_en)} differ from "
                f"Norwegian parts {_shape(a_nb)}"
            )


def _flatten(article: dict[str, Any]) -> str:
    parts = [article["title"], article["text"]]
    stack = list(reversed(article["children"]))
    while stack:
        node = stack.pop()
        parts.extend([node["mark"], node["text"]])
        stack.extend(reversed(node["children"]))
    return " ".join(parts)


def _words(text: str) -> list[str]:
    text = text.replace("’", "'").replace("«", '"').replace("»", '"')
    return re.findall(r"[a-z0-9]+", text.lower())


def _parse_plain_articles(text: str) -> dict[int, str]:
    """Split document 001 (plain English) into article number -> flat text."""
    out: dict[int, list[str]] = {}
    current: int | None = None
    for line in text.splitlines():
        if line.startswith("IN FAITH WHEREOF"):
            break
        m = re.match(r"^Article ([0-9]+) (.*)$", line)
        if m and int(m.group(1)) == (current or 0) + 1:  # headings come in order; a line
            current = int(m.group(1))  # starting "Article 4 of the Convention" is text
            out[current] = [m.group(2)]
        elif re.match(r"^Chapter [0-9]+ ", line):
            continue
        elif current is not None:
            out[current].append(line)
    return {n: " ".join(lines) for n, lines in out.items()}


def _cross_check(en: dict[str, Any], plain: dict[int, str], name: str) -> list[str]:
    """Notes on every word-level difference between 004 (English) and 001."""
    notes = []
    for article in en["articles"]:
        a, b = _words(_flatten(article)), _words(plain.get(article["number"], ""))
        ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                continue
            notes.append(
                f"Article {article['number']}: this text reads "
                f"{' '.join(a[i1:i2]) or '(nothing)'!r} where {name} reads "
                f"{' '.join(b[j1:j2]) or '(nothing)'!r} (words compared without punctuation)"
            )
    return notes


def build(seed_dir: Path) -> dict[str, dict[str, Any]]:
    """Parse the seeds in ``seed_dir``; return the JSON documents by language."""
    found = sorted(seed_dir.glob("004_*.txt"))
    if not found:
        raise BuildError(f"no 004_*.txt (Prop. 71 S) in {seed_dir}")
    source = found[0]
    sections = _split_sections(source.read_text(encoding="utf-8").splitlines())
    parsed = {lang: _parse_section(lines, lang) for lang, lines in sections.items()}
    _check_same_shape(parsed["en"], parsed["nb"])
    notes: dict[str, list[str]] = {"en": [], "nb": []}
    plain = sorted(seed_dir.glob("001_*.txt"))
    if plain:
        articles = _parse_plain_articles(plain[0].read_text(encoding="utf-8"))
        notes["en"] = _cross_check(parsed["en"], articles, plain[0].name)
    docs = {}
    for lang, body in parsed.items():
        part = "English text" if lang == "en" else "official Norwegian (bokmål) translation"
        docs[lang] = {
            "instrument": INSTRUMENT,
            "language": lang,
            "title": LANGS[lang]["title"],
            "source": {
                "document": SOURCE_DOCUMENT,
                "part": part,
                "seed_file": source.name,
                "cross_checked_against": plain[0].name if plain and lang == "en" else "",
            },
            "notes": notes[lang],
            **body,
        }
    return docs


def main(argv: list[str] | None = None) -> int:
    """Command line: parse SEED_DIR and write protocol_en.json and protocol_nb.json."""
    parser = argparse.ArgumentParser(prog="python -m shield.treaty.build_texts")
    parser.add_argument("seed_dir", type=Path, help="folder holding 004_*.txt (and 001_*.txt)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    args = parser.parse_args(argv)
    try:
        docs = build(args.seed_dir)
    except BuildError as exc:
        print(f"build_texts: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for lang, doc in docs.items():
        path = args.out / f"protocol_{lang}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path} ({len(doc['articles'])} articles, {len(doc['notes'])} notes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
