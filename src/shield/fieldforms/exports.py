"""Reading submissions as the field tools export them, through their form.

Formats, told apart by content: Kobo/Ona JSON (a list, ``{"results": [...]}`` or
``{"data": [...]}``; ODK Central's OData ``{"value": [...]}``, nested groups), CSV (KPI's
with ``,`` or ``;``, groups joined by ``/`` or ``.``, names or labels as headers; ODK
Central's with ``-``), XLSX (the submissions on the first sheet, each repeat group on its
own sheet, linked by ``_index``/``_parent_index`` or ``KEY``/``PARENT_KEY``) and ZIP (ODK
Central: the main CSV, one CSV per repeat, ``media/`` with the files; or any ZIP holding
one export and its media).

Every column is matched to a question of the form: by its path with any separator, by its
name alone, by its label in any language (with or without its groups' labels), and for
select_multiple and geopoint by the columns the tools add (``causes/shelling`` 0/1,
``_gps_latitude``, ``gps-Latitude``). Columns that match nothing are listed as unused;
nothing is dropped without a word.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePosixPath
from typing import Any

import orjson

from .form import Form, Question
from .memory import collector_paused

SEPARATORS = ("/", ".", "-", ":")
GEO_PARTS = {
    "latitude": 0,
    "longitude": 1,
    "altitude": 2,
    "precision": 3,
    "accuracy": 3,
}
# The tools' own columns: what they say about a submission, not answers.
META = {
    "_uuid": "uuid",
    "meta/instanceid": "instance_id",
    "meta.instanceid": "instance_id",
    "meta-instanceid": "instance_id",
    "instanceid": "instance_id",
    "key": "key",
    "__id": "instance_id",
    "meta/deprecatedid": "deprecated_id",
    "meta.deprecatedid": "deprecated_id",
    "meta-deprecatedid": "deprecated_id",
    "deprecatedid": "deprecated_id",
    "__version__": "version",
    "_version_": "version",
    "_version": "version",
    "_xform_version": "version",
    "formversion": "version",
    "__system/formversion": "version",
    "_id": "id",
    "_submission_time": "submitted_at",
    "submissiondate": "submitted_at",
    "__system/submissiondate": "submitted_at",
    "_submitted_by": "submitted_by",
    "submittername": "submitted_by",
    "__system/submittername": "submitted_by",
    "_index": "index",
    "_parent_index": "parent_index",
    "_parent_table_name": "parent_table",
    "parent_key": "parent_key",
    "_submission__uuid": "parent_uuid",
    "_submission__id": "parent_id",
    "_geolocation": "geolocation",
    "_attachments": "attachments",
    "_xform_id_string": "form_id",
    "_xform_id": "form_id",
    "_status": "status",
    "_validation_status": "review",
    "reviewstate": "review",
    "__system/reviewstate": "review",
    "_notes": "notes",
    "_tags": "tags",
    "_media_count": "media_count",
    "_total_media": "media_count",
    "_media_all_received": "media_all_received",
    "attachmentspresent": "media_count",
    "attachmentsexpected": "media_expected",
    "_duration": "duration",
    "_edited": "edited",
    "_date_modified": "modified_at",
    "_last_edited": "modified_at",
    "status": "status",
    "edits": "edits",
    "submitterid": "submitter_id",
    "deviceid": "device",
    "__system/submitterid": "submitter_id",
    "__system/attachmentspresent": "media_count",
    "__system/attachmentsexpected": "media_expected",
    "__system/status": "status",
    "__system/edits": "edits",
    "__system/updatedat": "modified_at",
    "__system/deviceid": "device",
    "__system/deletedat": "deleted_at",
    "_bamboo_dataset_id": "other",
    "formhub/uuid": "formhub_uuid",
}
_FALSE = {"0", "false", "no", "0.0", "n", "f"}
_TRUE = {"1", "true", "yes", "1.0", "y", "t"}


class ExportUnreadable(ValueError):
    """The file is not an export this reader knows (or not of this form); says why: in
    English (``str``), and as a stable ``code`` with its ``params`` for a door to word in
    its reader's language."""

    def __init__(self, message: str, code: str = "", **params: Any):
        super().__init__(message)
        self.code, self.params = code, {k: str(v) for k, v in params.items()}


