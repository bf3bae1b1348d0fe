"""The OpenAPI schema's additions: the error responses, conditional GET and `format`."""

from restapi import API_PREFIX

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong."},
        "errors": {
            "type": "object",
            "description": "For a 400: the messages for each parameter or field at fault.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
    "example": {
        "detail": "Invalid status.",
        "errors": {
            "status": ["Select a valid choice. finished is not one of the available choices."]
        },
    },
}

ERRORS = {
    "400": "A parameter or field has a bad value, or is unknown; `errors` names it.",
    "401": "The token is missing (for a write) or not valid.",
    "403": "The token's user may not make this change.",
    "404": "No such record, page or format.",
    "406": "None of the media types in `Accept` can be served.",
    "415": "The request body is not JSON or form data.",
    "429": "Too many requests: wait the seconds in `Retry-After`.",
}

VALIDATOR_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Send back in `If-None-Match`."},
    "Last-Modified": {
        "schema": {"type": "string"},
        "description": "When the data last changed; send back in `If-Modified-Since`.",
    },
}


def document_errors(result, generator, request, public):
    """Declare, on each operation, the error statuses it can return, the conditional-GET
    headers and the `format` parameter: drf-spectacular only documents successes."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    # A write names only the fields it may change: any other field is a 400.
    for name, schema in schemas.items():
        if name.startswith("Patched") and name.endswith("Request"):
            schema["additionalProperties"] = False
    for path, operations in result["paths"].items():
        if not path.startswith(API_PREFIX):
            continue
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "id":
                    parameter["schema"] = {"type": "integer"}
                    parameter["description"] = "The record's id."
            statuses = ["400", "401", "404", "406", "429"]
            if method == "get":
                document_get(operation)
            else:
                statuses += ["403", "415"]
                document_write(operation)
            for status in statuses:
                operation["responses"][status] = {
                    "description": ERRORS[status],
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
    return result


def document_get(operation):
    # Reads are open to all; a token only raises the rate limit.
    operation["security"] = [*operation.get("security", []), {}]
    for parameter in operation["parameters"]:
        if parameter["name"] == "format":
            parameter["description"] = (
                "`csv` for CSV (as does `Accept: text/csv`); a list in CSV holds every "
                "matching record, without pages."
            )
    for name, description in (
        ("If-None-Match", "An `ETag` from an earlier response: 304 if nothing changed."),
        ("If-Modified-Since", "A `Last-Modified` from an earlier response: 304 if unchanged."),
    ):
        operation["parameters"].append(
            {
                "name": name,
                "in": "header",
                "required": False,
                "description": description,
                "schema": {"type": "string"},
            }
        )
    success = operation["responses"]["200"]
    success["headers"] = VALIDATOR_HEADERS
    if "text/csv" in success.get("content", {}):
        success["content"]["text/csv"] = {"schema": {"type": "string"}}
    operation["responses"]["304"] = {
        "description": "Not modified: the copy named by the validators is current.",
        "headers": VALIDATOR_HEADERS,
    }


def document_write(operation):
    """A write answers in JSON: the `format` parameter is for reads."""
    operation["parameters"] = [p for p in operation["parameters"] if p["name"] != "format"]
    success = operation["responses"]["200"]
    success["content"] = {"application/json": success["content"]["application/json"]}
