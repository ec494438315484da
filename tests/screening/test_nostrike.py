"""The no-strike list of an area: GeoJSON, KML and CSV with the same items, each with its
protection, citations and source; read back by shapely and fastkml."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from fastkml import kml
from shapely.geometry import shape

from shield.core.errors import NotAllowed
from shield.geo import parse_bbox
from shield.screening import nostrike

from .conftest import SECRET

pytestmark = pytest.mark.django_db

BOX = parse_bbox("43,39,47,41")


def _placemarks(node):
    for f in getattr(node, "features", None) or []:
        if f.__class__.__name__ == "Placemark":
            yield f
        else:
            yield from _placemarks(f)


def test_the_three_formats_hold_the_same_items(sites, users):
    result = nostrike.items(users["secretariat"], BOX, date(2024, 6, 1))
    codes = sorted(i["code"] for i in result["items"])
    assert codes == sorted(p.code for p in sites.values())
    enhanced = next(i for i in result["items"] if i["code"] == sites["public"].code)
    assert enhanced["levels"] == ["general", "enhanced"] and enhanced["citations"]
    assert "Committee decision 15.COM 4" in enhanced["source"]

    doc = json.loads(nostrike.to_geojson(result))
    geo = {f["id"]: shape(f["geometry"]) for f in doc["features"]}
    assert sorted(geo) == codes
    assert geo[sites["secret"].code].x == SECRET[1]

    parsed = kml.KML.from_string(nostrike.to_kml(result).encode())
    marks = list(_placemarks(parsed))
    assert sorted(m.name for m in marks) == codes
    secret = next(m for m in marks if m.name == sites["secret"].code)
    assert secret.geometry.x == pytest.approx(SECRET[1])
    data = {d.name: d.value for d in secret.extended_data.elements}
    assert data["citations"] and data["source"].startswith("Heritage Shield registry")

    rows = list(csv.DictReader(io.StringIO(nostrike.to_csv(result))))
    assert sorted(r["code"] for r in rows) == codes and all(r["citations"] for r in rows)


def test_an_officer_of_another_state_gets_areas_and_no_restricted_record(sites, users):
    result = nostrike.items(users["officer_nor"], BOX, date(2024, 6, 1))
    codes = {i["code"] for i in result["items"]}
    assert sites["restricted"].code not in codes
    secret = next(i for i in result["items"] if i["code"] == sites["secret"].code)
    assert secret["precision"] == "area" and secret["boundary"] is None
    for text in (nostrike.to_geojson(result), nostrike.to_kml(result), nostrike.to_csv(result)):
        assert "123457" not in text and "765431" not in text
    with pytest.raises(NotAllowed):
        nostrike.items(users["assessor"], BOX, date(2024, 6, 1))


def test_the_api_and_the_cli_answer_the_list(sites, users, api, tmp_path):
    from shield import cli

    url = "/api/screening/nostrike"
    assert api().get(url, bbox="43,39,47,41", on="2024-06-01").status_code == 401
    ok = api(users["secretariat"]).get(url, bbox="43,39,47,41", on="2024-06-01", format="kml")
    assert ok.status_code == 200 and ok["Content-Type"].startswith("application/vnd.google-earth")
    bad = api(users["secretariat"]).get(url, bbox="43,39,47", on="2024-06-01")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "bbox"
    out = tmp_path / "list.geojson"
    assert (
        cli.main(["nostrike", "--bbox", "43,39,47,41", "--on", "2024-06-01", "-o", str(out)]) == 0
    )
    assert len(json.loads(out.read_text())["features"]) == 4
