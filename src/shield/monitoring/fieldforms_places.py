"""Which property a survey's submission is about, and why: by its site id, by its name in
any script (``shield.matching``), by distance (a radius, on the WGS84 ellipsoid), or none:
then a place to review, one per site the survey names (``PlaceToReview``)."""

from __future__ import annotations

from dataclasses import dataclass

from geographiclib.geodesic import Geodesic

from shield import matching
from shield.registry.disclosure import find_visible, sees_exact, visible_to
from shield.registry.models import CulturalProperty

from .fieldforms_models import FieldForm, PlaceToReview

DEFAULT_RADIUS_M = 250.0


@dataclass
class Match:
    property: CulturalProperty | None
    how: str  # "site id", "reviewed place", "name", "distance", "to review"
    why: str
    distance_m: float | None = None
    place: PlaceToReview | None = None
    code: str = ""  # ``why``, stable, for a door to word with ``params`` (fieldforms_words)
    params: dict[str, str] | None = None

    def as_json(self) -> dict:
        return {
            "how": self.how,
            "why": self.why,
            "distance_m": round(self.distance_m, 1) if self.distance_m is not None else None,
            "property": self.property.code if self.property else None,
            "code": self.code,
            "params": {k: str(v) for k, v in (self.params or {}).items()},
        }


def find_many(user, refs) -> dict[str, CulturalProperty | None]:
    """``disclosure.find_visible`` for many references at once: each reference (stripped, as
    there) -> the property the reader means by it, or None. The same records (``visible_to``)
    and the same order of meaning (UUID, then code, then external id), in a few queries."""
    from shield.registry.ids import as_uuid

    wanted = {str(r or "").strip() for r in refs} - {""}
    out: dict[str, CulturalProperty | None] = {}
    by_pk: dict = {}
    by_code: dict[str, CulturalProperty] = {}
    by_ext: dict[str, CulturalProperty] = {}
    keys = {ref: as_uuid(ref) for ref in wanted}
    pks = [k for k in keys.values() if k]
    names = sorted(wanted)
    step = 5000
    base = visible_to(user).select_related("inventory_state").order_by("pk")
    for i in range(0, len(pks), step):
        for prop in base.filter(pk__in=pks[i : i + step]):
            by_pk[prop.pk] = prop
    for i in range(0, len(names), step):
        chunk = names[i : i + step]
        for prop in base.filter(code__in=chunk):
            by_code.setdefault(prop.code, prop)
        for prop in base.filter(external_id__in=chunk):
            by_ext.setdefault(prop.external_id, prop)
    for ref in wanted:
        key = keys[ref]
        out[ref] = (by_pk.get(key) if key else None) or by_code.get(ref) or by_ext.get(ref)
    return out


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"])


