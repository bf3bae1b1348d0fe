"""Helpers for the REST API tests: requests as partners send them."""

from django.utils import timezone
from rest_framework.authtoken.models import Token

API = "/api/v1/"


def token_for(user):
    return Token.objects.create(user=user).key


def auth(key):
    return {"authorization": f"Token {key}"}


def absolute(path):
    return f"http://testserver{path}"


def local(moment):
    """A time as the API writes it: ISO 8601 in the site's time zone."""
    return moment.astimezone(timezone.get_current_timezone()).isoformat()


def ids(response):
    return [record["id"] for record in response.json()["results"]]
