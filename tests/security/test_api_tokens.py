"""API tokens end, are rotated when the account changes, are the person's to list and
revoke, and never open the operators' admin."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts import services as account_services
from accounts.tokens import token_id
from partnerships.services import user_deactivate, user_reactivate

from .conftest import code_for, enrol

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def _token(client, username, password, **extra) -> str:
    response = client.post(TOKEN_URL, {"username": username, "password": password, **extra})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _call(client, key, path="/api/v1/communities/"):
    return client.get(path, HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_ends_after_the_configured_days(world, client, password, settings):
    settings.CWSP_API_TOKEN_DAYS = 30
    key = _token(client, "practitioner.a", password)
    assert _call(client, key).status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(days=31))
    response = _call(client, key)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."
    # Asking again issues a fresh one.
    fresh = _token(client, "practitioner.a", password)
    assert fresh != key and _call(client, fresh).status_code == 200


def test_the_token_answer_says_when_it_ends(world, client, password, settings):
    settings.CWSP_API_TOKEN_DAYS = 7
    response = client.post(TOKEN_URL, {"username": "practitioner.a", "password": password})
    expires = datetime.datetime.fromisoformat(response.json()["expires"])
    assert datetime.timedelta(days=6) < expires - timezone.now() <= datetime.timedelta(days=7)


def test_a_deactivated_persons_token_answers_like_an_invalid_one(world, client, password):
    key = _token(client, "practitioner.a", password)
    invalid = _call(client, "0" * 40)
    get_user_model().objects.filter(pk=world.practitioner_a.pk).update(is_active=False)
    deactivated = _call(client, key)
    assert deactivated.status_code == invalid.status_code == 401
    assert deactivated.json() == invalid.json()


def test_changing_the_password_revokes_the_token(world, client, password):
    key = _token(client, "practitioner.a", password)
    person = world.practitioner_a
    person.set_password("another-long-password-2026")
    person.save()
    assert _call(client, key).status_code == 401


def test_the_password_change_page_revokes_the_token(world, client, password):
    key = _token(client, "practitioner.a", password)
    client.force_login(world.practitioner_a)
    response = client.post(
        "/account/password/",
        {
            "old_password": password,
            "new_password1": "another-long-password-2026",
            "new_password2": "another-long-password-2026",
        },
    )
    assert response.status_code == 302
    assert not Token.objects.filter(key=key).exists()


def test_deactivation_then_reactivation_does_not_bring_the_token_back(world, client, password):
    key = _token(client, "practitioner.a", password)
    user_deactivate(actor=world.administrator, user=world.practitioner_a)
    user_reactivate(actor=world.administrator, user=world.practitioner_a)
    assert _call(client, key).status_code == 401


def test_a_second_factor_reset_revokes_the_token(world, client, password, mfa_on):
    device = enrol(world.teamleader_a)
    key = _token(client, "teamleader.a", password, otp=code_for(device))
    assert _call(client, key).status_code == 200
    account_services.second_factor_reset(actor=world.administrator, user=world.teamleader_a)
    assert _call(client, key).status_code == 401


def test_a_person_lists_and_revokes_their_own_tokens(world, client, password):
    key = _token(client, "practitioner.a", password)
    listing = client.get("/api/v1/auth/tokens/", HTTP_AUTHORIZATION=f"Token {key}")
    assert listing.status_code == 200
    (entry,) = listing.json()
    assert entry["token_id"] == token_id(Token.objects.get(key=key))
    assert key not in listing.content.decode()
    other = _token(client, "practitioner.b", password)
    # Someone else's token id is not found among mine.
    assert (
        client.delete(
            f"/api/v1/auth/tokens/{token_id(Token.objects.get(key=other))}/",
            HTTP_AUTHORIZATION=f"Token {key}",
        ).status_code
        == 404
    )
    revoked = client.delete(
        f"/api/v1/auth/tokens/{entry['token_id']}/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert revoked.status_code == 204
    assert _call(client, key).status_code == 401
    assert _call(client, other).status_code == 200


def test_the_tokens_page_lists_and_revokes(world, client, password):
    key = _token(client, "practitioner.a", password)
    public = token_id(Token.objects.get(key=key))
    client.force_login(world.practitioner_a)
    page = client.get("/account/tokens/")
    assert public in page.content.decode() and key not in page.content.decode()
    assert client.post("/account/tokens/", {"token_id": public}).status_code == 302
    assert not Token.objects.filter(key=key).exists()


def test_a_superusers_token_never_opens_the_admin(world, client):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "x" * 16)
    token = Token.objects.create(user=boss)
    response = client.get("/ops/admin/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 302 and "/login/" in response["Location"]
    seeds = client.get("/ops/admin/otp_totp/totpdevice/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert seeds.status_code == 302


def test_token_endpoint_never_confirms_a_password_for_second_factor_accounts(
    world, client, password, mfa_on
):
    wrong = client.post(TOKEN_URL, {"username": "teamleader.a", "password": "wrong-one-123"})
    no_device = client.post(TOKEN_URL, {"username": "teamleader.a", "password": password})
    device = enrol(world.teamleader_a)
    no_code = client.post(TOKEN_URL, {"username": "teamleader.a", "password": password})
    bad_code = client.post(
        TOKEN_URL,
        {"username": "teamleader.a", "password": password, "otp": code_for(device, offset_steps=9)},
    )
    bodies = [r.json() for r in (wrong, no_device, no_code, bad_code)]
    assert all(r.status_code == 400 for r in (wrong, no_device, no_code, bad_code))
    assert all(body == bodies[0] for body in bodies), bodies