@dataclass
class Attachment:
    filename: str
    url: str = ""
    mimetype: str = ""
    question: str = ""
    member: str = ""  # its name inside the export's ZIP, when the file came with it


@dataclass
class Submission:
    row: int  # 1-based, in the export's order
    uuid: str
    deprecated_id: str
    version: str
    submitted_at: str
    answers: dict[str, Any]
    repeats: dict[str, list[dict[str, Any]]]
    attachments: dict[str, Attachment]
    columns: dict[str, str]  # question path -> the export's own column name
    meta: dict[str, Any]
    extra: dict[str, Any]  # columns of no question of the form, kept as they are


@dataclass
class Export:
    format: str
    submissions: list[Submission]
    columns: list[str]
    unused: list[str]
    versions: dict[str, int]
    media: dict[str, str] = field(default_factory=dict)  # file name -> member of the ZIP
    archive: bytes | None = None

    def media_bytes(self, member: str) -> bytes:
        if self.archive is None:
            raise KeyError(member)
        with zipfile.ZipFile(io.BytesIO(self.archive)) as z:
            return z.read(member)


def _norm(text: str) -> str:
    return " ".join(str(text).replace("\ufeff", "").split()).casefold()


# ---- columns -------------------------------------------------------------------------------


class Columns:
    """Every way an export may name a form's answers, to (question path, part): part is
    None (the answer), ("option", choice) for a 0/1 select_multiple column, ("geo", i) for
    one number of a geopoint (0 latitude, 1 longitude, 2 altitude, 3 accuracy)."""

    def __init__(self, form: Form):
        self.form = form
        self.aliases: dict[str, tuple[str, Any]] = {}
        names: dict[str, int] = {}
        for q in form.questions:
            names[q.name.casefold()] = names.get(q.name.casefold(), 0) + 1
        for q in form.questions:
            for alias in self._aliases(q, names[q.name.casefold()] == 1):
                self._add(alias, (q.path, None))
                if q.type == "select_multiple":
                    for c in q.choices:
                        for sep in SEPARATORS:
                            self._add(f"{alias}{sep}{c.name}", (q.path, ("option", c.name)))
                            for text in c.labels.values():
                                self._add(f"{alias}{sep}{text}", (q.path, ("option", c.name)))
                if q.type == "geopoint":
                    for word, i in GEO_PARTS.items():
                        for form_ in (
                            f"_{alias}_{word}",
                            f"{alias}-{word}",
                            f"{alias}_{word}",
                            f"{alias}/{word}",
                            f"{alias}.{word}",
                        ):
                            self._add(form_, (q.path, ("geo", i)))

    def _add(self, alias: str, target: tuple[str, Any]) -> None:
        self.aliases.setdefault(_norm(alias), target)

    def _aliases(self, q: Question, unique_name: bool) -> Iterator[str]:
        for sep in SEPARATORS:
            yield q.path.replace("/", sep)
        if q.repeat:
            rel = q.path[len(q.repeat) + 1 :]
            for sep in SEPARATORS:
                yield rel.replace("/", sep)
        if unique_name:
            yield q.name
        for lang, text in q.labels.items():
            yield text
            groups = [g.get(lang) or "" for g in q.group_labels]
            if all(groups) and groups:
                for sep in ("/", ".", " / ", ": "):
                    yield sep.join([*groups, text])

    def resolve(self, header: str) -> tuple[str, Any] | None:
        return self.aliases.get(_norm(header))


def meta_key(header: str) -> str | None:
    return META.get(_norm(header).replace(" ", ""))


