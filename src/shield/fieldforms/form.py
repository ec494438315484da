"""A field form's definition: its questions, their types, labels in each language, choices.

Read from an XLSForm workbook (``.xlsx``/``.xls``, with pyxform), from the JSON form that
KoboToolbox, Ona and ODK export (pyxform's JSON: ``children`` with ``type``, ``name``,
``label`` per language and ``choices``), from Kobo's asset JSON (``content`` with
``survey``, ``choices`` and ``translations``), or from an XForm (XML, as ODK Central gives).
Every shape is brought to pyxform's JSON form and read from there.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

# Types as pyxform's JSON writes them, to the names XLSForm authors use.
_TYPES = {
    "select one": "select_one",
    "select_one": "select_one",
    "select one from file": "select_one",
    "select_one_from_file": "select_one",
    "select all that apply": "select_multiple",
    "select_multiple": "select_multiple",
    "select all that apply from file": "select_multiple",
    "select_multiple_from_file": "select_multiple",
    "photo": "image",
    "image": "image",
    "audio": "audio",
    "video": "video",
    "file": "file",
    "geopoint": "geopoint",
    "geotrace": "geotrace",
    "geoshape": "geoshape",
    "gps": "geopoint",
    "int": "integer",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "datetime": "datetime",
    "dateTime": "datetime",
    "time": "time",
    "text": "text",
    "string": "text",
    "note": "note",
    "calculate": "calculate",
    "acknowledge": "acknowledge",
    "trigger": "acknowledge",
    "start": "start",
    "end": "end",
    "today": "today",
    "deviceid": "deviceid",
    "username": "username",
    "phonenumber": "phonenumber",
    "simserial": "simserial",
    "subscriberid": "subscriberid",
    "email": "email",
    "audit": "audit",
    "barcode": "barcode",
    "range": "range",
    "rank": "rank",
    "hidden": "hidden",
    "binary": "file",
    "boolean": "text",
}
MEDIA_TYPES = frozenset({"image", "audio", "video", "file"})
GEO_TYPES = frozenset({"geopoint", "geotrace", "geoshape"})
SELECT_TYPES = frozenset({"select_one", "select_multiple"})
# Answers that carry nothing a person typed or chose (kept, never mapped, never "unused").
META_TYPES = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "phonenumber",
        "simserial",
        "subscriberid",
        "email",
        "audit",
    }
)
_LANG_CODE = re.compile(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$")


class FormUnreadable(ValueError):
    """The file is not a form definition this reader knows; the message says why (in
    English), ``code`` and ``params`` say it for a door to word in its reader's language."""

    def __init__(self, message: str, code: str = "", **params: Any):
        super().__init__(message)
        self.code, self.params = code, {k: str(v) for k, v in params.items()}


def language_code(name: str) -> str:
    """``"English (en)"`` -> ``"en"``; a name without a code stays as it is (``"default"``)."""
    found = _LANG_CODE.search(name or "")
    return found.group(1).lower() if found else (name or "default")


@dataclass(frozen=True)
class Choice:
    name: str
    labels: dict[str, str]

    def label(self, lang: str | None = None) -> str:
        return pick(self.labels, lang) or self.name


@dataclass
class Question:
    """One answer of a submission. ``path`` is its place in the form, groups and repeats
    joined by "/" (``site/site_id``), as Kobo and Ona name it; ``repeat`` is the path of the
    repeat group it is inside (None at the submission's own level)."""

    name: str
    path: str
    type: str
    raw_type: str
    labels: dict[str, str]
    choices: tuple[Choice, ...] = ()
    list_name: str = ""
    repeat: str | None = None
    group_labels: tuple[dict[str, str], ...] = ()
    hint: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str | None = None) -> str:
        return pick(self.labels, lang) or self.name

    def choice(self, name: str) -> Choice | None:
        cached = self.__dict__.get("_by_name")  # (the choices it was made of, name -> choice)
        if cached is None or cached[0] is not self.choices:
            by_name: dict[str, Choice] = {}
            for c in self.choices:
                by_name.setdefault(c.name, c)  # the first of a name, as a list search finds it
            cached = self.__dict__["_by_name"] = (self.choices, by_name)
        return cached[1].get(name)

    @property
    def is_meta(self) -> bool:
        return self.type in META_TYPES or self.path.startswith("meta/")


@dataclass
class Repeat:
    name: str
    path: str
    labels: dict[str, str]
    parent: str | None  # the enclosing repeat's path, if any


@dataclass
class Form:
    form_id: str
    version: str
    title: str
    languages: tuple[str, ...]
    default_language: str
    questions: list[Question]
    repeats: dict[str, Repeat]
    definition: dict[str, Any]  # pyxform's JSON form, as read

    def __post_init__(self) -> None:
        self.by_path = {q.path: q for q in self.questions}

    def question(self, path: str) -> Question | None:
        return self.by_path.get(path)

    def answers(self) -> list[Question]:
        """The questions a person answers (not notes, calculations or the form's metadata)."""
        return [q for q in self.questions if q.type not in ("note", "calculate") and not q.is_meta]


