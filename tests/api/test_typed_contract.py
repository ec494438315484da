"""Every operation declares the shape of its answer (issue 12): no 2xx JSON body in the
OpenAPI document is a bare object (one with no properties), but for the few listed here with
the reason; and over the demo data, as readers of each kind, every answer is exactly what the
view wrote (the guard of ``tests/typed_contract.py``, which every test runs under)."""

from __future__ import annotations

import pytest

BARE = {
    # (method, path): why its 2xx body has no properties in the contract.
    ("get", "/api/list.geojson"): "a GeoJSON file (RFC 7946), served as application/geo+json",
    ("get", "/api/screening/nostrike"): "a file: GeoJSON (RFC 7946), KML or CSV, as asked",
    ("get", "/api/screening/runs/{run_id}/result"): "a job's result file: JSON, CSV or GeoJSON",
    ("get", "/api/properties/{ref}/linked-art"): "a Linked Art JSON-LD record (CIDOC CRM), "
    "its shape the Linked Art profile's, served as application/ld+json",
}
"""Operations whose whole body is an object of no declared shape, with the reason."""

FREE_FIELDS = {
    "boundary": "a GeoJSON Polygon or MultiPolygon (RFC 7946) as recorded",
    "changes": "an audit entry's changes: their keys depend on the action",
}
"""Fields inside typed bodies that are JSON objects of no fixed shape, with the reason."""


def _spec() -> dict:
    from shield.api import api

    return api.get_openapi_schema()


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _bare(schema: dict) -> bool:
    """An object that says nothing of its keys: no properties, no typed values."""
    if schema.get("type") != "object" or schema.get("properties"):
        return False
    values = schema.get("additionalProperties")
    return values in (None, True, {})


def _walk(schema: dict, components: dict, where: str, seen: set[str]) -> list[str]:
    """The bare objects inside ``schema``, by where they are (each named schema once)."""
    ref = schema.get("$ref")
    if ref:
        if ref in seen:
            return []
        seen.add(ref)
    schema = _resolve(schema, components)
    found = []
    for key, sub in (schema.get("properties") or {}).items():
        inner = _resolve(sub, components)
        options = [_resolve(o, components) for o in inner.get("anyOf", [inner])]
        if any(_bare(o) for o in options) and key not in FREE_FIELDS:
            found.append(f"{where}.{key}")
        for option in inner.get("anyOf", [sub]):
            found += _walk(option, components, f"{where}.{key}", seen)
    for combo in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(combo, []):
            found += _walk(option, components, where, seen)
    if schema.get("type") == "array":
        found += _walk(schema.get("items", {}), components, f"{where}[]", seen)
    values = schema.get("additionalProperties")
    if isinstance(values, dict) and values:
        found += _walk(values, components, f"{where}{{}}", seen)
    return found


def test_every_2xx_json_body_declares_its_properties():
    spec = _spec()
    components = spec["components"]["schemas"]
    bare, inner, typed, total = [], [], 0, 0
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for status, response in op.get("responses", {}).items():
                if not str(status).startswith("2"):
                    continue
                for content_type, content in (response.get("content") or {}).items():
                    if "json" not in content_type:
                        continue
                    total += 1
                    schema = _resolve(content.get("schema", {}), components)
                    body = (
                        _resolve(schema.get("items", {}), components)
                        if schema.get("type") == "array"
                        else schema
                    )
                    if (method, path) in BARE:
                        continue
                    options = [_resolve(o, components) for o in body.get("anyOf", [body])]
                    if not body or any(_bare(o) for o in options):
                        bare.append(f"{method.upper()} {path} {status}")
                        continue
                    typed += 1
                    inner += _walk(content["schema"], components, f"{method} {path}", set())
    assert not bare, "2xx JSON bodies with no declared shape:\n" + "\n".join(bare)
    assert not inner, "objects of no declared shape inside typed bodies:\n" + "\n".join(
        sorted(set(inner))
    )
    assert typed == total - len(BARE)