# ---- values --------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def _choice_name(q: Question, value: str) -> str:
    if q.choice(value) is not None or not q.choices:
        return value
    want = _norm(value)
    for c in q.choices:
        if any(_norm(t) == want for t in c.labels.values()) or _norm(c.name) == want:
            return c.name
    return value


def select_many(q: Question, value: Any) -> list[str]:
    """A select_multiple answer as a list of choice names, from a list, a JSON list, names
    separated by spaces, or labels (separated by commas, semicolons or spaces)."""
    if isinstance(value, list):
        return [_choice_name(q, _text(v)) for v in value if _text(v)]
    text = _text(value)
    if not text:
        return []
    if text.startswith("["):
        try:
            found = json.loads(text)
        except ValueError:
            found = None
        if isinstance(found, list):
            return [_choice_name(q, _text(v)) for v in found if _text(v)]
    words = text.split()
    if not q.choices or all(q.choice(w) is not None for w in words):
        return words
    for sep in (";", ",", "\n"):
        if sep in text:
            parts = [p.strip() for p in text.split(sep) if p.strip()]
            return [_choice_name(q, p) for p in parts]
    # labels joined by spaces: the longest labels first
    rest, out = _norm(text), []
    labels = sorted(
        ((_norm(t), c.name) for c in q.choices for t in [*c.labels.values(), c.name]),
        key=lambda pair: -len(pair[0]),
    )
    progress = True
    while rest and progress:
        progress = False
        for label, name in labels:
            if label and (rest == label or rest.startswith(label + " ")):
                out.append(name)
                rest = rest[len(label) :].strip()
                progress = True
                break
    return out if not rest else words


def geopoint(value: Any) -> dict[str, float] | None:
    """A point from "lat lon [alt [accuracy]]", [lat, lon], GeoJSON or its JSON text."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(("{", "[")):
            try:
                value = json.loads(text)
            except ValueError:
                return None
        else:
            parts = text.replace(",", " ").split()
            try:
                nums = [float(p) for p in parts[:4]]
            except ValueError:
                return None
            value = nums
    if isinstance(value, dict):
        coords = value.get("coordinates")
        if value.get("type") == "Point" and isinstance(coords, list) and len(coords) >= 2:
            out = {"lat": float(coords[1]), "lon": float(coords[0])}
            if len(coords) > 2 and coords[2] is not None:
                out["alt"] = float(coords[2])
            props = value.get("properties") or {}
            if isinstance(props, dict) and props.get("accuracy") is not None:
                out["acc"] = float(props["accuracy"])
            return _checked(out)
        if "latitude" in value and "longitude" in value:
            return _checked({"lat": float(value["latitude"]), "lon": float(value["longitude"])})
        return None
    if isinstance(value, (list, tuple)) and len(value) >= 2:
        try:
            nums = [float(v) for v in value[:4] if v is not None and v != ""]
        except (TypeError, ValueError):
            return None
        if len(nums) < 2:
            return None
        out = {"lat": nums[0], "lon": nums[1]}
        if len(nums) > 2:
            out["alt"] = nums[2]
        if len(nums) > 3:
            out["acc"] = nums[3]
        return _checked(out)
    return None


def shape(value: Any, closed: bool = True) -> dict[str, Any] | None:
    """A geoshape (``closed``) or geotrace answer as GeoJSON (a Polygon or a LineString of
    [lon, lat]), from ODK's text (``lat lon alt acc;`` per vertex), a list of points or
    GeoJSON as OData gives it; None when it is none of these."""
    kind = "Polygon" if closed else "LineString"
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, dict):
        coords = value.get("coordinates")
        if value.get("type") == kind and isinstance(coords, list):
            ring = coords[0] if closed and coords and isinstance(coords[0], list) else coords
            points = [geopoint([c[1], c[0]]) if isinstance(c, list) else None for c in ring]
        else:
            return None
    elif isinstance(value, list):
        points = [geopoint(v) for v in value]
    elif isinstance(value, str):
        points = [geopoint(v) for v in value.strip().strip(";").split(";") if v.strip()]
    else:
        return None
    if not points or any(p is None for p in points):
        return None
    line = [[p["lon"], p["lat"]] for p in points if p is not None]
    if not closed:
        return {"type": kind, "coordinates": line} if len(line) >= 2 else None
    if line[0] != line[-1]:
        line.append(line[0])
    return {"type": kind, "coordinates": [line]} if len(line) >= 4 else None


def _checked(point: dict[str, float]) -> dict[str, float] | None:
    if -90 <= point["lat"] <= 90 and -180 <= point["lon"] <= 180:
        return point
    return None


def convert(q: Question, value: Any) -> Any:
    """An answer as its question's type reads it; None for an empty answer."""
    if type(value) is str:  # most answers: the same as below, each step once
        text = value.strip()
        if not text:
            return None
        kind = q.type
        if kind == "select_multiple":
            return select_many(q, value) or None
        if kind == "select_one":
            return _choice_name(q, text)
        if kind == "geopoint":
            return geopoint(value) or text
        return text
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if q.type == "select_multiple":
        return select_many(q, value) or None
    if q.type == "select_one":
        return _choice_name(q, _text(value))
    if q.type == "geopoint":
        return geopoint(value) or _text(value)
    if q.type in ("geotrace", "geoshape"):
        return value if isinstance(value, (dict, list)) else _text(value)
    if isinstance(value, (dict, list)):
        return value
    return _text(value)


