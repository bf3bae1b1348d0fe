"""Two app servers, one database and one Redis: what one does, the other sees at once.

Runs on PostgreSQL with Redis (CI's second pass) and is skipped on the pass on SQLite;
outside CI it is skipped with the reason when Redis is missing. Alone: `DATABASE_URL=postgres://... REDIS_URL=redis://...
.venv/bin/pytest tests/test_two_servers.py`.
"""

import http.cookiejar
import json
import os
import re
import time
import urllib.parse
import urllib.request

import pytest
from rest_framework.authtoken.models import Token

from tests.conftest import require_tool
from tests.factories import PriorityFactory
from tests.officers import secretariat_officer
from tests.servers import fetch, gunicorn

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
PASSWORD = "Correct-horse-battery-42"

pytestmark = pytest.mark.django_db(transaction=True)


def redis_answers():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except Exception:
        return False


@pytest.fixture
def servers(tmp_path):
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        # Not a missing tool: the suite's pass on SQLite, whose servers cannot share one
        # database over the network. The pass on PostgreSQL runs it (CI runs both).
        pytest.skip("several servers share one PostgreSQL: runs in the PostgreSQL pass")
    require_tool(redis_answers(), f"Redis at {REDIS_URL} (set REDIS_URL)")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        "REDIS_URL": REDIS_URL,
        "API_THROTTLE_ANON": "3/min",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_AXES_FAILURE_LIMIT": "3",
    }
    with gunicorn(env) as first, gunicorn(env) as second:
        yield first, second


def test_it_shows_a_write_through_one_server_at_once_through_the_other(servers):
    first, second = servers
    priority = PriorityFactory(progress=0)
    token = Token.objects.create(user=secretariat_officer())
    url = f"/api/v1/priorities/{priority.pk}/"
    before = json.loads(fetch(second + url)[2])["progress"]

    written = fetch(
        first + url,
        data=json.dumps({"status": "in_progress", "progress": 40}).encode(),
        method="PATCH",
        headers={"Authorization": f"Token {token.key}", "Content-Type": "application/json"},
    )
    after = json.loads(fetch(second + url, {"Authorization": f"Token {token.key}"})[2])

    assert (before, written[0], after["progress"]) == (0, 200, 40)


def sign_in(base, password):
    """The status of a password sign-in at the admin, with the form's CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(base + "/admin/login/").read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = urllib.parse.urlencode(
        {"username": "officer", "password": password, "csrfmiddlewaretoken": csrf}
    ).encode()
    try:
        return opener.open(base + "/admin/login/?next=/admin/", data).status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_it_holds_a_lockout_from_one_server_on_the_other(servers):
    first, second = servers
    secretariat_officer(password=PASSWORD)

    failures = [sign_in(first, f"wrong-{n}") for n in range(3)]
    right_on_the_other = sign_in(second, PASSWORD)

    assert (failures, right_on_the_other) == ([200, 200, 429], 429)


def test_it_counts_requests_to_both_servers_together(servers):
    first, second = servers
    PriorityFactory()
    while time.time() % 60 > 50:
        time.sleep(1)

    statuses = [fetch(base + "/api/v1/priorities/")[0] for base in (first, second) * 4]

    assert sorted(statuses) == [200] * 3 + [429] * 5
