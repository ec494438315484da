"""Import and export of the registry: all or nothing in, disclosure-aware out.

An import reads every row, validates it and checks the importer's rights before it
writes anything; a single bad row writes nothing, and every bad row is named (line or
feature, field, reason). Rows match existing records by ``external_id``, so importing
the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from shield.accounts import roles
from shield.audit import chain
from shield.audit.log import _lock_tail, actor_label
from shield.audit.models import AuditEntry
from shield.matching import index_keys

from . import bulk, fileformats, services
from .disclosure import location_for
from .ids import uuid7
from .models import (
    CulturalProperty,
    JurisdictionClaim,
    NameKey,
    Photograph,
    PropertyName,
    ProtectionEvent,
    coarse_point,
)
from .records import comparable, to_record
from .validation import TEXT_FIELDS, clean_record

Progress = Callable[[int], None]
BIG_IMPORT = 10_000  # rows from which the bulk-load tuning and deferred indexes pay off
BULK_TABLES = (CulturalProperty, PropertyName, NameKey, JurisdictionClaim, ProtectionEvent, Photograph)


@dataclass
class RowError:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.message}"


class ImportFailed(ValueError):
    def __init__(self, errors: list[RowError], total_rows: int):
        self.errors = errors
        self.total_rows = total_rows
        shown = "\n".join(f"  {e}" for e in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"nothing was imported: {len(errors)} error(s) in {total_rows} row(s)\n{shown}{more}")


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    sha256: str = ""
    errors: list[RowError] = field(default_factory=list)


def _noop(_n: int) -> None:
    return None


def read_rows(content: bytes, name: str):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([RowError("file", "encoding", f"not UTF-8 (byte {exc.start})")], 0) from None
    kind = fileformats.sniff_format(name, content[:64])
    try:
        rows = list(fileformats.read_csv(text) if kind == "csv" else fileformats.read_geojson(text))
    except fileformats.FileUnreadable as exc:
        raise ImportFailed([RowError("file", "format", str(exc))], 0) from None
    return rows


def validate_rows(user, rows, progress: Progress = _noop) -> tuple[list[tuple[str, dict]], list[RowError]]:
    states = services.state_codes()
    errors: list[RowError] = []
    cleaned: list[tuple[str, dict]] = []
    seen: dict[str, str] = {}
    writable: dict[str, bool] = {}
    for i, row in enumerate(rows, start=1):
        errors.extend(RowError(row.where, f, m) for f, m in row.errors)
        clean, problems = clean_record(row.data, states)
        errors.extend(RowError(row.where, p.field, p.message) for p in problems)
        ext = clean.get("external_id")
        if not ext:
            errors.append(RowError(row.where, "external_id", "is required for import (re-imports match on it)"))
        elif ext in seen:
            errors.append(RowError(row.where, "external_id", f"{ext!r} is repeated (first at {seen[ext]})"))
        else:
            seen[ext] = row.where
        state = clean.get("state")
        if state in states:
            if state not in writable:
                writable[state] = roles.can_create_property(user, states[state])
            if not writable[state]:
                errors.append(RowError(row.where, "state", f"you may not write to the inventory of {state}"))
        cleaned.append((row.where, clean))
        if i % 1000 == 0:
            progress(1000)
    progress(len(rows) % 1000)
    return cleaned, errors


def _existing(external_ids: list[str]) -> dict[str, CulturalProperty]:
    found: dict[str, CulturalProperty] = {}
    if not CulturalProperty.objects.filter(external_id__isnull=False).exists():
        return found
    for start in range(0, len(external_ids), 900):
        chunk = external_ids[start:start + 900]
        for prop in CulturalProperty.objects.filter(external_id__in=chunk):
            found[prop.external_id] = prop
    return found


def import_bytes(user, content: bytes, name: str, dry_run: bool = False,
                 progress: Progress = _noop, phase: Callable[[str, int], None] | None = None) -> ImportResult:
    """Import a CSV or GeoJSON file, all or nothing. ``phase(name, total)`` announces each phase."""
    rows = read_rows(content, name)
    return import_rows(user, rows, name, hashlib.sha256(content).hexdigest(), dry_run, progress, phase)


def import_rows(user, rows: list, name: str, sha256: str, dry_run: bool = False,
                progress: Progress = _noop, phase: Callable[[str, int], None] | None = None) -> ImportResult:
    phase = phase or (lambda _n, _t: None)
    result = ImportResult(total=len(rows), sha256=sha256)
    phase("validating", len(rows))
    cleaned, errors = validate_rows(user, rows, progress)
    if errors:
        raise ImportFailed(errors, len(rows))
    existing = _existing([c["external_id"] for _w, c in cleaned])
    new = [c for _w, c in cleaned if c["external_id"] not in existing]
    changed = []
    for _where, clean in cleaned:
        prop = existing.get(clean["external_id"])
        if prop is not None:
            if prop.inventory_state.code != clean["state"]:
                errors.append(RowError(_where, "state", f"{prop.code} belongs to {prop.inventory_state.code}; a record stays in its State's inventory"))
            elif not roles.can_edit_property(user, prop):
                errors.append(RowError(_where, "external_id", f"you may not change {prop.code}"))
            elif comparable(to_record(prop)) != _as_record(clean, prop):
                changed.append((prop, clean))
    if errors:
        raise ImportFailed(errors, len(rows))
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(cleaned) - len(new) - len(changed)
    if dry_run or (not new and not changed):
        return result
    phase("writing", len(new) + len(changed))
    if len(new) > BIG_IMPORT:
        bulk.tune_for_bulk_load()
    with transaction.atomic():
        audit_items = [("import", "file", result.sha256,
                        {"file": name, "sha256": result.sha256, "created": result.created,
                         "updated": result.updated, "unchanged": result.unchanged}, f"import of {name}")]
        big = len(new) > BIG_IMPORT
        with bulk.deferred_indexes(*BULK_TABLES) if big else nullcontext():
            audit_items += _insert_new(new, progress)
        for prop, clean in changed:
            before = comparable(to_record(prop))
            services.apply_clean(prop, clean, services.state_codes())
            audit_items.append(("update", "property", prop.id,
                                services.log.diff(before, comparable(to_record(prop))), prop.code))
            progress(1)
        with bulk.deferred_indexes(AuditEntry) if big else nullcontext():
            append_audit(user, audit_items)
    return result


def _as_record(clean: dict, prop: CulturalProperty) -> dict:
    record = {"external_id": clean["external_id"], "category": clean["category"], "state": clean["state"],
              **{f: clean.get(f, "") for f in TEXT_FIELDS},
              "lat": clean.get("lat"), "lon": clean.get("lon"), "boundary": clean.get("boundary"),
              "location_certainty": clean.get("location_certainty"), "confidentiality": clean.get("confidentiality"),
              "measurements": clean.get("measurements", []), "names": clean.get("names", []),
              "claims": clean.get("claims", []),
              "protection": services.protection_after(prop, clean.get("protection", [])),
              "photographs": clean.get("photographs", [])}
    return comparable(record)


def _insert_new(new: list[dict], progress: Progress) -> list[tuple]:
    """Insert new records with executemany; returns their audit items."""
    if not new:
        return []
    states = services.state_codes()
    taken: dict[str, int] = {}
    now = timezone.now()
    now_db = bulk.db_datetime(now)
    props, names, keys, claims, events, photos, audit = [], [], [], [], [], [], []
    for clean in new:
        pid = uuid7()
        pid_db = bulk.db_uuid(pid)
        code = services.next_code(clean["state"], taken)
        clat, clon = coarse_point(clean.get("lat"), clean.get("lon"))
        props.append((pid_db, code, clean["external_id"], clean["category"], states[clean["state"]],
                      *(clean.get(f, "") for f in TEXT_FIELDS), clean.get("lat"), clean.get("lon"),
                      bulk.db_json(clean.get("boundary")), clean.get("location_certainty") or "exact",
                      clean.get("confidentiality") or "public", clat, clon,
                      bulk.db_json(clean.get("measurements", [])), now_db, now_db))
        prop_keys: set[str] = set()
        for n in clean["names"]:
            names.append((pid_db, n["text"], n["lang"], n["script"], n["kind"], n["source"]))
            prop_keys |= index_keys(n["text"], n["lang"])
        keys.extend((pid_db, k[:120]) for k in prop_keys)
        for c in clean.get("claims", []):
            claims.append((pid_db, states[c["state"]], c["role"], bulk.db_date(c["valid_from"]),
                           bulk.db_date(c["valid_to"]), c["basis"], c["source"]))
        for e in clean.get("protection", []):
            events.append((pid_db, e["level"], e["action"], bulk.db_date(e["effective_date"]), e["basis"], e["note"], "record"))
        for p in clean.get("photographs", []):
            photos.append((pid_db, p["url"], p["caption"], ""))
        audit.append(("create", "property", pid, {"external_id": clean["external_id"], "code": code}, code))
        if len(audit) % 1000 == 0:
            progress(1000)
    progress(len(new) % 1000)
    bulk.insert(CulturalProperty, ["id", "code", "external_id", "category", "inventory_state_id", *TEXT_FIELDS,
                                   "lat", "lon", "boundary", "location_certainty", "confidentiality",
                                   "coarse_lat", "coarse_lon", "measurements", "created_at", "updated_at"], props)
    bulk.insert(PropertyName, ["property_id", "text", "lang", "script", "kind", "source"], names)
    bulk.insert(NameKey, ["property_id", "key"], keys)
    bulk.insert(JurisdictionClaim, ["property_id", "state_id", "role", "valid_from", "valid_to", "basis", "source"], claims)
    bulk.insert(ProtectionEvent, ["property_id", "level", "action", "effective_date", "basis", "note", "origin"], events)
    bulk.insert(Photograph, ["property_id", "url", "caption", "credit"], photos)
    return audit


def append_audit(user, items: list[tuple]) -> None:
    """Append chained audit entries with executemany (the import's many creates)."""
    seq, prev = _lock_tail()
    now = timezone.now()
    label = actor_label(user)
    actor_id = user.pk if label != "system" else None
    at_text = now.isoformat()
    at_db = bulk.db_datetime(now)
    rows = []
    for action, target_type, target_id, changes, summary in items:
        seq += 1
        body = {"seq": seq, "at": at_text, "actor": label, "action": action, "target_type": target_type,
                "target_id": str(target_id), "summary": summary[:300], "changes": changes}
        digest = chain.link(prev, body)
        rows.append((seq, at_db, actor_id, label, action, target_type, str(target_id), summary[:300],
                     json.dumps(changes, ensure_ascii=False, default=str), prev, digest))
        prev = digest
    bulk.insert(AuditEntry, ["seq", "at", "actor_id", "actor_label", "action", "target_type", "target_id",
                             "summary", "changes", "prev_hash", "hash"], rows)


# ---- export -------------------------------------------------------------------------------

def _prefetched(qs):
    return (qs.select_related("inventory_state")
            .prefetch_related("names", "claims__state", "protection_events", "photographs")
            .order_by("code"))


def export_records(user, qs) -> Iterable[dict]:
    """Records as the reader may see them: exact points only where allowed."""
    for prop in _prefetched(qs).iterator(chunk_size=2000):
        rec = to_record(prop)
        loc = location_for(user, prop)
        rec["lat"], rec["lon"], rec["boundary"] = loc["lat"], loc["lon"], loc["boundary"]
        rec["location_precision"] = loc["precision"]
        if loc["precision"] == "area":
            rec["location_certainty"] = "general"
        yield rec


def write_csv(user, qs, out) -> int:
    records = list(export_records(user, qs))
    writer = csv.DictWriter(out, fieldnames=fileformats.csv_header(records), extrasaction="ignore")
    writer.writeheader()
    for rec in records:
        writer.writerow(fileformats.csv_row(rec))
    return len(records)


def feature(rec: dict) -> dict:
    props = {k: v for k, v in rec.items() if k not in {"lat", "lon", "boundary"}}
    geometry = None
    if rec.get("boundary"):
        geometry = rec["boundary"]
        props["lat"], props["lon"] = rec["lat"], rec["lon"]
    elif rec.get("lat") is not None:
        geometry = {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]}
    return {"type": "Feature", "id": rec["id"], "geometry": geometry, "properties": props}


def geojson_text(user, qs) -> str:
    features = [feature(rec) for rec in export_records(user, qs)]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str)


def geojson_collection(user, qs, lang: str = "en") -> dict:
    """Light points for the map: code, name, category, precision; coarse where confidential."""
    features = []
    for prop in qs.select_related("inventory_state").prefetch_related("names").exclude(lat__isnull=True).iterator(chunk_size=2000):
        loc = location_for(user, prop)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                         "properties": {"code": prop.code, "name": prop.display_name(lang),
                                        "category": prop.category, "precision": loc["precision"]}})
    return {"type": "FeatureCollection", "features": features}
