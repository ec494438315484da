"""The Linked Art doors leak no confidential point to an anonymous reader: the record's URL
asked for JSON-LD (``Accept`` and ``?format=jsonld``) walked over every page route, the
API's Linked Art record and bulk export, and ``shield export --format linked-art``. The
walks of ``test_confidentiality`` (its secrets, fixtures and route enumeration) reused."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import date

import pytest
from django.test import Client

from shield import cli
from shield.monitoring.models import Assessment
from tests.registry.test_confidentiality import (  # noqa: F401  (props: the fixture)
    _fill,
    _page_paths,
    assert_clean,
    props,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def assessed(props):  # noqa: F811
    """The refuge's condition assessed where it stands: the field point is a secret too."""
    Assessment.objects.create(
        property=props["t:refuge"],
        assessed_on=date(2024, 1, 5),
        method="field",
        condition="good",
        assessor="Test team",
        lat=61.473829,
        lon=8.916357,
    )
    return props


def test_every_page_route_asked_for_json_ld_leaks_nothing(assessed):
    anonymous = Client()
    refs = [p.code for p in assessed.values()] + [str(p.id) for p in assessed.values()]
    walked = jsonld = 0
    for path in _page_paths():
        if "i18n" in path or "logout" in path:
            continue
        for url in _fill(path, refs):
            for query, headers in (
                ({"format": "jsonld"}, {}),
                ({}, {"HTTP_ACCEPT": "application/ld+json"}),
            ):
                response = anonymous.get(url, query, **headers)
                assert_clean(
                    f"page {url} {query} {headers} -> {response.status_code}",
                    response.content.decode("utf-8", errors="replace"),
                )
                walked += 1
                jsonld += response.get("Content-Type", "").startswith("application/ld+json")
    assert walked >= 10
    assert jsonld >= 4  # the two visible records, by code and by id, each way asked


def test_the_records_linked_art_shows_the_area_not_the_point(assessed):
    anonymous = Client()
    refuge = assessed["t:refuge"].code
    doc = anonymous.get(f"/property/{refuge}/", HTTP_ACCEPT="application/ld+json").json()
    assert doc["current_location"]["classified_as"][0]["id"].endswith("/location-precision/area")
    secret = assessed["t:secret"].code
    assert anonymous.get(f"/property/{secret}/", {"format": "jsonld"}).status_code == 404


def test_api_linked_art_doors_leak_nothing(assessed):
    anonymous = Client()
    for prop in assessed.values():
        for ref in (prop.code, str(prop.id)):
            response = anonymous.get(f"/api/properties/{ref}/linked-art")
            assert_clean(f"linked-art {ref} -> {response.status_code}", response.content.decode())
    bulk = anonymous.get("/api/export", {"format": "linked-art"})
    text = b"".join(bulk.streaming_content).decode()
    assert "Refuge Nordfjell" in text
    assert_clean("GET /api/export?format=linked-art", text)
    assert len([json.loads(line) for line in text.splitlines()]) == 2  # the restricted one hidden


def test_cli_linked_art_export_leaks_nothing_by_default(assessed):
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["export", "--format", "linked-art"]) == 0
    text = out.getvalue()
    assert "Refuge Nordfjell" in text and "Shusha" in text
    assert_clean("shield export --format linked-art", text)
