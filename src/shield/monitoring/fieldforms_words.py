"""Field forms in the reader's language: the words of a report (how a place was found, why
a submission was refused, why an import was refused), from the stable codes and parameters
the importer and the engine give beside their English messages.

The importer words each message once, in English, for the API's JSON and the CLI, and
keeps its ``code`` and ``params`` beside it; a page renders the code through this table,
in the active language. A message without a known code is shown as written.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .formerrors import field_label as _service_label
from .formerrors import localise

# Our fields a form's question may fill, in the reader's words (beside formerrors' labels).
FIELDS = {
    "condition": gettext_lazy("Condition"),
    "damage_extent": gettext_lazy("Damage extent"),
    "causes": gettext_lazy("Disturbances"),
    "disturbances": gettext_lazy("Disturbances"),
    "certainty": gettext_lazy("Certainty"),
    "priority": gettext_lazy("Priority"),
    "allegation": gettext_lazy("What is alleged"),
    "notes": gettext_lazy("Notes"),
    "description": gettext_lazy("Description"),
    "method": gettext_lazy("Method"),
    "location": gettext_lazy("GPS point"),
    "boundary": gettext_lazy("Shape"),
    "site_id": gettext_lazy("Site id"),
    "site_name": gettext_lazy("Name in the survey"),
}

# Parameters that are the form's or the file's own words (choice names, paths, values):
# shown as code, never translated.
VERBATIM = {"value", "known", "path", "near", "file", "detail"}


def field_label(field: str) -> str:
    return str(FIELDS[field]) if field in FIELDS else _service_label(field)


# How a submission's place was found (``Match.how``).
HOW = {
    "site id": gettext_lazy("by site id"),
    "reviewed place": gettext_lazy("by a reviewed place"),
    "name": gettext_lazy("by name"),
    "distance": gettext_lazy("by distance"),
    "to review": gettext_lazy("to review (no property matched)"),
}

# Why a place was found (``Match.code``, with its params).
WHY = {
    "by_site_id": gettext_lazy("site id “%(site)s” is property %(code)s"),
    "by_review": gettext_lazy("site id “%(site)s” was reviewed as property %(code)s"),
    "by_name": gettext_lazy("name “%(name)s” matches “%(text)s” of %(code)s (score %(score)s)"),
    "by_name_near": gettext_lazy(
        "name “%(name)s” matches “%(text)s” of %(code)s (score %(score)s, %(away)s m away)"
    ),
    "by_distance": gettext_lazy("%(away)s m from %(code)s (within %(radius)s m)"),
    "known_place": gettext_lazy("site “%(site)s” is already a place to review"),
    "new_place": gettext_lazy("no property matched by %(tried)s: a new place to review"),
    "reviewed": gettext_lazy("place to review “%(site)s” reviewed as %(code)s"),
}
TRIED = {
    "site id": gettext_lazy("site id"),
    "name": gettext_lazy("name"),
    "distance": gettext_lazy("distance"),
    "anything": gettext_lazy("anything"),
}

# Why a submission was refused (``code`` of a refusal in a report).
REFUSALS = {
    "no_id": gettext_lazy("has no submission id (instanceID)"),
    "duplicate": gettext_lazy("the same submission appears twice in the file"),
    "unknown_choice": gettext_lazy(
        "“%(value)s” has no code for %(field)s in the mapping (%(known)s do)"
    ),
    "unknown_cause": gettext_lazy("“%(value)s” has no cause in the mapping"),
    "not_point": gettext_lazy("“%(value)s” is not a point (lat lon)"),
    "not_shape": gettext_lazy("“%(value)s” is not a shape (lat lon; lat lon; …)"),
}

# Problems of a mapping (``shield.fieldforms.check_coded``).
MAPPING = {
    "not_object": gettext_lazy("must be a JSON object"),
    "kind": gettext_lazy("must be “assessment” or “incident”"),
    "fields": gettext_lazy("must map our fields to the form's questions"),
    "not_field": gettext_lazy("is not a field of this kind of record (%(known)s are)"),
    "one_question": gettext_lazy("takes one question, not a list"),
    "not_question": gettext_lazy("“%(path)s” is not a question of the form"),
    "values": gettext_lazy("must map the form's choices to codes"),
}

# Why a whole file, form or import was refused (``ImportRefused.code``; the engine's
# ``FormUnreadable.code`` and ``ExportUnreadable.code``).
FILES = {
    "damaged_zip": gettext_lazy("%(file)s: a damaged ZIP file"),
    "not_utf8": gettext_lazy("%(file)s: not UTF-8 text (byte %(byte)s); export it again as UTF-8"),
    "json_deep": gettext_lazy("%(file)s: JSON nested too deeply"),
    "not_json": gettext_lazy("%(file)s: not JSON (%(detail)s)"),
    "json_shape": gettext_lazy(
        "%(file)s: a JSON export is a list of submissions (or an object with “results”)"
    ),
    "not_csv": gettext_lazy("%(file)s: line %(line)s: not CSV (%(detail)s)"),
    "empty": gettext_lazy("%(file)s: the file is empty"),
    "not_xlsx": gettext_lazy("%(file)s: not an XLSX workbook"),
    "not_xls": gettext_lazy("%(file)s: not an XLS workbook"),
    "no_rows": gettext_lazy("%(file)s: the workbook has no rows"),
    "zip_no_export": gettext_lazy("%(file)s: the ZIP holds no CSV, JSON, XLSX or XLS export"),
    "form_not_text": gettext_lazy("%(file)s: not UTF-8 text, nor an XLSForm workbook"),
    "form_unknown": gettext_lazy(
        "%(file)s: not a form definition (an XLSForm .xlsx, a JSON form or an XForm .xml)"
    ),
    "json_form_object": gettext_lazy("%(file)s: a JSON form is an object"),
    "json_form_shape": gettext_lazy(
        "%(file)s: a JSON form has “children” (pyxform's JSON) or “content” with “survey” "
        "(a KoboToolbox asset)"
    ),
    "json_form_children": gettext_lazy("a JSON form has a list of “children”"),
    "xlsform_error": gettext_lazy("%(file)s: the XLSForm has an error: %(detail)s"),
    "not_xlsform": gettext_lazy("%(file)s: not an XLSForm (%(detail)s)"),
    "not_xform": gettext_lazy("%(file)s: not an XForm %(detail)s"),
    "mapping_unusable": gettext_lazy("The mapping of this form cannot be used."),
    "no_submissions": gettext_lazy("%(file)s: no submissions"),
    "not_media_zip": gettext_lazy("%(file)s: not a ZIP of media files"),
    "nothing_imported": gettext_lazy(
        "%(file)s: nothing imported: submissions refused: %(n)s. Fix them, or import only "
        "the valid ones."
    ),
    "undo_not_done": gettext_lazy("This import is %(status)s: only a finished import is undone."),
    "undo_later": gettext_lazy(
        "Submissions of this import were imported again since (%(n)s): undo the later import first."
    ),
    "verifies": gettext_lazy(
        "Assessment %(assessment)s verifies an incident: change that incident's status first."
    ),
    "place_reviewed": gettext_lazy("This place was already reviewed."),
    "not_allowed": gettext_lazy("Your role does not allow this."),
}

STATUSES = {
    "preview": gettext_lazy("a preview"),
    "queued": gettext_lazy("waiting"),
    "running": gettext_lazy("running"),
    "done": gettext_lazy("finished"),
    "failed": gettext_lazy("refused"),
    "undone": gettext_lazy("undone"),
}

REASONS = {
    "no id": gettext_lazy("no submission id"),
    "duplicate": gettext_lazy("the same submission twice"),
    "not a point": gettext_lazy("not a point"),
    "not a shape": gettext_lazy("not a shape"),
    "mapping": gettext_lazy("the mapping"),
    "unknown choice for causes": gettext_lazy("a cause not in the mapping"),
}


def _fill(template: Any, params: dict[str, Any]) -> str:
    text = str(template)
    try:
        return text % {k: str(v) for k, v in (params or {}).items()}
    except (KeyError, TypeError, ValueError):
        return text


def _fill_html(template: Any, params: dict[str, Any]) -> SafeString:
    """``_fill`` as HTML: the template escaped, the form's own words in ``<code>``."""
    from django.utils.html import escape

    shown = {
        k: format_html("<code>{}</code>", v) if k in VERBATIM else escape(str(v))
        for k, v in (params or {}).items()
    }
    if "field" in shown:
        shown["field"] = escape(field_label(str(params["field"])))
    text = escape(str(template))
    try:
        return mark_safe(text % shown)
    except (KeyError, TypeError, ValueError):
        return mark_safe(text)


