"""No output lets an anonymous reader learn a confidential property's exact location.

Walks every GET endpoint of the API schema, every page, the exports (API and CLI), the
map data, suggestions and error messages, and looks for the exact coordinates.
"""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from shield import cli
from shield.registry import services
from tests.registry.factories import REFUGE, SECRET, SHUSHA

pytestmark = pytest.mark.django_db(transaction=True)

# Digits of the exact points (to 4 decimals): none may appear in any anonymous output.
SECRETS = [
    "61.4738",
    "8.9163",
    "8.9161",
    "61.4737",
    "49.8372",
    "24.0315",
    "Hidden Store Kalyna",
    "Kalyna",
]


@pytest.fixture
def props(users):
    admin = users["admin"]
    return {
        rec["external_id"]: services.create_property(admin, rec) for rec in (REFUGE, SECRET, SHUSHA)
    }


def assert_clean(where: str, body: str):
    for secret in SECRETS:
        assert secret not in body, f"{where} leaks {secret!r}"


def _page_paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for item in resolver.url_patterns:
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            if route.startswith(("admin/", "api/")):
                continue
            yield from _page_paths(item, route)
        elif isinstance(item, URLPattern):
            yield "/" + route


def _fill(path: str, refs: list[str]) -> list[str]:
    if "{" not in path and "<" not in path:
        return [path]
    return [re.sub(r"\{[^}]+\}|<[^>]+>", ref, path) for ref in refs]


def _text_of(content: bytes) -> str:
    """A body as text to search: a file that is a ZIP (an XLSX form, a package) is read member
    by member, so a point inside a file's parts is found too."""
    if content[:4] == b"PK\x03\x04":
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()
            )
    return content.decode()


def test_api_get_endpoints_leak_nothing(props, client):
    refs = [p.code for p in props.values()] + [str(p.id) for p in props.values()]
    spec = client.get("/api/openapi.json").json()
    anonymous = Client()
    queries = [
        {},
        {"q": "Refuge"},
        {"q": "Hidden"},
        {"q": "Kalyna"},
        {"format": "csv"},
        {"format": "geojson"},
        {"bbox": "8.9,61.47,8.95,61.48"},
        {"on": "2024-01-01"},
        {"lang": "nb"},
    ]
    walked = 0
    for path, ops in spec["paths"].items():
        if "get" not in ops:
            continue
        for url in _fill(path, refs):
            for query in queries:
                response = anonymous.get(url, query)
                body = _text_of(response.content)
                assert_clean(f"GET {url} {query} -> {response.status_code}", body)
                walked += 1
    assert walked > 50


def test_bbox_cannot_pinpoint_a_hidden_point(props):
    anonymous = Client()
    tight = "8.9160,61.4735,8.9170,61.4742"  # holds the exact point, not the cell's centre
    assert anonymous.get("/api/properties", {"bbox": tight}).json()["count"] == 0
    cell = "8.9,61.4,9.0,61.5"
    found = anonymous.get("/api/properties", {"bbox": cell}).json()
    assert [r["code"] for r in found["results"]] == [props["t:refuge"].code]
    assert found["results"][0]["location"]["precision"] == "area"


def test_pages_leak_nothing(props):
    anonymous = Client()
    refs = [p.code for p in props.values()]
    walked = 0
    for path in _page_paths():
        if "i18n" in path or "logout" in path:
            continue
        for url in _fill(path, refs):
            for query in (
                {},
                {"q": "Refuge"},
                {"q": "Hidden Store"},
                {"on": "2020-01-01"},
                {"bbox": "8,61,9,62"},
            ):
                response = anonymous.get(url, query)
                assert_clean(  # a route may answer a file (a photograph): read it as text too
                    f"page {url} {query} -> {response.status_code}",
                    response.content.decode("utf-8", errors="replace"),
                )
                walked += 1
    assert walked >= 10


def test_cli_exports_leak_nothing_by_default(props):
    for fmt in ("csv", "geojson"):
        out = io.StringIO()
        with redirect_stdout(out):
            assert cli.main(["export", "--format", fmt]) == 0
        text = out.getvalue()
        assert "Refuge Nordfjell" in text and "Shusha" in text
        assert_clean(f"shield export --format {fmt}", text)


def test_authorised_roles_see_the_exact_point(props, users, api):
    code = props["t:refuge"].code
    for who in ("admin", "secretariat", "assessor", "officer_nor"):
        loc = api(users[who]).get(f"/api/properties/{code}").json()["location"]
        assert loc["precision"] == "exact" and loc["lat"] == pytest.approx(61.473829), who
    for who in ("committee", "officer_arm"):
        loc = api(users[who]).get(f"/api/properties/{code}").json()["location"]
        assert loc["precision"] == "area", who
    secret = props["t:secret"].code
    assert api(users["officer_arm"]).get(f"/api/properties/{secret}").status_code == 404
    assert api(users["assessor"]).get(f"/api/properties/{secret}").status_code == 200


def test_ogc_features_leak_nothing(props, users):
    """OGC API - Features (/ogc/, shield.api.ogc): every door and collection, with boxes
    around the hidden points; assessments made at the confidential and restricted refuges."""
    from shield.monitoring import services as monitoring

    assessed = [
        monitoring.create_assessment(
            users["admin"],
            {
                "property": props[ext].code,
                "assessed_on": "2021-03-01",
                "method": "field",
                "condition": "poor",
                "assessor": "Field team A",
                "lat": lat,
                "lon": lon,
            },
        )
        for ext, lat, lon in (("t:refuge", 61.47382, 8.91636), ("t:secret", 49.83726, 24.03155))
    ]
    refs = [p.code for p in props.values()] + [str(p.id) for p in props.values()]
    refs += [str(a.pk) for a in assessed]
    anonymous = Client()
    urls = ["/ogc/", "/ogc/api", "/ogc/conformance", "/ogc/collections"]
    for collection in ("registry", "list", "assessments"):
        base = f"/ogc/collections/{collection}"
        urls += [base, f"{base}/items"] + [f"{base}/items/{ref}" for ref in refs]
    tight = "8.9160,61.4735,8.9170,61.4742"
    walked = 0
    for url in urls:
        for query in (
            {},
            {"bbox": tight},
            {"bbox": "8.9,61.4,9.0,61.5"},
            {"bbox": "24.0,49.8,24.1,49.9"},
            {"datetime": "2021-03-01"},
            {"datetime": "2000-01-01/.."},
            {"limit": "1000"},
            {"f": "json"},
        ):
            response = anonymous.get(url, query)
            assert_clean(f"GET {url} {query} -> {response.status_code}", response.content.decode())
            walked += 1
    assert walked > 100
    for collection in ("registry", "assessments"):
        found = anonymous.get(f"/ogc/collections/{collection}/items", {"bbox": tight}).json()
        assert found["numberMatched"] == 0, collection
    refuge = anonymous.get(f"/ogc/collections/assessments/items/{assessed[0].pk}").json()
    assert refuge["properties"]["location_precision"] == "area"
    assert anonymous.get(f"/ogc/collections/assessments/items/{assessed[1].pk}").status_code == 404
