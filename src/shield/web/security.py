"""What keeps the pages safe in a browser: the Content-Security-Policy, and the login page's
answer while django-axes holds a user name locked.

The policy allows scripts, styles, fonts, images and requests from this site only: Leaflet,
HTMX and the maps' scripts are vendored under ``static/`` and no page has an inline script or
event handler (page behaviour lives in ``web/site.js`` and ``web/maps.js``, configured by
``data-`` attributes). Inline ``style`` attributes are allowed (``style-src 'unsafe-inline'``):
the templates and Leaflet set a few, and a style cannot run code. Online map tiles are allowed
from the host of ``SHIELD_TILE_URL`` only when it is set.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def tile_source(url: str) -> str:
    """The CSP source that admits the tiles of a Leaflet URL template (``https://{s}.tile.
    openstreetmap.org/{z}/{x}/{y}.png`` → ``https://*.tile.openstreetmap.org``); empty when
    no URL is set."""
    if not url:
        return ""
    parts = urlsplit(url)
    scheme = parts.scheme or "https"
    labels = (parts.hostname or "").split(".")
    if not labels[0]:
        return ""
    if any("{" in label for label in labels[1:]):
        return f"{scheme}:"  # a placeholder inside the domain: no narrower source can say it
    if "{" in labels[0]:
        labels[0] = "*"
    port = f":{parts.port}" if parts.port else ""
    return f"{scheme}://{'.'.join(labels)}{port}"


@cache
def policy(tile_url: str) -> str:
    tiles = tile_source(tile_url)
    img = "'self' data:" + (f" {tiles}" if tiles else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {img}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy(settings.SHIELD_TILE_URL)
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for login throttling. Behind the production proxy
    (``SHIELD_TRUST_FORWARDED_FOR``) it is the last address in X-Forwarded-For, the one the
    proxy itself appended (those before it are the client's word); otherwise REMOTE_ADDR."""
    if getattr(settings, "SHIELD_TRUST_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


def lockout_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return max(1, round(cooloff.total_seconds() / 60)) if cooloff else 0


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The login page again, with why it refuses (429): too many failed logins for this user
    name from this address."""
    minutes = lockout_minutes()
    message = (
        ngettext(
            "Too many failed logins for this user name from your address. Logging in is "
            "blocked for %(minutes)d minute; try again then.",
            "Too many failed logins for this user name from your address. Logging in is "
            "blocked for %(minutes)d minutes; try again then.",
            minutes,
        )
        % {"minutes": minutes}
        if minutes
        else _(
            "Too many failed logins for this user name from your address. Ask an "
            "administrator to unlock it."
        )
    )
    return render(
        request,
        "web/login.html",
        {"locked_out": message, "next": request.POST.get("next", "")},
        status=429,
    )
