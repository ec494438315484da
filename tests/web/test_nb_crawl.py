"""Norwegian complete (issue 14, item 4): every page reachable from the navigation and the home
page, read by each role in Norwegian, holds no English leftover.

The crawl follows internal links breadth-first (GET only, same origin; not the API, the admin,
files, downloads or logout), bounded per role, over the loaded demo. A page's visible text is
what is left without tags, scripts, styles, ``<code>``, parts marked ``lang`` other than ``nb``,
URLs, record codes and numbers; it may hold none of the common English words below, each
chosen because it is no Norwegian word (so "for", "at", "i", "in", "a", "to", "by", "fire",
"under", "type", "status", "all", "be", "is", "last", "total" stay out: Norwegian
uses them)."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

ENGLISH = frozenset(
    """
    the and of with not this that these those which what when where who whose
    from into about after before between without within than then there their
    they them you your our we are were was been being has have had does did
    request requests property properties record records none yes no
    view edit delete add save cancel submit back next previous search
    sign login log out date dates name names state states
    committee session sessions decision decisions notice notices vote votes
    mission missions assessment assessments incident incidents evidence
    condition conditions damage list listed latest changes change recent
    page pages map maps open closed close days day left until since
    granted refused withdrawn pending draft submitted registered notified
    provisional enhanced protection protected cultural heritage claim claims
    claimant control location source sources photograph photographs
    confidential public title description summary details
    here any each every some only also may should could would will
    can cannot unknown other others new old first count
    it its an or as on if so
    """.split()
)

SKIP_PREFIXES = ("/api/", "/admin/", "/static/", "/media/", "/i18n/", "/logout", "/accounts/logout")
SKIP_SUFFIXES = (
    ".pdf",
    ".csv",
    ".json",
    ".geojson",
    ".zip",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".xml",
)
PER_ROLE = 120  # pages per role: enough to reach every kind of page of the demo

# Codes, URLs, numbers, e-mail addresses: not words of either language.
NOT_WORDS = re.compile(
    r"https?://\S+|\([a-z]{2,3}\)|\b[A-Z]{2,3}-\d{3,}\S*|\S+@\S+|\b\d[\d.,:/\-]*\b|\b[A-Z0-9_]{2,}\b"
)


class _Page(HTMLParser):
    SILENT = {"script", "style", "code", "pre", "svg", "template", "noscript", "title"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its content silent?
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in self.VOID:
            if tag == "input" and a.get("type") in {"submit", "button"} and a.get("value"):
                self._add(a["value"])
            if tag == "img" and a.get("alt"):
                self._add(a["alt"])
            return
        lang = (a.get("lang") or "").lower()
        silent = (
            tag in self.SILENT
            or (lang and not lang.startswith(("nb", "no")))
            or "translate" in a
            and a["translate"] == "no"
            or (self.stack and self.stack[-1])
        )
        self.stack.append(bool(silent))
        for attr in ("aria-label", "placeholder", "title"):
            if a.get(attr):
                self._add(a[attr])

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.text.append(data)

    def _add(self, value):
        if not (self.stack and self.stack[-1]):
            self.text.append(" " + value + " ")


PROPER_NAMES = ("Heritage Shield",)


def data_strings() -> set[str]:
    """Every free text the records hold (names, descriptions, notes, sources, titles, the
    bases of decisions) and the users' names: the registry's data, in whichever language it
    was written, is no text of the interface. Fields with choices are left out: their codes
    must reach a page only as translated labels."""
    from django.apps import apps
    from django.db import models

    from shield.listing.present import relabel

    kinds = (models.CharField, models.TextField, models.JSONField)
    out: set[str] = set(get_user_model().objects.values_list("username", flat=True))

    def walk(value):
        if isinstance(value, str):
            value = " ".join(value.split())
            if " " in value or (len(value) > 2 and not value.islower()):
                out.add(value)
                out.add(relabel(value, "nb"))  # a stored basis, its citations in nb form
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for model in apps.get_models():
        if not model.__module__.startswith("shield."):
            continue
        names = [
            f.name for f in model._meta.concrete_fields if isinstance(f, kinds) and not f.choices
        ]
        if names:
            for row in model.objects.values_list(*names):
                walk(list(row))
    return out


def without(texts, text: str) -> str:
    text = " ".join(text.split())
    for t in sorted(texts, key=len, reverse=True):
        if t in text:
            text = text.replace(t, " ")
    return text


def english_words(text: str, data=()) -> list[str]:
    text = NOT_WORDS.sub(" ", without((*PROPER_NAMES, *data), text))
    return [w for w in re.findall(r"[A-Za-zÆØÅæøå']+", text) if w.lower() in ENGLISH]


def in_context(text: str, data, words) -> list[str]:
    text = NOT_WORDS.sub(" ", without((*PROPER_NAMES, *data), text))
    out = []
    for w in sorted(set(words)):
        m = re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text)
        out.append(text[max(0, m.start() - 40) : m.end() + 40] if m else w)
    return out


def _own(href: str, base: str) -> str | None:
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
        return None
    path = parts.path
    if path.startswith(SKIP_PREFIXES) or path.lower().endswith(SKIP_SUFFIXES):
        return None
    query = parts.query
    if "format=" in query or "download" in query:
        return None
    return path + (f"?{query}" if query else "")


def _key(url: str) -> str:
    """Pages that differ only in their query's values are one kind of page: read the first."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", parts.path)
    keys = sorted({kv.split("=")[0] for kv in parts.query.split("&") if kv})
    return path + "?" + "&".join(keys)


def crawl(client: Client, data=(), limit: int = PER_ROLE) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    queue = deque(["/"])
    seen_kinds = {_key("/")}
    read = 0
    while queue and read < limit:
        url = queue.popleft()
        answer = client.get(url, HTTP_ACCEPT_LANGUAGE="nb")
        read += 1
        if answer.status_code in (301, 302):
            continue
        assert answer.status_code in (200, 403, 404), (url, answer.status_code)
        if "html" not in answer.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(answer.content.decode())
        body = " ".join(page.text)
        words = english_words(body, data)
        if words:
            found[url] = in_context(body, data, words)
        for href in page.links:
            own = _own(href, url)
            if own and _key(own) not in seen_kinds:
                seen_kinds.add(_key(own))
                queue.append(own)
    return found


@pytest.fixture
def demo(db):
    from shield.demo.loader import load_demo

    load_demo()


@pytest.mark.parametrize(
    "username", [None, "secretariat", "committee", "officer-arm", "officer-nor", "assessor"]
)
def test_every_page_in_norwegian(demo, username):
    client = Client()
    client.cookies["django_language"] = "nb"
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    leftovers = crawl(client, data_strings())
    assert not leftovers, "\n".join(
        f"{url}: " + " | ".join(found) for url, found in leftovers.items()
    )


def test_the_word_list_spares_norwegian():
    assert english_words("Søk etter kulturminner i og for by, at en eiendom") == []
    assert english_words("Nei, ja: ARM-00001 fra 2026-11-30 på https://example.org/the") == []
    assert english_words("The property records") == ["The", "property", "records"]
