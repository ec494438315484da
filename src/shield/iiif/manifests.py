"""IIIF Presentation 3 manifests, built with ``iiif-prezi3``: one per property (its
photographs: the images filed as its evidence) and one per incident (its image evidence).

Labels and metadata are language maps in English and Norwegian (bokmål). A manifest holds
what the reader may read and nothing else: the images of evidence they may read
(``evidence.visible_evidence``), each with the image service (``ImageService3``) of this
site's Image API, at the largest size that reader may have; the property's place as
``registry.disclosure.location_for`` gives it (the ~10 km area for those who may not see a
confidential point); the link to an original only for those who hold the item.
"""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils import translation
from iiif_prezi3 import (
    Annotation,
    AnnotationBody,
    AnnotationPage,
    Canvas,
    KeyValueString,
    Manifest,
    ServiceV3,
)

from shield.monitoring import evidence as ev_service
from shield.monitoring import services as mon_services
from shield.monitoring import vocab
from shield.monitoring.models import Evidence, Incident
from shield.registry.disclosure import find_visible, location_for
from shield.registry.models import CulturalProperty

from . import sources
from .imageapi import COMPLIANCE, Limits, max_size

LANGS = ("en", "nb")

WORDS: dict[str, dict[str, str]] = {
    "photographs_of": {"en": "Photographs of %s", "nb": "Fotografier av %s"},
    "incident_images": {
        "en": "Image evidence of the incident at %s",
        "nb": "Bildebevis for hendelsen ved %s",
    },
    "code": {"en": "Code", "nb": "Kode"},
    "name": {"en": "Name", "nb": "Navn"},
    "state": {"en": "State", "nb": "Stat"},
    "date": {"en": "Date or period", "nb": "Dato eller periode"},
    "location": {"en": "Location", "nb": "Sted"},
    "exact": {"en": "%(lat).5f, %(lon).5f", "nb": "%(lat).5f, %(lon).5f"},
    "area": {
        "en": "about %(lat).2f, %(lon).2f (the ~10 km area: the exact place is confidential)",
        "nb": "omkring %(lat).2f, %(lon).2f (området på ~10 km: det nøyaktige stedet er fortrolig)",
    },
    "unknown": {"en": "not known", "nb": "ikke kjent"},
    "reported_on": {"en": "Reported on", "nb": "Rapportert"},
    "occurred_on": {"en": "Occurred on", "nb": "Skjedde"},
    "allegation": {"en": "Allegation", "nb": "Påstand"},
    "status": {"en": "Status", "nb": "Status"},
    "captured_at": {"en": "Captured", "nb": "Tatt"},
    "sha256": {"en": "SHA-256 of the original", "nb": "SHA-256 for originalen"},
    "synthetic": {"en": "Synthetic", "nb": "Syntetisk"},
    "synthetic_value": {
        "en": "invented demo data, not a finding",
        "nb": "oppdiktede demodata, ikke et funn",
    },
    "original": {
        "en": "The original file (every download is a custody event)",
        "nb": "Originalfilen (hver nedlasting er en hendelse i beviskjeden)",
    },
    "summary": {
        "en": "Pictures drawn from the originals' pixels alone: no metadata of the originals.",
        "nb": "Bilder laget bare av originalenes piksler: ingen metadata fra originalene.",
    },
}


def words(key: str, arg=None) -> dict[str, list[str]]:
    return {
        lang: [WORDS[key][lang] % arg if arg is not None else WORDS[key][lang]] for lang in LANGS
    }


def _both(make) -> dict[str, list[str]]:
    out = {}
    for lang in LANGS:
        with translation.override(lang):
            out[lang] = [str(make(lang))]
    return out


def _pair(key: str, value: dict[str, list[str]]) -> KeyValueString:
    return KeyValueString(label=words(key), value=value)


def _plain(value: str) -> dict[str, list[str]]:
    return {"none": [value]}


def property_manifest(user, code: str, base: str) -> dict | None:
    """The manifest of a property's photographs as ``user`` may see it, or None."""
    prop = find_visible(user, code)
    if prop is None:
        return None
    images = ev_service.visible_evidence(user).filter(property=prop, kind="image")
    manifest_id = base + reverse("iiif:property-manifest", args=[prop.code])
    label = _both(lambda lang: WORDS["photographs_of"][lang] % prop.display_name(lang))
    metadata = _property_metadata(user, prop)
    return _manifest(user, manifest_id, label, metadata, list(images), base, prop.synthetic)


