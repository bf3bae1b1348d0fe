"""Server errors in the form each client reads: JSON for the API, the site's page elsewhere."""

from django.views import defaults
from rest_framework.exceptions import server_error as api_server_error

from restapi import API_PREFIX


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return api_server_error(request)
    return defaults.server_error(request)
