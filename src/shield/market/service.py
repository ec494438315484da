"""Market screening, the one service under every door (the CLI, the API's job, the pages).

A batch is started (``start``: the listings file read and checked, all or nothing, its
photographs read and hashed, the batch and its listings written in one transaction and
audited), then run (``run``: the register read, the linkage engine scores every pair its
blocking proposes, the pairs above the threshold written as candidates, audited), then
reviewed (``decide``): a confirmed candidate on the stolen register records the listing as a
traced object and opens a return case through provenance's own services, in the same
transaction as the decision and its audit entry.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shield.audit import log
from shield.core.errors import FieldError, RecordInvalid
from shield.matching import linkage
from shield.provenance import cases, trace
from shield.provenance.clean import measurements_text
from shield.provenance.models import Photo, RegisterEntry
from shield.registry.disclosure import visible_to
from shield.registry.models import MOVABLE_CATEGORIES

from . import access, imaging, lots
from .models import AGAINST, DECISIONS, Batch, Candidate, Decision, Listing

DEFAULT_THRESHOLD = 0.8
"""A pair reaches the review queue at this match probability or above."""
ENGINE_NAMES = ("duckdb", "spark")
Progress = Callable[[str, int, int | None], None]


# ---- files of a batch ---------------------------------------------------------------------


def folder_of(batch: Batch) -> Path:
    return Path(settings.SHIELD_JOBS_DIR) / "market" / str(batch.pk)


def write_progress(batch: Batch, phase: str, done: int, total: int | None) -> None:
    path = folder_of(batch) / "progress.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
    os.replace(tmp, path)


def progress_of(batch: Batch) -> dict[str, Any]:
    try:
        found = json.loads((folder_of(batch) / "progress.json").read_text())
        return {"phase": str(found["phase"]), "done": int(found["done"]), "total": found["total"]}
    except (OSError, ValueError, KeyError):
        return {"phase": batch.status, "done": 0, "total": None}


def image_path(sha256: str) -> Path:
    root = getattr(settings, "SHIELD_EVIDENCE_DIR", None)
    base = Path(root) if root else Path.cwd() / "evidence"
    return base / "market" / sha256[:2] / sha256


def _keep_image(data: bytes, sha256: str) -> None:
    path = image_path(sha256)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{sha256}.part{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# ---- the model ----------------------------------------------------------------------------


def model_path() -> Path:
    """Where the model trained on this installation's register is kept (``shield match
    --train``): ``SHIELD_MARKET_MODEL``, by default beside the jobs' files."""
    configured = getattr(settings, "SHIELD_MARKET_MODEL", None)
    return Path(configured) if configured else Path(settings.SHIELD_JOBS_DIR) / "market-model.json"


def model() -> linkage.LinkModel:
    """The model screenings use: the one trained here, else the engine's default."""
    path = model_path()
    return linkage.LinkModel.load(path) if path.is_file() else linkage.LinkModel.default()


def train(user, content: bytes, name: str, against: str = "stolen") -> linkage.LinkModel:
    """Train the model on a file of listings and the register (EM, u by random sampling; no
    labels) and keep it as the model of later screenings (audited: its version)."""
    access.check_screen(user)
    _options(against, "duckdb", None)
    found = lots.read(content, name)
    register, _objects = _register(user, against)
    if not register:
        raise RecordInvalid([FieldError("against", "the register is empty: nothing to train on")])
    made = linkage.train(
        [
            linkage.Lot(str(x.row), x.title, x.description, x.object_type, x.materials,
                        x.measurements, x.date, x.language or None)
            for x in found
        ],
        register,
    )  # fmt: skip
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    made.save(tmp)
    with transaction.atomic():
        os.replace(tmp, path)
        log.record(
            user,
            "train",
            "market_model",
            made.version,
            {"version": made.version, "listings": len(found), "register": len(register)},
            summary=f"market screening model trained: {made.version}",
        )
    return made


# ---- starting -----------------------------------------------------------------------------


