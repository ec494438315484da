"""Provenance endpoints for photographs: those of register entries and traced objects (kept,
hashed at upload), and the due-diligence check with photographs (multipart)."""

from __future__ import annotations

from django.http import Http404
from ninja import File, Form, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from shield.accounts.auth import WRITE_AUTH
from shield.core.language import reader_lang
from shield.core.schemas import READ_ONE, WRITE, cite, errors

from . import check, photos, present
from .api import _entry, router
from .api_records import _traced
from .certificates import CertificateProblem
from .models import Photo
from .schemas import DueDiligenceOut, ObjectPhotoOut

UPLOAD = (
    "multipart/form-data: `file` (JPEG, PNG, WebP, TIFF or GIF, at most 25 MiB) and an optional "
    "`caption`. The original is kept by its SHA-256; its perceptual hashes (pHash, dHash) are "
    "computed at upload and compared by every check. What is shown is a new picture of its "
    "pixels only (no EXIF: no place where it was taken)."
)


@router.get(
    "/stolen/{ref}/photographs",
    response={200: list[ObjectPhotoOut], **READ_ONE},
    summary="A register entry's photographs",
)
def entry_photographs(request, ref: str):
    return [photos.present(p) for p in _entry(ref).photos.all()]


@router.post(
    "/stolen/{ref}/photographs",
    auth=WRITE_AUTH,
    response={201: ObjectPhotoOut, **WRITE},
    summary="Add a photograph to a register entry",
    description=UPLOAD + " Those who may report the entry add its photographs.",
)
def add_entry_photograph(request, ref: str, file: File[UploadedFile], caption: Form[str] = ""):
    return Status(201, photos.present(photos.add(request.user, _entry(ref), file, caption)))


@router.post(
    "/provenance/{code}/photographs",
    auth=WRITE_AUTH,
    response={201: ObjectPhotoOut, **WRITE},
    summary="Add a photograph to a traced object",
    description=UPLOAD + " Any user with a role adds them.",
)
def add_traced_photograph(request, code: str, file: File[UploadedFile], caption: Form[str] = ""):
    return Status(201, photos.present(photos.add(request.user, _traced(code), file, caption)))


@router.get(
    "/photographs/{photo_id}",
    response={200: ObjectPhotoOut, **READ_ONE},
    summary="A photograph's record: its hashes and where it is shown",
)
def read_photograph(request, photo_id: int):
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        raise Http404(f"no photograph {photo_id}")
    return photos.present(photo)


@router.post(
    "/checks/photographed",
    response={201: DueDiligenceOut, **errors(413)},
    summary="A due-diligence check with photographs (multipart)",
    description="The fields of a check as form fields (`measurements` as text: "
    "'height 32 cm; width 24.5 cm') and up to five `photographs`; a description may be left "
    "empty when photographs are given. Each candidate gets an image similarity from the "
    "perceptual hashes of its photographs (robust to recompression, resizing, flips and "
    "quarter turns), counted in its score. The certificate records each photograph's SHA-256 "
    "and perceptual hashes, never the picture: "
    f"{cite('resolution.provenance')}.",
)
def run_photographed_check(
    request,
    photographs: File[list[UploadedFile]],
    object_type: Form[str] = "",
    title: Form[str] = "",
    maker: Form[str] = "",
    date_period: Form[str] = "",
    materials_techniques: Form[str] = "",
    measurements: Form[str] = "",
    inscriptions_markings: Form[str] = "",
    distinguishing_features: Form[str] = "",
):
    data = {
        "object_type": object_type,
        "title": title,
        "maker": maker,
        "date_period": date_period,
        "materials_techniques": materials_techniques,
        "measurements": measurements,
        "inscriptions_markings": inscriptions_markings,
        "distinguishing_features": distinguishing_features,
    }
    lang = reader_lang()
    try:
        cert, found = check.run(
            request.user, {k: v for k, v in data.items() if v}, photographs=photographs
        )
    except CertificateProblem as exc:
        raise HttpError(503, str(exc)) from None
    return Status(
        201,
        {
            "candidates": [present.candidate(f, lang) for f in found],
            "certificate": present.certificate(cert, True),
        },
    )
