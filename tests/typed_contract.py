"""A guard on the API's typed contract: the JSON an operation answers (2xx) is the JSON its
view returned, key for key, with the same types. An output schema
describes what a presenter writes; it must never drop a key the presenter wrote (ninja leaves
out what a schema does not name), add one (a default written as null), or turn a value into
another (``3`` into ``3.0``).

``tests/conftest.py`` applies it to every test that calls the API."""

from __future__ import annotations

import json
from typing import Any

from ninja.operation import Operation
from ninja.responses import NinjaJSONEncoder

ADDED = {
    # Operations whose answer was typed before this guard, and differs from what the view
    # writes in a way clients already see: keys the schema adds (with their default).
    ("POST", "/api/listing/tentative"): {"note"},
    ("GET", "/api/jobs/{job_id}"): {"file"},
    ("GET", "/api/treaty/parties/{state}"): {"is_party"},
}


def differences(raw: Any, answered: Any, where: str = "") -> list[str]:
    if isinstance(raw, dict) and isinstance(answered, dict):
        out = [f"{where}.{k}: dropped" for k in raw if k not in answered]
        out += [f"{where}.{k}: added" for k in answered if k not in raw]
        for key in raw:
            if key in answered:
                out += differences(raw[key], answered[key], f"{where}.{key}")
        # Key order is not compared: a JSON object is unordered (RFC 8259), and PostgreSQL's
        # jsonb keeps the keys of a stored object in an order of its own.
        return out
    if isinstance(raw, list) and isinstance(answered, list):
        if len(raw) != len(answered):
            return [f"{where}: {len(raw)} items written, {len(answered)} answered"]
        out = []
        for i, (a, b) in enumerate(zip(raw, answered, strict=True)):
            out += differences(a, b, f"{where}[{i}]")
        return out
    if raw != answered or type(raw) is not type(answered):
        return [f"{where}: {raw!r} written, {answered!r} answered"]
    return []


def _allowed(problem: str, added: set[str]) -> bool:
    if not problem.endswith(": added"):
        return False
    key = problem.removesuffix(": added").rsplit(".", 1)[-1]
    return key in added


_original = Operation._result_to_response


def _checked(self, request, result, temporal_response):
    response = _original(self, request, result, temporal_response)
    status = getattr(response, "status_code", 0)
    value = getattr(result, "value", result)  # a Status, or the body itself
    if not (200 <= status < 300) or not isinstance(value, (dict, list)):
        return response
    if not response.get("Content-Type", "").startswith("application/json"):
        return response
    raw = json.loads(json.dumps(value, cls=NinjaJSONEncoder))
    answered = json.loads(response.content)
    route = (request.method, _route_of(self, request))
    problems = [
        p for p in differences(raw, answered, "body") if not _allowed(p, ADDED.get(route, set()))
    ]
    if problems:
        raise AssertionError(
            f"{request.method} {request.path}: the answer is not what the view wrote "
            f"(its response schema differs from its presenter):\n  " + "\n  ".join(problems[:20])
        )
    return response


def _route_of(operation: Operation, request) -> str:
    match = getattr(request, "resolver_match", None)
    route = getattr(match, "route", "") or ""
    return "/" + route.replace("<", "{").replace(">", "}").replace("str:", "").replace(
        "uuid:", ""
    ).replace("int:", "").replace("path:", "")


def install(monkeypatch) -> None:
    monkeypatch.setattr(Operation, "_result_to_response", _checked)
