"""The OpenAPI 3.0 definition of the OGC API - Features door (``/ogc/api``)."""

from __future__ import annotations


def _param(name: str, where: str, schema: dict, description: str, required: bool = False) -> dict:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema,
        "description": description,
        **({"style": "form", "explode": False} if schema.get("type") == "array" else {}),
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(description: str, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": {"type": "object"}}}}


def document(base: str, collection_ids: list[str]) -> dict:
    """The definition, its server at ``base`` (the landing page's address)."""
    from .ogc import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

    f_json = _param("f", "query", {"type": "string", "enum": ["json"]}, "the format: JSON")
    f_items = _param(
        "f", "query", {"type": "string", "enum": ["json", "geojson"]}, "the format: GeoJSON"
    )
    cid = _param(
        "collectionId", "path", {"type": "string", "enum": collection_ids}, "the collection"
    )
    fid = _param("featureId", "path", {"type": "string"}, "a property's code or id; an id")
    on = _param(
        "on", "query", {"type": "string", "format": "date"}, "the List only: the List on this date"
    )
    datetime = _param(
        "datetime",
        "query",
        {"type": "string"},
        "a date or date-time (RFC 3339), or an interval start/end ('..' for an open end): "
        "the List is read on one date; assessments by the day assessed; the registry ignores it",
    )
    bbox = _param(
        "bbox",
        "query",
        {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
        "west,south,east,north in CRS84 (longitude, latitude)",
    )
    limit = _param(
        "limit",
        "query",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        f"features per page (default {DEFAULT_LIMIT}; a larger value than {MAX_LIMIT} is "
        f"lowered to {MAX_LIMIT})",
    )
    offset = _param(
        "offset",
        "query",
        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        "features skipped (the next and prev links carry it)",
    )
    bad, missing = _error("a parameter is not valid"), _error("no such collection or feature")

    def get(summary: str, params: list, ok: dict, *errors: tuple[str, dict]) -> dict:
        responses = {"200": ok, "400": bad, **dict(errors)}
        return {"get": {"summary": summary, "parameters": params, "responses": responses}}

    geojson = "application/geo+json"
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Heritage Shield: OGC API - Features",
            "version": "1.0",
            "description": "The registry, the List and condition assessments, read as the "
            "reader may see them (a session or `Authorization: Bearer <token>`).",
        },
        "servers": [{"url": base.rstrip("/")}],
        "paths": {
            "/": get("The landing page", [f_json], _json("links to the parts")),
            "/api": get(
                "This definition",
                [f_json],
                _json("OpenAPI 3.0", "application/vnd.oai.openapi+json;version=3.0"),
            ),
            "/conformance": get("The conformance classes", [f_json], _json("conformsTo")),
            "/collections": get("The collections", [f_json], _json("the collections")),
            "/collections/{collectionId}": get(
                "One collection", [cid, f_json], _json("the collection"), ("404", missing)
            ),
            "/collections/{collectionId}/items": get(
                "A page of features",
                [cid, bbox, datetime, limit, offset, on, f_items],
                _json("a FeatureCollection", geojson),
                ("404", missing),
            ),
            "/collections/{collectionId}/items/{featureId}": get(
                "One feature",
                [cid, fid, datetime, on, f_items],
                _json("a Feature", geojson),
                ("404", missing),
            ),
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "errors"],
                    "properties": {
                        "error": {"type": "string"},
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "field": {"type": "string"},
                                    "message": {"type": "string"},
                                },
                            },
                        },
                    },
                }
            }
        },
    }
