"""Production settings, security headers, cookies, and the admin and API docs under the CSP."""

import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.models import User

from tests.conftest import PROJECT_DIR
from tests.officers import authenticator_of, code_of

PAGES = ["/", "/api/v1/", "/admin/login/", "/no-such-page/"]
CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def production_env(**overrides):
    """The environment of a production start: nothing from the test suite's relaxations."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="workplan.example.org",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_it_passes_the_deploy_check_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


@pytest.mark.parametrize("secret_key", [None, ""])
def test_it_refuses_to_start_without_a_secret_key(secret_key):
    result = manage("check", env=production_env(DJANGO_SECRET_KEY=secret_key))

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is not set. "
        "With DJANGO_DEBUG off the app refuses to start without it: set DJANGO_SECRET_KEY "
        "to a long random string (or DJANGO_DEBUG=1 for local development)."
    )


def test_it_refuses_a_debug_switch_that_is_not_a_boolean():
    result = manage("check", env=production_env(DJANGO_DEBUG="maybe"))

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_DEBUG='maybe' is not a boolean: "
        "use one of ['0', '1', 'false', 'no', 'off', 'on', 'true', 'yes']."
    )


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "True True True 31536000"),
        ({"DJANGO_SECURE_SSL_REDIRECT": "0"}, "False True True 31536000"),
        ({"DJANGO_DEBUG": "1", "DJANGO_SECRET_KEY": None}, "False False False 0"),
    ],
)
def test_it_is_strict_by_default_when_debug_is_off(overrides, expected):
    code = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )

    result = manage("shell", "-c", code, env=production_env(**overrides))

    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


@pytest.mark.parametrize(
    ("behind_proxy", "expected"),
    [("1", "('HTTP_X_FORWARDED_PROTO', 'https') 1"), ("0", "None 0")],
)
def test_it_trusts_forwarded_headers_only_behind_a_proxy(behind_proxy, expected):
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.REST_FRAMEWORK['NUM_PROXIES'])"
    )

    result = manage("shell", "-c", code, env=production_env(DJANGO_BEHIND_TLS_PROXY=behind_proxy))

    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_it_sends_the_security_headers(client, path):
    response = client.get(path)

    assert {
        "csp": parse_csp(response["Content-Security-Policy"]),
        "nosniff": response["X-Content-Type-Options"],
        "referrer": response["Referrer-Policy"],
        "frame": response["X-Frame-Options"],
        "opener": response["Cross-Origin-Opener-Policy"],
        "hsts": response.get("Strict-Transport-Security"),
    } == {
        "csp": CSP,
        "nosniff": "nosniff",
        "referrer": "same-origin",
        "frame": "DENY",
        "opener": "same-origin",
        # Plain HTTP: HSTS means nothing there, browsers ignore it.
        "hsts": None,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_it_sends_hsts_behind_a_tls_proxy(client, path):
    response = client.get(path, headers={"X-Forwarded-Proto": "https"})

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_it_redirects_plain_http_but_not_the_health_checks(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    page = client.get("/work-plans/?status=completed")
    health = client.get("/healthz")

    assert (page.status_code, page["Location"]) == (
        301,
        "https://testserver/work-plans/?status=completed",
    )
    assert health.status_code == 200


@pytest.mark.django_db
def test_it_sets_secure_http_only_cookies_on_admin_login(client):
    User.objects.create_user("officer", password="Correct-horse-battery-42", is_staff=True)
    page = client.get("/admin/login/")

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "officer", "password": "Correct-horse-battery-42"},
    )

    cookies = {**page.cookies, **response.cookies}
    assert response.status_code == 302
    assert {
        name: (morsel["secure"], morsel["httponly"], morsel["samesite"])
        for name, morsel in cookies.items()
    } == {
        "csrftoken": (True, True, "Lax"),
        "sessionid": (True, True, "Lax"),
    }


def csp_violations(page, path, base_url):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    response = page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, path
    return [message for message in messages if "Content Security Policy" in message]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_runs_the_admin_and_api_docs_under_the_csp(live_server, browser_page):
    device = authenticator_of(
        User.objects.create_superuser("chief", password="Correct-horse-battery-42")
    )

    anonymous = {
        path: csp_violations(browser_page, path, live_server.url)
        for path in ["/", "/admin/login/", "/api/v1/docs/"]
    }
    swagger_title = browser_page.locator(".swagger-ui .info .title").inner_text(timeout=10_000)
    browser_page.goto(live_server.url + "/admin/login/")
    browser_page.fill("#id_username", "chief")
    browser_page.fill("#id_password", "Correct-horse-battery-42")
    browser_page.click("input[type=submit]")
    browser_page.fill("#id_otp_token", code_of(device))
    browser_page.click("button[type=submit]")
    browser_page.wait_for_selector("#user-tools")
    signed_in = {
        path: csp_violations(browser_page, path, live_server.url)
        for path in ["/admin/", "/admin/workplan/priority/add/", "/admin/auth/user/add/"]
    }

    assert swagger_title.startswith("Work Plan Tracker API")
    assert {**anonymous, **signed_in} == {
        "/": [],
        "/admin/login/": [],
        "/api/v1/docs/": [],
        "/admin/": [],
        "/admin/workplan/priority/add/": [],
        "/admin/auth/user/add/": [],
    }
