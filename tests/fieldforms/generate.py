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


def kobo_sheets(subs: list[Sub]) -> list[tuple[str, list[list[Any]]]]:
    """KoboToolbox's workbook export, sheet by sheet (title, rows with the headers first): the
    submissions on the first sheet, the repeat on its own sheet (``_index``,
    ``_parent_index``, ``_parent_table_name``, ``_submission__uuid``)."""
    title = SETTINGS["form_title"][:31]
    rows = []
    for i, s in enumerate(subs, 1):
        row = _flat_row(s, "/", False)
        row.update({"_id": i, "_uuid": s.uuid, "__version__": VERSION, "_index": i})
        rows.append(row)
    headers = list(dict.fromkeys(k for r in rows for k in r))
    main = [headers, *([r.get(h, "") for h in headers] for r in rows)]
    photos: list[list[Any]] = [
        [
            "photos/photo",
            "photos/caption",
            "_index",
            "_parent_table_name",
            "_parent_index",
            "_submission__uuid",
        ]
    ]
    k = 0
    for i, s in enumerate(subs, 1):
        for p in s.photos:
            k += 1
            photos.append([p["photo"], p["caption"], k, title, i, s.uuid])
    return [(title, main), ("photos", photos)]


def kobo_xlsx(subs: list[Sub]) -> bytes:
    """KoboToolbox's XLSX export (``kobo_sheets``)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in kobo_sheets(subs):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def kobo_xls(subs: list[Sub]) -> bytes:
    """The same as an Excel 97 workbook (``.xls``), as older KoboToolbox and KoBoCAT servers
    export it."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in kobo_sheets(subs):
        sheet = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
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
    "kobo-xls": ("export.xls", kobo_xls),
    "odk-csv": ("central.csv", odk_csv),
    "odk-zip": ("central.zip", lambda subs: odk_zip(subs)),
    "odata-json": ("odata.json", odata_json),
}


# ---- a form with repeats nested in repeats, a geoshape and a geotrace -----------------------

NESTED_ID = "heritage_buildings"
NESTED: list[dict[str, str]] = [
    {"type": "today", "name": "today"},
    {"type": "text", "name": "site_code", **L("Site ID", "Identifiant du site")},
    {"type": "text", "name": "site_name", **L("Site name", "Nom du site")},
    {"type": "geopoint", "name": "gps", **L("GPS location", "Position GPS")},
    {"type": "geoshape", "name": "outline", **L("Site outline", "Contour du site")},
    {"type": "geotrace", "name": "route", **L("Access route", "Itinéraire d'accès")},
    {"type": "select_one level", "name": "damage_level", **L("Damage level", "Niveau")},
    {"type": "begin repeat", "name": "buildings", **L("Buildings", "Bâtiments")},
    {"type": "text", "name": "building_name", **L("Building name", "Nom du bâtiment")},
    {"type": "select_one level", "name": "building_damage", **L("Building damage", "État")},
    {"type": "begin repeat", "name": "rooms", **L("Rooms", "Pièces")},
    {"type": "text", "name": "room", **L("Room", "Pièce")},
    {"type": "image", "name": "room_photo", **L("Room photo", "Photo de la pièce")},
    {"type": "end repeat"},
    {"type": "end repeat"},
    {"type": "text", "name": "surveyor", **L("Surveyor", "Enquêteur")},
]
NESTED_SETTINGS = {**SETTINGS, "form_id": NESTED_ID, "form_title": "Buildings survey"}


