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
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from rest_framework.request import Request
from rest_framework.settings import api_settings

from restapi import API_PREFIX
from sync import versions

CACHE_ALIAS = "responses"
# Pages that depend on today's date (an upcoming meeting) still change without a write.
TIMEOUT = 60
# Larger bodies (full CSV exports, bundles) are rare and would crowd out the pages.
MAX_BODY = 512 * 1024
# Never cached, and must not cost the version query: probes and the admin.
EXEMPT = ("/healthz", "/readyz", "/admin/")


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[CACHE_ALIAS]

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            return self.get_response(request)
        stored = self.cache.get(key)
        if stored is not None and not self.throttled(request):
            return self.conditional(request, rebuild(stored))
        response = self.get_response(request)
        if self.storable(request, response):
            self.cache.set(
                key, (response.status_code, list(response.items()), response.content), TIMEOUT
            )
        return response

    def key(self, request):
        """The cache key of an anonymous GET, or None when the response may be personal."""
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
        raw = "\n".join([str(versions.data_version()), url, request.META.get("HTTP_ACCEPT", "")])
        return "response:" + hashlib.sha256(raw.encode()).hexdigest()

    def throttled(self, request):
        """Whether the API's default throttles refuse this request (each one allowed counts it).

        A cached answer is cheap, but the limits of anonymous API clients hold all the same;
        a refused request goes on to the view, which answers 429 in the API's own words.
        """
        if not request.path.startswith(API_PREFIX):
            return False
        api_request = Request(request)
        return not all(
            throttle().allow_request(api_request, None)
            for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
        )

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


def rebuild(stored):
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