def pick(labels: dict[str, str], lang: str | None = None) -> str:
    """The label in ``lang`` (a code or a name), else English, else the default, else any."""
    if not labels:
        return ""
    if lang:
        for key, text in labels.items():
            if key == lang or language_code(key) == lang:
                return text
    for want in ("en", "default"):
        for key, text in labels.items():
            if language_code(key) == want and text:
                return text
    return next((t for t in labels.values() if t), "")


def _labels(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v not in (None, "")}
    if value in (None, ""):
        return {}
    return {"default": str(value)}


# ---- reading -------------------------------------------------------------------------------


def read_form(content: bytes, filename: str = "form") -> Form:
    """A form definition from any of the shapes above, told apart by its content."""
    head = content[:8]
    lower = filename.lower()
    if head.startswith(b"PK"):
        return from_json_form(_xlsx_to_json(content, filename))
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an Excel 97 workbook (.xls)
        return from_json_form(_xlsx_to_json(content, filename, "xls"))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormUnreadable(
            f"{filename}: not UTF-8 text, nor an XLSForm workbook", "form_not_text", file=filename
        ) from None
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return from_json_form(_xform_to_json(text, filename))
    if stripped.startswith("{") or lower.endswith(".json"):
        try:
            doc = json.loads(stripped)
        except ValueError as exc:
            raise FormUnreadable(
                f"{filename}: not JSON ({exc})", "not_json", file=filename, detail=exc
            ) from None
        return from_any_json(doc, filename)
    if lower.endswith(".csv"):
        return from_json_form(_xlsx_to_json(content, filename, "csv"))
    raise FormUnreadable(
        f"{filename}: not a form definition (an XLSForm .xlsx, a JSON form or an XForm .xml)",
        "form_unknown",
        file=filename,
    )


def from_any_json(doc: Any, filename: str = "form") -> Form:
    if not isinstance(doc, dict):
        raise FormUnreadable(
            f"{filename}: a JSON form is an object", "json_form_object", file=filename
        )
    if "children" in doc:
        return from_json_form(doc)
    content = doc.get("content") if isinstance(doc.get("content"), dict) else None
    if content is None and "survey" in doc:
        content = doc
    if content is not None and isinstance(content.get("survey"), list):
        return from_json_form(_kobo_asset_to_json(doc, content, filename))
    raise FormUnreadable(
        f"{filename}: a JSON form has 'children' (pyxform's JSON) or 'content' with 'survey' "
        "(a KoboToolbox asset)",
        "json_form_shape",
        file=filename,
    )


def _workbook_to_json(data: Any, name: str) -> dict[str, Any]:
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json

    try:
        return workbook_to_json(data, form_name=name, warnings=[])
    except PyXFormError as exc:
        raise FormUnreadable(
            f"{name}: the XLSForm has an error: {exc}", "xlsform_error", file=name, detail=exc
        ) from None