def how(key: str) -> str:
    return str(HOW.get(key, key))


def why(match: dict) -> str:
    """A submission's match (``FieldSubmission.match``) said in the reader's language."""
    code, params = match.get("code") or "", dict(match.get("params") or {})
    if code == "new_place":
        tried = [str(TRIED.get(t, t)) for t in params.get("tried", "").split(",") if t]
        params["tried"] = ", ".join(tried) or str(TRIED["anything"])
    if code in WHY:
        return _fill(WHY[code], params)
    return str(match.get("why") or "")


def reason(key: str) -> str:
    """A key of a report's ``by_reason`` (a field's name, or a kind of problem)."""
    if key in REASONS:
        return str(REASONS[key])
    if key.startswith("unknown choice for "):
        field = key.removeprefix("unknown choice for ")
        return _("a choice not in the mapping: %(field)s") % {"field": field_label(field)}
    return field_label(key)


def message(r: dict) -> SafeString:
    """A refusal's message (a report's ``refused`` item) in the reader's language, as HTML
    (the form's own words, values and choice names in ``<code>``)."""
    code, params = r.get("code") or "", r.get("params") or {}
    if code in REFUSALS:
        return _fill_html(REFUSALS[code], params)
    if code == "invalid":
        return format_html(
            "{}: {}", field_label(params.get("field", "")), localise(params.get("message", ""))
        )
    if code.startswith("mapping.") and code.removeprefix("mapping.") in MAPPING:
        return _fill_html(MAPPING[code.removeprefix("mapping.")], params)
    return format_html("{}", r.get("message") or "")


