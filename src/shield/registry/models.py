"""Cultural property and what the registry knows about it."""

from __future__ import annotations

import builtins

from django.db import models
from django.utils import timezone

from shield.geo.coarsen import cell_centre

from .ids import uuid7
from .vocab import (
    CATEGORIES,
    CONFIDENTIALITY,
    IDENTIFIER_SCHEMES,
    JURISDICTION_ROLES,
    LOCATION_CERTAINTY,
    MOVABLE_CATEGORIES,
    NAME_KINDS,
    PROTECTION_ACTIONS,
    PROTECTION_LEVELS,
)


def coarse_point(lat: float | None, lon: float | None) -> tuple[float | None, float | None]:
    if lat is None or lon is None:
        return None, None
    return cell_centre(lat, lon)


class PropertyQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)


class CulturalProperty(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    code = models.CharField(max_length=32, unique=True)
    external_id = models.CharField(max_length=200, unique=True, null=True, blank=True)
    category = models.CharField(max_length=40, choices=CATEGORIES, db_index=True)
    inventory_state = models.ForeignKey(
        "parties.State", on_delete=models.PROTECT, related_name="inventory"
    )
    description = models.TextField(blank=True)
    significance = models.TextField(blank=True)
    part_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="parts"
    )

    # Immovable property: a WGS84 point and an optional GeoJSON boundary.
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    boundary = models.JSONField(null=True, blank=True)
    location_certainty = models.CharField(
        max_length=20, choices=LOCATION_CERTAINTY, default="exact"
    )
    confidentiality = models.CharField(
        max_length=20, choices=CONFIDENTIALITY, default="public", db_index=True
    )
    # The centre of the ~10 km cell holding the point (shield.geo.coarsen): what the
    # unauthorised see, and what their map and bbox queries filter on.
    coarse_lat = models.FloatField(null=True, blank=True)
    coarse_lon = models.FloatField(null=True, blank=True)

    # Movable objects: the Object-ID standard (resolution 76/16 paras 2, 27).
    object_type = models.CharField(max_length=200, blank=True)
    materials_techniques = models.CharField(max_length=500, blank=True)
    measurements = models.JSONField(default=list, blank=True)
    inscriptions_markings = models.TextField(blank=True)
    distinguishing_features = models.TextField(blank=True)
    title = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    date_period = models.CharField(max_length=200, blank=True)
    maker = models.CharField(max_length=300, blank=True)
    inventory_number = models.CharField(max_length=100, blank=True)
    custodian = models.CharField(max_length=300, blank=True)
    current_place = models.CharField(max_length=300, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Indexed where set only (Meta.indexes): "deleted_at IS NULL" holds for nearly every record,
    # and an index the planner could take for it misleads it (registry.bulk.refresh_statistics).
    deleted_at = models.DateTimeField(null=True, blank=True)
    # The seq of the audit entry of the import that created it, if an import did
    # (registry.provenance); records made otherwise have a "create" entry of their own.
    created_in = models.BigIntegerField(
        null=True, blank=True, editable=False, verbose_name="created by the import logged as entry"
    )
    # Invented for the demo (or a test): never a real place. Every door that shows the
    # record says so (the List, the property page, search, exports).
    synthetic = models.BooleanField(
        default=False, db_index=True, help_text="invented demo data, not a real cultural property"
    )
    # The staged import that wrote it (registry.staging), if one did: hidden from every reader
    # until that import is published, and removed with it if it fails.
    staged_in = models.BigIntegerField(null=True, blank=True, editable=False)

    objects = PropertyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "cultural properties"
        indexes = [
            models.Index(fields=["lat", "lon"]),
            models.Index(fields=["coarse_lat", "coarse_lon"]),
            # A box's strips along its west and east sides (registry.maplayer.count_in_box)
            models.Index(fields=["lon", "lat"], name="registry_cp_lon_lat"),
            models.Index(fields=["coarse_lon", "coarse_lat"], name="registry_cp_coarse_lon"),
            models.Index(
                fields=["deleted_at"],
                condition=models.Q(deleted_at__isnull=False),
                name="registry_cp_deleted",
            ),
            models.Index(
                fields=["staged_in"],
                condition=models.Q(staged_in__isnull=False),
                name="registry_cp_staged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name()}"

    def save(self, *args, **kwargs):
        self.coarse_lat, self.coarse_lon = coarse_point(self.lat, self.lon)
        super().save(*args, **kwargs)

    @property
    def is_movable(self) -> bool:
        return self.category in MOVABLE_CATEGORIES

    def display_name(self, lang: str = "en") -> str:
        """The reader's language first; else an official name; else any name."""
        names = list(self.names.all())
        if not names:
            return self.title or self.code
        base = lang.split("-")[0]
        for pick in (
            lambda n: n.lang.split("-")[0] == base and n.kind == "official",
            lambda n: n.lang.split("-")[0] == base,
            lambda n: base == "nb" and n.lang.split("-")[0] in {"no", "nn"},
            lambda n: n.lang.split("-")[0] == "en",
            lambda n: n.kind == "official",
        ):
            for n in names:
                if pick(n):
                    return n.text
        return names[0].text


class PropertyName(models.Model):
    property = models.ForeignKey(CulturalProperty, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(max_length=300)
    lang = models.CharField(max_length=35, help_text="BCP 47 language tag")
    script = models.CharField(max_length=4, blank=True, help_text="ISO 15924 script code")
    kind = models.CharField(max_length=20, choices=NAME_KINDS, default="official")
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.text} [{self.lang}]"


class NameKey(models.Model):
    """Search keys of a property's names (see shield.matching.index_keys)."""

    # No index of its own: the unique (property, key) index serves lookups by property.
    property = models.ForeignKey(
        CulturalProperty, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=120, db_index=True)

    class Meta:
        unique_together = [("property", "key")]


class JurisdictionClaim(models.Model):
    """A State's control of or claim to the place where property lies (provision
    ``enhanced.disputed_territory`` in ``shield.treaty.provisions``).

    Every claimant is kept with its dates and source; none is privileged.
    """

    property = models.ForeignKey(CulturalProperty, on_delete=models.CASCADE, related_name="claims")
    state = models.ForeignKey("parties.State", on_delete=models.PROTECT)
    role = models.CharField(max_length=20, choices=JURISDICTION_ROLES)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    basis = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["valid_from", "id"]

    @builtins.property  # in this class, "property" is the field
    def state_code(self) -> str:
        return self.state.code


class ProtectionEvent(models.Model):
    """A dated change of a property's protection, with its cited basis."""

    property = models.ForeignKey(
        CulturalProperty, on_delete=models.CASCADE, related_name="protection_events"
    )
    level = models.CharField(max_length=30, choices=PROTECTION_LEVELS)
    action = models.CharField(max_length=30, choices=PROTECTION_ACTIONS)
    effective_date = models.DateField(db_index=True)
    basis = models.CharField(
        max_length=300, help_text="the provision or the Committee decision it rests on, cited"
    )
    note = models.TextField(blank=True)
    # "record": entered with the record (form, API, import); "procedure": written by a treaty
    # procedure (the List, suspension, military use). Re-importing a record never removes
    # what a procedure wrote.
    origin = models.CharField(
        max_length=10, choices=[("record", "record"), ("procedure", "procedure")], default="record"
    )

    class Meta:
        ordering = ["effective_date", "id"]
        # The List and ``level``/``on`` filters start from a level's events up to a date
        # (registry.search.in_force_ids), and the List's changes from its levels' newest.
        indexes = [models.Index(fields=["level", "effective_date"], name="registry_pe_level_date")]


class ExternalIdentifier(models.Model):
    """The record's number in another register (registry.identifiers): the World Heritage
    List, Wikidata, a State's national inventory (with the issuing State), INTERPOL's Stolen
    Works of Art database. ``value`` in the scheme's canonical spelling; ``key`` what search
    finds it by (``identifiers.search_key``)."""

    property = models.ForeignKey(
        CulturalProperty, on_delete=models.CASCADE, related_name="identifiers"
    )
    scheme = models.CharField(max_length=20, choices=IDENTIFIER_SCHEMES)
    state = models.ForeignKey(
        "parties.State", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.CharField(max_length=100)
    source = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=130, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"

    @builtins.property  # in this class, "property" is the field
    def state_code(self) -> str:
        state = self.state
        return state.code if state is not None else ""


class Photograph(models.Model):
    """A photograph of an object (Object-ID): a URL or a path in the media store, with its caption."""

    property = models.ForeignKey(
        CulturalProperty, on_delete=models.CASCADE, related_name="photographs"
    )
    url = models.CharField(max_length=500)
    caption = models.CharField(max_length=300, blank=True)
    taken_on = models.DateField(null=True, blank=True)
    credit = models.CharField(max_length=200, blank=True)


class StagedImport(models.Model):
    """A large import written in chunks, each its own short transaction, so that the registry
    keeps answering writes meanwhile (registry.staging). Its records name it (``staged_in``)
    and stay hidden from every reader until it is published: one small update that sets
    ``published_in``, the seq of its audit entry. A failed or abandoned import's records are
    removed, then its row."""

    started_at = models.DateTimeField(default=timezone.now)
    touched_at = models.DateTimeField(default=timezone.now)  # at every chunk written
    file = models.CharField(max_length=300)
    actor_label = models.CharField(max_length=150)
    host = models.CharField(max_length=255)
    pid = models.IntegerField()
    # State code -> the highest code number this import takes (no other write takes them)
    codes = models.JSONField(default=dict)
    published_in = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"import {self.pk} of {self.file}"


from .mapcells import MapCell  # noqa: E402, F401  (kept by triggers: registry.mapcells)
