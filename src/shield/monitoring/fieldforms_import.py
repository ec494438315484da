"""Field form exports into assessments (or incidents), read through their form.

``load_form`` keeps a form definition (per form id and version) with a proposed mapping;
``save_mapping`` keeps a person's edit of it. ``plan`` reads an export through the form and
says what each submission would do (new, updated, unchanged, refused, to a place to
review), writing nothing; ``run`` writes it all or nothing (or, with ``skip_invalid``, the
valid ones, the refused listed with their reasons); ``undo`` takes one import back.

Nothing is dropped: every answer, repeat and unknown column is kept on the submission
(``FieldSubmission.data``), the GPS point on the assessment, the photos as evidence (files
from the export's ZIP or a separate media ZIP, hashed, with custody; a reference where the
export has no file), and columns of no question are listed in the report.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from shield import fieldforms as engine
from shield.audit import log
from shield.registry.services import NotAllowed

from . import clean, fieldforms_ourform, services, vocab
from .fieldforms_models import FieldForm, FieldImport, FieldSubmission, PlaceToReview
from .fieldforms_places import DEFAULT_RADIUS_M, Matcher, find_many
from .models import Assessment, Incident

SHOWN = 200  # refused submissions listed in a report (the counts are complete)

# Our vocabularies' words in the languages forms are written in, beside each code's label.
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "condition": {
        "good": ("good", "no damage", "none", "intact", "undamaged", "bon", "aucun dommage"),
        "fair": ("fair", "minor", "slight", "light", "minor damage", "léger", "légers"),
        "poor": ("poor", "moderate", "partial", "medium damage", "moyen", "moyens"),
        "very_bad": ("very bad", "severe", "heavy", "major", "serious", "grave", "graves"),
        "destroyed": ("destroyed", "collapsed", "total", "totally destroyed", "détruit"),
        "unknown": ("unknown", "not known", "inconnu", "no access"),
    },
    "damage_extent": {
        "none": ("none", "0%", "0", "no visible", "aucune"),
        "1-10": ("1-10%", "1-10", "<10%"),
        "11-30": ("11-30%", "11-30"),
        "31-60": ("31-60%", "31-60"),
        "61-90": ("61-90%", "61-90"),
        "91-100": ("91-100%", "91-100", ">90%"),
        "unknown": ("unknown",),
    },
    "certainty": {
        "low": ("low", "faible"),
        "medium": ("medium", "moyenne"),
        "high": ("high", "élevée"),
        "definite": ("definite", "certain", "confirmed"),
        "negligible": ("negligible",),
    },
    "priority": {
        "immediate": ("immediate", "emergency", "urgence"),
        "urgent": ("urgent", "6-12 months"),
        "high": ("high", "élevée"),
        "medium": ("medium", "moyenne"),
        "low": ("low", "faible"),
    },
    "allegation": {
        "destruction": ("destruction", "destroyed"),
        "damage": ("damage", "damaged", "dommage"),
        "looting": ("looting", "pillage", "theft"),
        "military_use": ("military use", "occupation", "military"),
        "desecration": ("desecration", "profanation"),
        "denial_of_access": ("denial of access", "no access"),
    },
    "causes": {
        "military_armed_conflict/explosion_heavy_weaponry": (
            "shelling",
            "explosion",
            "bombing",
            "airstrike",
            "air strike",
            "artillery",
            "missile",
            "heavy weaponry",
            "bombardement",
        ),
        "military_armed_conflict/gunfire_light_weaponry": ("gunfire", "bullets", "tirs"),
        "military_armed_conflict/landmines": ("landmines", "mines", "uxo"),
        "military_armed_conflict/military_occupation": ("military occupation", "military use"),
        "military_armed_conflict/demolition_destruction": ("demolition", "deliberate destruction"),
        "looting_illegal/theft_removal": ("looting", "theft", "pillage"),
        "looting_illegal/excavation_bulldozing": ("illegal excavation", "bulldozing"),
        "vandalism/graffiti": ("graffiti",),
        "vandalism/desecration": ("desecration", "vandalism"),
        "natural/earthquake": ("earthquake", "seismic", "séisme", "tremblement de terre"),
        "natural/flooding": ("flood", "flooding", "inondation"),
        "natural/fire": ("fire", "burning", "incendie", "feu"),
        "natural/storm": ("storm", "cyclone", "tempête"),
        "natural/erosion_deterioration": ("erosion", "weathering", "deterioration"),
        "management_institutional/neglect": (
            "neglect",
            "lack of maintenance",
            "abandonment",
            "abandon",
        ),
        "building_development/construction": ("development", "construction", "urban expansion"),
        "building_development/clearance_bulldozing": ("clearance", "levelling"),
    },
}


def vocabularies() -> dict[str, dict[str, tuple[str, ...]]]:
    """WORDS, with each code's label in English and Norwegian beside its words."""
    from django.utils import translation

    labelled = {
        "condition": vocab.CONDITIONS,
        "damage_extent": vocab.DAMAGE_EXTENTS,
        "certainty": vocab.CERTAINTIES,
        "priority": vocab.PRIORITIES,
        "allegation": vocab.ALLEGATIONS,
    }
    out = {k: dict(v) for k, v in WORDS.items()}
    for lang in ("en", "nb"):
        with translation.override(lang):
            for name, items in labelled.items():
                for code, label in items:
                    out[name][code] = (*out[name].get(code, ()), str(label))
            for code, label in vocab.DISTURBANCE_CAUSES:
                category = vocab.CAUSE_CATEGORIES.get(code)
                if category:
                    key = f"{category}/{code}"
                    out["causes"][key] = (*out["causes"].get(key, ()), str(label))
    return out


class ImportRefused(ValueError):
    """Nothing was imported; ``report`` says why, by submission and by reason. ``code`` and
    ``params``: the same, stable, for a door to word in its reader's language
    (``fieldforms_words.refused``)."""

    def __init__(self, message: str, report: dict | None = None, code: str = "", **params: Any):
        super().__init__(message)
        self.code, self.params = code, {k: str(v) for k, v in params.items()}
        self.report = report or {
            "refused": [{"message": message, "code": code, "params": self.params}],
            "by_reason": {message: 1},
        }

    def said(self) -> str:
        """The refusal in the active language."""
        from .fieldforms_words import refused

        return refused(self.code, self.params, str(self))


