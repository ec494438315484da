"""Authentication for writes in the API: an API token, or a session with its CSRF token.

It lives with the tokens (not in ``shield.api``) so that each app's router can use it without
importing the package that mounts it (no import cycle; pyproject.toml [tool.importlinter])."""

from __future__ import annotations

from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from .models import ApiToken


class BearerToken(HttpBearer):
    """Checked by shield.accounts.middleware for ``Bearer``; the scheme's name is
    case-insensitive (RFC 9110), so ``bearer`` or ``BEARER`` is checked here the same way."""

    def authenticate(self, request, token):
        if getattr(request, "shield_token_auth", False):
            return request.user
        user = ApiToken.user_for(token.strip())
        if user is None:
            raise HttpError(401, "invalid or revoked API token")
        request.user = user
        request._dont_enforce_csrf_checks = True
        request.shield_token_auth = True
        return user


WRITE_AUTH = [BearerToken(), django_auth]