def refusal_line(r: dict) -> SafeString:
    """One refused submission, as HTML: where (row, submission id, the export's column and
    the question's label) and why, in the reader's language."""
    where = format_html("{}", _("row %(row)s") % {"row": r.get("row")})
    if r.get("submission"):
        where = format_html("{} (<code>{}</code>)", where, r["submission"])
    label = format_html(" “{}”", r["label"]) if r.get("label") else ""
    return format_html("{}: <code>{}</code>{}: {}", where, r.get("column") or "", label, message(r))


def refused(code: str, params: dict[str, Any], english: str) -> str:
    """Why a whole form, file or import was refused, in the reader's language."""
    if code in FILES:
        params = dict(params)
        if code == "undo_not_done":
            params["status"] = str(STATUSES.get(params.get("status", ""), params.get("status")))
        if code == "not_xform" and params.get("detail"):
            params["detail"] = f"({params['detail']})"
        return _fill(FILES[code], params)
    return english


def version_note(report: dict) -> str:
    versions = [v for v in (report.get("versions") or {}) if v]
    form = report.get("form") or {}
    if not report.get("version_note"):
        return ""
    return _("The export holds the versions %(versions)s; the form is %(form)s.") % {
        "versions": ", ".join(sorted(versions)) or "—",
        "form": form.get("version") or _("without a version"),
    }
