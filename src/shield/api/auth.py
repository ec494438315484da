"""Authentication for writes: an API token, or a session with its CSRF token."""

from __future__ import annotations

from ninja.security import HttpBearer, django_auth


class BearerToken(HttpBearer):
    """Checked by shield.accounts.middleware; here it only documents and admits it."""

    def authenticate(self, request, token):
        if getattr(request, "shield_token_auth", False):
            return request.user
        return None


WRITE_AUTH = [BearerToken(), django_auth]