# ---- one submission, from a flat or nested record -----------------------------------------


class _Builder:
    """Turns records (header -> value) into submissions, resolving each header once."""

    def __init__(self, form: Form):
        self.form = form
        self.columns = Columns(form)
        self.cache: dict[str, tuple[str, Any] | str | None] = {}
        self.seen: dict[str, None] = {}
        self.unused: dict[str, None] = {}

    def target(self, header: str) -> tuple[str, Any] | str | None:
        if header not in self.cache:
            meta = meta_key(header)
            found: tuple[str, Any] | str | None = (
                "meta:" + meta if meta and meta != "device" else self.columns.resolve(header)
            )
            if found is None:
                found = meta_key(header)
                if found is None:
                    tail = re.split(r"[/.\-]", header)[-1]
                    found = "meta:" + tail if _norm(header).startswith("meta") else None
                else:
                    found = "meta:" + found
            self.cache[header] = found
        return self.cache[header]

    def fill(
        self,
        record: dict[str, Any],
        answers: dict[str, Any],
        columns: dict[str, str],
        meta: dict[str, Any],
        extra: dict[str, Any],
        repeats: dict[str, list[dict[str, Any]]],
        prefix: str = "",
        repeat: str | None = None,
    ) -> None:
        geo: dict[str, list[Any]] = {}
        options: dict[str, list[str]] = {}
        seen, cache, by_path = self.seen, self.cache, self.form.by_path
        for key, value in record.items():
            header = f"{prefix}{key}" if prefix else key
            if header not in seen:
                seen[header] = None
            if type(value) is str:  # most answers: straight to their question
                found = cache[header] if header in cache else self.target(header)
                if type(found) is tuple and found[1] is None:
                    question = found[0]
                    converted = convert(by_path[question], value)
                    if converted is not None:
                        answers[question] = converted
                    columns.setdefault(question, header)
                    continue
            if isinstance(value, dict) and not _geometry(value):
                if key == "__system":
                    for k, v in value.items():
                        system = meta_key(f"__system/{k}")
                        if system:
                            meta.setdefault(system, v)
                    continue
                self.fill(value, answers, columns, meta, extra, repeats, header + "/", repeat)
                continue
            if (
                isinstance(value, list)
                and value
                and all(isinstance(v, dict) for v in value)
                and key != "_attachments"
            ):
                path = self.repeat_path(header, repeat)
                if path is not None:
                    repeats.setdefault(path, []).extend(self.repeat_item(v, path) for v in value)
                    continue
            found = self.target(header)
            if found is None and prefix:
                found = self.target(key)
            if found is None:
                if value not in (None, "", []):
                    extra[header] = value
                    self.unused[header] = None
                continue
            if isinstance(found, str):
                meta.setdefault(found[5:], value)
                continue
            path, part = found
            q = self.form.by_path[path]
            if part is None:
                converted = convert(q, value)
                if converted is not None:
                    answers[path] = converted
                    columns.setdefault(path, header)
                else:
                    columns.setdefault(path, header)
            elif part[0] == "option":
                flag = _text(value).casefold()
                if flag in _TRUE:
                    options.setdefault(path, []).append(part[1])
                columns.setdefault(path, header)
            else:
                geo.setdefault(path, [None] * 4)[part[1]] = value
                columns.setdefault(path, header)
        for path, chosen in options.items():
            if path not in answers:
                answers[path] = chosen
        for path, parts in geo.items():
            if not isinstance(answers.get(path), dict):
                point = geopoint([p for p in parts if p not in (None, "")])
                if point:
                    answers[path] = point

    def repeat_path(self, header: str, inside: str | None) -> str | None:
        want = header.replace(".", "/").replace("-", "/")
        for path in self.form.repeats:
            if want == path or (inside and want == f"{inside}/{path.rsplit('/', 1)[-1]}"):
                return path
        for path, r in self.form.repeats.items():
            if want.rsplit("/", 1)[-1] == r.name:
                return path
        return None

    def repeat_item(self, record: dict[str, Any], path: str) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        nested: dict[str, list[dict[str, Any]]] = {}
        meta: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        relative: dict[str, Any] = {}
        for key, value in record.items():
            full = key if key.startswith(path + "/") or self.target(key) else f"{path}/{key}"
            relative[full] = value
        self.fill(relative, answers, {}, meta, extra, nested, "", path)
        item: dict[str, Any] = dict(answers)
        for sub, items in nested.items():
            item[sub] = items
        if extra:
            item["_extra"] = extra
        return item

    def submission(self, n: int, record: dict[str, Any]) -> Submission:
        answers: dict[str, Any] = {}
        columns: dict[str, str] = {}
        meta: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        repeats: dict[str, list[dict[str, Any]]] = {}
        self.fill(record, answers, columns, meta, extra, repeats)
        return finish(n, answers, repeats, columns, meta, extra)