def _next_code() -> str:
    last = Batch.objects.order_by("-code").values_list("code", flat=True).first()
    n = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"MS-{n:05d}"


def _options(against: str, engine: str, threshold: float | None) -> float:
    errors: list[FieldError] = []
    if against not in {a for a, _ in AGAINST}:
        errors.append(FieldError("against", "is one of stolen, inventory, both"))
    if engine not in ENGINE_NAMES:
        errors.append(FieldError("engine", f"is one of {', '.join(ENGINE_NAMES)}"))
    value = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < value <= 1.0:
        errors.append(FieldError("threshold", "is a match probability above 0 and at most 1"))
    if errors:
        raise RecordInvalid(errors)
    return value


def start(
    user,
    content: bytes,
    name: str,
    against: str = "stolen",
    engine: str = "duckdb",
    threshold: float | None = None,
    files: Mapping[str, bytes] | None = None,
    synthetic: bool = False,
) -> Batch:
    """Read and check the listings and their photographs; write the batch (queued)."""
    access.check_screen(user)
    value = _options(against, engine, threshold)
    found = lots.read(content, name)
    received = imaging.received(files or {}, (img for lot in found for img in lot.images))
    with transaction.atomic():
        batch = Batch.objects.create(
            code=_next_code(),
            created_by=user if getattr(user, "is_authenticated", False) else None,
            source_name=name[:300],
            against=against,
            engine=engine,
            threshold=value,
            listings_count=len(found),
            synthetic=synthetic,
        )
        rows = []
        for lot in found:
            pictures = []
            for img in lot.images:
                got = received[img]
                _keep_image(got.data, got.sha256)
                pictures.append(
                    {
                        "filename": got.filename,
                        "sha256": got.sha256,
                        "prints": [[p.phash, p.dhash] for p in got.prints],
                    }
                )
            rows.append(
                Listing(
                    batch=batch,
                    row=lot.row,
                    ref=lot.ref,
                    title=lot.title,
                    description=lot.description,
                    object_type=lot.object_type,
                    materials=lot.materials,
                    measurements=lot.measurements,
                    date=lot.date,
                    language=lot.language,
                    marketplace=lot.marketplace,
                    url=lot.url,
                    images=pictures,
                )
            )
        Listing.objects.bulk_create(rows, batch_size=2000)
        log.record(
            user,
            "create",
            "market_batch",
            batch.pk,
            {
                "code": batch.code,
                "source": batch.source_name,
                "listings": len(found),
                "photographs": len(received),
                "against": against,
                "engine": engine,
                "threshold": value,
            },
            summary=f"market screening {batch.code}: {len(found)} listings against {against}",
        )
    write_progress(batch, "queued", 0, len(found))
    return batch


# ---- running ------------------------------------------------------------------------------


def _entry_lot(entry: RegisterEntry, photos: int) -> linkage.Lot:
    return linkage.Lot(
        id=f"stolen:{entry.pk}",
        title=entry.title,
        description=" ".join(
            x for x in (entry.distinguishing_features, entry.inscriptions_markings) if x
        ),
        object_type=entry.object_type,
        materials=entry.materials_techniques,
        measurements=measurements_text(entry.measurements or []),
        date=entry.date_period,
        language=entry.text_lang or None,
        photos=photos,
    )


def _register(user, against: str) -> tuple[list[linkage.Lot], dict[str, Any]]:
    """The records screened against, as the engine's lots, and each by its lot id."""
    out: list[linkage.Lot] = []
    objects: dict[str, Any] = {}
    if against in ("stolen", "both"):
        entries = list(RegisterEntry.objects.exclude(status="returned"))
        counts: dict[str, int] = {}
        for entry_id in Photo.objects.filter(entry__in=entries).values_list("entry_id", flat=True):
            counts[str(entry_id)] = counts.get(str(entry_id), 0) + 1
        for entry in entries:
            lot = _entry_lot(entry, counts.get(str(entry.pk), 0))
            out.append(lot)
            objects[lot.id] = entry
    if against in ("inventory", "both"):
        for prop in visible_to(user).filter(category__in=MOVABLE_CATEGORIES):
            lot = linkage.Lot(
                id=f"inventory:{prop.pk}",
                title=prop.title or prop.display_name(),
                description=prop.description,
                object_type=prop.object_type,
                materials=prop.materials_techniques,
                measurements=measurements_text(prop.measurements or []),
                date=prop.date_period,
            )
            out.append(lot)
            objects[lot.id] = prop
    return out, objects


