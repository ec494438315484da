"""Who a user acts for, and API tokens for scripts."""

from __future__ import annotations

import hashlib
import logging
import secrets
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

LAST_USE_EVERY = timedelta(minutes=1)
"""A token's last use is recorded at most this often: a read writes at most once a minute."""


class Profile(models.Model):
    """The State a party officer acts for (a user acts for at most one State)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    state = models.ForeignKey("parties.State", null=True, blank=True, on_delete=models.PROTECT)

    def __str__(self) -> str:
        return f"{self.user} ({self.state or 'no State'})"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for scripts. Only its SHA-256 is stored; the raw token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, user, name: str, raw: str | None = None) -> tuple[ApiToken, str]:
        raw = raw or "hs_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=_digest(raw)), raw

    @classmethod
    def user_for(cls, raw: str):
        token = (
            cls.objects.select_related("user").filter(digest=_digest(raw), revoked=False).first()
        )
        if token is None or not token.user.is_active:
            return None
        token.note_use()
        return token.user

    def note_use(self) -> bool:
        """Record that the token was used, at most once a minute, never waiting and never failing.

        A read with a token must not wait on (or fail for) someone else's write: while an import
        holds SQLite's write lock the update is skipped at once (no busy wait), and on
        PostgreSQL it waits at most 100 ms for the row. Returns whether the time was recorded.
        """
        now = timezone.now()
        if self.last_used_at is not None and now - self.last_used_at < LAST_USE_EVERY:
            return False
        try:
            with _without_waiting():
                ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
        except DatabaseError as exc:
            log.info("API token %s: last use not recorded (%s)", self.pk, exc)
            return False
        self.last_used_at = now
        return True


@contextmanager
def _without_waiting():
    """A write that gives up at once when the database is locked, leaving any outer
    transaction usable (a savepoint inside one, a single statement outside)."""
    vendor = connection.vendor
    outer = connection.in_atomic_block
    if vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA busy_timeout")
            waited = cur.fetchone()[0]
            cur.execute("PRAGMA busy_timeout = 0")
        try:
            if outer:
                with transaction.atomic():
                    yield
            else:
                yield
        finally:
            with connection.cursor() as cur:
                cur.execute(f"PRAGMA busy_timeout = {int(waited)}")
    elif vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET LOCAL lock_timeout = '100ms'")
            yield
    else:
        with transaction.atomic():
            yield
