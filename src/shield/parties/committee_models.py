"""The Committee as elected: each election by the Meeting of the Parties and the seats it filled.

The rules are ``shield.treaty.committee``; ``shield.parties.elections`` records elections
through them (one transaction and one audit entry each). A seat covers ``starts_on`` up to the
day before ``ends_on``; an ordinary Meeting that elects successors ends the seats in their last
year on its day (``ended_by``), as ``shield.treaty.committee.MEMBERSHIP_READING`` says.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models

from shield.treaty.committee import ELECTORAL_GROUPS, EXPERTISE


class Election(models.Model):
    """One election of members of the Committee by a Meeting of the Parties."""

    held_on = models.DateField(unique=True)
    meeting = models.CharField(
        max_length=120, blank=True, help_text="e.g. '6th Meeting of the Parties'"
    )
    ordinary = models.BooleanField(
        default=True, help_text="an ordinary Meeting (held with the General Conference)"
    )
    first = models.BooleanField(
        default=False, help_text="the first election, whose short terms are drawn by lot"
    )
    lot_seed = models.BigIntegerField(
        null=True, blank=True, help_text="the recorded seed of the draw by lot"
    )
    short_term_ends = models.DateField(
        null=True,
        blank=True,
        help_text="the day the next ordinary Meeting ends the short terms, if known",
    )
    synthetic = models.BooleanField(
        default=False, help_text="invented (demo) data, not a real election"
    )
    source = models.CharField(max_length=300, blank=True, help_text="where the result is published")
    finding = models.JSONField(
        default=dict, blank=True, help_text="the checks made when it was recorded"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "parties"
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.meeting or 'Election'} ({self.held_on.isoformat()})"


class Seat(models.Model):
    """A State's term on the Committee, from the election that filled it."""

    GROUPS = [(g, g) for g in ELECTORAL_GROUPS]

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="seats")
    state = models.ForeignKey(
        "parties.State", on_delete=models.PROTECT, related_name="committee_seats"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="the first day the seat is no longer held")
    short = models.BooleanField(
        default=False, help_text="a short term drawn by lot at the first election"
    )
    electoral_group = models.CharField(max_length=5, choices=GROUPS, blank=True)
    ended_by = models.ForeignKey(
        Election,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ended_seats",
        help_text="the ordinary Meeting that ended the term in its last year",
    )
    representative = models.CharField(max_length=200, blank=True)
    expertise = models.JSONField(
        default=list, blank=True, help_text=f"fields among {', '.join(EXPERTISE)}"
    )

    class Meta:
        app_label = "parties"
        ordering = ["starts_on", "state__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "state"], name="one_seat_per_state_per_election"
            )
        ]

    def __str__(self) -> str:
        return f"{self.state.code}: {self.starts_on.isoformat()} to {self.last_day.isoformat()}"

    @property
    def last_day(self):
        return self.ends_on - timedelta(days=1)