def _xlsx_to_json(content: bytes, filename: str, kind: str = "xlsx") -> dict[str, Any]:
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import get_xlsform

    if kind == "xlsx":
        try:
            zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            raise FormUnreadable(
                f"{filename}: not an XLSX workbook", "not_xlsx", file=filename
            ) from None
    try:
        data = get_xlsform(io.BytesIO(content), file_type=f".{kind}")
    except (PyXFormError, ValueError, KeyError, OSError) as exc:
        raise FormUnreadable(
            f"{filename}: not an XLSForm ({exc})", "not_xlsform", file=filename, detail=exc
        ) from None
    stem = re.sub(r"\W+", "_", filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "data"
    return _workbook_to_json(data, stem)


def _kobo_asset_to_json(doc: dict[str, Any], content: dict[str, Any], filename: str) -> dict:
    """Kobo's asset JSON: rows of the survey and choices sheets, labels as lists in the
    order of ``translations``. Turned back into XLSForm rows for pyxform."""
    from pyxform.xls2json_backends import DefinitionData

    translations = content.get("translations") or [None]
    names = [t if t else "default" for t in translations]
    translated = set(content.get("translated") or ["label", "hint"])

    def row(item: dict[str, Any]) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in item.items():
            if key.startswith("$") or value is None:
                continue
            if key in translated and isinstance(value, list):
                for lang, text in zip(names, value):
                    if text not in (None, ""):
                        out[key if lang == "default" else f"{key}::{lang}"] = str(text)
                continue
            if isinstance(value, (dict, list)):
                continue
            out[key] = str(value).lower() if isinstance(value, bool) else str(value)
        if "name" not in out and item.get("$autoname"):
            out["name"] = str(item["$autoname"])
        kind = out.get("type", "")
        if kind in ("select_one", "select_multiple") and item.get("select_from_list_name"):
            out["type"] = f"{kind} {item['select_from_list_name']}"
        if kind in ("begin_group", "begin_repeat", "end_group", "end_repeat"):
            out["type"] = kind.replace("_", " ")
        return out

    settings = content.get("settings") or {}
    if isinstance(settings, list):
        settings = settings[0] if settings else {}
    settings = {k: str(v) for k, v in settings.items() if isinstance(v, (str, int, float))}
    if doc.get("uid") and not (settings.get("form_id") or settings.get("id_string")):
        settings["form_id"] = str(doc["uid"])
    if doc.get("version_id") and "version" not in settings:
        settings["version"] = str(doc["version_id"])
    if doc.get("name") and "form_title" not in settings:
        settings["form_title"] = str(doc["name"])
    if "id_string" in settings:
        settings.setdefault("form_id", settings["id_string"])
        del settings["id_string"]
    data = DefinitionData(
        survey=[row(r) for r in content["survey"] if isinstance(r, dict)],
        choices=[row(r) for r in content.get("choices") or [] if isinstance(r, dict)],
        settings=[settings] if settings else None,
    )
    stem = re.sub(r"\W+", "_", settings.get("form_id") or "data")
    return _workbook_to_json(data, stem)


def _xform_to_json(text: str, filename: str) -> dict[str, Any]:
    from pyxform.xform2json import XFormToDictBuilder

    try:
        survey = XFormToDictBuilder(text).new_doc
    except Exception as exc:  # pyxform raises what its XML parser raises
        raise FormUnreadable(
            f"{filename}: not an XForm ({type(exc).__name__}: {exc})",
            "not_xform",
            file=filename,
            detail=exc,
        ) from None
    if not isinstance(survey, dict):
        raise FormUnreadable(f"{filename}: not an XForm", "not_xform", file=filename, detail="")
    root = re.search(r"<instance>\s*<[\w:.-]+\s([^>]*)>", text)
    if root and not survey.get("version"):
        version = re.search(r'\bversion="([^"]*)"', root.group(1))
        if version:
            survey["version"] = version.group(1)
    return survey


def from_json_form(doc: dict[str, Any]) -> Form:
    """Read pyxform's JSON form."""
    if not isinstance(doc.get("children"), list):
        raise FormUnreadable("a JSON form has a list of 'children'", "json_form_children")
    shared_choices: dict[str, Any] = doc["choices"] if isinstance(doc.get("choices"), dict) else {}
    questions: list[Question] = []
    repeats: dict[str, Repeat] = {}
    languages: dict[str, None] = {}

    def choices_of(item: dict[str, Any]) -> tuple[Choice, ...]:
        found = item.get("choices")
        if not isinstance(found, list):
            found = shared_choices.get(item.get("itemset") or item.get("list_name") or "", [])
        out = []
        for c in found if isinstance(found, list) else []:
            if isinstance(c, dict) and c.get("name") not in (None, ""):
                labels = _labels(c.get("label"))
                languages.update(dict.fromkeys(labels))
                out.append(Choice(str(c["name"]), labels))
        return tuple(out)

    def walk(
        children: list[Any], prefix: str, repeat: str | None, groups: tuple[dict[str, str], ...]
    ) -> None:
        for item in children:
            if not isinstance(item, dict) or not item.get("name"):
                continue
            kind = str(item.get("type", ""))
            name = str(item["name"])
            path = f"{prefix}{name}"
            labels = _labels(item.get("label"))
            languages.update(dict.fromkeys(labels))
            if kind in ("group", "repeat", "survey") or (
                isinstance(item.get("children"), list) and kind not in _TYPES
            ):
                if kind == "repeat":
                    repeats[path] = Repeat(name, path, labels, repeat)
                walk(
                    item.get("children") or [],
                    path + "/",
                    path if kind == "repeat" else repeat,
                    (*groups, labels),
                )
                continue
            base = kind.split(" ", 1)[0] if kind.startswith(("select_", "select one ")) else kind
            questions.append(
                Question(
                    name=name,
                    path=path,
                    type=_TYPES.get(kind, _TYPES.get(base, kind or "text")),
                    raw_type=kind,
                    labels=labels,
                    choices=choices_of(item),
                    list_name=str(item.get("list_name") or item.get("itemset") or ""),
                    repeat=repeat,
                    group_labels=groups,
                    hint=_labels(item.get("hint")),
                )
            )

    walk(doc["children"], "", None, ())
    langs = tuple(k for k in languages if k != "default") or ("default",)
    return Form(
        form_id=str(doc.get("id_string") or doc.get("name") or "form"),
        version=str(doc.get("version") or ""),
        title=str(doc.get("title") or doc.get("id_string") or doc.get("name") or ""),
        languages=langs,
        default_language=str(doc.get("default_language") or "default"),
        questions=questions,
        repeats=repeats,
        definition=doc,
    )
