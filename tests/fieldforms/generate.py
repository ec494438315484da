"""Generated field data in the shape of a cultural-sites damage survey, in every export
format the importer reads: the form (XLSForm, JSON form, Kobo asset, XForm) and its
submissions as Kobo/Ona JSON, KPI CSV (``,``/``;``, ``/``/``.``, names or labels), Kobo
XLSX (the repeat on its own sheet), ODK Central CSV, its ZIP with media, and its OData JSON.

No Django: the benchmark uses it too. Invented data (synthetic), seeded.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from dataclasses import dataclass, field
from typing import Any

FORM_ID = "heritage_damage"
VERSION = "2026-11-01"
EN, FR = "English (en)", "Français (fr)"


def L(en: str, fr: str) -> dict[str, str]:
    return {f"label::{EN}": en, f"label::{FR}": fr}


SURVEY: list[dict[str, str]] = [
    {"type": "start", "name": "start"},
    {"type": "today", "name": "today"},
    {"type": "begin group", "name": "site", **L("Site", "Site")},
    {"type": "text", "name": "site_code", **L("Site ID", "Identifiant du site")},
    {"type": "text", "name": "site_name", **L("Site name", "Nom du site")},
    {"type": "geopoint", "name": "gps", **L("GPS location", "Position GPS")},
    {"type": "end group"},
    {"type": "begin group", "name": "damage", **L("Damage", "Dommages")},
    {"type": "select_one level", "name": "damage_level", **L("Damage level", "Niveau de dommage")},
    {"type": "select_multiple causes", "name": "causes", **L("Causes", "Causes")},
    {"type": "select_one extent", "name": "damage_extent", **L("Extent", "Étendue")},
    {"type": "date", "name": "damage_date", **L("Date of damage", "Date des dommages")},
    {"type": "end group"},
    {"type": "begin repeat", "name": "photos", **L("Photos", "Photos")},
    {"type": "image", "name": "photo", **L("Photo", "Photo")},
    {"type": "text", "name": "caption", **L("Caption", "Légende")},
    {"type": "end repeat"},
    {"type": "text", "name": "surveyor", **L("Surveyor", "Enquêteur")},
    {"type": "text", "name": "comments", **L("Comments", "Remarques")},
]
CHOICES: list[dict[str, str]] = [
    {"list_name": "level", "name": "none", **L("No damage", "Aucun dommage")},
    {"list_name": "level", "name": "minor", **L("Minor damage", "Dommages légers")},
    {"list_name": "level", "name": "moderate", **L("Moderate damage", "Dommages moyens")},
    {"list_name": "level", "name": "severe", **L("Severe damage", "Dommages graves")},
    {"list_name": "level", "name": "destroyed", **L("Destroyed", "Détruit")},
    {"list_name": "causes", "name": "shelling", **L("Shelling", "Bombardement")},
    {"list_name": "causes", "name": "gunfire", **L("Gunfire", "Tirs")},
    {"list_name": "causes", "name": "looting", **L("Looting", "Pillage")},
    {"list_name": "causes", "name": "earthquake", **L("Earthquake", "Séisme")},
    {"list_name": "causes", "name": "flood", **L("Flood", "Inondation")},
    {"list_name": "causes", "name": "fire", **L("Fire", "Incendie")},
    {"list_name": "causes", "name": "neglect", **L("Neglect", "Abandon")},
    {"list_name": "extent", "name": "e0", **L("None", "Aucune")},
    {"list_name": "extent", "name": "e1", **L("1-10%", "1-10%")},
    {"list_name": "extent", "name": "e2", **L("11-30%", "11-30%")},
    {"list_name": "extent", "name": "e3", **L("31-60%", "31-60%")},
    {"list_name": "extent", "name": "e4", **L("61-90%", "61-90%")},
    {"list_name": "extent", "name": "e5", **L("91-100%", "91-100%")},
]
SETTINGS = {
    "form_id": FORM_ID,
    "version": VERSION,
    "form_title": "Heritage damage survey",
    "default_language": EN,
}
LEVELS = ["none", "minor", "moderate", "severe", "destroyed"]
CAUSES = ["shelling", "gunfire", "looting", "earthquake", "flood", "fire", "neglect"]
EXTENTS = ["e0", "e1", "e2", "e3", "e4", "e5"]
QUESTIONS = [r for r in SURVEY if r.get("name") and not r["type"].startswith(("begin", "end"))]


def label(name: str, lang: str = EN) -> str:
    for r in SURVEY:
        if r.get("name") == name:
            return r.get(f"label::{lang}", name)
    raise KeyError(name)


def choice_label(list_name: str, name: str, lang: str = EN) -> str:
    for c in CHOICES:
        if c["list_name"] == list_name and c["name"] == name:
            return c[f"label::{lang}"]
    raise KeyError(name)


# ---- the form ------------------------------------------------------------------------------


def xlsform() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheets = [("survey", SURVEY), ("choices", CHOICES), ("settings", [SETTINGS])]
    first = True
    for title, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title
        headers = list(dict.fromkeys(k for r in rows for k in r))
        sheet.append(headers)
        for r in rows:
            sheet.append([r.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def json_form() -> dict[str, Any]:
    """The JSON form pyxform writes (as Kobo, Ona and ODK export it)."""
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import DefinitionData

    return workbook_to_json(
        DefinitionData(survey=SURVEY, choices=CHOICES, settings=[SETTINGS]), form_name=FORM_ID
    )


def kobo_asset() -> dict[str, Any]:
    """Kobo's asset JSON: labels as lists in the order of its translations."""
    translations = [EN, FR]

    def row(r: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {"$kuid": "k" + r.get("name", "x")}
        for key, value in r.items():
            if key.startswith("label::"):
                continue
            out[key] = value
        kind = r.get("type", "")
        if kind.startswith(("select_one ", "select_multiple ")):
            out["type"], out["select_from_list_name"] = kind.split(" ", 1)
        elif kind.startswith(("begin ", "end ")):
            out["type"] = kind.replace(" ", "_")
        if f"label::{EN}" in r:
            out["label"] = [r[f"label::{t}"] for t in translations]
        return out

    return {
        "uid": "aBcD1234",
        "name": SETTINGS["form_title"],
        "content": {
            "survey": [row(r) for r in SURVEY],
            "choices": [row(c) for c in CHOICES],
            "settings": {"id_string": FORM_ID, "version": VERSION},
            "translations": translations,
            "translated": ["label"],
        },
    }


def xform() -> str:
    from pyxform.builder import create_survey_element_from_dict

    return create_survey_element_from_dict(json_form()).to_xml()


# ---- submissions ---------------------------------------------------------------------------


@dataclass
class Sub:
    uuid: str
    answers: dict[str, Any]  # path -> value (select_multiple a list; gps (lat, lon, alt, acc))
    photos: list[dict[str, str]] = field(default_factory=list)  # [{photo, caption}]
    deprecated: str = ""


def submissions(
    n: int,
    sites: list[tuple[str, str, float, float]] | None = None,
    seed: int = 7,
    photos: int = 2,
) -> list[Sub]:
    """``n`` submissions; ``sites`` gives (site id, name, lat, lon) to survey (else invented
    sites of unknown ids)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if sites:
            code, name, lat, lon = sites[i % len(sites)]
        else:
            code, name = f"S-{i:06d}", f"Invented site {i}"
            lat, lon = 33 + rng.random() * 4, 36 + rng.random() * 5
        uuid = f"{rng.getrandbits(128):032x}"
        uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
        day = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
        answers = {
            "start": f"{day}T08:{rng.randint(10, 59)}:00.000+03:00",
            "today": day,
            "site/site_code": code,
            "site/site_name": name,
            "site/gps": (
                round(lat + rng.uniform(-2e-4, 2e-4), 6),
                round(lon + rng.uniform(-2e-4, 2e-4), 6),
                round(rng.uniform(100, 900), 1),
                round(rng.uniform(3, 15), 1),
            ),
            "damage/damage_level": rng.choice(LEVELS),
            "damage/causes": sorted(rng.sample(CAUSES, rng.randint(1, 3))),
            "damage/damage_extent": rng.choice(EXTENTS),
            "damage/damage_date": day,
            "surveyor": rng.choice(["Team A", "Team B", "Team C"]),
            "comments": rng.choice(["", "Roof collapsed; north wall cracked.", "Access blocked"]),
        }
        if not answers["comments"]:
            del answers["comments"]
        pics = [
            {"photo": f"IMG_{i:06d}_{k}.jpg", "caption": f"view {k + 1}"}
            for k in range(rng.randint(1, photos) if photos else 0)
        ]
        out.append(Sub(uuid, answers, pics))
    return out


def _gps_text(p: tuple[float, ...]) -> str:
    return " ".join(str(x) for x in p)


# ---- exports -------------------------------------------------------------------------------


def kobo_json(subs: list[Sub], ona: bool = False) -> bytes:
    """KoboToolbox's (or Ona's, ``ona=True``) JSON: full paths as keys, the repeat as a list."""
    rows = []
    for i, s in enumerate(subs, 1):
        row: dict[str, Any] = {"_id": i, "_uuid": s.uuid, "meta/instanceID": f"uuid:{s.uuid}"}
        for path, v in s.answers.items():
            if path == "damage/causes":
                row[path] = " ".join(v)
            elif path == "site/gps":
                row[path] = _gps_text(v)
            else:
                row[path] = v
        if s.photos:
            row["photos"] = [
                {"photos/photo": p["photo"], "photos/caption": p["caption"]} for p in s.photos
            ]
        if s.deprecated:
            row["meta/deprecatedID"] = f"uuid:{s.deprecated}"
        row["_geolocation"] = list(s.answers["site/gps"][:2])
        row["_attachments"] = [
            {
                "download_url": f"https://kobo.invalid/media/{p['photo']}",
                "filename": f"surveyor/attachments/{FORM_ID}/{s.uuid}/{p['photo']}",
                "mimetype": "image/jpeg",
            }
            for p in s.photos
        ]
        row["_submission_time"] = s.answers["today"] + "T12:00:00"
        row["_version" if ona else "__version__"] = VERSION
        row["_xform_id_string"] = FORM_ID
        rows.append(row)
    doc: Any = rows if ona else {"count": len(rows), "results": rows}
    return json.dumps(doc, ensure_ascii=False).encode()


def _flat_row(
    s: Sub, sep: str, labels: bool, lang: str = EN, gps_columns: bool = True
) -> dict[str, Any]:
    def head(path: str) -> str:
        if labels:
            name = path.rsplit("/", 1)[-1]
            parts = path.split("/")[:-1]
            groups = [label(g, lang) for g in parts]
            return sep.join([*groups, label(name, lang)])
        return path.replace("/", sep)

    row: dict[str, Any] = {}
    for r in QUESTIONS:
        name = r["name"]
        path = next(p for p in _paths() if p.rsplit("/", 1)[-1] == name)
        if path.startswith("photos/"):
            continue
        v = s.answers.get(path, "")
        if path == "damage/causes":
            if labels:
                row[head(path)] = ", ".join(choice_label("causes", c, lang) for c in v)
            else:
                row[head(path)] = " ".join(v)
            for c in CAUSES:
                opt = choice_label("causes", c, lang) if labels else c
                row[f"{head(path)}{sep}{opt}"] = "1" if c in v else "0"
        elif path == "site/gps":
            row[head(path)] = _gps_text(v)
            if gps_columns:
                for k, word in enumerate(["latitude", "longitude", "altitude", "precision"]):
                    row[f"_{head(path)}_{word}"] = v[k]
        elif labels and path in ("damage/damage_level", "damage/damage_extent") and v:
            lists = {"damage/damage_level": "level", "damage/damage_extent": "extent"}
            row[head(path)] = choice_label(lists[path], v, lang)
        else:
            row[head(path)] = v
    return row


def _paths() -> list[str]:
    out, groups = [], []
    for r in SURVEY:
        kind = r["type"]
        if kind.startswith("begin"):
            groups.append(r["name"])
        elif kind.startswith("end"):
            groups.pop()
        else:
            out.append("/".join([*groups, r["name"]]))
    return out


def kpi_csv(
    subs: list[Sub], delimiter: str = ";", sep: str = "/", labels: bool = False, lang: str = EN
) -> bytes:
    """KoboToolbox's CSV: ``;`` or ``,``, groups joined by ``/`` or ``.``, names or labels,
    select_multiple as one text column plus a 0/1 column per choice, GPS as text plus
    ``_gps_latitude``-style columns."""
    rows = []
    for s in subs:
        row = _flat_row(s, sep, labels, lang)
        row.update(
            {
                "_id": len(rows) + 1,
                "_uuid": s.uuid,
                "_submission_time": s.answers["today"] + "T12:00:00",
                "__version__": VERSION,
                "meta/instanceID" if sep == "/" else "meta.instanceID": f"uuid:{s.uuid}",
            }
        )
        if s.deprecated:
            row["meta/deprecatedID" if sep == "/" else "meta.deprecatedID"] = f"uuid:{s.deprecated}"
        rows.append(row)
    return _csv(rows, delimiter)


def _csv(rows: list[dict[str, Any]], delimiter: str = ",") -> bytes:
    headers = list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    w.writerow(headers)
    for r in rows:
        w.writerow([r.get(h, "") for h in headers])
    return out.getvalue().encode("utf-8")


def kobo_xlsx(subs: list[Sub]) -> bytes:
    """KoboToolbox's XLSX: the submissions on the first sheet, the repeat on its own sheet
    (``_index``, ``_parent_index``, ``_parent_table_name``, ``_submission__uuid``)."""
    from openpyxl import Workbook

    book = Workbook()
    main = book.active
    main.title = SETTINGS["form_title"][:31]
    rows = []
    for i, s in enumerate(subs, 1):
        row = _flat_row(s, "/", False)
        row.update({"_id": i, "_uuid": s.uuid, "__version__": VERSION, "_index": i})
        rows.append(row)
    headers = list(dict.fromkeys(k for r in rows for k in r))
    main.append(headers)
    for r in rows:
        main.append([r.get(h, "") for h in headers])
    rep = book.create_sheet("photos")
    rep.append(
        [
            "photos/photo",
            "photos/caption",
            "_index",
            "_parent_table_name",
            "_parent_index",
            "_submission__uuid",
        ]
    )
    k = 0
    for i, s in enumerate(subs, 1):
        for p in s.photos:
            k += 1
            rep.append([p["photo"], p["caption"], k, main.title, i, s.uuid])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def odk_csv_rows(subs: list[Sub]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    main, photos = [], []
    for s in subs:
        row: dict[str, Any] = {"SubmissionDate": s.answers["today"] + "T12:00:00.000Z"}
        for path, v in s.answers.items():
            head = path.replace("/", "-")
            if path == "damage/causes":
                row[head] = " ".join(v)
            elif path == "site/gps":
                for k, word in enumerate(["Latitude", "Longitude", "Altitude", "Accuracy"]):
                    row[f"{head}-{word}"] = v[k]
            else:
                row[head] = v
        row["meta-instanceID"] = f"uuid:{s.uuid}"
        if s.deprecated:
            row["meta-deprecatedID"] = f"uuid:{s.deprecated}"
        row.update(
            {
                "KEY": f"uuid:{s.uuid}",
                "SubmitterID": "5",
                "SubmitterName": "collector",
                "AttachmentsPresent": len(s.photos),
                "AttachmentsExpected": len(s.photos),
                "Status": "",
                "ReviewState": "",
                "DeviceID": "collect:abc",
                "Edits": 0,
                "FormVersion": VERSION,
            }
        )
        main.append(row)
        for k, p in enumerate(s.photos, 1):
            photos.append(
                {
                    "photo": p["photo"],
                    "caption": p["caption"],
                    "PARENT_KEY": f"uuid:{s.uuid}",
                    "KEY": f"uuid:{s.uuid}/photos[{k}]",
                }
            )
    return main, photos


def odk_csv(subs: list[Sub]) -> bytes:
    """ODK Central's CSV of the submissions (groups joined by ``-``)."""
    return _csv(odk_csv_rows(subs)[0])


