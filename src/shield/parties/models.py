"""States: the actors of the treaty. Instruments and the Committee join them in later work."""

from __future__ import annotations

from django.db import models


class State(models.Model):
    """A State (or a non-State party to a conflict, Art. 3(2)), by a stable code.

    ``code`` is ISO 3166-1 alpha-3 where one exists. Names are kept per language; no
    name is privileged except by the reader's language.
    """

    code = models.CharField(max_length=8, unique=True)
    name_en = models.CharField(max_length=200)
    name_nb = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, lang: str) -> str:
        if lang.startswith("nb") and self.name_nb:
            return self.name_nb
        return self.name_en


class Instrument(models.Model):
    """A State's instrument concerning the Second Protocol, as the depositary records it.

    The register is the source of every treaty-status finding (shield.treaty.status): the
    Protocol's own entry into force is computed from it, never typed in.
    """

    TYPES = [(t, t) for t in ("signature", "ratification", "acceptance", "approval", "accession", "succession")]

    state_name = models.CharField(max_length=200, help_text="the State as the depositary names it")
    state = models.ForeignKey(State, null=True, blank=True, on_delete=models.SET_NULL, related_name="instruments")
    instrument_type = models.CharField(max_length=20, choices=TYPES)
    deposit_date = models.DateField()
    art44 = models.BooleanField(default=False, help_text="immediate effect for a party to a conflict (Art. 44)")
    hostilities_began = models.DateField(null=True, blank=True)
    denunciation_date = models.DateField(null=True, blank=True, help_text="the day the denunciation was received")
    in_armed_conflict_at_denunciation = models.BooleanField(default=False)
    end_of_hostilities = models.DateField(null=True, blank=True)
    end_of_repatriation = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["deposit_date", "state_name"]
        constraints = [models.UniqueConstraint(fields=["state_name", "instrument_type"], name="one_instrument_of_a_kind")]

    def __str__(self) -> str:
        return f"{self.state_name}: {self.instrument_type} {self.deposit_date}"
