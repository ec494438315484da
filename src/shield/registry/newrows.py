"""The database rows of new records, built in one place for every way of loading them.

An import of new records turns each cleaned record into rows of six tables, and the line
its import's audit entry covers of it (``provenance.line``). ``NewRows.add`` does that
once; the rows are tuples in database form (``bulk.DbForm``), in the column order of
``COLUMNS``, ready for ``bulk.insert`` or ``bulk.pack``. Nothing here touches the
database, so worker processes can build rows while the parent writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from operator import itemgetter

from shield.audit import chain
from shield.matching import index_keys

from . import bulk, provenance
from .identifiers import search_key
from .ids import uuid7_stream
from .models import (
    CulturalProperty,
    ExternalIdentifier,
    JurisdictionClaim,
    NameKey,
    Photograph,
    PropertyName,
    ProtectionEvent,
    coarse_point,
)
from .validation import TEXT_FIELDS

COLUMNS = {
    CulturalProperty: [
        "id",
        "code",
        "external_id",
        "category",
        "inventory_state_id",
        *TEXT_FIELDS,
        "lat",
        "lon",
        "boundary",
        "location_certainty",
        "confidentiality",
        "coarse_lat",
        "coarse_lon",
        "measurements",
        "created_at",
        "updated_at",
        "created_in",
        "synthetic",
        "staged_in",
    ],
    PropertyName: ["property_id", "text", "lang", "script", "kind", "source"],
    NameKey: ["property_id", "key"],
    JurisdictionClaim: [
        "property_id",
        "state_id",
        "role",
        "valid_from",
        "valid_to",
        "basis",
        "source",
    ],
    ProtectionEvent: [
        "property_id",
        "level",
        "action",
        "effective_date",
        "basis",
        "note",
        "origin",
    ],
    Photograph: ["property_id", "url", "caption", "credit"],
    ExternalIdentifier: ["property_id", "scheme", "state_id", "value", "source", "key"],
}
AUDIT_COLUMNS = [
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "summary",
    "changes",
    "prev_hash",
    "hash",
]


@dataclass
class Actor:
    """Who writes, and when: the same for every row of one import."""

    label: str
    actor_id: int | None
    at: datetime

    @cached_property
    def at_text(self) -> str:
        return self.at.isoformat()


@dataclass
class NewRows:
    """Rows of new records, table by table, and what their import's audit entry covers of them."""

    state_ids: dict[str, int]
    actor: Actor
    import_seq: int | None  # the place in the log of the import's entry (None: staged)
    tables: dict = field(default_factory=lambda: {model: [] for model in COLUMNS})
    created: list[str] = field(default_factory=list)  # provenance.line of each record
    form: bulk.DbForm = field(default_factory=bulk.DbForm.of_connection)
    ids: Iterator[int] = field(default_factory=uuid7_stream)
    staged_in: int | None = None  # the staged import writing them (registry.staging)

    def __post_init__(self) -> None:
        self.at_db = self.form.datetime(self.actor.at)

    def add(self, clean: dict, code: str) -> None:
        """The rows of one new record (``clean`` as ``validation.clean_record`` gives it)."""
        t = self.tables
        states = self.state_ids
        pid = next(self.ids)
        form = self.form
        pid_db = form.uuid(pid)
        at_db = self.at_db
        lat, lon = clean["lat"], clean["lon"]
        clat, clon = coarse_point(lat, lon)
        t[CulturalProperty].append(
            (
                pid_db,
                code,
                clean["external_id"],
                clean["category"],
                states[clean["state"]],
                *_text_fields(clean),
                lat,
                lon,
                form.json(clean["boundary"]),
                clean["location_certainty"] or "exact",
                clean["confidentiality"] or "public",
                clat,
                clon,
                form.json(clean["measurements"]),
                at_db,
                at_db,
                self.import_seq,
                bool(clean.get("synthetic")),
                self.staged_in,
            )
        )
        keys: set[str] = set()
        names = t[PropertyName]
        for n in clean["names"]:
            text, lang = n["text"], n["lang"]
            names.append((pid_db, text, lang, n["script"], n["kind"], n["source"]))
            keys |= index_keys(text, lang)
        t[NameKey].extend([(pid_db, k[:120]) for k in keys])
        for c in clean.get("claims", []):
            t[JurisdictionClaim].append(
                (
                    pid_db,
                    states[c["state"]],
                    c["role"],
                    form.date(c["valid_from"]),
                    form.date(c["valid_to"]),
                    c["basis"],
                    c["source"],
                )
            )
        for e in clean.get("protection", []):
            t[ProtectionEvent].append(
                (
                    pid_db,
                    e["level"],
                    e["action"],
                    form.date(e["effective_date"]),
                    e["basis"],
                    e["note"],
                    "record",
                )
            )
        for p in clean.get("photographs", []):
            t[Photograph].append((pid_db, p["url"], p["caption"], ""))
        for i in clean.get("identifiers", []):
            scheme, value, state = i["scheme"], i["value"], i["state"]
            t[ExternalIdentifier].append(
                (
                    pid_db,
                    scheme,
                    states[state] if state else None,
                    value,
                    i["source"],
                    search_key(scheme, value, state),
                )
            )
        self.created.append(provenance.line(pid_db if form.sqlite else pid_db.hex, code))


_text_fields = itemgetter(*TEXT_FIELDS)


def audit_item(
    actor: Actor, seq: int, action: str, target_type: str, target_id, changes: dict, summary: str
) -> tuple:
    """An audit entry before chaining: (seq, action, target type, target id, summary,
    changes JSON, canonical body). ``chain_rows`` links them."""
    summary, target_id = summary[:300], str(target_id)
    changes_json = chain.canonical(changes).decode()
    body = chain.canonical(
        {
            "seq": seq,
            "at": actor.at_text,
            "actor": actor.label,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "summary": summary,
            "changes": changes,
        }
    )
    return (seq, action, target_type, target_id, summary, changes_json, body)


def chain_rows(actor: Actor, items: list[tuple], prev: str) -> tuple[list[tuple], str]:
    """Audit rows (``AUDIT_COLUMNS``) for items in log order, each linked to the one
    before; returns them and the last hash."""
    at_db = bulk.DbForm.of_connection().datetime(actor.at)
    rows = []
    for seq, action, target_type, target_id, summary, changes, body in items:
        digest = chain.link_canonical(prev, body)
        rows.append(
            (
                seq,
                at_db,
                actor.actor_id,
                actor.label,
                action,
                target_type,
                target_id,
                summary,
                changes,
                prev,
                digest,
            )
        )
        prev = digest
    return rows, prev
