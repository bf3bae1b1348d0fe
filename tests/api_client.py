"""Helpers for the REST API tests: requests as partners send them."""

from rest_framework.authtoken.models import Token

API = "/api/v1/"


def token_for(user):
    return Token.objects.create(user=user).key


def auth(key):
    return {"authorization": f"Token {key}"}


def absolute(path):
    return f"http://testserver{path}"
