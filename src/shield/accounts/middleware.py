"""Bearer tokens for scripts: ``Authorization: Bearer <token>`` sets request.user."""

from __future__ import annotations

from django.http import JsonResponse

from .models import ApiToken


class BearerTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Bearer "):
            user = ApiToken.user_for(header[7:].strip())
            if user is None:
                return JsonResponse(
                    {
                        "error": "invalid or revoked API token",
                        "errors": [
                            {"field": "Authorization", "message": "the bearer token is not valid"}
                        ],
                    },
                    status=401,
                )
            request.user = user
            request._dont_enforce_csrf_checks = True
            request.shield_token_auth = True
        return self.get_response(request)
