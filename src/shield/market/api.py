"""Market screening through the API: a file of listings (and their photographs) becomes a
batch screened as a job on the task worker; its status; its review queue; a decision."""

from __future__ import annotations

from django.http import Http404
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from shield.accounts.auth import WRITE_AUTH
from shield.core.schemas import WRITE

from . import access, service, tasks
from .models import Batch, Candidate
from .schemas import (
    Against,
    MarketBatchOut,
    MarketCandidateOut,
    MarketDecisionIn,
    MarketDecisionOut,
)

router = Router(tags=["market"])
WHO = "Police and customs (law enforcement) and the Secretariat only."


def present_batch(batch: Batch) -> dict:
    return {
        "code": batch.code,
        "status": batch.status,
        "against": batch.against,
        "engine": batch.engine,
        "threshold": batch.threshold,
        "model_version": batch.model_version,
        "listings": batch.listings_count,
        "records": batch.register_count,
        "compared": batch.compared,
        "candidates": batch.candidates_count,
        "seconds": batch.seconds,
        "error": batch.error,
        "synthetic": batch.synthetic,
        "progress": service.progress_of(batch),
        "status_url": f"/api/market/batches/{batch.code}",
        "candidates_url": f"/api/market/batches/{batch.code}/candidates",
    }


def present_candidate(c: Candidate) -> dict:
    x = c.listing
    return {
        "id": c.pk,
        "kind": c.register,
        "record": c.record_ref,
        "probability": c.probability,
        "weight": c.weight,
        "status": c.status,
        "listing": {
            "ref": x.ref,
            "row": x.row,
            "title": x.title,
            "object_type": x.object_type,
            "materials": x.materials,
            "measurements": x.measurements,
            "date": x.date,
            "language": x.language,
            "marketplace": x.marketplace,
            "url": x.url,
        },
        "evidence": c.evidence,
        "image": c.image,
    }


@router.post(
    "/market/batches",
    auth=WRITE_AUTH,
    response={202: MarketBatchOut, **WRITE},
    summary="Screen a file of market listings (CSV or JSON) against the registers, as a job",
    description=f"{WHO} The file is read and checked at once (all or nothing: each problem names "
    "the row and the field; 422); the listings' photographs are the files sent as `images`, "
    "named in the listings' `images` column. The batch is then screened on the task worker: "
    "GET the status_url until done, then the candidates_url (the review queue).",
)
def start_batch(
    request,
    file: File[UploadedFile],
    images: File[list[UploadedFile]] = None,  # type: ignore[assignment]
    against: Form[Against] = "stolen",
    threshold: Form[float] = service.DEFAULT_THRESHOLD,
):
    access.check_screen(request.user)
    files = {f.name or "": f.read() for f in images or []}
    batch = service.start(
        request.user,
        file.read(),
        file.name or "listings",
        against=against,
        threshold=threshold,
        files=files,
    )
    tasks.enqueue(batch)
    return Status(202, present_batch(batch))


def _batch(request, code: str) -> Batch:
    access.check_review(request.user)
    batch = Batch.objects.filter(code=code).first()
    if batch is None:
        raise Http404(f"no market screening {code}")
    return batch


@router.get(
    "/market/batches/{code}",
    auth=WRITE_AUTH,
    response={200: MarketBatchOut, **WRITE},
    summary="A market screening batch: its status, progress and counts",
)
def batch_status(request, code: str):
    return present_batch(_batch(request, code))


@router.get(
    "/market/batches/{code}/candidates",
    auth=WRITE_AUTH,
    response={200: list[MarketCandidateOut], **WRITE},
    summary="A batch's review queue: candidate pairs above its threshold, best first",
    description=f"{WHO} Each with its evidence field by field and its photograph's distance.",
)
def batch_candidates(request, code: str, status: str = "open"):
    batch = _batch(request, code)
    wanted = "" if status == "all" else status
    return [present_candidate(c) for c in service.queue(batch, wanted)[:1000]]


@router.post(
    "/market/candidates/{candidate_id}/decision",
    auth=WRITE_AUTH,
    response={200: MarketDecisionOut, **WRITE},
    summary="Confirm, reject or mark unsure a candidate (confirming opens a return case)",
    description=f"{WHO} A confirmed candidate on the stolen register records the listing as a "
    "traced object and opens a return case for the State that reported the loss.",
)
def decide(request, candidate_id: int, payload: MarketDecisionIn):
    access.check_review(request.user)
    candidate = (
        Candidate.objects.select_related("batch", "listing", "entry", "entry__reporting_state")
        .filter(pk=candidate_id)
        .first()
    )
    if candidate is None:
        raise Http404(f"no candidate {candidate_id}")
    made = service.decide(request.user, candidate, payload.decision, payload.reason)
    candidate.listing.refresh_from_db()
    return {
        "candidate": candidate.pk,
        "decision": made.decision,
        "status": candidate.status,
        "case": made.case.code if made.case else None,
        "traced": candidate.listing.traced.code if candidate.listing.traced else None,
    }