class Matcher:
    """Matches submissions of one import; remembers the places it proposed so that the
    same unknown site named twice is one place to review."""

    def __init__(self, user, form: FieldForm, radius_m: float = DEFAULT_RADIUS_M):
        self.user, self.form, self.radius_m = user, form, radius_m
        self.new_places: dict[str, PlaceToReview] = {}  # key -> unsaved place
        self.cache: dict[tuple, Match] = {}
        self.found: dict[str, CulturalProperty | None] = {}  # site id -> find_visible's answer
        self.reviewed: dict[str, PlaceToReview | None] = {}  # site id -> its reviewed place

    def prime(self, site_ids) -> dict[str, CulturalProperty | None]:
        """Find every site id of an import at once (``find_many``); returns what was found."""
        self.found.update(find_many(self.user, site_ids))
        return self.found

    def by_site_id(self, site_id: str) -> CulturalProperty | None:
        ref = site_id.strip()
        if ref not in self.found:
            self.found[ref] = find_visible(self.user, ref)
        return self.found[ref]

    def match(self, site_id: str, name: str, point: dict | None) -> Match:
        if site_id:  # a site id found (or reviewed) is the match wherever the point is
            key: tuple = (site_id,)
            if key in self.cache:
                return self.cache[key]
            found = self._by_site(site_id)
            if found is not None:
                self.cache[key] = found
                return found
        key = (site_id, name, round(point["lat"], 5) if point else None)
        if key not in self.cache:
            self.cache[key] = self._match(site_id, name, point)
        return self.cache[key]

    def _by_site(self, site_id: str) -> Match | None:
        prop = self.by_site_id(site_id)
        if prop is not None:
            return Match(
                prop,
                "site id",
                f"site id {site_id!r} is property {prop.code}",
                code="by_site_id",
                params={"site": site_id, "code": prop.code},
            )
        if site_id not in self.reviewed:
            self.reviewed[site_id] = (
                PlaceToReview.objects.filter(form__form_id=self.form.form_id, site_id=site_id)
                .exclude(property=None)
                .select_related("property")
                .first()
            )
        reviewed = self.reviewed[site_id]
        if reviewed is not None and reviewed.property is not None:
            return Match(
                reviewed.property,
                "reviewed place",
                f"site id {site_id!r} was reviewed as property {reviewed.property.code}",
                code="by_review",
                params={"site": site_id, "code": reviewed.property.code},
            )
        return None

    def _match(self, site_id: str, name: str, point: dict | None) -> Match:
        """Once the site id (if any) found nothing: by name, by distance, or to review."""
        if name:
            found = self._by_name(name, point)
            if found is not None:
                return found
        if point:
            found = self._by_distance(point)
            if found is not None:
                return found
        return self._to_review(site_id, name, point)

    def _by_name(self, name: str, point: dict | None) -> Match | None:
        from shield.registry.search import name_candidates

        ids, _capped, _fragments = name_candidates(name, self.user)
        if not ids:
            return None
        best: tuple[float, float, CulturalProperty, str] | None = None
        props = visible_to(self.user).filter(pk__in=ids).prefetch_related("names")
        for prop in props:
            for n in prop.names.all():
                score = matching.similarity(name, n.text, n.lang or None)
                if score < matching.MATCH_THRESHOLD:
                    continue
                away = (
                    distance_m(point["lat"], point["lon"], prop.lat, prop.lon)
                    if point and prop.lat is not None and sees_exact(self.user, prop)
                    else float("inf")
                )
                if away != float("inf") and away > 50 * self.radius_m:
                    continue  # the same name far away is another place
                rank = (score, -away)
                if best is None or rank > (best[0], -best[1]):
                    best = (score, away, prop, n.text)
        if best is None:
            return None
        score, away, prop, text = best
        near = f", {away:.0f} m away" if away != float("inf") else ""
        return Match(
            prop,
            "name",
            f"name {name!r} matches {text!r} of {prop.code} (score {score:.0f}{near})",
            away if away != float("inf") else None,
            code="by_name_near" if near else "by_name",
            params={
                "name": name,
                "text": text,
                "code": prop.code,
                "score": f"{score:.0f}",
                "away": f"{away:.0f}" if near else "",
            },
        )

    def _by_distance(self, point: dict) -> Match | None:
        lat, lon = point["lat"], point["lon"]
        dlat = self.radius_m / 111_000 + 1e-6
        dlon = dlat / max(0.01, abs(__import__("math").cos(__import__("math").radians(lat))))
        near = visible_to(self.user).filter(
            lat__gte=lat - dlat, lat__lte=lat + dlat, lon__gte=lon - dlon, lon__lte=lon + dlon
        )
        best: tuple[float, CulturalProperty] | None = None
        for prop in near:
            if prop.lat is None or prop.lon is None or not sees_exact(self.user, prop):
                continue
            away = distance_m(lat, lon, prop.lat, prop.lon)
            if away <= self.radius_m and (best is None or away < best[0]):
                best = (away, prop)
        if best is None:
            return None
        away, prop = best
        return Match(
            prop,
            "distance",
            f"{away:.0f} m from {prop.code} (within {self.radius_m:.0f} m)",
            away,
            code="by_distance",
            params={"away": f"{away:.0f}", "code": prop.code, "radius": f"{self.radius_m:.0f}"},
        )

    def _to_review(self, site_id: str, name: str, point: dict | None) -> Match:
        key = site_id or name or (f"{point['lat']:.5f},{point['lon']:.5f}" if point else "")
        existing = None
        if site_id:
            existing = PlaceToReview.objects.filter(
                form__form_id=self.form.form_id, site_id=site_id, property=None
            ).first()
        elif name:
            existing = PlaceToReview.objects.filter(
                form__form_id=self.form.form_id, site_id="", name=name, property=None
            ).first()
        if existing is not None:
            return Match(
                None,
                "to review",
                f"site {key!r} is already a place to review (no property matched)",
                place=existing,
                code="known_place",
                params={"site": key},
            )
        place = self.new_places.get(key)
        if place is None:
            place = PlaceToReview(
                form=self.form,
                site_id=site_id[:200],
                name=name[:300],
                lat=point["lat"] if point else None,
                lon=point["lon"] if point else None,
            )
            if key:
                self.new_places[key] = place
        tried = ["site id" if site_id else "", "name" if name else "", "distance" if point else ""]
        return Match(
            None,
            "to review",
            f"no property matched by {', '.join(t for t in tried if t) or 'anything'}: "
            "a new place to review",
            place=place,
            code="new_place",
            params={"tried": ",".join(t for t in tried if t)},
        )
