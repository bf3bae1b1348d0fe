"""A cache of rendered responses for anonymous readers, keyed on the data version.

Pages and API GETs are the same for every anonymous reader until the data changes, so each
worker renders one once per data version and serves it from memory afterwards; conditional
GETs are answered from the stored ETag and Last-Modified. Every write raises the version
(``sync.versions``), which every worker reads from the database on each request, so a
change shows in the very next response of every worker, on every machine.

It sits near the top of the middleware, so a hit skips sessions, authentication, CSRF and
the view; it must come after SecurityMiddleware (HTTPS redirect) and WhiteNoise (static
files). Requests from signed-in users (a session cookie) and API clients with a token
(an Authorization header) always reach the view.

Each rendered response is also kept, for a day, as the last known copy of its URL: while
the database cannot be reached (the version cannot be read), an anonymous read with such
a copy is answered from it, marked as possibly stale (an `Age` header, and a notice on
pages). Anything else then gets a 503 (config.errors).
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from restapi.throttling import allow_anonymous
from sync import versions

CACHE_ALIAS = "responses"
# Pages that depend on today's date (an upcoming meeting) still change without a write.
TIMEOUT = 60
# Larger bodies (full CSV exports, bundles) are rare and would crowd out the pages.
MAX_BODY = 512 * 1024
# How long the last known copy of a URL may stand in while the database is unreachable.
STALE_TIMEOUT = 24 * 60 * 60
STALE_NOTICE = (
    b'<p class="notice" role="status">The site cannot reach its database just now: this '
    b"copy of the page may be out of date.</p>"
)
MAIN_TAG = re.compile(rb"<main\b[^>]*>")
VALIDATORS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# Never cached, and must not cost the version query: probes and the admin.
EXEMPT = ("/healthz", "/readyz", "/admin/")


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[CACHE_ALIAS]

    def __call__(self, request):
        address = self.address(request)
        if address is None:
            return self.get_response(request)
        try:
            version = versions.stamp()
        except (OperationalError, InterfaceError):
            stale = self.cache.get("stale:" + address)
            if stale is None or not allow_anonymous(request):
                raise  # a 503 (config.errors)
            return self.stale(*stale)
        key = "response:" + digest(f"{version}\n{address}")
        stored = self.cache.get(key)
        if stored is not None and allow_anonymous(request):
            return self.conditional(request, stored)
        # A conditional request is rendered whole, so that its response can be stored: a
        # view's 304 cannot be, and clients that always send their validators would never
        # be served from the cache again. Not for URLs whose response cannot be stored.
        validators = {}
        if not self.cache.has_key("unstorable:" + address):
            validators = {
                name: request.META.pop(name) for name in VALIDATORS if name in request.META
            }
        response = self.get_response(request)
        request.META.update(validators)
        if self.storable(request, response):
            stored = storable_copy(response)
            self.cache.set(key, stored, TIMEOUT)
            self.cache.set("stale:" + address, (time.time(), stored), STALE_TIMEOUT)
        elif validators:
            self.cache.set("unstorable:" + address, True, STALE_TIMEOUT)
        # As Django's ConditionalGetMiddleware does: a 304 in place of the rendered response.
        return self.conditional(request, response) if validators else response

    def address(self, request):
        """What an anonymous GET's response depends on besides the data (its URL and
        `Accept`), or None when the response may be personal."""
        if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
            return None
        if request.path.startswith(EXEMPT):
            return None
        if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
            return None
        try:
            url = request.build_absolute_uri()
        except DisallowedHost:
            return None
        return digest(f"{url}\n{request.META.get('HTTP_ACCEPT', '')}")

    def stale(self, stored_at, response):
        """The last known copy, marked: its age, and a notice on a page."""
        if response.get("Content-Type", "").startswith("text/html"):
            response.content = MAIN_TAG.sub(
                lambda match: match[0] + STALE_NOTICE, response.content, count=1
            )
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        response["Age"] = str(max(int(time.time() - stored_at), 0))
        response["Cache-Control"] = "no-cache"
        return response

    def storable(self, request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # The page holds a CSRF token: it belongs to this reader alone.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in cache_control
            and "no-store" not in cache_control
            and len(response.content) <= MAX_BODY
        )

    def conditional(self, request, response):
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def storable_copy(response):
    """A plain response with the rendered one's status, headers and body.

    What the cache keeps is pickled: a DRF response would carry its data beside the body,
    and rebuilding a response header by header costs more than the rest of a hit.
    """
    copy = HttpResponse(response.content, status=response.status_code)
    copy.headers = response.headers
    return copy
