"""The append-only audit log every app writes to."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=40)
    target_type = models.CharField(max_length=80, db_index=True)
    target_id = models.CharField(max_length=64, db_index=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_type} {self.target_id}"

    def body(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "summary": self.summary,
            "changes": self.changes,
        }

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are append-only")
