"""Strict parsing of settings read from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of {sorted(TRUE_WORDS | FALSE_WORDS)}."
    )


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_str(name, default=""):
    return os.environ.get(name, default)


RATE_PERIODS = ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day")


def env_rate(name, default):
    """A request rate as Django REST framework reads it: "<requests>/<period>"."""
    raw = os.environ.get(name) or default
    count, _, period = raw.strip().partition("/")
    if count.isdigit() and int(count) > 0 and period in RATE_PERIODS:
        return f"{int(count)}/{period}"
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a request rate: write e.g. 1000/hour "
        f"(per {', '.join(RATE_PERIODS)})."
    )