def _listing_lot(listing: Listing) -> linkage.Lot:
    return linkage.Lot(
        id=str(listing.pk),
        title=listing.title,
        description=listing.description,
        object_type=listing.object_type,
        materials=listing.materials,
        measurements=listing.measurements,
        date=listing.date,
        language=listing.language or None,
        photos=len(listing.images),
    )


def run(batch: Batch, progress: Progress | None = None, spark: Any = None) -> Batch:
    """Score the batch's listings against its register; write the candidates (audited)."""
    user = batch.created_by

    def tick(phase: str, done: int, total: int | None) -> None:
        write_progress(batch, phase, done, total)
        if progress is not None:
            progress(phase, done, total)

    batch.status = Batch.RUNNING
    batch.save(update_fields=["status"])
    listings = list(batch.listings.all())
    register, objects = _register(user, batch.against)
    entry_ids = [o.pk for k, o in objects.items() if k.startswith("stolen:")]
    stored = imaging.register_prints(entry_ids)
    from shield.matching import images

    listing_images = {
        str(item.pk): [
            (img["filename"], tuple(images.Print(p[0], p[1]) for p in img["prints"]))
            for img in item.images
        ]
        for item in listings
        if item.images
    }
    by_prints = imaging.near(listing_images, {f"stolen:{k}": v for k, v in stored.items()})
    by_windows = imaging.near_by_windows(
        {
            str(item.pk): [
                (img["filename"], image_path(img["sha256"]).read_bytes())
                for img in item.images
                if image_path(img["sha256"]).is_file()
            ]
            for item in listings
            if item.images
        },
        imaging.window_hashes(
            {f"stolen:{k}": v for k, v in imaging.register_photos(entry_ids).items()}
        ),
    )
    near, image_evidence = imaging.merged(by_prints, by_windows)
    result = linkage.link(
        [_listing_lot(x) for x in listings],
        register,
        model=model(),
        engine="spark" if batch.engine == "spark" else "duckdb",
        image_near=near,
        threshold=batch.threshold,
        spark=spark,
        progress=tick,
    )
    by_id = {str(x.pk): x for x in listings}
    with transaction.atomic():
        rows = []
        for pair in result.pairs:
            obj = objects[pair.record_id]
            stolen = pair.record_id.startswith("stolen:")
            rows.append(
                Candidate(
                    batch=batch,
                    listing=by_id[pair.listing_id],
                    register="stolen" if stolen else "inventory",
                    entry=obj if stolen else None,
                    property=None if stolen else obj,
                    record_ref=obj.number if stolen else obj.code,
                    probability=pair.probability,
                    weight=pair.weight,
                    evidence=[
                        {
                            "field": e.field,
                            "level": e.level,
                            "weight": e.weight,
                            "listing": e.listing,
                            "record": e.record,
                        }
                        for e in pair.evidence
                    ],
                    image=image_evidence.get((pair.listing_id, pair.record_id)),
                )
            )
        Candidate.objects.bulk_create(rows, batch_size=2000)
        batch.status = Batch.DONE
        batch.model_version = result.model_version
        batch.register_count = len(register)
        batch.compared = max(0, result.compared)
        batch.candidates_count = len(rows)
        batch.seconds = round(result.seconds, 3)
        batch.finished_at = timezone.now()
        batch.save()
        log.record(
            user,
            "screen",
            "market_batch",
            batch.pk,
            {
                "code": batch.code,
                "model": result.model_version,
                "register": len(register),
                "compared": result.compared,
                "candidates": len(rows),
            },
            summary=f"market screening {batch.code}: {len(rows)} candidates",
        )
    tick("done", len(listings), len(listings))
    return batch


