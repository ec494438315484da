"""The transparency log's endpoints, public like a Certificate Transparency log's: the latest
signed checkpoint with its cosignatures, the log's key, inclusion and consistency proofs,
and the door through which witnesses hand in their cosignatures (checked against the
witnesses the log knows: the signature is the credential)."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from shield.core.schemas import READ, READ_ONE, errors, media

from . import transparency
from .models import Checkpoint

router = Router(tags=["transparency log"])


def _text(body: str) -> HttpResponse:
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@router.get(
    "/log/checkpoint",
    response=READ_ONE,
    openapi_extra=media("text/plain", "the signed checkpoint (C2SP), with cosignatures"),
    summary="The log's latest signed checkpoint, with every witness's cosignature",
)
def latest_checkpoint(request, size: int | None = Query(None, ge=0, le=2**62)):
    checkpoint = (
        Checkpoint.objects.filter(size=size).order_by("-id").first()
        if size is not None
        else transparency.latest()
    )
    if checkpoint is None:
        raise Http404("no checkpoint" + (f" of {size} entries" if size is not None else " yet"))
    return _text(transparency.published(checkpoint))


@router.get(
    "/log/key",
    response=READ_ONE,
    openapi_extra=media("text/plain", "the log's verifier key"),
    summary="The key that checks the log's checkpoints (C2SP verifier key)",
)
def log_key(request):
    signer = transparency.log_signer_or_none()
    if signer is None:
        raise Http404("this log has no signing key configured")
    return _text(f"{signer.verifier}\n")


class CosignerOut(Schema):
    witness: str
    cosigned_at: int = Field(description="the witness's time, Unix seconds")


class CheckpointOut(Schema):
    size: int = Field(description="entries the checkpoint covers")
    root: str = Field(description="the Merkle root of those entries, hex")
    signed_at: datetime
    cosigners: list[CosignerOut]


@router.get(
    "/log/checkpoints",
    response={200: list[CheckpointOut], **READ},
    summary="The checkpoints the log signed, newest first (a timeline of its heads)",
)
def checkpoints(request, limit: int = Query(50, ge=1, le=500)):
    rows = Checkpoint.objects.order_by("-size", "-id").prefetch_related("cosignatures")[:limit]
    return [
        {
            "size": c.size,
            "root": c.root,
            "signed_at": c.signed_at,
            "cosigners": [
                {"witness": s.witness, "cosigned_at": s.cosigned_at} for s in c.cosignatures.all()
            ],
        }
        for c in rows
    ]


class InclusionOut(Schema):
    seq: int = Field(description="the audit entry (leaf seq - 1 of the tree)")
    tree_size: int
    leaf_hash: str = Field(description="SHA-256(0x00 ‖ 'shield-audit/v1\\n<seq>\\n<hash>\\n'), hex")
    proof: list[str] = Field(description="the audit path, from the leaf up (RFC 9162), hex")
    root: str


class ConsistencyOut(Schema):
    old_size: int
    new_size: int
    proof: list[str] = Field(description="RFC 9162 consistency proof, hex")
    old_root: str
    new_root: str


@router.get(
    "/log/proof/inclusion",
    response={200: InclusionOut, **READ},
    summary="That an audit entry is in the log of a given size (default: all of it)",
)
def inclusion(
    request, seq: int = Query(..., ge=1, le=2**62), size: int | None = Query(None, ge=1, le=2**62)
):
    try:
        p = transparency.inclusion(seq, size)
    except transparency.LogProblem as exc:
        raise HttpError(422, str(exc)) from None
    return {
        "seq": p.seq,
        "tree_size": p.tree_size,
        "leaf_hash": p.leaf_hash.hex(),
        "proof": [h.hex() for h in p.path],
        "root": p.root.hex(),
    }


@router.get(
    "/log/proof/consistency",
    response={200: ConsistencyOut, **READ},
    summary="That the log of OLD entries is the beginning of the log of NEW (it only grew)",
)
def consistency(
    request, old: int = Query(..., ge=0, le=2**62), new: int | None = Query(None, ge=0, le=2**62)
):
    try:
        old_size, new_size, proof, old_root, new_root = transparency.consistency(old, new)
    except transparency.LogProblem as exc:
        raise HttpError(422, str(exc)) from None
    return {
        "old_size": old_size,
        "new_size": new_size,
        "proof": [h.hex() for h in proof],
        "old_root": old_root.hex(),
        "new_root": new_root.hex(),
    }


class AcceptedOut(Schema):
    accepted: list[CosignerOut]
    size: int


MAX_NOTE = 64 * 1024


@router.post(
    "/log/cosignatures",
    response={201: AcceptedOut, **errors(413)},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/plain": {"schema": {"type": "string"}}},
            "description": "the checkpoint as the log issued it, with the witness's cosignature",
        }
    },
    summary="A witness hands in its cosignature of a checkpoint (checked against its key)",
)
def cosign(request):
    if len(request.body) > MAX_NOTE:
        raise HttpError(413, f"a cosigned checkpoint of more than {MAX_NOTE} bytes")
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(422, "the body is not UTF-8 text: send the cosigned checkpoint") from None
    try:
        stored = transparency.accept_cosignatures(text)
    except transparency.LogProblem as exc:
        raise HttpError(422, str(exc)) from None
    return Status(
        201,
        {
            "accepted": [{"witness": s.witness, "cosigned_at": s.cosigned_at} for s in stored],
            "size": stored[0].checkpoint.size,
        },
    )
