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


class Checkpoint(models.Model):
    """A signed head of the transparency log over the audit entries (shield.translog): the
    first ``size`` entries have the Merkle root ``root``; ``note`` is the signed checkpoint
    exactly as issued (C2SP format). Never changed or deleted (database triggers)."""

    size = models.BigIntegerField(db_index=True)
    root = models.CharField(max_length=64)  # hex
    note = models.TextField()
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["-size", "-id"]
        constraints = [models.UniqueConstraint(fields=["size", "root"], name="checkpoint_once")]

    def __str__(self) -> str:
        return f"checkpoint of {self.size} entries ({self.root[:12]}…)"


class Cosignature(models.Model):
    """A witness's cosignature of a checkpoint (C2SP tlog-cosignature): the witness checked
    that the log only grew since the last checkpoint it cosigned. ``line`` is its signature
    line, published beside the log's own; ``cosigned_at`` the witness's time (Unix seconds)."""

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, related_name="cosignatures"
    )
    witness = models.CharField(max_length=200)
    key_id = models.CharField(max_length=8)
    cosigned_at = models.BigIntegerField()
    line = models.TextField()
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["checkpoint", "witness"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "witness", "key_id"], name="cosigned_once_per_witness"
            )
        ]


class CheckpointTimestamp(models.Model):
    """A trusted time for a checkpoint: an RFC 3161 timestamp token over its signed note,
    from a timestamp authority independent of the log."""

    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="timestamps")
    authority = models.CharField(max_length=300)
    token = models.BinaryField()
    gen_time = models.DateTimeField()
    received_at = models.DateTimeField()
