"""A NUL character anywhere in a request (path, query, cookie, form or JSON body) is refused
with 400 before any view runs: no text column stores one (PostgreSQL refuses it outright, so
a lookup with one would end in a server error), and no honest client sends one."""

from __future__ import annotations

import json

from django.http import HttpResponse, JsonResponse

MESSAGE = "contains a NUL character (U+0000), which no text may hold"
NORWEGIAN = "inneholder et NUL-tegn (U+0000), som ingen tekst kan inneholde"
JSON_SCAN_LIMIT = 64 * 1024 * 1024  # bodies beyond it are left to the view's own limits


def _nul_in(value, where: str) -> str | None:
    if isinstance(value, str):
        return where if "\x00" in value else None
    if isinstance(value, dict):
        for k, v in value.items():
            found = _nul_in(str(k), where) or _nul_in(v, f"{where}.{k}" if where else str(k))
            if found:
                return found
    if isinstance(value, list):
        for i, v in enumerate(value):
            found = _nul_in(v, f"{where}[{i}]")
            if found:
                return found
    return None


def nul_place(request) -> str | None:
    """Where the request holds a NUL character (``path``, ``query.<name>``, ``cookie.<name>``,
    ``form.<name>``, ``body.<field>``), or None."""
    if "\x00" in request.path:
        return "path"
    for source, data in (("query", request.GET), ("cookie", request.COOKIES)):
        for key, values in data.lists() if hasattr(data, "lists") else data.items():
            values = values if isinstance(values, list) else [values]
            if "\x00" in key or any("\x00" in v for v in values):
                return f"{source}.{key.replace(chr(0), '')}"
    content_type = request.content_type or ""
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        if content_type == "application/x-www-form-urlencoded":
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    return f"form.{key.replace(chr(0), '')}"
        elif content_type.endswith("json"):
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            if 0 < length <= JSON_SCAN_LIMIT and b"\\u0000" in request.body:
                try:
                    doc = json.loads(request.body)
                except ValueError:
                    return None  # not JSON: the view says so
                found = _nul_in(doc, "")
                return f"body.{found}" if found else None
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        place = nul_place(request)
        if place is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "error": "the request is not valid",
                    "errors": [{"field": place, "message": MESSAGE}],
                },
                status=400,
            )
        return HttpResponse(
            f"400 Bad Request: {place} {MESSAGE}.\n{place} {NORWEGIAN}.\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
