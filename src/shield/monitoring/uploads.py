"""Evidence uploads at the door: streamed to disk in chunks and cut off at the size limit.

Django keeps small uploads in memory by default; these handlers write every file to a
temporary file as it arrives and stop reading once it passes ``SHIELD_EVIDENCE_MAX_BYTES``,
answering 413 with the limit. A request that announces a larger body is refused before any
of it is read.
"""

from __future__ import annotations

from functools import wraps

from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import JsonResponse
from ninja.errors import HttpError

from shield.core.errors import error_body

from . import store

FORM_ALLOWANCE = 64 * 1024  # the other form fields and the multipart framing


class BoundedUpload(TemporaryFileUploadHandler):
    """Every file to a temporary file on disk; refused (413) past ``limit`` bytes."""

    def __init__(self, request=None, limit: int = store.DEFAULT_MAX_BYTES):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            if getattr(self, "file", None) is not None:
                self.file.close()
            raise HttpError(413, too_large_message(self.limit))
        return super().receive_data_chunk(raw_data, start)


def too_large_message(limit: int) -> str:
    return (
        f"file: larger than the limit of {limit} bytes ({limit / 1048576:.1f} MiB) for one "
        "evidence file (SHIELD_EVIDENCE_MAX_BYTES); nothing was stored"
    )


def too_large(limit: int) -> JsonResponse:
    return JsonResponse(error_body(too_large_message(limit)), status=413)


def bounded(run):
    """For ``ninja.decorators.decorate_view``: the operation reads its files through
    ``BoundedUpload``; too large a body is answered 413 before or while it is read."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        limit = store.max_bytes()
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            announced = 0
        if announced > limit + FORM_ALLOWANCE:
            return too_large(limit)
        request.upload_handlers = [BoundedUpload(request, limit)]
        try:
            return run(request, *args, **kwargs)
        except store.TooLarge as exc:
            return too_large(exc.limit)

    return wrapper
