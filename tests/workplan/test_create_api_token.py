"""`manage.py create_api_token`: a new token on the last line; --revoke."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_prints_a_new_token_on_its_last_line():
    officer = UserFactory(username="officer", groups=["Secretariat"])

    lines = run("officer")

    assert lines == [Token.objects.get(user=officer).key]


def test_it_replaces_the_old_token():
    officer = UserFactory(username="officer", groups=["Secretariat"])
    old = Token.objects.create(user=officer).key

    lines = run("officer")

    assert lines == ["The old token of officer no longer works.", Token.objects.get().key]
    assert lines[-1] != old


def test_it_warns_that_a_viewer_token_only_reads():
    viewer = UserFactory(username="reader", groups=["Viewers"])

    lines = run("reader")

    assert lines == [
        "Note: reader is not in the Secretariat group: the token can read but not write.",
        Token.objects.get(user=viewer).key,
    ]


def test_it_revokes_a_token():
    officer = UserFactory(username="officer", groups=["Secretariat"])
    Token.objects.create(user=officer)

    lines = run("officer", "--revoke")

    assert (lines, Token.objects.count()) == (["Revoked the token of officer."], 0)


def test_it_refuses_an_unknown_user():
    with pytest.raises(CommandError, match=r"No user named 'nobody'\."):
        run("nobody")
