"""Two-factor sign-in: required by role, optional for practitioners, per session, for the API."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts.models import ApiTokenVerification
from audit.models import AuditEvent

from .conftest import code_for, enrol, sign_in

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

SETUP = "/account/two-factor/setup/"
VERIFY = "/account/two-factor/verify/"


def test_required_role_without_device_is_sent_to_enrolment_everywhere(world, client, mfa_on):
    client.force_login(world.teamleader_a)
    response = client.get("/communities/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    assert client.get("/").status_code == 302
    api = client.get("/api/v1/communities/")
    assert api.status_code == 403
    assert "two-factor" in api.json()["detail"]


@pytest.mark.parametrize("persona", ["teamleader_a", "cochair", "administrator"])
def test_each_required_role_is_blocked_until_verified(world, client, mfa_on, persona):
    enrol(world.users[persona])
    client.force_login(world.users[persona])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_superuser_counts_as_administrator(world, client, mfa_on):
    world.nobody.is_superuser = True
    world.nobody.save()
    client.force_login(world.nobody)
    assert client.get("/").status_code == 302


def test_exempt_pages_stay_reachable(world, client, mfa_on):
    client.force_login(world.teamleader_a)
    # Reachable (not sent round in a loop): without an enrolment grant it says how to get one.
    assert client.get(SETUP).status_code == 403
    assert client.get("/healthz").status_code in (200, 503)
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    # Reading the file to the end lets the test client close it properly.
    assert b"".join(static.streaming_content)
    assert client.post(reverse("logout")).status_code == 302


def test_practitioner_needs_no_second_factor(world, client, mfa_on):
    client.force_login(world.practitioner_a)
    assert client.get("/communities/").status_code == 200
    assert client.get("/api/v1/communities/").status_code == 200


def test_practitioner_may_enrol_and_is_then_asked_every_session(world, client, mfa_on, password):
    client.force_login(world.practitioner_a)
    page = client.get(SETUP)
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
    device = TOTPDevice.objects.get(user=world.practitioner_a, confirmed=False)
    assert page.context["secret"] in body
    response = client.post(
        SETUP, {"code": code_for(device), "password": password, "next": "/communities/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/communities/"
    assert client.get("/communities/").status_code == 200

    client.post(reverse("logout"))
    sign_in(client, "practitioner.a", password)
    response = client.get("/communities/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_verified_session_passes_and_wrong_code_is_refused(world, client, mfa_on, password):
    device = enrol(world.teamleader_a)
    response = sign_in(client, "teamleader.a", password)
    assert response.status_code == 302
    assert client.get("/communities/")["Location"].startswith(VERIFY)

    wrong = client.post(VERIFY, {"code": code_for(device, offset_steps=10)})
    assert wrong.status_code == 200
    assert "did not match" in wrong.content.decode()
    assert client.get("/communities/").status_code == 302

    # django-otp slows repeated failures down; a fresh device state lets the right code in.
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(VERIFY, {"code": code_for(device), "next": "/communities/"})
    assert right.status_code == 302
    assert right["Location"] == "/communities/"
    assert client.get("/communities/").status_code == 200
    assert client.get("/api/v1/communities/").status_code == 200
    steps = list(
        AuditEvent.objects.filter(actor=world.teamleader_a).values_list("action", "detail")
    )
    assert ("sign_in", {"step": "second_factor"}) in steps


def test_verification_does_not_outlive_the_session(world, client, mfa_on, password):
    device = enrol(world.teamleader_a)
    sign_in(client, "teamleader.a", password)
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get("/communities/").status_code == 200
    client.post(reverse("logout"))
    sign_in(client, "teamleader.a", password)
    assert client.get("/communities/").status_code == 302


def test_next_must_stay_on_this_site(world, client, mfa_on, password):
    device = enrol(world.teamleader_a)
    sign_in(client, "teamleader.a", password)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_token_for_required_role_needs_a_code(world, client, mfa_on, password):
    url = reverse("api-token")
    no_device = client.post(url, {"username": "teamleader.a", "password": password})
    assert no_device.status_code == 400
    assert "otp" in no_device.json()["errors"]["non_field_errors"][0]

    device = enrol(world.teamleader_a)
    missing = client.post(url, {"username": "teamleader.a", "password": password})
    assert missing.status_code == 400 and "otp" in missing.json()["errors"]["non_field_errors"][0]
    wrong = client.post(
        url,
        {"username": "teamleader.a", "password": password, "otp": code_for(device, offset_steps=9)},
    )
    assert wrong.status_code == 400

    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(
        url, {"username": "teamleader.a", "password": password, "otp": code_for(device)}
    )
    assert right.status_code == 200
    token = right.json()["token"]
    assert ApiTokenVerification.objects.filter(token_id=token).exists()
    response = client.get("/api/v1/communities/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


def test_token_issued_before_the_role_needed_a_code_is_refused(world, client, mfa_on, password):
    token = Token.objects.create(user=world.teamleader_a)
    response = client.get("/api/v1/communities/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 403


def test_practitioner_token_needs_no_code(world, client, mfa_on, password):
    response = client.post(
        reverse("api-token"), {"username": "practitioner.a", "password": password}
    )
    assert response.status_code == 200


def test_demo_and_test_default_requires_no_role(world, client, settings):
    assert settings.CWSP_MFA_REQUIRED_ROLES == []
    client.force_login(world.administrator)
    assert client.get("/").status_code == 200
