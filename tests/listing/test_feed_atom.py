"""The List's Atom feed is valid by RFC 4287: the feed has its id, title, updated and author;
every entry its id, title, updated and an alternate link. Ids are tag: URIs (RFC 4151) that do
not depend on the Host the feed is asked by, and an entry a decision wrote links to it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from django.test import Client

from shield.listing import committee
from tests.listing.helpers import MEMBERS, days_ago, notified, prop, session

pytestmark = pytest.mark.django_db
A = "{http://www.w3.org/2005/Atom}"
ALL_YES = {m: "yes" for m in MEMBERS}


@pytest.fixture
def listed(users):
    sec = users["secretariat"]
    req = notified(users, prop(users), notified_ago=200)
    s = session(users, "G.1", days_ago(100))
    committee.add_to_agenda(sec, s, req)
    assert committee.decide(sec, s, req, "grant", ALL_YES).carried
    return req


def feed(path: str, host: str = "testserver", lang: str = "en") -> ET.Element:
    r = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE=lang).get(path)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(r.content)


def one(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.findall(A + tag)
    assert len(found) == 1, f"{tag}: {len(found)} elements"
    return found[0]


def assert_date(text: str) -> None:
    assert datetime.fromisoformat(text).tzinfo is not None  # RFC 3339, with its offset


@pytest.mark.parametrize("path", ["/list/feed.atom", "/api/list/feed.atom"])
def test_feed_has_every_element_rfc_4287_requires(listed, settings, path):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.org"]
    root = feed(path)
    assert root.tag == A + "feed"
    assert one(root, "id").text == "tag:heritage-shield,2026:list"
    assert one(root, "title").text
    assert_date(one(root, "updated").text)
    assert one(one(root, "author"), "name").text == "Heritage Shield"
    assert {link.get("rel") for link in root.findall(A + "link")} >= {"alternate", "self"}
    entries = root.findall(A + "entry")
    assert entries
    ids = [one(e, "id").text for e in entries]
    assert len(set(ids)) == len(ids)
    for e in entries:
        assert one(e, "id").text.startswith("tag:heritage-shield,2026:list/protection-event/")
        assert one(e, "title").text
        assert_date(one(e, "updated").text)
        assert any(link.get("rel") == "alternate" for link in e.findall(A + "link"))
    # The decision behind the entry, and the property it is about.
    granted = next(e for e in entries if "entered the List" in one(e, "title").text)
    links = {link.get("rel"): link.get("href") for link in granted.findall(A + "link")}
    assert links["alternate"] == f"http://testserver/requests/{listed.ref}/#decisions"
    assert links["related"] == f"http://testserver/property/{listed.property.code}/"
    # Asked by another host, in another language: the same ids.
    other = feed(path, host="mirror.example.org", lang="nb")
    assert one(other, "id").text == one(root, "id").text
    assert [one(e, "id").text for e in other.findall(A + "entry")] == ids


def test_the_tag_authority_is_a_setting(listed, settings):
    settings.SHIELD_TAG_AUTHORITY = "shield.example.org,2027"
    root = feed("/list/feed.atom")
    assert one(root, "id").text == "tag:shield.example.org,2027:list"
    assert all(
        one(e, "id").text.startswith("tag:shield.example.org,2027:list/")
        for e in root.findall(A + "entry")
    )


def test_an_empty_list_is_still_a_valid_feed(db):
    root = feed("/list/feed.atom")
    assert one(root, "id").text and one(root, "title").text
    assert_date(one(root, "updated").text)
    assert one(one(root, "author"), "name").text
    assert root.findall(A + "entry") == []
