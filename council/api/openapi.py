"""The OpenAPI 3.1 description of the read-only API, served at /api/v1/openapi.json. A test checks
every answer of every route against it (tests/api/test_openapi.py), so it says what is served."""

from __future__ import annotations

from typing import Any

from council.api import queries

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_INT = {"type": ["integer", "null"]}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}


def _obj(properties: dict[str, Any], *, extra: bool = False, required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties,
            "required": required if required is not None else list(properties), "additionalProperties": extra}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page(item: str) -> dict[str, Any]:
    return _obj({"data": {"type": "array", "items": _ref(item)},
                 "next": {"type": ["string", "null"], "description": "The next page, or null on the last."}})


_NAMED = _obj({"id": {"type": "integer"}, "name": {"type": ["string", "null"]}})
_ITEM_REF = _obj({"title": NULLABLE_STRING, "language": NULLABLE_STRING})

_FORWARDING_DATES = {
    "status": {"type": "string", "enum": ["sent", "acknowledged", "answered"]},
    "sent_at": {"type": "string", "format": "date-time"},
    "answer_requested_by": NULLABLE_DATE,
    "overdue": {"type": "boolean"},
    "acknowledged_at": NULLABLE_TIME,
    "answered_at": NULLABLE_TIME,
}

SCHEMAS: dict[str, Any] = {
    "Error": _obj({"error": _obj({"status": {"type": "integer"}, "code": {"type": "string"},
                                  "message": {"type": "string"}})}),
    "Index": _obj({"version": {"const": "v1"}, "authenticated": {"type": "boolean"},
                   "scope": {"type": ["string", "null"], "enum": ["read", None]},
                   "links": {"type": "object", "additionalProperties": {"type": "string"},
                             "required": ["openapi", "councils"]}}),
    "Council": _obj({
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "name_language": NULLABLE_STRING,
        "names": {"type": "object", "additionalProperties": {"type": "string"},
                  "description": "The council's name in each language it has one."},
        "region": _obj({"id": {"type": "integer"}, "name": {"type": "string"}}),
        "country": _obj({"id": NULLABLE_INT, "code": NULLABLE_STRING, "name": {"type": "string"}}),
        "working_languages": {"type": "array", "items": {"type": "string"}},
        "url": {"type": "string"},
    }),
    "Breakdown": {
        **_obj({
            "hidden": {"type": "boolean", "description": "Fewer people than the threshold in all: nothing shown."},
            "total": NULLABLE_INT,
            "cells": {"type": "array", "items": _obj({
                "key": {"type": "string", "description": "A gender or group key; empty for 'not stated'."},
                "state": {"type": "string", "enum": ["shown", "small", "withheld"]},
                "count": NULLABLE_INT,
                "share": {"type": ["number", "null"]},
            })},
        }),
        "description": "Counts only where at least `threshold` people stand behind them; 'small' is "
                       "1 to threshold-1 people, 'withheld' hides a cell from which a small one could be worked out.",
    },
    "CouncilProfile": {
        **_obj({
            "id": {"type": "integer"}, "name": {"type": "string"}, "name_language": NULLABLE_STRING,
            "names": {"type": "object", "additionalProperties": {"type": "string"}},
            "region": _obj({"id": {"type": "integer"}, "name": {"type": "string"}}),
            "country": _obj({"id": NULLABLE_INT, "code": NULLABLE_STRING, "name": {"type": "string"}}),
            "working_languages": {"type": "array", "items": {"type": "string"}},
            "url": {"type": "string"},
            "mandate": {"type": "string"},
            "mandate_language": NULLABLE_STRING,
            "composition": _obj({
                "as_of": {"type": "string", "format": "date",
                          "description": "Figures are those of the first day of the month."},
                "rounding": {"type": "integer", "description": "Counts are rounded to a multiple of this."},
                "threshold": {"type": "integer"},
                "women_target_percent": {"type": "integer"},
                "by_gender": _ref("Breakdown"),
                "by_group": _ref("Breakdown"),
            }),
        }),
    },
    "Item": _obj({
        "id": {"type": "integer"}, "title": {"type": "string"}, "language": {"type": "string"},
        "description": {"type": "string", "description": "Markdown, as written."},
        "theme": {"type": "string"}, "status": {"type": "string"}, "place": {"type": "string"},
        "deadline": NULLABLE_TIME, "merged_into": NULLABLE_INT, "posts": {"type": "integer"},
        "created_at": {"type": "string", "format": "date-time"},
    }),
    "SummaryEntry": _obj({
        "id": {"type": "integer"},
        "item": _obj({"id": {"type": "integer"}, "title": {"type": "string"}, "language": {"type": "string"}}),
        "language": {"type": "string"}, "adopted_at": NULLABLE_TIME,
        "endorsements": {"type": "integer"}, "objections": {"type": "integer"}, "url": {"type": "string"},
    }),
    "Summary": _obj({
        "id": {"type": "integer"},
        "item": _obj({"id": {"type": "integer"}, "title": {"type": "string"}, "language": {"type": "string"}}),
        "council": _obj({"id": {"type": "integer"}, "name": {"type": "string"}}),
        "language": {"type": "string"},
        "version": NULLABLE_INT,
        "adopted_version": NULLABLE_INT,
        "adopted_at": NULLABLE_TIME,
        "sections": {"type": "object", "additionalProperties": {"type": "string"},
                     "description": "Markdown by section; citations of posts as written, [#id]."},
        "recommendations": {"type": "array", "items": _obj({
            "number": {"type": "integer"}, "text": {"type": "string"}, "addressee": {"type": "string"}})},
        "participation": {"type": "object", "description": "Figures recorded at adoption, with disclosure control."},
        "endorsements": {"type": "integer"},
        "objections": {"type": "integer"},
        "standing_objections": {"type": "array", "items": _obj({"reason": {"type": "string"},
                                                                 "version": NULLABLE_INT})},
        "corrections": {"type": "array", "items": _obj({"version": {"type": "integer"},
                                                         "date": {"type": "string", "format": "date-time"},
                                                         "note": {"type": "string"}})},
        "forwardings": {"type": "array", "items": _obj({
            "destination": _NAMED,
            **_FORWARDING_DATES,
            "corrected_at": NULLABLE_TIME,
            "answer": {"oneOf": [{"type": "null"}, _ref("Answer")]},
        })},
    }),
    "Answer": _obj({
        "text": {"type": "string"}, "language": NULLABLE_STRING,
        "recommendations": {"type": "array", "items": _obj({"number": {"type": "integer"},
                                                            "stance": {"type": "string"},
                                                            "text": {"type": "string"}})},
    }),
    "Signal": {
        "type": "object",
        "description": "A row of the council's JSON export of signals: ACLED's columns, then ours; points "
                       "blurred to about 1 km and sources' identities left out for readers who may not know them.",
        "properties": {
            "event_id_cnty": {"type": "string"}, "event_date": {"type": "string", "format": "date"},
            "year": {"type": "integer"}, "title": {"type": "string"}, "language": {"type": "string"},
            "severity": {"type": "integer"}, "status": {"type": "string"}, "confidentiality": {"type": "string"},
            "council_id": {"type": "integer"}, "latitude": {"type": "string"}, "longitude": {"type": "string"},
            "source": {"type": "string"}, "notes": {"type": "string"},
            "sources": {"type": "array", "items": {
                "type": "object", "required": ["scale", "reliability", "seen_themselves"],
                "properties": {"scale": {"type": "string"}, "reliability": {"type": "string"},
                               "seen_themselves": {"type": ["boolean", "null"]}, "description": {"type": "string"}},
                "additionalProperties": False}},
            "impacts": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["event_id_cnty", "event_date", "title", "severity", "status", "confidentiality", "council_id",
                     "sources", "impacts"],
        "additionalProperties": {"type": ["string", "integer", "number", "boolean", "null"]},
    },
    "ForwardingEntry": _obj({
        "id": {"type": "integer"}, "council": _NAMED, "destination": _NAMED, "item": _ITEM_REF,
        "language": NULLABLE_STRING, **_FORWARDING_DATES, "corrected_at": NULLABLE_TIME, "url": {"type": "string"},
    }),
    "Forwarding": _obj({
        "id": {"type": "integer"},
        "council": _obj({"id": {"type": "integer"}, "name": {"type": "string"}}),
        "destination": _obj({"id": {"type": "integer"}, "name": {"type": "string"}}),
        "item": _obj({"title": {"type": "string"}, "language": {"type": "string"}}),
        "language": {"type": "string"},
        "version": {"type": "integer"},
        "adopted_at": NULLABLE_TIME,
        **_FORWARDING_DATES,
        "correction": {"oneOf": [{"type": "null"}, _obj({"sent_at": {"type": "string", "format": "date-time"},
                                                          "note": {"type": "string"}})]},
        "covering_note": {"type": "string"},
        "sections": {"type": "object", "additionalProperties": {"type": "string"},
                     "description": "Markdown by section; citations of posts read 'post N'."},
        "recommendations": {"type": "array", "items": _obj({
            "number": {"type": "integer"}, "text": {"type": "string"}, "addressee": {"type": "string"},
            "answer": {"oneOf": [{"type": "null"}, _obj({"stance": {"type": "string"}, "text": {"type": "string"}})]},
        })},
        "answer": {"oneOf": [{"type": "null"}, _obj({"text": {"type": "string"}, "language": NULLABLE_STRING})]},
        "participation": {"type": "object"},
        "endorsements": {"type": "integer"},
        "objections": {"type": "integer"},
        "standing_objections": {"type": "array", "items": {"type": "string"}},
    }),
}
SCHEMAS["OpenAPI"] = {"type": "object", "required": ["openapi", "paths"]}
SCHEMAS["CouncilPage"] = _page("Council")
SCHEMAS["ItemPage"] = _page("Item")
SCHEMAS["SummaryPage"] = _page("SummaryEntry")
SCHEMAS["SignalPage"] = _page("Signal")
SCHEMAS["ForwardingPage"] = _page("ForwardingEntry")

_ERROR_TEXTS = {
    "400": "A parameter or the cursor is not valid.",
    "401": "No token, or a token that is unknown, revoked or of an account that is not active.",
    "403": "The token's owner may not see this.",
    "404": "Nothing here, or nothing the token's owner may see.",
    "429": "Too many requests.",
}
RESPONSES = {code: {"description": text, "content": {"application/json": {"schema": _ref("Error")}}}
             for code, text in _ERROR_TEXTS.items()}

PARAMETERS = {
    "limit": {"name": "limit", "in": "query", "required": False,
              "description": f"Rows per page ({queries.DEFAULT_LIMIT} unless said).",
              "schema": {"type": "integer", "minimum": 1, "maximum": queries.MAX_LIMIT}},
    "cursor": {"name": "cursor", "in": "query", "required": False,
               "description": "Where the page starts: take it from the previous page's `next` link.",
               "schema": {"type": "string"}},
    "council_id": {"name": "council_id", "in": "path", "required": True, "schema": {"type": "integer"}},
    "summary_id": {"name": "summary_id", "in": "path", "required": True, "schema": {"type": "integer"}},
    "forwarding_id": {"name": "forwarding_id", "in": "path", "required": True, "schema": {"type": "integer"}},
}

OPTIONAL_TOKEN = [{}, {"token": []}]
TOKEN = [{"token": []}]


def _op(summary: str, schema: str, errors: list[str], *, params: list[str] = (), security=OPTIONAL_TOKEN,
        listing: bool = False) -> dict[str, Any]:
    parameters = [{"$ref": f"#/components/parameters/{p}"} for p in params]
    if listing:
        parameters += [{"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/cursor"}]
        errors = sorted({*errors, "400"})
    return {"get": {
        "summary": summary,
        "security": security,
        "parameters": parameters,
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": _ref(schema)}}},
            **{code: {"$ref": f"#/components/responses/{code}"} for code in sorted({*errors, "401", "403", "429"})},
        },
    }}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Council read-only API",
            "version": "1",
            "description": "Read-only JSON. Without a token: councils, their public profiles and composition. "
                           "With a personal token (made on one's account page, sent as "
                           "'Authorization: Bearer <token>'): what its owner may see on the pages, and nothing more.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/": _op("What there is, and who asks", "Index", []),
            "/openapi.json": _op("This description", "OpenAPI", []),
            "/councils": _op("Every council", "CouncilPage", [], listing=True),
            "/councils/{council_id}": _op("A council's public profile and composition", "CouncilProfile", ["404"],
                                          params=["council_id"]),
            "/councils/{council_id}/items": _op("The council's agenda items", "ItemPage", ["401", "403", "404"],
                                                params=["council_id"], security=TOKEN, listing=True),
            "/councils/{council_id}/summaries": _op("The council's adopted summaries", "SummaryPage",
                                                    ["401", "403", "404"], params=["council_id"], security=TOKEN,
                                                    listing=True),
            "/councils/{council_id}/summaries/{summary_id}": _op(
                "An adopted summary, where it was forwarded and the answers", "Summary", ["401", "403", "404"],
                params=["council_id", "summary_id"], security=TOKEN),
            "/councils/{council_id}/signals": _op("The council's early-warning signals the owner may see",
                                                  "SignalPage", ["401", "403", "404"], params=["council_id"],
                                                  security=TOKEN, listing=True),
            "/forwardings": _op("Summaries forwarded to the destinations the owner reads for", "ForwardingPage",
                                ["401", "403"], security=TOKEN, listing=True),
            "/forwardings/{forwarding_id}": _op("A forwarded summary as its destination reads it", "Forwarding",
                                                ["401", "404"], params=["forwarding_id"], security=TOKEN),
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "A personal, read-only API token."}},
            "schemas": SCHEMAS,
            "responses": RESPONSES,
            "parameters": PARAMETERS,
        },
    }