def _may(user) -> None:
    if not services.may_assess(user):
        raise NotAllowed("only assessors and the Secretariat import field forms")


# ---- forms and mappings --------------------------------------------------------------------


def read_form_file(content: bytes, filename: str) -> engine.Form:
    try:
        return engine.read_form(content, filename)
    except engine.FormUnreadable as exc:
        raise ImportRefused(f"form: {exc}", None, exc.code, **exc.params) from None


def load_form(user, content: bytes, filename: str, kind: str = "assessment") -> FieldForm:
    """Keep a form definition (per form id and version); a new one gets a proposed mapping."""
    _may(user)
    parsed = read_form_file(content, filename)
    with transaction.atomic():
        obj, created = FieldForm.objects.get_or_create(
            form_id=parsed.form_id[:200],
            version=parsed.version[:200],
            defaults={
                "title": parsed.title[:300],
                "definition": parsed.definition,
                "filename": filename[:300],
            },
        )
        if not created and obj.definition != parsed.definition:
            obj.definition, obj.title = parsed.definition, parsed.title[:300]
            obj.filename, obj.updated_at = filename[:300], timezone.now()
            obj.save(update_fields=["definition", "title", "filename", "updated_at"])
        ours = fieldforms_ourform.recognised(obj.form_id, obj.version)
        if ours and not obj.mapping_confirmed:
            # Heritage Shield's own form: its built-in mapping, nothing to map
            obj.mapping, obj.mapping_confirmed = fieldforms_ourform.builtin_mapping(ours), True
            obj.save(update_fields=["mapping", "mapping_confirmed"])
        elif not obj.mapping:
            obj.mapping = propose(obj, kind).mapping
            obj.save(update_fields=["mapping"])
        log.record(
            user,
            "create" if created else "update",
            "field_form",
            obj.id,
            {
                "form_id": obj.form_id,
                "version": obj.version,
                "file": filename,
                "sha256": hashlib.sha256(content).hexdigest(),
            },
            summary=f"field form {obj.form_id} {obj.version}",
        )
    return obj


def form_of(obj: FieldForm) -> engine.Form:
    return engine.form.from_json_form(obj.definition)


def propose(obj: FieldForm, kind: str = "assessment") -> engine.Proposal:
    constants = {"method": "field"} if kind == "assessment" else {"reporter_kind": "mission"}
    return engine.propose(form_of(obj), kind, vocabularies(), constants)


def save_mapping(user, obj: FieldForm, mapping: Any) -> FieldForm:
    """Keep a person's mapping for this form and version (checked against the form)."""
    _may(user)
    problems = engine.check_coded(mapping, form_of(obj))
    if problems:
        raise _mapping_refused(problems)
    with transaction.atomic():
        before = obj.mapping
        obj.mapping, obj.mapping_confirmed, obj.updated_at = mapping, True, timezone.now()
        obj.save(update_fields=["mapping", "mapping_confirmed", "updated_at"])
        log.record(
            user,
            "mapping",
            "field_form",
            obj.id,
            log.diff({"mapping": before}, {"mapping": mapping}),
            summary=f"field form {obj.form_id} {obj.version}: mapping saved",
        )
    return obj


def find_form(ref: str, version: str | None = None, user=None) -> FieldForm | None:
    """A kept form by its id (the latest version unless one is named), or its UUID.
    Heritage Shield's own forms (``fieldforms_ourform``) are there without being given:
    the first import of one keeps it with its built-in mapping (audited as ``user``'s)."""
    from shield.registry.ids import as_uuid

    key = as_uuid(ref)
    if key:
        return FieldForm.objects.filter(pk=key).first()
    qs = FieldForm.objects.filter(form_id=ref)
    if version is not None:
        qs = qs.filter(version=version)
    found = qs.order_by("-created_at").first()
    ours = fieldforms_ourform.recognised(ref)
    if found is None and ours and user is not None:
        _may(user)
        with transaction.atomic():
            found = fieldforms_ourform.kept_form(ours)
            log.record(
                user,
                "create",
                "field_form",
                found.id,
                {"form_id": found.form_id, "version": found.version, "builtin": True},
                summary=f"field form {found.form_id} {found.version} (Heritage Shield's own)",
            )
    return found


# ---- planning ------------------------------------------------------------------------------


@dataclass
class Item:
    sub: engine.Submission
    record: engine.Record
    status: str  # new, updated, unchanged, refused
    problems: list[dict] = field(default_factory=list)
    match: Any = None
    existing: FieldSubmission | None = None
    fields: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)


@dataclass
class Plan:
    form: FieldForm
    export: engine.Export
    items: list[Item]
    report: dict
    media: engine.Export | None = None


def _refusal(
    row: int,
    uuid: str,
    column: str,
    label: str,
    message: str,
    reason: str,
    code: str = "",
    params: dict | None = None,
) -> dict:
    return {
        "row": row,
        "submission": uuid,
        "column": column,
        "label": label,
        "message": message,
        "reason": reason,
        "code": code,
        "params": {k: str(v) for k, v in (params or {}).items()},
    }


def _mapping_refused(problems: list[engine.MappingProblem]) -> ImportRefused:
    return ImportRefused(
        "the mapping cannot be used",
        _report_of(
            [
                _refusal(0, "", p.where, "", p.message, "mapping", f"mapping.{p.code}", p.params)
                for p in problems
            ]
        ),
        "mapping_unusable",
    )


def _unreadable(exc: engine.ExportUnreadable) -> ImportRefused:
    return ImportRefused(f"file: {exc}", None, exc.code, **exc.params)


def _report_of(refused: list[dict]) -> dict:
    return {
        "refused": refused[:SHOWN],
        "refused_total": len(refused),
        "by_reason": dict(Counter(r["reason"] for r in refused).most_common()),
    }