def _book(survey: list[dict[str, str]], choices: list[dict[str, str]], settings: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for i, (title, rows) in enumerate(
        [("survey", survey), ("choices", choices), ("settings", [settings])]
    ):
        sheet = book.active if i == 0 else book.create_sheet()
        sheet.title = title
        headers = list(dict.fromkeys(k for r in rows for k in r))
        sheet.append(headers)
        for r in rows:
            sheet.append([r.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def nested_xlsform() -> bytes:
    return _book(NESTED, [c for c in CHOICES if c["list_name"] == "level"], NESTED_SETTINGS)


@dataclass
class Site:
    """One submission of the buildings survey: buildings, each with rooms, each a photo."""

    uuid: str
    code: str
    name: str
    lat: float
    lon: float
    level: str
    buildings: list[dict[str, Any]]  # [{name, damage, rooms: [{room, photo}]}]

    def outline(self) -> list[tuple[float, float]]:
        d = 3e-4
        return [
            (self.lat - d, self.lon - d),
            (self.lat - d, self.lon + d),
            (self.lat + d, self.lon + d),
            (self.lat + d, self.lon - d),
            (self.lat - d, self.lon - d),
        ]

    def route(self) -> list[tuple[float, float]]:
        return [
            (self.lat - 0.01, self.lon - 0.01),
            (self.lat - 0.005, self.lon),
            (self.lat, self.lon),
        ]


def nested_sites(places: list[tuple[str, str, float, float]], seed: int = 3) -> list[Site]:
    rng = random.Random(seed)
    out = []
    for i, (code, name, lat, lon) in enumerate(places):
        buildings = [
            {
                "name": f"Building {b + 1}",
                "damage": rng.choice(LEVELS),
                "rooms": [
                    {"room": f"Room {b + 1}.{r + 1}", "photo": f"R_{i}_{b}_{r}.jpg"}
                    for r in range(b + 1)
                ],
            }
            for b in range(2)
        ]
        uuid = f"{rng.getrandbits(128):032x}"
        uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
        out.append(Site(uuid, code, name, lat, lon, rng.choice(LEVELS), buildings))
    return out


def _odk_line(points: list[tuple[float, float]]) -> str:
    return ";".join(f"{lat} {lon} 0 5" for lat, lon in points)


def nested_kobo_json(sites: list[Site]) -> bytes:
    """Kobo's JSON: the repeats as lists, the rooms inside each building; shapes as ODK text."""
    rows = []
    for i, s in enumerate(sites, 1):
        rows.append(
            {
                "_id": i,
                "_uuid": s.uuid,
                "meta/instanceID": f"uuid:{s.uuid}",
                "today": "2026-10-01",
                "site_code": s.code,
                "site_name": s.name,
                "gps": f"{s.lat} {s.lon} 0 5",
                "outline": _odk_line(s.outline()),
                "route": _odk_line(s.route()),
                "damage_level": s.level,
                "buildings": [
                    {
                        "buildings/building_name": b["name"],
                        "buildings/building_damage": b["damage"],
                        "buildings/rooms": [
                            {
                                "buildings/rooms/room": r["room"],
                                "buildings/rooms/room_photo": r["photo"],
                            }
                            for r in b["rooms"]
                        ],
                    }
                    for b in s.buildings
                ],
                "surveyor": "Team A",
                "__version__": VERSION,
            }
        )
    return json.dumps({"count": len(rows), "results": rows}).encode()


def nested_xlsx(sites: list[Site], rooms_first: bool = False) -> bytes:
    """Kobo's XLSX: the submissions, then a sheet per repeat joined by ``_parent_index``
    (the rooms' parent is a building's ``_index`` on the buildings sheet)."""
    from openpyxl import Workbook

    book = Workbook()
    main = book.active
    main.title = NESTED_SETTINGS["form_title"]
    main.append(
        ["today", "site_code", "site_name", "gps", "outline", "route", "damage_level"]
        + ["surveyor", "_uuid", "_index", "__version__"]
    )
    b_rows, r_rows, b_index, r_index = [], [], 0, 0
    for i, s in enumerate(sites, 1):
        main.append(
            [
                "2026-10-01",
                s.code,
                s.name,
                f"{s.lat} {s.lon} 0 5",
                _odk_line(s.outline()),
                _odk_line(s.route()),
                s.level,
                "Team A",
                s.uuid,
                i,
                VERSION,
            ]
        )
        for b in s.buildings:
            b_index += 1
            b_rows.append([b["name"], b["damage"], b_index, main.title, i, s.uuid])
            for r in b["rooms"]:
                r_index += 1
                r_rows.append([r["room"], r["photo"], r_index, "buildings", b_index, s.uuid])
    tail = ["_index", "_parent_table_name", "_parent_index", "_submission__uuid"]
    sheets = [
        ("buildings", ["buildings/building_name", "buildings/building_damage", *tail], b_rows),
        ("rooms", ["buildings/rooms/room", "buildings/rooms/room_photo", *tail], r_rows),
    ]
    for title, headers, rows in reversed(sheets) if rooms_first else sheets:
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def nested_odk_zip(sites: list[Site], media: dict[str, bytes] | None = None) -> bytes:
    """ODK Central's ZIP: a CSV per repeat, rooms before buildings, joined by KEY and
    PARENT_KEY; the room photos in ``media/``."""
    main, buildings, rooms = [], [], []
    for s in sites:
        main.append(
            {
                "SubmissionDate": "2026-10-01T12:00:00.000Z",
                "today": "2026-10-01",
                "site_code": s.code,
                "site_name": s.name,
                "gps-Latitude": s.lat,
                "gps-Longitude": s.lon,
                "gps-Altitude": 0,
                "gps-Accuracy": 5,
                "outline": _odk_line(s.outline()),
                "route": _odk_line(s.route()),
                "damage_level": s.level,
                "surveyor": "Team A",
                "meta-instanceID": f"uuid:{s.uuid}",
                "KEY": f"uuid:{s.uuid}",
                "FormVersion": VERSION,
            }
        )
        for k, b in enumerate(s.buildings, 1):
            bkey = f"uuid:{s.uuid}/buildings[{k}]"
            buildings.append(
                {
                    "building_name": b["name"],
                    "building_damage": b["damage"],
                    "PARENT_KEY": f"uuid:{s.uuid}",
                    "KEY": bkey,
                }
            )
            for j, r in enumerate(b["rooms"], 1):
                rooms.append(
                    {
                        "room": r["room"],
                        "room_photo": r["photo"],
                        "PARENT_KEY": bkey,
                        "KEY": f"{bkey}/rooms[{j}]",
                    }
                )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(f"{NESTED_ID}.csv", _csv(main))
        z.writestr(f"{NESTED_ID}-rooms.csv", _csv(rooms))
        z.writestr(f"{NESTED_ID}-buildings.csv", _csv(buildings))
        for name, data in (media or {}).items():
            z.writestr(f"media/{name}", data)
    return out.getvalue()


def nested_odata(sites: list[Site]) -> bytes:
    """ODK Central's OData: nested objects; the shapes as GeoJSON LineString and Polygon."""
    rows = []
    for s in sites:
        ring = [[lon, lat] for lat, lon in s.outline()]
        rows.append(
            {
                "__id": f"uuid:{s.uuid}",
                "today": "2026-10-01",
                "site_code": s.code,
                "site_name": s.name,
                "gps": {"type": "Point", "coordinates": [s.lon, s.lat, 0]},
                "outline": {"type": "Polygon", "coordinates": [ring]},
                "route": {"type": "LineString", "coordinates": [[lo, la] for la, lo in s.route()]},
                "damage_level": s.level,
                "buildings": [
                    {
                        "building_name": b["name"],
                        "building_damage": b["damage"],
                        "rooms": [
                            {"room": r["room"], "room_photo": r["photo"]} for r in b["rooms"]
                        ],
                    }
                    for b in s.buildings
                ],
                "surveyor": "Team A",
                "meta": {"instanceID": f"uuid:{s.uuid}"},
                "__system": {"formVersion": VERSION},
            }
        )
    return json.dumps({"value": rows}).encode()


NESTED_FORMATS = {
    "kobo-json": ("nested.json", nested_kobo_json),
    "kobo-xlsx": ("nested.xlsx", nested_xlsx),
    "kobo-xlsx-rooms-first": ("nested.xlsx", lambda sites: nested_xlsx(sites, rooms_first=True)),
    "odk-zip": ("nested.zip", nested_odk_zip),
    "odata-json": ("nested-odata.json", nested_odata),
}


# ---- an incident report form ---------------------------------------------------------------

INCIDENT_ID = "heritage_incidents"
INCIDENT: list[dict[str, str]] = [
    {"type": "today", "name": "today"},
    {"type": "text", "name": "site_code", **L("Site ID", "Identifiant du site")},
    {"type": "text", "name": "site_name", **L("Site name", "Nom du site")},
    {"type": "geopoint", "name": "gps", **L("GPS location", "Position GPS")},
    {"type": "date", "name": "incident_date", **L("Date of incident", "Date de l'incident")},
    {"type": "select_one what", "name": "incident_type", **L("Incident type", "Type d'incident")},
    {"type": "text", "name": "reporter", **L("Reporter", "Rapporteur")},
    {"type": "text", "name": "what_happened", **L("Description", "Description")},
    {"type": "image", "name": "photo", **L("Photo", "Photo")},
]
INCIDENT_CHOICES = [
    {"list_name": "what", "name": "looting", **L("Looting", "Pillage")},
    {"list_name": "what", "name": "damaged", **L("Damage", "Dommage")},
    {"list_name": "what", "name": "military", **L("Military use", "Usage militaire")},
    {"list_name": "what", "name": "destroyed", **L("Destruction", "Destruction")},
]
INCIDENT_SETTINGS = {**SETTINGS, "form_id": INCIDENT_ID, "form_title": "Incident report"}
INCIDENT_TYPES = ["looting", "damaged", "military", "destroyed"]


def incident_xlsform() -> bytes:
    return _book(INCIDENT, INCIDENT_CHOICES, INCIDENT_SETTINGS)


def incident_kobo_json(
    places: list[tuple[str, str, float, float]], seed: int = 11, edits: dict[str, str] | None = None
) -> tuple[bytes, list[str]]:
    """One report per place (Kobo JSON) and their uuids; ``edits``: uuid -> the new uuid of
    an edited submission (``meta/deprecatedID`` names the one it replaces)."""
    rng = random.Random(seed)
    rows, uuids = [], []
    for i, (code, name, lat, lon) in enumerate(places, 1):
        uuid = f"{rng.getrandbits(128):032x}"
        uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
        row = {
            "_id": i,
            "_uuid": uuid,
            "meta/instanceID": f"uuid:{uuid}",
            "today": "2026-10-02",
            "site_code": code,
            "site_name": name,
            "gps": f"{lat} {lon} 0 8",
            "incident_date": f"2026-09-{i:02d}",
            "incident_type": INCIDENT_TYPES[(i - 1) % len(INCIDENT_TYPES)],
            "reporter": "Local heritage office",
            "what_happened": f"Report {i}: seen by the guard.",
            "photo": f"INC_{i}.jpg",
            "__version__": VERSION,
        }
        if edits and uuid in edits:
            row["meta/deprecatedID"] = f"uuid:{uuid}"
            row["_uuid"], row["meta/instanceID"] = edits[uuid], f"uuid:{edits[uuid]}"
            row["what_happened"] += " Corrected."
        uuids.append(uuid)
        rows.append(row)
    return json.dumps({"results": rows}).encode(), uuids
