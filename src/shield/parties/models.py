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
