"""The no-strike list of an area on a date: every immovable property the reader may read in a
box, with its protection in force that day, the provisions it rests on, its buffer and its
source; as GeoJSON, KML or CSV. Confidential locations as their areas of about 10 km for a
reader who may not see the point."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import simplekml
from django.db import transaction

from shield.audit import log
from shield.core.csvcells import csv_safe_row
from shield.treaty.provisions import provision

from . import buffers as buf
from . import sites as site_sets
from .access import check
from .models import ScreeningRun
from .service import _lang, _properties, protection_block

FORMATS = ("geojson", "kml", "csv")
CSV_COLUMNS = [
    "code",
    "name",
    "category",
    "state",
    "synthetic",
    "precision",
    "lat",
    "lon",
    "area",
    "levels",
    "buffer_m",
    "protection",
    "citations",
    "source",
]


def items(user, bbox, on: date, buffers: dict[str, float] | None = None, lang: str = "en") -> dict:
    check(user)
    lang = _lang(lang)
    policy = buf.policy(buffers)
    sites = site_sets.for_reader(user, on, policy, bbox=bbox)
    props = _properties([s.pk for s in sites.rows])
    protection = protection_block(props, on, lang)
    basis = provision("general.precautions_in_attack").label(lang)  # type: ignore[arg-type]
    out = []
    for s in sites.rows:
        prop = props[s.pk]
        bases = sorted(
            {e.basis for e in prop.protection_events.all() if e.basis and e.effective_date <= on}
        )
        source = f"Heritage Shield registry {s.code}, inventory of {s.state}"
        if bases:
            source += "; " + "; ".join(bases)
        out.append(
            {
                "code": s.code,
                "name": prop.display_name(lang),
                "category": s.category,
                "state": s.state,
                "synthetic": s.synthetic,
                "precision": s.precision,
                "lat": s.lat,
                "lon": s.lon,
                "area": s.area,
                "boundary": prop.boundary if s.precision == "exact" else None,
                "levels": list(s.levels),
                "buffer_m": s.buffer_m,
                "protection": protection[s.pk]["reason"],
                "citations": [basis, *protection[s.pk]["citations"]],
                "source": source,
            }
        )
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            kind=ScreeningRun.NOSTRIKE,
            user=user,
            on=on,
            params={
                "bbox": [bbox.west, bbox.south, bbox.east, bbox.north],
                "buffers": buffers or {},
            },
            status=ScreeningRun.DONE,
            counts={"items": len(out)},
        )
        log.record(
            user,
            "nostrike_list",
            "screening_run",
            run.pk,
            {"on": on.isoformat(), "bbox": run.params["bbox"], "items": len(out)},
            f"no-strike list on {on.isoformat()}: {len(out)} items",
        )
    return {
        "run": str(run.pk),
        "on": on.isoformat(),
        "bbox": run.params["bbox"],
        "lang": lang,
        "items": out,
    }


def _geometry(item: dict) -> dict:
    if item["precision"] == "area":
        a = item["area"]
        ring = [
            [a["west"], a["south"]],
            [a["east"], a["south"]],
            [a["east"], a["north"]],
            [a["west"], a["north"]],
            [a["west"], a["south"]],
        ]
        return {"type": "Polygon", "coordinates": [ring]}
    return {"type": "Point", "coordinates": [item["lon"], item["lat"]]}


def _props(item: dict) -> dict:
    return {
        k: (" ".join(v) if k == "levels" else "; ".join(v) if k == "citations" else v)
        for k, v in item.items()
        if k not in {"lat", "lon", "area", "boundary"}
    }


def to_geojson(result: dict) -> str:
    doc = {
        "type": "FeatureCollection",
        "nostrike": {k: v for k, v in result.items() if k != "items"},
        "features": [
            {
                "type": "Feature",
                "id": i["code"],
                "geometry": _geometry(i),
                "properties": {**_props(i), "boundary": i["boundary"]},
            }
            for i in result["items"]
        ],
    }
    return json.dumps(doc, ensure_ascii=False)


def to_kml(result: dict) -> str:
    kml = simplekml.Kml(name=f"No-strike list {result['on']}")
    for i in result["items"]:
        geom = _geometry(i)
        if geom["type"] == "Point":
            mark = kml.newpoint(name=i["code"], coords=[tuple(geom["coordinates"])])
        else:
            mark = kml.newpolygon(
                name=i["code"], outerboundaryis=[tuple(p) for p in geom["coordinates"][0]]
            )
        mark.description = f"{i['name']}: {i['protection']} ({'; '.join(i['citations'])})"
        for key, value in _props(i).items():
            mark.extendeddata.newdata(name=key, value=str(value))
    return kml.kml()


def to_csv(result: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS)
    writer.writeheader()
    for i in result["items"]:
        row = {
            **_props(i),
            "lat": i["lat"],
            "lon": i["lon"],
            "area": json.dumps(i["area"]) if i["area"] else "",
            "synthetic": "yes" if i["synthetic"] else "no",
        }
        writer.writerow(csv_safe_row({c: row[c] for c in CSV_COLUMNS}))
    return out.getvalue()


CONTENT_TYPES = {
    "geojson": "application/geo+json",
    "kml": "application/vnd.google-earth.kml+xml",
    "csv": "text/csv; charset=utf-8",
}
WRITERS = {"geojson": to_geojson, "kml": to_kml, "csv": to_csv}


def render(result: dict, fmt: str) -> tuple[str, str]:
    return WRITERS[fmt](result), CONTENT_TYPES[fmt]