def read_media(content: bytes | None, filename: str = "media.zip") -> dict[str, bytes]:
    """A ZIP of the survey's media (as Kobo and ODK give them): file name -> bytes."""
    import zipfile
    from pathlib import PurePosixPath

    if not content:
        return {}
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return {
                PurePosixPath(i.filename).name: z.read(i.filename)
                for i in z.infolist()
                if not i.is_dir()
            }
    except zipfile.BadZipFile:
        raise ImportRefused(
            f"{filename}: not a ZIP of media files", None, "not_media_zip", file=filename
        ) from None


def _field_of(kind: str, name: str) -> str:
    return {"incident": {"condition": "allegation"}}.get(kind, {}).get(name, name)


@engine.collector_paused()
def plan(
    user,
    obj: FieldForm,
    content: bytes,
    filename: str,
    radius_m: float = DEFAULT_RADIUS_M,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Read the export through its form and say what each submission would do."""
    _may(user)
    form = form_of(obj)
    mapping = obj.mapping or propose(obj).mapping
    problems = engine.check_coded(mapping, form)
    if problems:
        raise _mapping_refused(problems)
    try:
        export = engine.read_export(content, filename, form)
    except engine.ExportUnreadable as exc:
        raise _unreadable(exc) from None
    if not export.submissions:
        raise ImportRefused(
            f"file: {filename}: no submissions", None, "no_submissions", file=filename
        )
    kind = mapping.get("kind", "assessment")
    model = Assessment if kind == "assessment" else Incident
    cleaner = services.clean_assessment if kind == "assessment" else services.clean_incident
    matcher = Matcher(user, obj, radius_m)
    uuids = [s.uuid for s in export.submissions if s.uuid]
    replaced_ids = [s.deprecated_id for s in export.submissions if s.deprecated_id]
    known: dict[str, FieldSubmission] = {}
    seen_before = _existing(FieldSubmission, "uuid", uuids)
    for chunk in _chunks(sorted(seen_before)):
        for fs in FieldSubmission.objects.filter(uuid__in=chunk).select_related(
            "assessment", "incident"
        ):
            known[fs.uuid] = fs
    replaced = _existing(FieldSubmission, "uuid", replaced_ids)
    for chunk in _chunks(sorted(replaced)):
        for fs in FieldSubmission.objects.filter(uuid__in=chunk).select_related(
            "assessment", "incident"
        ):
            known.setdefault(fs.uuid, fs)
    records = [engine.to_record(form, sub, mapping) for sub in export.submissions]
    # Each site id once, in a few queries (registry.disclosure's rules, via find_many).
    matcher.prime({r.site_id for r in records if r.site_id})
    matches = [matcher.match(r.site_id, r.site_name, r.point) for r in records]
    codes = {m.property.code for m in matches if m.property is not None}
    props = find_many(user, codes)  # what ``property_for`` would find by each code
    external_ids = {str(r.fields["external_id"]) for r in records if r.fields.get("external_id")}
    external_ids |= {e.strip() for e in external_ids}
    taken = _existing(model, "external_id", external_ids)
    items: list[Item] = []
    seen: set[str] = set()
    today = timezone.localdate()
    total = len(export.submissions)
    for n, (sub, record, match) in enumerate(zip(export.submissions, records, matches), 1):
        item = Item(sub, record, "new")
        if not sub.uuid:
            item.problems.append(
                _refusal(
                    sub.row, "", "_uuid", "", "has no submission id (instanceID)", "no id", "no_id"
                )
            )
        elif sub.uuid in seen:
            item.problems.append(
                _refusal(
                    sub.row,
                    sub.uuid,
                    "_uuid",
                    "",
                    "the same submission appears twice in the file",
                    "duplicate",
                    "duplicate",
                )
            )
        seen.add(sub.uuid)
        item.problems += [
            _refusal(sub.row, sub.uuid, p.column, p.label, p.message, p.reason, p.code, p.params)
            for p in record.problems
        ]
        item.existing = known.get(sub.uuid) or (
            known.get(sub.deprecated_id) if sub.deprecated_id else None
        )
        item.match = match
        data = dict(record.fields)
        data["property"] = item.match.property.code if item.match.property else None
        if item.existing is not None or (
            data.get("external_id") and str(data["external_id"]) in taken
        ):
            data.pop("external_id", None)  # an update keeps its id
        errors = clean.Errors()
        cleaned = cleaner(user, data, errors, known=props, taken=taken, today=today)
        flagged = {p.reason.rsplit(" ", 1)[-1] for p in record.problems}
        for e in errors:
            if e.field == "property" and item.match.property is None:
                continue  # a place to review: the property comes with the review
            if e.field in flagged or e.field.split("[", 1)[0] in flagged:
                continue  # said already, by the form's own column
            path = mapping.get("fields", {}).get(e.field)
            column, label = e.field, ""
            if isinstance(path, str):
                column = sub.columns.get(path, path)
                q = form.by_path.get(path)
                label = q.label() if q else ""
            item.problems.append(
                _refusal(
                    sub.row,
                    sub.uuid,
                    column,
                    label,
                    f"{e.field}: {e.message}",
                    e.field,
                    "invalid",
                    {"field": e.field, "message": e.message},
                )
            )
        cleaned.pop("property", None)
        item.fields = cleaned
        if item.problems:
            item.status = "refused"
        elif item.existing is not None:
            item.changes = _changes(item.existing, cleaned, sub, record, item.match)
            item.status = "updated" if item.changes else "unchanged"
        elif data.get("external_id") is None and not item.existing:
            item.status = "updated"  # adopted: imported before by the older importer
            item.changes = {"adopted": True}
        items.append(item)
        if progress is not None and n % 500 == 0:
            progress(n, total)
    report = _plan_report(obj, export, items, form)
    return Plan(obj, export, items, report)


def _chunks(values: list, size: int = 5000):
    """``values`` in slices that a query's ``__in`` takes on every database."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _existing(model, field: str, values) -> set[str]:
    """Which of ``values`` are already in ``model``'s ``field`` (a text column): asked in
    slices with plain parameters (an ORM ``__in`` of thousands of values costs more to build
    than to run), so that only what is there is read as records."""
    from django.db import connection

    column = connection.ops.quote_name(model._meta.get_field(field).column)
    table = connection.ops.quote_name(model._meta.db_table)
    found: set[str] = set()
    wanted = sorted({str(v) for v in values if v})
    with connection.cursor() as cur:
        for chunk in _chunks(wanted, 900):
            marks = ", ".join(["%s"] * len(chunk))
            cur.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", chunk)
            found.update(row[0] for row in cur.fetchall())
    return found


def _changes(
    existing: FieldSubmission, cleaned: dict, sub: engine.Submission, record: engine.Record, match
) -> dict:
    changes: dict[str, list] = {}
    if not engine.same_content(existing.digest, sub, record):
        changes["content"] = [existing.digest[:12], record.digest[:12]]
    target: Any = existing.assessment or existing.incident
    if target is not None:
        for key, value in cleaned.items():
            if key in ("external_id",):
                continue
            before: Any = getattr(target, key, None)
            if hasattr(before, "pk"):
                before = before.pk
            if hasattr(value, "pk"):
                value = value.pk
            if before != value:
                changes[key] = [_plain(before), _plain(value)]
    new_prop = match.property.pk if match.property else None
    if target is not None and new_prop and target.property_id != new_prop:
        changes["property"] = [str(target.property_id), str(new_prop)]
    return changes


def _plain(value):
    import uuid

    if isinstance(value, uuid.UUID):
        return str(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _plan_report(obj: FieldForm, export: engine.Export, items: list[Item], form) -> dict:
    counts = Counter(i.status for i in items)
    refused = [p for i in items for p in i.problems]
    to_review = [i for i in items if i.status != "refused" and i.match.property is None]
    places = {id(i.match.place) for i in to_review if i.match.place is not None}
    report = {
        "form": {"form_id": obj.form_id, "version": obj.version, "title": obj.title},
        "format": export.format,
        "submissions": len(items),
        "counts": {
            "new": counts["new"],
            "updated": counts["updated"],
            "unchanged": counts["unchanged"],
            "refused": counts["refused"],
            "to_review": len(to_review),
            "places_to_review": len(places),
        },
        "matches": dict(Counter(i.match.how for i in items if i.status != "refused").most_common()),
        "versions": export.versions,
        "version_note": (
            ""
            if set(export.versions) <= {obj.version, ""}
            else f"the export holds versions {', '.join(sorted(export.versions))}; "
            f"the form is {obj.version or 'unversioned'}"
        ),
        "unused_columns": export.unused,
        "unanswered_questions": [
            q.path for q in form.answers() if not any(q.path in i.sub.answers for i in items)
        ][:50],
        "files": sum(len(i.record.files) for i in items),
        **_report_of(refused),
    }
    return report


# ---- running -------------------------------------------------------------------------------


@engine.collector_paused()
def run(
    user,
    obj: FieldForm,
    content: bytes,
    filename: str,
    media: bytes | None = None,
    skip_invalid: bool = False,
    radius_m: float = DEFAULT_RADIUS_M,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    record: FieldImport | None = None,
) -> FieldImport:
    """Import the export: all or nothing (``skip_invalid``: the valid submissions, the
    refused listed with their reasons). Returns the import, with its counts and report."""
    p = plan(user, obj, content, filename, radius_m, progress)
    refused = [i for i in p.items if i.status == "refused"]
    if refused and not skip_invalid:
        raise ImportRefused(
            f"{filename}: nothing imported: {len(refused)} submission(s) refused",
            p.report,
            "nothing_imported",
            file=filename,
            n=len(refused),
        )
    imp = record or FieldImport(form=obj, user=user if getattr(user, "pk", None) else None)
    imp.filename, imp.sha256 = filename[:300], hashlib.sha256(content).hexdigest()
    imp.options = {"skip_invalid": skip_invalid, "radius_m": radius_m, "dry_run": dry_run}
    imp.report = p.report
    imp.counts = dict(p.report["counts"])
    if dry_run:
        imp.status = FieldImport.PREVIEW
        return imp
    files = read_media(media) if media else {}
    kind = (obj.mapping or {}).get("kind", "assessment")
    with transaction.atomic():
        imp.status = FieldImport.RUNNING
        imp.save()
        undo: list[dict | None] = [None] * len(p.items)
        audits: list[tuple[str, str, Any, dict, str]] = []
        evidence_count = references = 0
        places: dict[int, PlaceToReview] = {}
        written = 0
        fresh: list[tuple[int, Item]] = []
        for n, item in enumerate(p.items):
            if item.status in ("refused", "unchanged"):
                continue
            place = item.match.place
            if place is not None and place._state.adding and id(place) not in places:
                place.created_in = imp
                place.boundary = item.record.boundary
                place.save()
                places[id(place)] = place
            elif place is not None and place.boundary is None and item.record.boundary:
                place.boundary = item.record.boundary
                place.save(update_fields=["boundary"])
            if item.status == "new" and item.existing is None:
                fresh.append((n, item))
                continue
            fs, entry = _write(user, kind, item, imp, audits)
            undo[n] = entry
            added, refs = _files(user, obj, item, fs, p.export, files)
            evidence_count += added
            references += refs
            written += 1
            if progress is not None and written % 200 == 0:
                progress(written, len(p.items))
        created, added, refs = _write_new(user, kind, obj, fresh, imp, p.export, files, undo)
        evidence_count += added
        references += refs
        imp.undo = [e for e in undo if e is not None]
        imp.counts = {
            **imp.counts,
            "evidence": evidence_count,
            "file_references": references,
            "places_created": len(places),
        }
        imp.status, imp.finished_at = FieldImport.DONE, timezone.now()
        imp.save()
        audits.append(
            (
                "import",
                "field_import",
                imp.id,
                {
                    "file": filename,
                    "sha256": imp.sha256,
                    "form": f"{obj.form_id} {obj.version}".strip(),
                    **imp.counts,
                    CREATED: created,
                },
                f"field forms {filename}: {imp.counts.get('new', 0)} new, "
                f"{imp.counts.get('updated', 0)} updated",
            )
        )
        audit = log.record_many(user, audits)[-1]
        imp.report = {**imp.report, "audit_seq": getattr(audit, "seq", None)}
        imp.save(update_fields=["report"])
    return imp


# What an import's audit entry says of the records it created (as a registry import does,
# ``registry.provenance``): per kind, their count and a SHA-256 over each one's id and key
# (an assessment's or incident's external id, a submission's uuid); the import's row lists
# them (``FieldImport.undo``), and ``created_by_import`` recomputes the digest.
CREATED = "created_records"


def _lines(pairs) -> list[str]:
    from shield.registry.provenance import line

    return [line(pk.hex, str(key)) for pk, key in pairs]


def created_by_import(imp: FieldImport) -> dict[str, dict]:
    """The ``created_records`` of ``imp`` as the database holds them now (compare with its
    audit entry's: a record removed or given another id or key since breaks it)."""
    from shield.registry.provenance import created_records

    ids = [e["submission"] for e in imp.undo if e.get("created")]
    subs = FieldSubmission.objects.filter(pk__in=ids)
    kind = (imp.form.mapping or {}).get("kind", "assessment")
    target = "assessment_id" if kind == "assessment" else "incident_id"
    made = [e["submission"] for e in imp.undo if e.get("created") and e.get("target_created")]
    target_ids = FieldSubmission.objects.filter(pk__in=made).exclude(**{target: None})
    model = Assessment if kind == "assessment" else Incident
    targets = model.objects.filter(pk__in=target_ids.values(target))
    return {
        kind: created_records(_lines(targets.values_list("id", "external_id"))),
        "field_submission": created_records(_lines(subs.values_list("id", "uuid"))),
    }


class _Rows:
    """New rows of one model written without model instances: each row a dict of the
    fields' attribute names, the rest taken from the fields' defaults (once), every value
    put in the form the database takes from a raw insert (``registry.bulk.DbForm``) and
    written by ``registry.bulk.insert`` (one prepared INSERT on SQLite, binary COPY on
    PostgreSQL)."""

    def __init__(self, model, db) -> None:
        import uuid

        self.model = model
        fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in fields]
        self.names = [f.attname for f in fields]
        self.defaults = [f.get_default() for f in fields]
        self.convert: list[Callable[[Any], Any] | None] = []
        for f in fields:
            target = f.target_field if f.is_relation else f
            if isinstance(target, models.UUIDField):

                def as_uuid(value, uuid_class=uuid.UUID):
                    if value is None:
                        return None
                    if isinstance(value, int):
                        return db.uuid(value)
                    if not isinstance(value, uuid_class):
                        value = uuid_class(str(value))
                    return value.hex if db.sqlite else value

                # the import's own id and its form's come in every row: converted once
                self.convert.append(_once_each(as_uuid))
            elif isinstance(f, models.DateTimeField):
                self.convert.append(_once_each(lambda v: None if v is None else db.datetime(v)))
            elif isinstance(f, models.DateField):
                self.convert.append(db.date)
            elif isinstance(f, models.JSONField):
                self.convert.append(db.json)
            else:
                self.convert.append(None)
        self.relations = {f.attname: f.name for f in fields if f.is_relation}
        self.converting = [(i, c) for i, c in enumerate(self.convert) if c is not None]
        self.rows: list[list] = []

    def add(self, values: dict) -> None:
        """One row: ``values`` by attribute name (``property_id``), or a relation by its
        field's name (``reporter_state``: the record, or None)."""
        for attname, name in self.relations.items():
            if name in values and attname not in values:
                value = values[name]
                values[attname] = getattr(value, "pk", value)
        row = list(map(values.get, self.names, self.defaults))
        for i, conv in self.converting:
            row[i] = conv(row[i])
        self.rows.append(row)

    def write(self) -> None:
        from shield.registry import bulk

        if self.rows:
            bulk.insert(self.model, self.columns, self.rows)


def _once_each(conv: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``conv`` that converts a value once while the same one comes again (an import's
    rows share their time)."""
    last: list[Any] = [object(), None]

    def converted(value):
        if value is not last[0]:
            last[0], last[1] = value, conv(value)
        return last[1]

    return converted


def _dashed(value: int) -> str:
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _write_new(
    user,
    kind: str,
    obj: FieldForm,
    fresh: list[tuple[int, Item]],
    imp: FieldImport,
    export: engine.Export,
    media: dict[str, bytes],
    undo: list[dict | None],
) -> tuple[dict, int, int]:
    """The submissions seen for the first time, and their assessments (or incidents), as
    rows (no model instances) in two inserts inside the import's transaction. Their creation
    is audited by the import's one entry (``CREATED``)."""
    from shield.core.errors import FieldError
    from shield.registry import bulk, ids
    from shield.registry.provenance import created_records
    from shield.registry.validation import RecordInvalid

    db = bulk.DbForm.of_connection()
    model = Assessment if kind == "assessment" else Incident
    by_user = user.pk if getattr(user, "pk", None) else None
    now = timezone.now()
    targets = _Rows(model, db)
    subs = _Rows(FieldSubmission, db)
    target_ids = iter(ids.uuid7_ints(len(fresh)))
    sub_ids = iter(ids.uuid7_ints(len(fresh)))
    made: list[tuple[str, str]] = []
    made_subs: list[tuple[str, str]] = []
    target_field = "assessment_id" if kind == "assessment" else "incident_id"
    imp_id, form_id = imp.pk, imp.form_id
    target_of: dict[int, int] = {}
    for n, item in fresh:
        if item.match.property is None:
            continue
        fields = dict(item.fields)
        fields["property_id"] = item.match.property.pk
        fields.setdefault("external_id", f"odk:{item.sub.uuid}")
        target_of[n] = fields["id"] = next(target_ids)
        if kind == "assessment":
            point = _point(item.record)
            fields.update(
                lat=point["lat"],
                lon=point["lon"],
                location_accuracy=point["accuracy"],
                mission_id=None,
                created_by_id=by_user,
                created_at=now,
            )
        targets.add(fields)
        made.append((f"{fields['id']:032x}", fields["external_id"]))
    try:
        with transaction.atomic():
            targets.write()
    except IntegrityError:
        raise RecordInvalid(
            [FieldError("external_id", "an external id of this import is already another record's")]
        ) from None
    added = refs = 0
    for n, item in fresh:
        sub, record, match = item.sub, item.record, item.match
        target_id = target_of.get(n)
        sub_id = next(sub_ids)
        entries, a, r = _file_entries(
            user,
            obj,
            item,
            {},
            export,
            media,
            imp.filename,
            _dashed(target_id) if target_id is not None else None,
        )
        added, refs = added + a, refs + r
        place = match.place if match.property is None else None
        subs.add(
            {
                "id": sub_id,
                "uuid": sub.uuid,
                "form_id": form_id,
                "version": sub.version[:200],
                "digest": record.digest,
                "data": {
                    "answers": record.kept,
                    "version": sub.version,
                    "submitted_at": sub.submitted_at,
                    "meta": {
                        k: v for k, v in sub.meta.items() if isinstance(v, (str, int, float, bool))
                    },
                },
                "site_id": record.site_id[:200],
                "site_name": record.site_name[:300],
                **_point(record),
                "match": match.as_json(),
                "place_id": place.pk if place is not None else None,
                target_field: target_id,
                "files": entries,
                "last_import_id": imp_id,
                "updated_at": now,
                "created_at": now,
            }
        )
        made_subs.append((f"{sub_id:032x}", sub.uuid))
        undo[n] = {
            "submission": _dashed(sub_id),
            "created": True,
            "before": None,
            "target_created": True,
            "target_before": None,
        }
    subs.write()
    return (
        {
            kind: created_records(_hex_lines(made)),
            "field_submission": created_records(_hex_lines(made_subs)),
        },
        added,
        refs,
    )


def _hex_lines(pairs) -> list[str]:
    from shield.registry.provenance import line

    return [line(pk, str(key)) for pk, key in pairs]


def _point(record: engine.Record) -> dict:
    pt = record.point or {}
    return {
        "lat": pt.get("lat"),
        "lon": pt.get("lon"),
        "altitude": pt.get("alt"),
        "accuracy": pt.get("acc"),
    }


def _write(
    user, kind: str, item: Item, imp: FieldImport, audits: list
) -> tuple[FieldSubmission, dict]:
    """A submission seen before (an update, an edit, one adopted from the older importer):
    its audit entries go to ``audits``, written with the import's."""
    sub, record, match = item.sub, item.record, item.match
    fs = item.existing
    adopted = None
    if fs is None and item.status == "updated":
        model = Assessment if kind == "assessment" else Incident
        adopted = model.objects.filter(external_id=f"odk:{sub.uuid}").first()
    before = _snapshot(fs) if fs is not None else None
    target_before = _target_snapshot(fs) if fs is not None else None
    target = None
    if match.property is not None:
        fields = dict(item.fields)
        fields["property"] = match.property
        if kind == "assessment":
            pt = _point(record)
            fields.update(lat=pt["lat"], lon=pt["lon"], location_accuracy=pt["accuracy"])
        target = (fs.assessment or fs.incident) if fs is not None else adopted
        if target is None:
            fields.setdefault("external_id", f"odk:{sub.uuid}")
            save = services.save_assessment if kind == "assessment" else services.save_incident
            target = save(user, fields)
        else:
            changed = {}
            for key, value in fields.items():
                if key == "external_id":
                    continue
                old = getattr(target, key)
                if old != value:
                    changed[key] = [
                        _plain(getattr(old, "code", old)),
                        _plain(getattr(value, "code", value)),
                    ]
                    setattr(target, key, value)
            if changed:
                target.save()
                audits.append(
                    (
                        "update",
                        kind,
                        target.id,
                        changed,
                        f"{kind} {target.id} updated from field form submission {sub.uuid}",
                    )
                )
    data = {
        "answers": record.kept,
        "version": sub.version,
        "submitted_at": sub.submitted_at,
        "meta": {k: v for k, v in sub.meta.items() if isinstance(v, (str, int, float, bool))},
    }
    values = {
        "form": imp.form,
        "version": sub.version[:200],
        "digest": record.digest,
        "data": data,
        "site_id": record.site_id[:200],
        "site_name": record.site_name[:300],
        **_point(record),
        "match": match.as_json(),
        "place": match.place if match.property is None else None,
        "last_import": imp,
        "updated_at": timezone.now(),
    }
    if kind == "assessment":
        values["assessment"] = target
    else:
        values["incident"] = target
    if fs is None:
        fs = FieldSubmission.objects.create(uuid=sub.uuid, **values)
    else:
        if fs.uuid != sub.uuid:  # an edit: the new instance replaces the old one
            values["replaces"] = [*fs.replaces, fs.uuid]
            fs.uuid = sub.uuid
        for key, value in values.items():
            setattr(fs, key, value)
        fs.save()
    audits.append(
        (
            "create" if before is None else "update",
            "field_submission",
            fs.id,
            {"uuid": sub.uuid, "replaces": sub.deprecated_id or None, "match": match.as_json()},
            f"field form submission {sub.uuid}: {match.how}",
        )
    )
    return fs, {
        "submission": str(fs.id),
        "created": before is None,
        "before": before,
        "target_created": before is None or (before.get("target") is None and target is not None),
        "target_before": target_before,
    }


def _snapshot(fs: FieldSubmission) -> dict:
    return {
        "uuid": fs.uuid,
        "digest": fs.digest,
        "data": fs.data,
        "version": fs.version,
        "match": fs.match,
        "replaces": fs.replaces,
        "site_id": fs.site_id,
        "site_name": fs.site_name,
        "lat": fs.lat,
        "lon": fs.lon,
        "altitude": fs.altitude,
        "accuracy": fs.accuracy,
        "place": str(fs.place_id) if fs.place_id else None,
        "target": str(fs.assessment_id or fs.incident_id or "") or None,
        "last_import": str(fs.last_import_id) if fs.last_import_id else None,
    }


_SNAP = (
    "condition",
    "damage_extent",
    "disturbances",
    "priority",
    "assessor",
    "notes",
    "assessed_on",
    "method",
    "lat",
    "lon",
    "location_accuracy",
    "property_id",
)


_SNAP_INCIDENT = (
    "allegation",
    "description",
    "reported_on",
    "occurred_on",
    "reporter_kind",
    "reporter_name",
    "property_id",
)
_DATES = ("assessed_on", "reported_on", "occurred_on")


def _target_snapshot(fs: FieldSubmission) -> dict | None:
    if fs.assessment is not None:
        return {k: _plain(getattr(fs.assessment, k)) for k in _SNAP}
    if fs.incident is not None:
        return {k: _plain(getattr(fs.incident, k)) for k in _SNAP_INCIDENT}
    return None


def _files(
    user,
    obj: FieldForm,
    item: Item,
    fs: FieldSubmission,
    export: engine.Export,
    media: dict[str, bytes],
) -> tuple[int, int]:
    """Each file the submission names: evidence (from the export's ZIP or the media ZIP),
    hashed, with custody; a reference where the file did not come."""
    done = {f["filename"]: f for f in fs.files if isinstance(f, dict)}
    last = fs.last_import.filename if fs.last_import else ""
    fs.files, added, refs = _file_entries(
        user, obj, item, done, export, media, last, fs.assessment_id
    )
    fs.save(update_fields=["files"])
    return added, refs


def _file_entries(
    user,
    obj: FieldForm,
    item: Item,
    done: dict[str, dict],
    export: engine.Export,
    media: dict[str, bytes],
    import_filename: str,
    assessment_id: Any,
) -> tuple[list[dict], int, int]:
    from . import evidence

    added = refs = 0
    for name in item.record.files:
        if done.get(name, {}).get("evidence"):
            continue
        att = item.sub.attachments.get(name)
        body = None
        if att is not None and att.member:
            body = export.media_bytes(att.member)
        elif name in media:
            body = media[name]
        entry = {"filename": name, "url": att.url if att else "", "evidence": None}
        if body:
            links = {
                "collector": str(item.fields.get("assessor") or "")[:200],
                "description": f"field form {obj.form_id} {obj.version}, submission "
                f"{item.sub.uuid}: {name}",
                "note": f"received with the field form export {import_filename}",
            }
            if assessment_id:
                links["assessment"] = str(assessment_id)
            ev = evidence.add_evidence(user, name, body, links)
            entry["evidence"] = str(ev.id)
            entry["sha256"] = ev.sha256
            added += 1
        else:
            refs += 1
        done[name] = entry
    return list(done.values()), added, refs


# ---- undo, review --------------------------------------------------------------------------


def undo(user, imp: FieldImport) -> FieldImport:
    """Take one import back as a whole: what it created goes, what it updated is as it was.
    Evidence it received stays in the store with its custody (a receipt is a fact), no
    longer linked to the assessments that go."""
    _may(user)
    if imp.status != FieldImport.DONE:
        raise ImportRefused(
            f"import {imp.pk} is {imp.status}: only a finished import is undone",
            None,
            "undo_not_done",
            status=imp.status,
        )
    later = (
        FieldSubmission.objects.filter(
            pk__in=[e["submission"] for e in imp.undo], last_import__created_at__gt=imp.created_at
        )
        .exclude(last_import=imp)
        .exclude(last_import__status=FieldImport.UNDONE)
    )
    if later.exists():
        raise ImportRefused(
            f"import {imp.pk}: {later.count()} of its submissions were imported again since; "
            "undo the later import first",
            None,
            "undo_later",
            n=later.count(),
        )
    with transaction.atomic():
        removed = _undo_created(user, imp)
        for entry in reversed(imp.undo):
            if entry["created"]:
                continue  # taken back all at once (``_undo_created``)
            fs = FieldSubmission.objects.select_related("assessment", "incident").get(
                pk=entry["submission"]
            )
            target = fs.assessment or fs.incident
            before = entry["before"] or {}
            for key in ("uuid", "digest", "data", "version", "match", "replaces", "site_id"):
                setattr(fs, key, before.get(key, getattr(fs, key)))
            for key in ("site_name", "lat", "lon", "altitude", "accuracy"):
                setattr(fs, key, before.get(key))
            fs.place_id = before.get("place")
            fs.last_import_id = before.get("last_import")
            fs.save()
            snap = entry.get("target_before")
            if target is not None and snap:
                for key, value in snap.items():
                    if key in _DATES and value:
                        from datetime import date

                        value = date.fromisoformat(value)
                    setattr(target, key, value)
                target.save()
                kind = "assessment" if isinstance(target, Assessment) else "incident"
                log.record(
                    user,
                    "update",
                    kind,
                    target.id,
                    {"undo": True},
                    summary=f"{kind} {target.id} as before the import {imp.filename}",
                )
            elif target is not None and not before.get("target"):
                fs.assessment = fs.incident = None
                fs.save(update_fields=["assessment", "incident"])
                _delete_target(user, target)
        for place in PlaceToReview.objects.filter(created_in=imp, property=None):
            if not place.submissions.exists():
                place.delete()
        imp.status = FieldImport.UNDONE
        imp.save(update_fields=["status"])
        log.record(
            user,
            "undo",
            "field_import",
            imp.id,
            {"file": imp.filename, "changes": len(imp.undo), REMOVED: removed},
            summary=f"field forms import {imp.filename} undone",
        )
    return imp


# What an undo's audit entry says of the records it removed, as the import's entry says of
# those it created (``CREATED``): per kind, their count and the digest over id and key.
REMOVED = "removed_records"


def _undo_created(user, imp: FieldImport) -> dict[str, dict]:
    """The submissions ``imp`` created and their assessments (or incidents), removed in a
    few statements (not one record at a time): a large import is undone as quickly as it
    came. Refused, as one by one, where one of its assessments verifies an incident."""
    from shield.registry.provenance import created_records

    ids = [e["submission"] for e in imp.undo if e.get("created")]
    kind = (imp.form.mapping or {}).get("kind", "assessment")
    model = Assessment if kind == "assessment" else Incident
    target = "assessment_id" if kind == "assessment" else "incident_id"
    subs: list[tuple[Any, str]] = []
    targets: list[Any] = []
    for chunk in _chunks(ids, 900):
        rows = FieldSubmission.objects.filter(pk__in=chunk).values_list("id", "uuid", target)
        for pk, uuid, target_id in rows:
            subs.append((pk, uuid))
            if target_id is not None:
                targets.append(target_id)
    made: list[tuple[Any, Any]] = []
    for chunk in _chunks(targets, 900):
        if kind == "assessment":
            verifying = Assessment.objects.filter(pk__in=chunk, verifies__isnull=False).first()
            if verifying is not None:
                raise ImportRefused(
                    f"assessment {verifying.pk} verifies an incident: change that incident's "
                    "status first",
                    None,
                    "verifies",
                    assessment=verifying.pk,
                )
        made += list(model.objects.filter(pk__in=chunk).values_list("id", "external_id"))
    for chunk in _chunks([pk for pk, _uuid in subs], 900):
        FieldSubmission.objects.filter(pk__in=chunk).delete()
    for chunk in _chunks(targets, 900):
        model.objects.filter(pk__in=chunk).delete()
    return {
        kind: created_records(_lines(made)),
        "field_submission": created_records(_lines(subs)),
    }


def _delete_target(user, target) -> None:
    kind = "assessment" if isinstance(target, Assessment) else "incident"
    if kind == "assessment" and target.verifies.exists():
        raise ImportRefused(
            f"assessment {target.pk} verifies an incident: change that incident's status first",
            None,
            "verifies",
            assessment=target.pk,
        )
    ident = target.pk
    target.delete()
    log.record(user, "delete", kind, ident, {"undo": True}, summary=f"{kind} {ident} removed")


def resolve_place(user, place: PlaceToReview, prop) -> int:
    """A place to review is found to be ``prop`` (``fieldforms_review.link``)."""
    from .fieldforms_review import link

    return link(user, place, prop)


# ---- refused rows as a file ----------------------------------------------------------------


def refused_csv(report: dict) -> str:
    """The refused submissions with their reasons, as CSV (``--skip-invalid``)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["row", "submission", "column", "label", "reason", "message"])
    for r in report.get("refused", []):
        w.writerow(
            [r.get(k, "") for k in ("row", "submission", "column", "label", "reason", "message")]
        )
    return out.getvalue()


def report_lines(report: dict) -> list[str]:
    """A report in lines for a terminal: counts, matches, refusals by reason, a few rows."""
    lines = []
    c = report.get("counts", {})
    if c:
        lines.append(
            ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in c.items() if v or k in ("new",))
        )
    if report.get("matches"):
        lines.append(
            "places: "
            + ", ".join(
                f"{v} {k}" if k == "to review" else f"{v} by {k}"
                for k, v in report["matches"].items()
            )
        )
    if report.get("version_note"):
        lines.append(report["version_note"])
    if report.get("unused_columns"):
        lines.append("columns not used: " + ", ".join(report["unused_columns"][:30]))
    if report.get("by_reason"):
        lines.append(
            "refused by reason: " + "; ".join(f"{k}: {v}" for k, v in report["by_reason"].items())
        )
    lines += [refusal_line(r) for r in report.get("refused", [])[:20]]
    return lines


_REPORT_KEYS = (
    "form",
    "format",
    "submissions",
    "counts",
    "matches",
    "versions",
    "version_note",
    "unused_columns",
    "unanswered_questions",
    "files",
    "audit_seq",
)


def public_report(report: dict | None) -> dict:
    """A report with every key the API names (None where the import has not got there)."""
    report = report or {}
    out: dict[str, Any] = {key: report.get(key) for key in _REPORT_KEYS}
    out["refused"] = [
        {
            "row": int(r.get("row") or 0),
            "submission": str(r.get("submission") or ""),
            "column": str(r.get("column") or ""),
            "label": str(r.get("label") or ""),
            "message": str(r.get("message") or ""),
            "reason": str(r.get("reason") or ""),
            "code": str(r.get("code") or ""),
            "params": {str(k): str(v) for k, v in (r.get("params") or {}).items()},
        }
        for r in report.get("refused", [])
    ]
    out["refused_total"] = int(report.get("refused_total", len(out["refused"])))
    out["by_reason"] = {str(k): int(v) for k, v in (report.get("by_reason") or {}).items()}
    return out


def refusal_line(r: dict) -> str:
    """One refusal in a line: its row and submission, the form's column and label, the
    message (a refusal of the whole file has no row nor column: the message alone)."""
    parts = []
    if r.get("row"):
        parts.append(f"row {r['row']}" + (f" ({r['submission']})" if r.get("submission") else ""))
    label = f' "{r["label"]}"' if r.get("label") else ""
    if r.get("column") or label:
        parts.append(f"{r.get('column') or ''}{label}")
    parts.append(str(r.get("message")))
    return ": ".join(parts)


def preflight(user, obj: FieldForm, content: bytes, filename: str) -> None:
    """What a request checks before it queues an import: the mapping can be used and the
    export can be read through the form (its first submissions)."""
    _may(user)
    form = form_of(obj)
    problems = engine.check_coded(obj.mapping or propose(obj).mapping, form)
    if problems:
        raise _mapping_refused(problems)
    try:
        export = engine.read_export(content, filename, form)
    except engine.ExportUnreadable as exc:
        raise _unreadable(exc) from None
    if not export.submissions:
        raise ImportRefused(
            f"file: {filename}: no submissions", None, "no_submissions", file=filename
        )
