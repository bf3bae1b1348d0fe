"""Gunicorn's settings for `make serve`; each can be overridden from the environment."""

import gc
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Gunicorn also reads WEB_CONCURRENCY by itself; this sets the default.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
# Not used, and its one default path per user would be shared by every server on the machine.
control_socket_disable = True
# Requests are logged by the application, as JSON and without query strings (config/logs.py).
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}


def post_worker_init(worker):
    """Move what the loaded application holds out of the garbage collector's reach.

    Modules, models, URL patterns and settings live as long as the worker. Left in the
    collector's oldest generation, every full collection walks all of them: a pause of
    about 100 ms every few large API pages. Frozen, a collection walks only what requests
    create. Requests allocate in bursts (a page of 200 records makes tens of thousands of
    objects), so the youngest generation is collected every 20,000 allocations rather than
    every 700: measured on a full sync, this takes the periodic pauses out of deep pages.
    """
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
