import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from restapi import throttling

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tool(found, what):
    """A check whose tool is missing fails in CI and skips on a developer's machine."""
    if found:
        return
    message = f"{what} is not installed (see README, 'Tests')"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Production settings serve hashed static files from the manifest: build it once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def live_server_static_from_whitenoise():
    """pytest-django's live server answers /static/ from the finders, which know no hashed
    names (every stylesheet would be a 404): let the app serve them, by WhiteNoise, as in
    production."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticFilesHandler, "_should_handle", lambda self, path: False)
        yield


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: cached responses are keyed on a data version
    that starts again from the same number in every test's rolled-back database."""
    for cache in caches.all():
        cache.clear()
    throttling.local_counts.forget()


@pytest.fixture(scope="session", autouse=True)
def throttle_counts_of_this_run(tmp_path_factory):
    """The rate limits' counts of this run alone: other runs on the machine count apart."""
    settings.API_THROTTLE_FILE = tmp_path_factory.mktemp("throttle") / "counts.sqlite3"


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login` stands for a whole sign-in: password and second factor. The
    sign-in itself, and what a session without the second factor may not do, are tested
    through the real forms (tests/test_two_factor.py)."""
    force_login = Client.force_login

    def signed_in_with_second_factor(client, user, backend=None):
        force_login(client, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", signed_in_with_second_factor)


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium, driven by Playwright."""
    executable = shutil.which("chromium")
    require_tool(executable, "Chromium (Debian package 'chromium')")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh desktop-sized page; its context is closed after the test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