def file_name(path: str) -> str:
    """The last part of a path, as ``PurePosixPath(path).name`` says it (without building a
    path: an export names thousands of files)."""
    if "/" not in path:
        return "" if path == "." else path
    parts = [p for p in path.split("/") if p and p != "."]
    return parts[-1] if parts else ""


def _geometry(value: dict[str, Any]) -> bool:
    """A GeoJSON geometry (as ODK Central's OData gives geopoints, geotraces, geoshapes)."""
    return value.get("type") in _GEOMETRIES and "coordinates" in value


_GEOMETRIES = frozenset({"Point", "LineString", "Polygon", "MultiPoint", "MultiLineString"})


def _uuid(value: Any) -> str:
    text = _text(value)
    return text[5:] if text.lower().startswith("uuid:") else text


def finish(
    n: int,
    answers: dict[str, Any],
    repeats: dict[str, list[dict[str, Any]]],
    columns: dict[str, str],
    meta: dict[str, Any],
    extra: dict[str, Any],
) -> Submission:
    uuid = _uuid(meta.get("instance_id") or meta.get("uuid") or meta.get("key") or "")
    attachments: dict[str, Attachment] = {}
    found = meta.get("attachments")
    if isinstance(found, str) and found.startswith("["):
        try:
            found = json.loads(found)
        except ValueError:
            found = None
    if isinstance(found, list):
        for a in found:
            if isinstance(a, dict) and a.get("filename"):
                name = file_name(str(a["filename"]))
                attachments[name] = Attachment(
                    filename=name,
                    url=str(a.get("download_url") or a.get("download_large_url") or ""),
                    mimetype=str(a.get("mimetype") or ""),
                    question=str(a.get("question_xpath") or ""),
                )
    return Submission(
        row=n,
        uuid=uuid,
        deprecated_id=_uuid(meta.get("deprecated_id") or ""),
        version=_text(meta.get("version") or ""),
        submitted_at=_text(meta.get("submitted_at") or ""),
        answers=answers,
        repeats=repeats,
        attachments=attachments,
        columns=columns,
        meta=meta,
        extra=extra,
    )


