"""Two-factor sign-in for the secretariat: a password alone opens no admin page."""

import base64

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tests.officers import authenticator_of, code_of, secretariat_officer

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-battery-42"
SECOND_FACTOR = "/account/second-factor/?next=/admin/"


@pytest.fixture
def officer():
    return secretariat_officer(password=PASSWORD)


def sign_in_with_password(client):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "officer", "password": PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def redirects(client, path):
    response = client.get(path, follow=True)
    return [url for url, _ in response.redirect_chain]


def test_it_sends_a_password_only_session_to_the_second_factor(client, officer):
    authenticator_of(officer)

    sign_in_with_password(client)

    assert redirects(client, "/admin/") == ["/admin/login/?next=/admin/", SECOND_FACTOR]
    assert redirects(client, "/admin/workplan/priority/") == [
        "/admin/login/?next=/admin/workplan/priority/",
        "/account/second-factor/?next=/admin/workplan/priority/",
    ]


def test_it_opens_the_admin_after_the_code_of_the_authenticator(client, officer):
    device = authenticator_of(officer)
    sign_in_with_password(client)

    response = client.post(SECOND_FACTOR, {"otp_token": code_of(device), "next": "/admin/"})

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_it_refuses_a_wrong_code(client, officer):
    device = authenticator_of(officer)
    sign_in_with_password(client)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"

    response = client.post(SECOND_FACTOR, {"otp_token": wrong, "next": "/admin/"})

    assert response.status_code == 200
    assert redirects(client, "/admin/") == ["/admin/login/?next=/admin/", SECOND_FACTOR]


def test_it_accepts_a_recovery_code_once(client, officer):
    authenticator_of(officer)
    recovery = StaticDevice.objects.create(user=officer, name="backup", confirmed=True)
    StaticToken.objects.create(device=recovery, token="kq7vz3ab")
    sign_in_with_password(client)

    first = client.post(SECOND_FACTOR, {"otp_token": "kq7vz3ab", "next": "/admin/"})
    client.logout()
    sign_in_with_password(client)
    again = client.post(SECOND_FACTOR, {"otp_token": "kq7vz3ab", "next": "/admin/"})

    assert (first.status_code, first["Location"], again.status_code) == (302, "/admin/", 200)
    assert list(StaticToken.objects.filter(device=recovery)) == []


def test_it_enrols_the_authenticator_at_the_first_sign_in(client, officer):
    sign_in_with_password(client)

    assert redirects(client, "/admin/") == [
        "/admin/login/?next=/admin/",
        "/account/two_factor/setup/?next=/admin/",
    ]
    setup = "/account/two_factor/setup/?next=/admin/"
    welcome = client.post(setup, {"setup_view-current_step": "welcome"})
    secret = base64.b32decode(welcome.context["secret_key"])
    done = client.post(
        setup, {"setup_view-current_step": "generator", "generator-token": f"{totp(secret):06d}"}
    )

    device = TOTPDevice.objects.get(user=officer)
    assert (done.status_code, done["Location"]) == (302, "/admin/")
    assert (device.confirmed, device.bin_key) == (True, secret)
    assert client.get("/admin/").status_code == 200


def test_it_gives_recovery_codes_to_print_after_enrolment(client, officer):
    client.force_login(officer)

    response = client.post("/account/two_factor/backup/tokens/")

    codes = StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    assert (response.status_code, len(codes)) == (302, 10)
    page = client.get("/account/two_factor/backup/tokens/").content.decode()
    assert [code in page for code in codes] == [True] * 10


def test_it_resets_a_lost_device_with_a_command(client, officer):
    authenticator_of(officer)

    call_command("two_factor_disable", "officer")
    sign_in_with_password(client)

    assert list(TOTPDevice.objects.filter(user=officer)) == []
    assert redirects(client, "/admin/")[-1] == "/account/two_factor/setup/?next=/admin/"


def test_it_ends_an_admin_session_after_thirty_idle_minutes(client, officer):
    client.force_login(officer)

    response = client.get("/admin/")

    session = client.session
    assert (response.status_code, response.cookies["sessionid"]["max-age"]) == (200, 1800)
    assert session.get_expiry_age() == 1800
    session.set_expiry(-1)
    session.save()
    assert redirects(client, "/admin/") == ["/admin/login/?next=/admin/"]


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("Short-pass1", ["This password is too short. It must contain at least 12 characters."]),
        ("password1234", ["This password is too common."]),
    ],
)
def test_it_refuses_short_and_common_passwords(password, messages):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, User(username="somchai"))

    assert refused.value.messages == messages


def test_it_leaves_api_tokens_as_they_were(client, officer):
    token = Token.objects.create(user=officer)

    response = client.get("/api/v1/priorities/", headers={"Authorization": f"Token {token.key}"})

    assert (response.status_code, TOTPDevice.objects.filter(user=officer).count()) == (200, 0)
