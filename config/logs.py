"""Structured logs: one JSON object a line on stdout, for requests and errors.

Nothing that identifies a person or grants access goes in: no query strings
(they can carry tokens), no cookies, no headers, no client addresses, no
usernames. Where a log must tell one client from another (login lockouts), it
names them by a keyed pseudonym that only this deployment can recompute. A database
error keeps its first line only: PostgreSQL's DETAIL names the rejected row's values.
"""

import hashlib
import hmac
import json
import logging
import sqlite3
import time
import traceback
from datetime import UTC, datetime

import psycopg2
from django.conf import settings
from django.db import Error as DjangoDatabaseError

request_logger = logging.getLogger("workplan.request")

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as a field.
_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Django attaches the request and the socket to some records: objects full of private data.
_NEVER_LOGGED = {"request", "server_time", "socket"}
DATABASE_ERRORS = (DjangoDatabaseError, psycopg2.Error, sqlite3.Error)
CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message(record),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and key not in _NEVER_LOGGED:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)

    def formatException(self, exc_info):
        return format_exception(exc_info[1])


def message(record):
    if isinstance(record.args, tuple) and any(
        isinstance(arg, DATABASE_ERRORS) for arg in record.args
    ):
        record = logging.makeLogRecord(
            {**vars(record), "args": tuple(map(without_row_values, record.args))}
        )
    return record.getMessage()


def without_row_values(value):
    """A database error as its first line: the statement's failure without the DETAIL,
    HINT and CONTEXT lines that quote the rejected row (which may span several lines)."""
    if isinstance(value, DATABASE_ERRORS):
        return str(value).split("\n", 1)[0]
    return value


def format_exception(exc):
    """The trace of an exception and of those it was raised from, as Python prints it, with
    each database error reduced to its first line."""
    chain, seen = [], set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain.append(exc)
        if exc.__cause__ is not None:
            exc = exc.__cause__
        elif not exc.__suppress_context__:
            exc = exc.__context__
        else:
            exc = None
    parts = []
    for exc in reversed(chain):
        if parts:
            parts.append(CAUSE if exc.__cause__ is not None else CONTEXT)
        if exc.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(exc.__traceback__))
        if isinstance(exc, DATABASE_ERRORS):
            kind = type(exc)
            parts.append(f"{kind.__module__}.{kind.__qualname__}: {without_row_values(exc)}\n")
        else:
            parts.extend(traceback.format_exception_only(exc))
    return "".join(parts).rstrip("\n")


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