# ---- the formats ---------------------------------------------------------------------------


@collector_paused()
def read_export(content: bytes, filename: str, form: Form) -> Export:
    """All the submissions of one export file, read through ``form``."""
    if content[:2] == b"PK":
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            raise ExportUnreadable(
                f"{filename}: a damaged ZIP file", "damaged_zip", file=filename
            ) from None
        if "[Content_Types].xml" in names:
            return read_xlsx(content, filename, form)
        return read_zip(content, filename, form)
    if content[:8] == _OLE2:
        return read_xls(content, filename, form)
    text = decode(content, filename)
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        return read_json(stripped, filename, form)
    return read_csv(text, filename, form)


def decode(content: bytes, filename: str) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportUnreadable(
            f"{filename}: not UTF-8 text (byte {exc.start}); export again as UTF-8",
            "not_utf8",
            file=filename,
            byte=exc.start,
        ) from None


def _done(fmt: str, builder: _Builder, subs: list[Submission], **more: Any) -> Export:
    versions: dict[str, int] = {}
    for s in subs:
        versions[s.version] = versions.get(s.version, 0) + 1
    return Export(
        format=fmt,
        submissions=subs,
        columns=list(builder.seen),
        unused=list(builder.unused),
        versions=versions,
        **more,
    )


def _load_json(text: str) -> Any:
    """The document, parsed by orjson (several times faster on a large export); what orjson
    refuses (NaN, lone surrogates, nesting past 1,024) is read, or refused in the usual
    words, by the standard library."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def read_json(text: str, filename: str, form: Form) -> Export:
    try:
        doc = _load_json(text)
    except RecursionError:
        raise ExportUnreadable(
            f"{filename}: JSON nested too deeply", "json_deep", file=filename
        ) from None
    except ValueError as exc:
        raise ExportUnreadable(
            f"{filename}: not JSON ({exc})", "not_json", file=filename, detail=exc
        ) from None
    rows: Any = doc
    if isinstance(doc, dict):
        for key in ("results", "data", "value", "submissions"):
            if isinstance(doc.get(key), list):
                rows = doc[key]
                break
        else:
            rows = [doc]
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ExportUnreadable(
            f'{filename}: a JSON export is a list of submissions (or {{"results": [...]}})',
            "json_shape",
            file=filename,
        )
    builder = _Builder(form)
    subs = [builder.submission(n, r) for n, r in enumerate(rows, 1)]
    return _done("json", builder, subs)


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _csv_rows(text: str, filename: str) -> tuple[list[str], list[list[str]]]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(first))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ExportUnreadable(
            f"{filename}: line {reader.line_num}: not CSV ({exc})",
            "not_csv",
            file=filename,
            line=reader.line_num,
            detail=exc,
        ) from None
    if not rows:
        raise ExportUnreadable(f"{filename}: empty", "empty", file=filename)
    return [h.strip() for h in rows[0]], [r for r in rows[1:] if any(c.strip() for c in r)]


def read_csv(text: str, filename: str, form: Form) -> Export:
    headers, rows = _csv_rows(text, filename)
    return _table_export("csv", [(filename, headers, rows)], form)


def read_xlsx(content: bytes, filename: str, form: Form) -> Export:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise ExportUnreadable(
            f"{filename}: not an XLSX workbook ({type(exc).__name__})",
            "not_xlsx",
            file=filename,
        ) from None
    sheets = [(s.title, [list(r) for r in s.iter_rows(values_only=True)]) for s in book.worksheets]
    book.close()
    return _workbook_export("xlsx", sheets, filename, form)


def _workbook_export(
    fmt: str, sheets: list[tuple[str, list[list[Any]]]], filename: str, form: Form
) -> Export:
    """A workbook's sheets (title, rows with the headers first) as an export: empty sheets
    and empty rows left out, empty cells as ""."""
    tables = []
    for title, rows in sheets:
        if not rows:
            continue
        headers = [_text(h) for h in rows[0]]
        body = [
            [c if c is not None else "" for c in r]
            for r in rows[1:]
            if any(c not in (None, "") for c in r)
        ]
        tables.append((title, headers, body))
    if not tables:
        raise ExportUnreadable(f"{filename}: the workbook has no rows", "no_rows", file=filename)
    return _table_export(fmt, tables, form)


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97 workbook's first bytes


def read_xls(content: bytes, filename: str, form: Form) -> Export:
    """An Excel 97 workbook (``.xls``, as older KoboToolbox and KoBoCAT servers export): read
    with xlrd, sheet by sheet as an XLSX is; its dates (numbers in Excel) as dates."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
    except Exception as exc:  # xlrd raises many kinds on a damaged workbook
        raise ExportUnreadable(
            f"{filename}: not an XLS workbook ({type(exc).__name__})",
            "not_xls",
            file=filename,
        ) from None

    def value(cell: Any) -> Any:
        if cell.ctype == xlrd.XL_CELL_DATE:
            when = xlrd.xldate_as_datetime(cell.value, book.datemode)
            return when.date() if when.time() == time() else when
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return ""
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        return cell.value

    sheets = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        sheets.append((sheet.name, [[value(c) for c in sheet.row(r)] for r in range(sheet.nrows)]))
    book.release_resources()
    return _workbook_export("xls", sheets, filename, form)


