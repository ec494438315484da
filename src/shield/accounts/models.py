"""Who a user acts for, and API tokens for scripts."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


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
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user
