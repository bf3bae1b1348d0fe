"""Rate limits that hold across every worker, at a constant cost per request.

DRF's own throttles keep a list of timestamps per client in the cache and rewrite it on
every request (a cost that grows with the limit), and, in a cache of each process's own
memory, let N workers allow N times the limit. These count instead: one counter per client
and fixed window, raised by one atomic operation in a store that every worker shares —
Redis (INCR) where REDIS_URL is set, for every machine of a deployment; otherwise a small
SQLite file (`API_THROTTLE_FILE`) that every process on the machine shares.
"""

import functools
import os
import random
import sqlite3
import threading

import redis
from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from restapi import API_PREFIX

CACHE_ALIAS = "throttle"


def count_in_cache(key, window, duration):
    """Raise the client's counter for the window and return it, in one round trip to Redis:
    INCR creates the counter at 1 and raises it atomically; the expiry, set again with each
    request, only clears counters of windows that have passed."""
    key = caches[CACHE_ALIAS].make_and_validate_key(f"{key}:{window}")
    with redis_client().pipeline(transaction=False) as pipeline:
        count, _ = pipeline.incr(key).expire(key, duration + 1).execute()
    return count


@functools.cache
def redis_client():
    """This process's connection pool to REDIS_URL (redis-py's pools reconnect after a
    fork)."""
    return redis.Redis.from_url(settings.REDIS_URL)


class LocalCounts:
    """Counters in a SQLite file: each worker keeps a connection to it, and one statement
    both reads and raises a count, under SQLite's write lock."""

    def __init__(self):
        self.local = threading.local()

    def connection(self):
        path, pid = str(settings.API_THROTTLE_FILE), os.getpid()
        if getattr(self.local, "opened", None) != (path, pid):
            # Never reuse a connection across a fork, nor after the file was changed.
            connection = sqlite3.connect(path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            # The counts are worth nothing after a crash: no need to wait for the disk.
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS counts "
                "(key TEXT PRIMARY KEY, window INTEGER NOT NULL, count INTEGER NOT NULL, "
                "expires REAL NOT NULL)"
            )
            self.local.connection, self.local.opened = connection, (path, pid)
        return self.local.connection

    def count(self, key, window, duration):
        expires = (window + 1) * duration
        connection = self.connection()
        (count,) = connection.execute(
            "INSERT INTO counts (key, window, count, expires) VALUES (?, ?, 1, ?) "
            "ON CONFLICT (key) DO UPDATE SET "
            "count = CASE WHEN window = excluded.window THEN count + 1 ELSE 1 END, "
            "window = excluded.window, expires = excluded.expires RETURNING count",
            (key, window, expires),
        ).fetchone()
        if count == 1 and random.random() < 0.01:
            connection.execute("DELETE FROM counts WHERE expires < ?", (expires - duration,))
        return count

    def forget(self):
        self.connection().execute("DELETE FROM counts")


local_counts = LocalCounts()


class FixedWindowMixin:
    """For a SimpleRateThrottle: at most `num_requests` per client in each window of
    `duration` seconds; a refused client waits until the window ends (`Retry-After`)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        if settings.REDIS_URL:
            count = count_in_cache(self.key, window, self.duration)
        else:
            count = local_counts.count(self.key, window, self.duration)
        return count <= self.num_requests

    def get_cache_key(self, request, view):
        # A plain request (the response cache's, before authentication) carries no user:
        # the response cache only answers requests without credentials.
        if not hasattr(request, "user"):
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return super().get_cache_key(request, view)

    def wait(self):
        return max(self.window_ends - self.now, 1)


class AnonymousRateThrottle(FixedWindowMixin, AnonRateThrottle):
    pass


def allow_anonymous(request):
    """Whether the API's anonymous limit lets through a request that carries no credentials.

    The response cache (sync.cache) answers such requests before the view: a cached answer
    is cheap, but the limit holds all the same, with the one count the view's throttles
    would make. A refused request goes on to the view, which answers 429 in the API's own
    words. Pages are not limited.
    """
    if not request.path.startswith(API_PREFIX):
        return True
    return AnonymousRateThrottle().allow_request(request, None)


class TokenRateThrottle(FixedWindowMixin, UserRateThrottle):
    def get_cache_key(self, request, view):
        # Anonymous clients have their own limit: one count per request is enough.
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
