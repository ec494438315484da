"""A system check that refuses a missing SECRET_KEY wherever Django's checks run: so
``python -m django runserver`` (or any manage command) stops at start with the way to make
a key, rather than failing on its first request (settings.SECRET_KEY_HELP)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def secret_key_is_set(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's word for an empty key
        key = ""
    if key:
        return []
    return [
        checks.Error(
            "SECRET_KEY is not set.",
            hint=getattr(settings, "SECRET_KEY_HELP", None),
            id="shield.E001",
        )
    ]