def read_zip(content: bytes, filename: str, form: Form) -> Export:
    z = zipfile.ZipFile(io.BytesIO(content))
    tables, media, data_files = [], {}, []
    for info in z.infolist():
        if info.is_dir():
            continue
        name = info.filename
        base = PurePosixPath(name).name
        lower = base.lower()
        if lower.endswith((".csv", ".json", ".xlsx", ".xls")) and "/media/" not in f"/{name}":
            data_files.append(name)
        else:
            media[base] = name
    if not data_files:
        raise ExportUnreadable(
            f"{filename}: the ZIP holds no CSV, JSON, XLSX or XLS export",
            "zip_no_export",
            file=filename,
        )
    csvs = [n for n in data_files if n.lower().endswith(".csv")]
    if csvs:
        for name in csvs:
            headers, rows = _csv_rows(decode(z.read(name), name), name)
            tables.append((PurePosixPath(name).stem, headers, rows))
        # the main table is the one whose rows have no parent
        tables.sort(key=lambda t: any(_norm(h) in ("parent_key", "_parent_index") for h in t[1]))
        export = _table_export("odk-zip", tables, form)
    else:
        inner = data_files[0]
        export = read_export(z.read(inner), inner, form)
        export.format = f"zip+{export.format}"
    export.media, export.archive = media, content
    for s in export.submissions:
        for name in _media_answers(form, s):
            if name in media:
                found = s.attachments.get(name) or Attachment(filename=name)
                found.member = media[name]
                s.attachments[name] = found
    return export


def _media_answers(form: Form, s: Submission) -> Iterator[str]:
    for path, value in s.answers.items():
        q = form.by_path.get(path)
        if q is not None and q.type in ("image", "audio", "video", "file") and value:
            yield file_name(str(value))
    for items in s.repeats.values():
        yield from _media_in_items(form, items)


def _media_in_items(form: Form, items: Iterable[dict[str, Any]]) -> Iterator[str]:
    for item in items:
        for path, value in item.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                yield from _media_in_items(form, value)
                continue
            q = form.by_path.get(path)
            if q is not None and q.type in ("image", "audio", "video", "file") and value:
                yield file_name(str(value))