def odk_zip(subs: list[Sub], media: dict[str, bytes] | None = None) -> bytes:
    """ODK Central's ZIP: the main CSV, the repeat's CSV, ``media/`` with the files."""
    main, photos = odk_csv_rows(subs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(f"{FORM_ID}.csv", _csv(main))
        z.writestr(f"{FORM_ID}-photos.csv", _csv(photos))
        for name, data in (media or {}).items():
            z.writestr(f"media/{name}", data)
    return out.getvalue()


def odata_json(subs: list[Sub]) -> bytes:
    """ODK Central's OData JSON: nested groups, GeoJSON points, ``__id`` and ``__system``."""
    rows = []
    for s in subs:
        a = s.answers
        lat, lon, alt, acc = a["site/gps"]
        rows.append(
            {
                "__id": f"uuid:{s.uuid}",
                "start": a["start"],
                "today": a["today"],
                "site": {
                    "site_code": a["site/site_code"],
                    "site_name": a["site/site_name"],
                    "gps": {
                        "type": "Point",
                        "coordinates": [lon, lat, alt],
                        "properties": {"accuracy": acc},
                    },
                },
                "damage": {
                    "damage_level": a["damage/damage_level"],
                    "causes": " ".join(a["damage/causes"]),
                    "damage_extent": a["damage/damage_extent"],
                    "damage_date": a["damage/damage_date"],
                },
                "photos": [{"photo": p["photo"], "caption": p["caption"]} for p in s.photos],
                "surveyor": a["surveyor"],
                "comments": a.get("comments"),
                "meta": {"instanceID": f"uuid:{s.uuid}"},
                "__system": {
                    "submissionDate": a["today"] + "T12:00:00.000Z",
                    "submitterName": "collector",
                    "formVersion": VERSION,
                },
            }
        )
    return json.dumps({"value": rows}).encode()


# Every format of the export, by name: (file name, writer).
FORMATS = {
    "kobo-json": ("export.json", lambda subs: kobo_json(subs)),
    "ona-json": ("ona.json", lambda subs: kobo_json(subs, ona=True)),
    "kpi-csv-semicolon-slash": ("export.csv", lambda subs: kpi_csv(subs, ";", "/")),
    "kpi-csv-comma-dot": ("export.csv", lambda subs: kpi_csv(subs, ",", ".")),
    "kpi-csv-labels": ("labels.csv", lambda subs: kpi_csv(subs, ";", "/", labels=True)),
    "kpi-csv-labels-fr": ("labels.csv", lambda subs: kpi_csv(subs, ",", "/", True, FR)),
    "kobo-xlsx": ("export.xlsx", kobo_xlsx),
    "odk-csv": ("central.csv", odk_csv),
    "odk-zip": ("central.zip", lambda subs: odk_zip(subs)),
    "odata-json": ("odata.json", odata_json),
}
