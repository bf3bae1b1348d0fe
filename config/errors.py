"""Server errors in the form each client reads: JSON for the API, the site's page elsewhere.

While the database cannot be reached, the answer is a 503 with `Retry-After`, never a 500:
the request may succeed in a moment, and a write was not made at all (each write is one
transaction). Anonymous reads with a rendered copy are answered from it (sync.cache).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from rest_framework.exceptions import server_error as api_server_error

from restapi import API_PREFIX

RETRY_AFTER_SECONDS = 30


def server_error(request):
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return unavailable(request)
    if request.path.startswith(API_PREFIX):
        return api_server_error(request)
    return defaults.server_error(request)


def unavailable(request):
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(
            {"detail": "The service is briefly unavailable: try again shortly."}, status=503
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