def incident_manifest(user, incident_id: str, base: str) -> dict | None:
    """The manifest of an incident's image evidence as ``user`` may see it, or None."""
    from shield.registry.ids import as_uuid

    key = as_uuid(incident_id)
    incident = (
        mon_services.visible_incidents(user).filter(pk=key).first() if key is not None else None
    )
    if incident is None:
        return None
    prop = incident.property
    images = ev_service.visible_evidence(user).filter(incident=incident, kind="image")
    manifest_id = base + reverse("iiif:incident-manifest", args=[incident.pk])
    label = _both(lambda lang: WORDS["incident_images"][lang] % prop.display_name(lang))
    metadata = _property_metadata(user, prop) + _incident_metadata(incident)
    synthetic = incident.synthetic or prop.synthetic
    return _manifest(user, manifest_id, label, metadata, list(images), base, synthetic)


def _property_metadata(user, prop: CulturalProperty) -> list[KeyValueString]:
    out = [
        _pair("code", _plain(prop.code)),
        _pair("name", _both(lambda lang: prop.display_name(lang))),
        _pair("state", _plain(prop.inventory_state.code)),
    ]
    if prop.date_period:
        out.append(_pair("date", _plain(prop.date_period)))
    where = location_for(user, prop)
    if where["lat"] is None:
        out.append(_pair("location", words("unknown")))
    else:
        out.append(
            _pair("location", words("exact" if where["precision"] == "exact" else "area", where))
        )
    return out


def _incident_metadata(incident: Incident) -> list[KeyValueString]:
    out = [_pair("reported_on", _plain(incident.reported_on.isoformat()))]
    if incident.occurred_on:
        out.append(_pair("occurred_on", _plain(incident.occurred_on.isoformat())))
    out.append(
        _pair("allegation", _both(lambda _l: vocab.label(vocab.ALLEGATIONS, incident.allegation)))
    )
    out.append(
        _pair("status", _both(lambda _l: vocab.label(vocab.INCIDENT_STATUSES, incident.status)))
    )
    return out


def _manifest(user, manifest_id, label, metadata, evidence, base, synthetic) -> dict:
    canvases = []
    thumbnail = None
    evidence.sort(key=lambda ev: (ev.captured_at or ev.received_at, ev.received_at))
    for n, ev in enumerate(evidence, start=1):
        image = sources.of_evidence(user, ev)
        if image is None:  # filed as an image, but not one Pillow reads
            continue
        canvas, thumb = _canvas(manifest_id, n, image, ev, base)
        canvases.append(canvas)
        thumbnail = thumbnail or thumb
        synthetic = synthetic or ev.synthetic
    if synthetic:
        metadata = [*metadata, _pair("synthetic", words("synthetic_value"))]
    manifest = Manifest(
        id=manifest_id,
        label=label,
        summary=words("summary"),
        metadata=metadata,
        items=canvases,
        thumbnail=[thumbnail] if thumbnail else None,
    )
    return json.loads(manifest.jsonld())


def image_service_id(image: sources.Image, base: str) -> str:
    return base + reverse("iiif:image-base", args=[image.image_id])


def _canvas(manifest_id: str, n: int, image: sources.Image, ev: Evidence, base: str):
    canvas_id = f"{manifest_id}/canvas/{n}"
    service = image_service_id(image, base)
    w, h = max_size(image.width, image.height, image.limits)
    side = sources.THUMB_SIDE
    tw, th = max_size(image.width, image.height, Limits(side, side, side * side))
    service_ref = ServiceV3(id=service, type="ImageService3", profile=COMPLIANCE)
    thumb = AnnotationBody(
        id=f"{service}/full/{tw},{th}/0/default.jpg",
        type="Image",
        format="image/jpeg",
        width=tw,
        height=th,
        service=[service_ref],
    )
    body = AnnotationBody(
        id=f"{service}/full/{w},{h}/0/default.jpg",
        type="Image",
        format="image/jpeg",
        width=w,
        height=h,
        service=[service_ref],
    )
    metadata = [_pair("sha256", _plain(ev.sha256))]
    if ev.captured_at:
        metadata.insert(0, _pair("captured_at", _plain(ev.captured_at.isoformat())))
    rendering = None
    if image.holder:
        rendering = [
            {
                "id": base + f"/api/evidence/{ev.pk}/file",
                "type": "Image",
                "label": words("original"),
                "format": ev.media_type or "application/octet-stream",
            }
        ]
    canvas = Canvas(
        id=canvas_id,
        label=_plain(ev.filename),
        width=image.width,
        height=image.height,
        metadata=metadata,
        thumbnail=[thumb],
        rendering=rendering,
        items=[
            AnnotationPage(
                id=f"{canvas_id}/page",
                items=[
                    Annotation(
                        id=f"{canvas_id}/page/image",
                        motivation="painting",
                        body=body,
                        target=canvas_id,
                    )
                ],
            )
        ],
    )
    return canvas, thumb