def test_the_operations_listed_as_bare_exist():
    spec = _spec()
    for method, path in BARE:
        assert method in spec["paths"].get(path, {}), (method, path)


READERS = ["anonymous", "secretariat", "officer-aze", "officer-arm", "assessor"]


@pytest.fixture
def demo(db):
    from shield.demo.loader import load_demo

    load_demo()


def _client(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from shield.accounts.models import ApiToken

    client = Client()
    if username == "anonymous":
        return client, {}
    user = get_user_model().objects.get(username=username)
    _token, raw = ApiToken.issue(user, "tests")
    return client, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _reads() -> list[str]:
    """A GET of each operation that answers JSON, with its parameters taken from the demo."""
    from shield.listing.models import Request, Session
    from shield.monitoring.models import Assessment, Evidence, Incident, Mission
    from shield.registry.models import CulturalProperty

    paths = [
        "/api/properties?page_size=50",
        "/api/states",
        "/api/map",
        "/api/map?zoom=6&bbox=40,35,50,45",
        "/api/list",
        "/api/listing/tentative",
        "/api/listing/requests",
        "/api/committee",
        "/api/committee/elections",
        "/api/treaty/parties",
        "/api/treaty/parties?treaty=convention&on=2020-01-01",
        "/api/missions",
        "/api/assessments",
        "/api/incidents",
        "/api/monitoring/map",
        "/api/suggest?q=ch",
    ]
    for prop in CulturalProperty.objects.order_by("code")[:40]:
        paths += [
            f"/api/properties/{prop.code}",
            f"/api/properties/{prop.code}?on=2021-01-01",
            f"/api/properties/{prop.code}/protection?on=2000-06-01",
            f"/api/properties/{prop.code}/history",
            f"/api/monitoring/properties/{prop.code}/timeline",
        ]
    for req in Request.objects.all():
        paths += [
            f"/api/listing/requests/{req.ref}",
            f"/api/listing/requests/{req.ref}/military-use-assertions",
        ]
    paths += [f"/api/listing/sessions/{s.ref}" for s in Session.objects.all()]
    paths += [f"/api/missions/{m.pk}" for m in Mission.objects.all()]
    paths += [f"/api/assessments/{a.pk}" for a in Assessment.objects.all()]
    paths += [f"/api/incidents/{i.pk}" for i in Incident.objects.all()]
    paths += [f"/api/evidence/{e.pk}" for e in Evidence.objects.all()]
    by_property: dict = {}
    for a in Assessment.objects.order_by("assessed_on"):
        by_property.setdefault(a.property_id, []).append(a.pk)
    paths += [
        f"/api/assessments/compare?a={ids[0]}&b={ids[-1]}"
        for ids in by_property.values()
        if len(ids) > 1
    ]
    return paths


@pytest.mark.parametrize("reader", READERS)
def test_over_the_demo_every_answer_is_what_the_view_wrote(demo, reader):
    client, headers = _client(reader)
    answered = 0
    for path in _reads():
        r = client.get(path, **headers)
        assert r.status_code in (200, 404), (path, r.status_code, r.content[:300])
        answered += r.status_code == 200
    assert answered > 50


def _models_in(annotation, found: dict) -> None:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found.setdefault(annotation.__name__, set()):
            return
        found[annotation.__name__].add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
        return
    for arg in get_args(annotation):
        _models_in(arg, found)


def test_no_two_schemas_share_a_name():
    """The OpenAPI document names each schema by its class: two classes of one name would
    silently become one (the later one's shape answering for both)."""
    from shield.api import api

    found: dict = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.response_models.values():
                    if model not in (None, ...) and hasattr(model, "model_fields"):
                        _models_in(model.model_fields["response"].annotation, found)
    shared = {name: classes for name, classes in found.items() if len(classes) > 1}
    assert not shared, shared
