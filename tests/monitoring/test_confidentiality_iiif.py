"""Issue 20: no confidential point reaches an anonymous reader through the IIIF doors.

Every route under ``/iiif/`` (read from the URL resolver, so a new IIIF door is walked too)
is filled with every property code, incident id and image id there is (a geotagged
photograph at the refuge's hidden point, one of a restricted record's, one of no record), in
every region, size and format the walk tries; each answer, JSON or picture, is searched for
the exact points' digits, the hidden record's name and the photographs' metadata. The
package doors, bag included, are walked as readers who may not export."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from shield.monitoring import evidence
from shield.registry import services as registry
from tests.registry.factories import SECRET

from . import photos
from .helpers import party_report

pytestmark = pytest.mark.django_db(transaction=True)

SECRETS = (
    "61.4738",
    "8.9163",
    "61.4742",  # the photographer, 40 m away
    "8.9160",
    "49.837",
    "24.031",
    "Kalyna",
    photos.PHONE,
    photos.PLACE_NAME,
    photos.PHOTOGRAPHER,
    *photos.DEVICE,
    "SN-778899",
    "Field team North",
)


def _iiif_routes(resolver=None, prefix=""):
    for item in (resolver or get_resolver()).url_patterns:
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            yield from _iiif_routes(item, route)
        elif isinstance(item, URLPattern) and route.startswith("iiif/"):
            yield route


@pytest.fixture
def world(users, props):
    assessor = users["assessor"]
    secret = registry.create_property(users["admin"], SECRET)
    incident = party_report(users["officer_nor"], props["refuge"], state="NOR")
    hidden_incident = party_report(users["admin"], secret, state="UKR")
    shot = photos.geotagged_jpeg(lat=61.474229, lon=8.916057)
    images = [
        evidence.add_evidence(
            assessor,
            "refuge.jpg",
            shot,
            {"incident": str(incident.pk), "collector": "Field team North"},
        ),
        evidence.add_evidence(
            assessor,
            "store.jpg",
            photos.geotagged_jpeg(lat=49.837261, lon=24.031552),
            {"property": secret.code},
        ),
        evidence.add_evidence(assessor, "loose.jpg", shot),
    ]
    return {
        "code": [p.code for p in props.values()] + [secret.code],
        "incident_id": [str(incident.pk), str(hidden_incident.pk)],
        "image_id": [f"evidence-{ev.pk}" for ev in images],
        "region": ["full", "square", "pct:0,0,50,50"],
        "size": ["max", "100,", "!50,50"],
        "rotation": ["0", "!90"],
        "filename": ["default.jpg", "gray.png"],
    }


def _urls(route: str, values: dict) -> list[str]:
    urls = ["/" + route]
    for name, options in values.items():
        marker = next((m for m in (f"<str:{name}>", f"<uuid:{name}>") if m in route), None)
        if marker:
            urls = [u.replace(marker, v) for u in urls for v in options]
    assert "<" not in urls[0], f"a route this walk cannot fill: {route}"
    return urls


def _clean(where: str, body: bytes) -> None:
    text = body.decode("utf-8", errors="replace")
    for secret in SECRETS:
        assert secret not in text, f"{where} leaks {secret!r}"


def test_no_iiif_door_tells_an_anonymous_reader_a_hidden_point(world):
    anonymous = Client()
    routes = list(_iiif_routes())
    assert len(routes) >= 5, routes
    answered = walked = 0
    for route in routes:
        for url in _urls(route, world):
            r = anonymous.get(url)
            walked += 1
            answered += r.status_code == 200
            body = r.content if r.status_code != 303 else r["Location"].encode()
            _clean(f"GET {url} -> {r.status_code}", body)
            if r.status_code == 200 and r["Content-Type"] == "image/jpeg":
                photos.assert_pixels_only(r.content)
    assert walked > 100 and answered > 30, (walked, answered)
    # the restricted record's image and incident, and the image of no record, do not exist
    for image in world["image_id"][1:]:
        assert anonymous.get(f"/iiif/{image}/info.json").status_code == 404
    hidden = world["incident_id"][1]
    assert anonymous.get(f"/iiif/incident/{hidden}/manifest.json").status_code == 404


def test_the_package_doors_give_nothing_to_readers_who_may_not_export(world, users, api):
    for reader in (api(), api(users["committee"]), api(users["officer_nor"])):
        for fmt in ("zip", "bagit-zip", "bagit-tar"):
            r = reader.get("/api/evidence/package", format=fmt)
            assert r.status_code in (401, 403)
            _clean(f"package {fmt}", r.content)
