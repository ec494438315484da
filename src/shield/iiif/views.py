"""The IIIF doors: the Image API (``info.json`` and pictures) and the manifests.

Answers are the reader's own (they depend on who asks: ``Vary``); errors are the house's
JSON error body. An image the reader may not read answers 404, as one that does not exist.
"""

from __future__ import annotations

import json

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from shield.core.errors import error_body

from . import imageapi, manifests, sources

IMAGE_CONTEXT = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
PREZI_CONTEXT = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _shared(response, request):
    """What every IIIF answer carries: open to other sites' viewers (no credentials), and
    the reader's own."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Vary"] = "Cookie, Authorization, Accept"
    return response


def _error(request, status: int, message: str):
    return _shared(JsonResponse(error_body(message), status=status), request)


def _json(request, body: dict, ld_type: str):
    wants_ld = "application/ld+json" in request.headers.get("Accept", "")
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1),
        content_type=ld_type if wants_ld else "application/json",
    )
    return _shared(response, request)


def _image(request, image_id: str):
    return sources.find(request.user, image_id)


@require_safe
def image_base(request, image_id: str):
    """The image's base address sends the reader to its description (303)."""
    if _image(request, image_id) is None:
        return _error(request, 404, f"no image {image_id!r}")
    response = HttpResponseRedirect(reverse("iiif:image-info", args=[image_id]))
    response.status_code = 303
    return _shared(response, request)


@require_safe
def image_info(request, image_id: str):
    image = _image(request, image_id)
    if image is None:
        return _error(request, 404, f"no image {image_id!r}")
    service_id = manifests.image_service_id(image, _base(request))
    body = imageapi.info(
        service_id, image.width, image.height, image.limits, (sources.THUMB_SIDE, 400, 800)
    )
    return _json(request, body, IMAGE_CONTEXT)


@require_safe
def image(request, image_id: str, region: str, size: str, rotation: str, filename: str):
    picture = _image(request, image_id)
    if picture is None:
        return _error(request, 404, f"no image {image_id!r}")
    try:
        wanted = imageapi.parse(
            picture.width, picture.height, region, size, rotation, filename, picture.limits
        )
    except imageapi.BadRequest as exc:
        return _error(request, 400, str(exc))
    data = sources.picture(picture, wanted)
    response = HttpResponse(data, content_type=imageapi.FORMATS[wanted.format][1])
    response["Content-Disposition"] = f'inline; filename="{image_id}.{wanted.format}"'
    return _shared(response, request)


@require_safe
def property_manifest(request, code: str):
    body = manifests.property_manifest(request.user, code, _base(request))
    if body is None:
        return _error(request, 404, f"no property {code!r}")
    return _json(request, body, PREZI_CONTEXT)


@require_safe
def incident_manifest(request, incident_id):
    body = manifests.incident_manifest(request.user, str(incident_id), _base(request))
    if body is None:
        return _error(request, 404, f"no incident {incident_id!r}")
    return _json(request, body, PREZI_CONTEXT)
