"""The text of a PDF WeasyPrint wrote, enough to search it: each content stream's glyph
strings decoded with each embedded font's ToUnicode map (a string of the wrong font decodes
to noise, so a text found under any map was on the page)."""

from __future__ import annotations

import re
import zlib


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(raw))
        except zlib.error:
            out.append(raw)
    return out


def _hex_text(hexes: bytes) -> str:
    data = bytes.fromhex(hexes.decode())
    return data.decode("utf-16-be", "replace")


def _cmap(stream: bytes) -> dict[int, str]:
    found: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            found[int(src, 16)] = _hex_text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, rest in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])", block
        ):
            lo_i, hi_i = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for i, dst in enumerate(re.findall(rb"<([0-9a-fA-F]+)>", rest)):
                    found[lo_i + i] = _hex_text(dst)
            else:
                start = int(rest[1:-1], 16)
                for i in range(hi_i - lo_i + 1):
                    found[lo_i + i] = chr(start + i)
    return found


def texts(pdf: bytes) -> list[str]:
    streams = _streams(pdf)
    maps = [_cmap(s) for s in streams if b"begincmap" in s]
    pages = [s for s in streams if b"BT" in s and (b"Tj" in s or b"TJ" in s)]
    out = []
    for page in pages:
        glyph_runs = re.findall(rb"<([0-9a-fA-F]{4,})>", page)
        for cmap in maps:
            chars = []
            for run in glyph_runs:
                for i in range(0, len(run) - 3, 4):
                    chars.append(cmap.get(int(run[i : i + 4], 16), "\ufffd"))
            out.append("".join(chars))
    return out
