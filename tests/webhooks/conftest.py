"""A real HTTP receiver on loopback, and the real worker, for the webhook tests."""

import json
import signal
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from webhooks import tasks
from webhooks.models import WebhookSubscription


@dataclass
class Answer:
    status: int
    body: bytes = b"ok"
    delay: float = 0
    headers: dict = field(default_factory=dict)


class Receiver:
    """Records every call; answers each with the next planned answer or status (then 204)."""

    def __init__(self):
        self.calls = []
        self.planned = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    receiver.calls.append({"headers": dict(self.headers), "body": body})
                    answer = receiver.planned.pop(0) if receiver.planned else 204
                answer = answer if isinstance(answer, Answer) else Answer(answer)
                time.sleep(answer.delay)
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/tracker?partner=unodc"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def payloads(self):
        return [json.loads(call["body"]) for call in self.calls]


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def private_targets(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def subscription(receiver, private_targets):
    return WebhookSubscription.objects.create(
        url=receiver.url, description="UNODC dashboard", event_types=["priority.updated"]
    )


@pytest.fixture
def no_wait(monkeypatch):
    """Retries come at once, so that one run of the worker sees them all."""
    monkeypatch.setattr(tasks, "retry_delay", lambda attempts: timedelta(0))


def run_worker():
    """The real worker, `manage.py db_worker`, until no task is ready."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval=0",
            stdout=StringIO(),
        )
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
