"""A run's hits as CSV, GeoJSON or JSON (one row or feature per hit; the target's point as the
geometry: the reader's own input)."""

from __future__ import annotations

import csv
import io
import json

from shield.core.csvcells import csv_safe_row

CSV_COLUMNS = [
    "target",
    "target_lat",
    "target_lon",
    "radius_m",
    "property_code",
    "property_name",
    "category",
    "state",
    "synthetic",
    "precision",
    "measured_to",
    "distance_m",
    "buffer_m",
    "reach_m",
    "levels",
    "protection",
    "protection_citations",
    "reason",
    "citations",
]


def flat(item: dict) -> dict:
    p = item["property"]
    return {
        "target": item["target"],
        "target_lat": item["target_lat"],
        "target_lon": item["target_lon"],
        "radius_m": item["radius_m"],
        "property_code": p["code"],
        "property_name": p["name"],
        "category": p["category"],
        "state": p["state"],
        "synthetic": "yes" if p["synthetic"] else "no",
        "precision": item["precision"],
        "measured_to": item["measured_to"],
        "distance_m": item["distance_m"],
        "buffer_m": item["buffer_m"],
        "reach_m": item["reach_m"],
        "levels": " ".join(item["levels"]),
        "protection": item["protection"]["reason"],
        "protection_citations": "; ".join(item["protection"]["citations"]),
        "reason": item["reason"],
        "citations": "; ".join(item["citations"]),
    }


def to_csv(result: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS)
    writer.writeheader()
    for item in result["items"]:
        writer.writerow(csv_safe_row(flat(item)))
    return out.getvalue()


def to_geojson(result: dict) -> dict:
    meta = {k: v for k, v in result.items() if k != "items"}
    return {
        "type": "FeatureCollection",
        "screening": meta,
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [i["target_lon"], i["target_lat"]]},
                "properties": flat(i),
            }
            for i in result["items"]
        ],
    }


def render(result: dict, fmt: str) -> tuple[str, str]:
    """The text of ``result`` in ``fmt`` and its content type."""
    if fmt == "csv":
        return to_csv(result), "text/csv; charset=utf-8"
    if fmt == "geojson":
        return json.dumps(to_geojson(result), ensure_ascii=False), "application/geo+json"
    return json.dumps(result, ensure_ascii=False, default=str), "application/json"
