"""A screening run: targets against the property the reader may read, on a date; each hit with
the property's protection in force that day and the provisions it rests on; an audit entry for
every run (who, the date screened, the file's digest and the counts: never a location)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import date

import numpy as np
from django.db import transaction
from django.utils import timezone

from shield.audit import log
from shield.core.errors import FieldError, RecordInvalid
from shield.registry.models import CulturalProperty
from shield.registry.present import protection_on
from shield.treaty.findings import Finding
from shield.treaty.protection import ENHANCED_LEVELS
from shield.treaty.provisions import provision

from . import buffers as buf
from . import sites as site_sets
from .access import check
from .models import ScreeningRun
from .targets import Targets

Progress = Callable[[str, int, int | None], None]


def _metres(d: float) -> str:
    return f"{d:,.0f}" if d >= 10 else f"{d:.1f}"


def hit_finding(
    reverse: bool, code: str, target: str, levels, d: float, reach: float, area: bool
) -> Finding:
    """Why a hit matters, and the provisions it rests on."""
    keys = [
        "general.precautions_against_effects" if reverse else "general.precautions_in_attack",
        "convention.respect",
    ]
    if any(level in ENHANCED_LEVELS for level in levels):
        keys.append("enhanced.immunity")
    if "special" in levels:
        keys.append("convention.special_protection")
    what_en = f"the area of about 10 km of {code} (a confidential location)" if area else code
    what_nb = f"området på om lag 10 km der {code} ligger (et fortrolig sted)" if area else code
    if reverse:
        en = (
            f"{what_en} is {_metres(d)} m from military objective {target}, within {_metres(reach)} m:"
            " remove movable cultural property from its vicinity or protect it in situ, and avoid "
            "locating military objectives near it"
        )
        nb = (
            f"{what_nb} ligger {_metres(d)} m fra det militære målet {target}, innenfor "
            f"{_metres(reach)} m: flytt løsøre kulturminner bort fra nærheten eller beskytt dem på "
            "stedet, og unngå å plassere militære mål nær det"
        )
    else:
        en = (
            f"{what_en} is {_metres(d)} m from target {target}, within its reach of "
            f"{_metres(reach)} m: verify that the objective is not cultural property, and take "
            "every feasible precaution to avoid incidental damage to it"
        )
        nb = (
            f"{what_nb} ligger {_metres(d)} m fra mål {target}, innenfor rekkevidden på "
            f"{_metres(reach)} m: kontroller at målet ikke er kulturminne, og ta alle mulige "
            "forholdsregler for å unngå tilfeldig skade på det"
        )
    return Finding(True, tuple(provision(k) for k in keys), {"en": en, "nb": nb})


def _lang(lang: str) -> str:
    return "nb" if lang == "nb" else "en"


def _properties(pks: list[str]) -> dict[str, CulturalProperty]:
    qs = (
        CulturalProperty.objects.filter(pk__in=pks)
        .select_related("inventory_state")
        .prefetch_related("names", "protection_events", "claims__state")
    )
    return {str(p.pk): p for p in qs}


def protection_block(props: dict[str, CulturalProperty], on: date, lang: str) -> dict[str, dict]:
    out = {}
    for pk, prop in props.items():
        found = protection_on(prop, on, lang)
        out[pk] = {
            "levels": found["levels"],
            "reason": found["reason"],
            "citations": found["citations"],
        }
    return out


def present_hits(
    sites, targets: Targets, radius: np.ndarray, hits, on: date, reverse: bool, lang: str
) -> list[dict]:
    rows = sites.rows
    pks = sorted({rows[int(s)].pk for s in hits.site})
    props = _properties(pks)
    protection = protection_block(props, on, lang)
    items = []
    for t, s, d in zip(
        hits.target.tolist(), hits.site.tolist(), hits.distance_m.tolist(), strict=True
    ):
        site = rows[s]
        reach = float(radius[t]) + (0.0 if reverse else site.buffer_m)
        why = hit_finding(
            reverse, site.code, targets.ids[t], site.levels, d, reach, site.precision == "area"
        )
        prop = props.get(site.pk)
        items.append(
            {
                "target": targets.ids[t],
                "target_lat": targets.lat[t],
                "target_lon": targets.lon[t],
                "radius_m": float(radius[t]),
                "property": {
                    "id": site.pk,
                    "code": site.code,
                    "name": prop.display_name(lang) if prop else site.code,
                    "category": site.category,
                    "state": site.state,
                    "synthetic": site.synthetic,
                },
                "precision": site.precision,
                "measured_to": site.measured_to,
                "location": {"lat": site.lat, "lon": site.lon, "area": site.area},
                "distance_m": round(d, 3),
                "buffer_m": site.buffer_m,
                "reach_m": reach,
                "levels": list(site.levels),
                "protection": protection.get(
                    site.pk, {"levels": list(site.levels), "reason": "", "citations": []}
                ),
                "reason": why.reason_in(lang),  # type: ignore[arg-type]
                "citations": list(why.labels(lang)),  # type: ignore[arg-type]
            }
        )
    return items


def _check_radius(radius_m: float) -> None:
    if not (math.isfinite(radius_m) and 0 <= radius_m <= 1e6):
        raise RecordInvalid([FieldError("radius_m", "metres from 0 to 1,000,000")])


def screen(
    user,
    targets: Targets,
    on: date,
    radius_m: float = 0.0,
    reverse: bool = False,
    buffers: dict[str, float] | None = None,
    lang: str = "en",
    source: bytes | None = None,
    name: str = "",
    run: ScreeningRun | None = None,
    progress: Progress | None = None,
) -> dict:
    """Screen ``targets`` on ``on``: each target's radius (else ``radius_m``) plus each
    property's buffer (the reverse screen: the distance alone). Kept as a run, audited."""
    check(user)
    _check_radius(radius_m)
    lang = _lang(lang)
    policy = buf.policy(buffers)
    if progress:
        progress("sites", 0, None)
    sites = site_sets.for_reader(user, on, policy)
    radius = np.array([radius_m if r is None else r for r in targets.radius_m], dtype=np.float64)
    if progress:
        progress("screening", 0, len(targets))
    hits = sites.index.screen(targets.lat, targets.lon, radius, with_buffers=not reverse)
    if progress:
        progress("describing", len(targets), len(targets))
    items = present_hits(sites, targets, radius, hits, on, reverse, lang)
    kind = ScreeningRun.REVERSE if reverse else ScreeningRun.SCREEN
    counts = {"targets": len(targets), "sites": len(sites.rows), "hits": len(items)}
    digest = hashlib.sha256(source).hexdigest() if source is not None else ""
    with transaction.atomic():
        if run is None:
            run = ScreeningRun.objects.create(
                kind=kind,
                user=user,
                on=on,
                params={"radius_m": radius_m, "buffers": buffers or {}, "name": name},
            )
        run.status, run.counts, run.sha256, run.finished_at = (
            ScreeningRun.DONE,
            counts,
            digest,
            timezone.now(),
        )
        run.save(update_fields=["status", "counts", "sha256", "finished_at"])
        log.record(
            user,
            "screen",
            "screening_run",
            run.pk,
            {"kind": kind, "on": on.isoformat(), "radius_m": radius_m, "sha256": digest, **counts},
            f"{kind} on {on.isoformat()}: {counts['targets']} targets, {counts['hits']} hits",
        )
    return {
        "run": str(run.pk),
        "kind": kind,
        "on": on.isoformat(),
        "lang": lang,
        "radius_m": radius_m,
        "buffers": dict(policy.by_level),
        **counts,
        "items": items,
    }
