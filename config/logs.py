"""Structured logs: one JSON object a line on stdout, for requests and errors.

Nothing that identifies a person or grants access goes in: no query strings
(they can carry tokens), no cookies, no headers, no client addresses, no
usernames. Where a log must tell one client from another (login lockouts), it
names them by a keyed pseudonym that only this deployment can recompute.
"""

import hashlib
import hmac
import json
import logging
import time
from datetime import UTC, datetime

from django.conf import settings

request_logger = logging.getLogger("workplan.request")

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as a field.
_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Django attaches the request and the socket to some records: objects full of private data.
_NEVER_LOGGED = {"request", "server_time", "socket"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and key not in _NEVER_LOGGED:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestLogMiddleware:
    """One line per request: method, path without its query string, route, status, time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "route": match.route if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def pseudonym(value):
    """A short keyed hash: the same client gets the same name in every line, and no name."""
    if not value:
        return "-"
    digest = hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


def axes_client_str(username, ip_address, user_agent, path_info, request):
    """How django-axes names a client in its log lines (AXES_CLIENT_STR_CALLABLE)."""
    return f"{{user: {pseudonym(username)}, client: {pseudonym(ip_address)}, path: {path_info}}}"