def fail(batch: Batch, message: str) -> None:
    batch.status, batch.error = Batch.FAILED, message[:2000]
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "error", "finished_at"])
    write_progress(batch, "failed", 0, None)


def screen(user, content: bytes, name: str, progress: Progress | None = None, **options) -> Batch:
    """Start and run a batch at once (the CLI)."""
    batch = start(user, content, name, **options)
    try:
        return run(batch, progress=progress)
    except Exception as exc:
        fail(batch, f"the screening stopped on an unexpected error ({type(exc).__name__})")
        raise


# ---- the review queue ---------------------------------------------------------------------


def queue(batch: Batch, status: str = Candidate.OPEN):
    qs = batch.candidates.select_related("listing", "entry", "entry__reporting_state", "property")
    return qs.filter(status=status) if status else qs


def decide(user, candidate: Candidate, decision: str, reason: str = "") -> Decision:
    """A reviewer's decision. A confirmed candidate on the stolen register records the listing
    (a traced object naming the entry and the listing's address) and opens a return case for
    the State that reported the loss, through provenance's services, in one transaction."""
    access.check_review(user)
    errors: list[FieldError] = []
    if decision not in {d for d, _ in DECISIONS}:
        errors.append(FieldError("decision", "is one of confirmed, rejected, unsure"))
    reason = (reason or "").strip()
    if len(reason) > 2000:
        errors.append(FieldError("reason", "is longer than 2000 characters"))
    if decision == "rejected" and not reason:
        errors.append(FieldError("reason", "is required when a candidate is rejected: say why"))
    if candidate.status in ("confirmed", "rejected"):
        errors.append(FieldError("decision", f"the candidate is already {candidate.status}"))
    if errors:
        raise RecordInvalid(errors)
    listing = candidate.listing
    with transaction.atomic():
        case = None
        if decision == "confirmed" and candidate.entry is not None:
            entry = candidate.entry
            where = listing.marketplace or listing.url or "the market"
            traced = trace.create(
                user,
                {
                    "title": (listing.title or listing.object_type)[:300],
                    "object_type": listing.object_type[:300],
                    "materials_techniques": listing.materials[:300],
                    "date_period": listing.date[:300],
                    "holder": where[:300],
                    "listing_url": listing.url[:300],
                    "register_entry": entry.number,
                    "text_lang": listing.language or "en",
                },
                synthetic=entry.synthetic or candidate.batch.synthetic,
            )
            case = cases.open_case(
                user,
                {
                    "title": f"{entry.number} {entry.display()}: offered on {where}"[:300],
                    "claimant": entry.reporting_state.code,
                    "holder": where[:300],
                    "legal_basis": "unesco_1970",
                    "entries": [entry.number],
                    "traced": [traced.code],
                    "note": (
                        f"Market screening {candidate.batch.code}, listing {listing.ref}"
                        f" (match probability {candidate.probability:.3f}). {reason}"
                    ).strip()[:5000],
                },
                synthetic=entry.synthetic or candidate.batch.synthetic,
            )
            listing.traced = traced
            listing.save(update_fields=["traced"])
        made = Decision.objects.create(
            candidate=candidate,
            decision=decision,
            reason=reason,
            decided_by=user if getattr(user, "is_authenticated", False) else None,
            case=case,
        )
        old = candidate.status
        candidate.status = decision
        candidate.save(update_fields=["status"])
        log.record(
            user,
            "decide",
            "market_candidate",
            candidate.pk,
            {
                "batch": candidate.batch.code,
                "listing": listing.ref,
                "record": candidate.record_ref,
                "status": [old, decision],
                "reason": reason,
                "case": case.code if case else "",
            },
            summary=f"{candidate.batch.code}: {listing.ref} ~ {candidate.record_ref} {decision}",
        )
    return made
