"""Rate limits that hold across workers, at a constant cost per request."""

import os
import sqlite3
import time

import pytest
import redis
from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from restapi import throttling
from tests.conftest import require_tool
from tests.factories import WorkingGroupFactory
from tests.servers import fetch, gunicorn

URL = "/api/v1/working-groups/"


def wait_for_a_fresh_minute_window():
    """Eight quick requests must fall in one window of the limit."""
    while time.time() % 60 > 50:
        time.sleep(1)


@pytest.mark.django_db(transaction=True)
def test_it_counts_requests_to_two_workers_together(tmp_path):
    WorkingGroupFactory()
    env = {"API_THROTTLE_ANON": "3/min", "API_THROTTLE_FILE": str(tmp_path / "counts.sqlite3")}

    with gunicorn(env, workers=2) as base:
        wait_for_a_fresh_minute_window()
        answers = [fetch(base + URL) for _ in range(8)]

    statuses = [status for status, _, _ in answers]
    assert sorted(statuses) == [200] * 3 + [429] * 5
    assert all(
        1 <= int(headers["Retry-After"]) <= 60 for status, headers, _ in answers if status == 429
    )


@pytest.mark.django_db
def test_it_keeps_one_count_per_client_however_many_requests(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100/minute"})

    for _ in range(5):
        client.get(URL)

    with sqlite3.connect(settings.API_THROTTLE_FILE) as counts:
        rows = counts.execute("SELECT key, count FROM counts").fetchall()
    assert rows == [("throttle_anon_127.0.0.1", 5)]


@pytest.fixture
def redis_counts(settings):
    """The throttle's counters in Redis, in a database of their own, emptied."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    try:
        answers = redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError:
        answers = False
    require_tool(answers, f"Redis at {url} (set REDIS_URL)")
    settings.REDIS_URL = url
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "throttle",
        },
    }
    throttling.redis_client.cache_clear()
    client = throttling.redis_client()
    client.flushdb()
    yield client
    client.flushdb()
    throttling.redis_client.cache_clear()


def test_redis_counts_each_window_apart_and_lets_the_passed_ones_expire(redis_counts):
    counts = [throttling.count_in_cache("throttle_anon_192.0.2.1", 7, 60) for _ in range(3)]
    next_window = throttling.count_in_cache("throttle_anon_192.0.2.1", 8, 60)
    other_client = throttling.count_in_cache("throttle_anon_192.0.2.2", 7, 60)

    assert (counts, next_window, other_client) == ([1, 2, 3], 1, 1)
    keys = sorted(key.decode() for key in redis_counts.scan_iter())
    assert keys == [
        "throttle:1:throttle_anon_192.0.2.1:7",
        "throttle:1:throttle_anon_192.0.2.1:8",
        "throttle:1:throttle_anon_192.0.2.2:7",
    ]
    assert all(0 < redis_counts.ttl(key) <= 61 for key in keys)


def test_redis_counts_a_request_with_two_commands_sent_together(redis_counts):
    throttling.count_in_cache("throttle_anon_192.0.2.1", 7, 60)
    redis_counts.config_resetstat()

    throttling.count_in_cache("throttle_anon_192.0.2.1", 7, 60)

    commands = {
        name.removeprefix("cmdstat_"): stats["calls"]
        for name, stats in redis_counts.info("commandstats").items()
        if not name.startswith("cmdstat_config")
    }
    assert commands == {"incrby": 1, "expire": 1}
