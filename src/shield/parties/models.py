"""States, the actors of the treaty: their instruments and the Committee's seats."""

from __future__ import annotations

from django.db import models


class State(models.Model):
    """A State (or a non-State party to a conflict, provision ``protocol.scope``), by a stable code.

    ``code`` is ISO 3166-1 alpha-3 where one exists. Names are kept per language; no
    name is privileged except by the reader's language.
    """

    code = models.CharField(max_length=8, unique=True)
    name_en = models.CharField(max_length=200)
    name_nb = models.CharField(max_length=200, blank=True)
    historical = models.BooleanField(
        default=False, help_text="a State that no longer exists (e.g. SUN, YUG)"
    )

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, lang: str) -> str:
        if lang.startswith("nb") and self.name_nb:
            return self.name_nb
        return self.name_en


class Instrument(models.Model):
    """A State's instrument concerning the Second Protocol or the 1954 Convention, as the
    depositary records it: one per treaty, State (by code) and kind of instrument.

    The register is the source of every treaty-status finding (shield.treaty.status): each
    treaty's own entry into force is computed from it, never typed in.
    """

    TREATIES = [("protocol", "Second Protocol (1999)"), ("convention", "Convention (1954)")]
    TYPES = [
        (t, t)
        for t in ("signature", "ratification", "acceptance", "approval", "accession", "succession")
    ]

    treaty = models.CharField(max_length=12, choices=TREATIES, default="protocol")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="instruments")
    state_name = models.CharField(
        max_length=200, blank=True, help_text="the State as the depositary names it"
    )
    instrument_type = models.CharField(max_length=20, choices=TYPES)
    deposit_date = models.DateField(
        help_text="the day of deposit (of notification, for a succession)"
    )
    art44 = models.BooleanField(
        default=False,
        help_text="immediate effect for a party to an armed conflict (provision "
        "status.immediate_effect; the Convention's equivalent)",
    )
    hostilities_began = models.DateField(null=True, blank=True)
    succession_date = models.DateField(
        null=True,
        blank=True,
        help_text="the date of the succession a notification of succession refers to",
    )
    denunciation_date = models.DateField(
        null=True, blank=True, help_text="the day the denunciation was received"
    )
    in_armed_conflict_at_denunciation = models.BooleanField(default=False)
    end_of_hostilities = models.DateField(null=True, blank=True)
    end_of_repatriation = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="a key explained in treaty/data/SOURCES.md, or a URL"
    )

    class Meta:
        ordering = ["treaty", "deposit_date", "state__code", "instrument_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["treaty", "state", "instrument_type"],
                name="one_instrument_per_treaty_state_and_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.state.code} {self.treaty}: {self.instrument_type} {self.deposit_date}"


from .committee_models import Election, Seat  # noqa: E402, F401  (the Committee as elected)