def media_names(form: Form, s: Submission) -> list[str]:
    """The files a submission's answers name (photos, audio, video), in order, once each."""
    return list(dict.fromkeys(_media_answers(form, s)))


def _table_export(
    fmt: str, sheets: list[tuple[str, list[str], list[list[Any]]]], form: Form
) -> Export:
    """Submissions from the first table, repeat rows from the others, joined by their keys."""
    builder = _Builder(form)
    main_title, main_headers, main_rows = sheets[0]
    subs: list[Submission] = []
    index: dict[tuple[str, str], dict[str, Any] | Submission] = {}
    for n, row in enumerate(main_rows, 1):
        record = dict(zip(main_headers, row))
        s = builder.submission(n, record)
        subs.append(s)
        for key in ("index", "key", "instance_id", "uuid"):
            if s.meta.get(key) not in (None, ""):
                index[("", _text(s.meta[key]))] = s
        if s.meta.get("uuid"):
            index[("uuid", _text(s.meta["uuid"]))] = s
    # Repeat rows, each under its parent (a submission, or an item of the enclosing repeat);
    # a table of a nested repeat may come before its parent's: rows wait for their parent.
    pending: list[tuple[str, str, int, dict[str | None, Any], dict[str, Any]]] = []
    for title, headers, rows in sheets[1:]:
        path = _sheet_repeat(form, title)
        if path is None:
            for h in headers:
                builder.unused.setdefault(f"{title}: {h}", None)
            continue
        for n, row in enumerate(rows, 1):
            record = dict(zip(headers, row))
            meta_cols = {meta_key(h): v for h, v in record.items() if meta_key(h)}
            item = builder.repeat_item({h: v for h, v in record.items() if not meta_key(h)}, path)
            pending.append((title, path, n, meta_cols, item))
    repeat_tables = {title for title, *_rest in pending}
    while pending:
        waiting = []
        for title, path, n, meta_cols, item in pending:
            parent = _parent(index, meta_cols, title, repeat_tables)
            if parent is None:
                waiting.append((title, path, n, meta_cols, item))
                continue
            target = parent.repeats if isinstance(parent, Submission) else parent
            target.setdefault(path, []).append(item)
            own = meta_cols.get("index") if meta_cols.get("index") not in (None, "") else None
            own_key = meta_cols.get("key")
            if own is not None:
                index[(title, _text(own))] = item
            if own_key:
                index[("", _text(own_key))] = item
        if len(waiting) == len(pending):
            for title, _path, n, _meta, _item in waiting:  # no parent in the file: said
                builder.unused.setdefault(f"{title}: row {n} (its parent is not in the file)")
            break
        pending = waiting
    return _done(fmt, builder, subs)


def _parent(
    index: dict[tuple[str, str], Any],
    meta_cols: dict[str | None, Any],
    title: str,
    repeat_tables: frozenset[str] | set[str] = frozenset(),
) -> Any:
    if meta_cols.get("parent_key"):
        return index.get(("", _text(meta_cols["parent_key"])))
    table = _text(meta_cols.get("parent_table") or "")
    parent_index = _text(meta_cols.get("parent_index") or "")
    if parent_index:
        if table and (table, parent_index) in index:
            return index[(table, parent_index)]
        if table in repeat_tables:
            return None  # an item of a repeat table not read yet
        return index.get(("", parent_index))
    if meta_cols.get("parent_uuid"):
        return index.get(("uuid", _text(meta_cols["parent_uuid"])))
    return None


def _sheet_repeat(form: Form, title: str) -> str | None:
    want = _norm(title)
    for path, r in form.repeats.items():
        name = _norm(r.name)
        if want == name or (len(want) >= 28 and name.startswith(want)):
            return path
        if want.endswith("-" + name) or want.endswith("_" + name):
            return path
        if any(_norm(t) == want for t in r.labels.values()):
            return path
    return None


ReadFunc = Callable[[bytes, str, Form], Export]
