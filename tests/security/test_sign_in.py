"""Sign-in: lockout per account and per address, one refusal message, rate limits, passwords."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.signin import sign_in_refused
from audit.models import AuditEvent

from .conftest import sign_in

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

REFUSED = "Please enter a correct username and password"


def _fail(client, username, times, **extra):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password-123", **extra)
        assert response.status_code == 200
        assert REFUSED in response.content.decode()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_account_even_with_the_right_password(world, client, password):
    _fail(client, "practitioner.a", 5)
    response = sign_in(client, "practitioner.a", password)
    assert response.status_code == 200
    assert sign_in_refused() in response.content.decode()
    assert not _signed_in(client)


def test_the_refusal_names_the_configured_limit_and_pause(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=10)
    body = sign_in(client, "practitioner.a", "wrong-password-123").content.decode()
    assert "After 3 failed attempts, signing in is paused for 10 minutes." in body
    assert "5 failed attempts" not in body and "30 minutes" not in body


def test_four_failures_do_not_lock(world, client, password):
    _fail(client, "practitioner.a", 4)
    response = sign_in(client, "practitioner.a", password)
    assert response.status_code == 302
    assert _signed_in(client)


def test_locked_unknown_and_wrong_answer_alike(world, client, password):
    wrong = sign_in(client, "practitioner.a", "nope-nope-nope")
    unknown = sign_in(client, "no-such-person", "nope-nope-nope")
    _fail(client, "teamleader.a", 5, REMOTE_ADDR="10.0.0.7")
    locked = sign_in(client, "teamleader.a", password, REMOTE_ADDR="10.0.0.8")
    bodies = [r.content.decode() for r in (wrong, unknown, locked)]
    assert {r.status_code for r in (wrong, unknown, locked)} == {200}
    for body in bodies:
        assert sign_in_refused() in body
        assert "locked" not in body.lower().replace("after 5 failed attempts", "")


def test_the_account_is_locked_from_every_address(world, client, password):
    for n in range(5):
        sign_in(client, "practitioner.a", "wrong-password-123", REMOTE_ADDR=f"10.0.1.{n}")
    response = sign_in(client, "practitioner.a", password, REMOTE_ADDR="10.0.2.1")
    assert sign_in_refused() in response.content.decode()
    assert not _signed_in(client)


def test_one_address_failing_on_five_accounts_locks_out_nobody_else(world, client, password):
    # One office's shared address: five people mistype, a sixth signs in (issue 19, item 9).
    for name in ("practitioner.b", "teamleader.b", "coordinator.b", "a4", "a5"):
        sign_in(client, name, "wrong-password-123", REMOTE_ADDR="10.9.9.9")
    response = sign_in(client, "coordinator.a", password, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302
    assert _signed_in(client)


def test_an_account_is_locked_from_every_address(world, client, password):
    for n in range(5):
        sign_in(client, "coordinator.a", "wrong-password-123", REMOTE_ADDR=f"10.9.9.{n}")
    response = sign_in(client, "coordinator.a", password, REMOTE_ADDR="10.9.9.200")
    assert sign_in_refused() in response.content.decode()
    assert not _signed_in(client)


def test_the_address_is_slowed_by_the_rate_limit_not_locked(world, client, password, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "sign_in": "3/minute",
        },
    }
    for name in ("x1", "x2", "x3"):
        sign_in(client, name, "wrong-password-123", REMOTE_ADDR="10.8.8.8")
    assert sign_in(client, "coordinator.a", password, REMOTE_ADDR="10.8.8.8").status_code == 429
    # Another address of the same office network is not held back.
    assert sign_in(client, "coordinator.a", password, REMOTE_ADDR="10.8.8.9").status_code == 302


def test_the_lock_lifts_after_30_minutes(world, client, password):
    _fail(client, "practitioner.a", 5)
    assert not _signed_in(client) and sign_in(client, "practitioner.a", password).status_code == 200
    # Travel back in time: every recorded attempt is 31 minutes older.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=31)
    )
    response = sign_in(client, "practitioner.a", password)
    assert response.status_code == 302
    assert _signed_in(client)


def test_attempts_table_keeps_no_typed_name(world, client):
    sign_in(client, "Zzcanary Typed Name", "wrong-password-123")
    attempt = AccessAttempt.objects.get()
    assert "Zzcanary" not in attempt.username
    assert "Zzcanary" not in attempt.post_data
    assert attempt.username.startswith("h:")


def test_token_endpoint_locks_too_and_answers_like_a_wrong_password(world, client, password):
    url = reverse("api-token")
    for _ in range(5):
        response = client.post(url, {"username": "practitioner.a", "password": "wrong-pass-1"})
        assert response.status_code == 400
    locked = client.post(url, {"username": "practitioner.a", "password": password})
    unknown = client.post(
        url, {"username": "someone-else", "password": "x"}, REMOTE_ADDR="10.1.1.1"
    )
    assert locked.status_code == unknown.status_code == 400
    assert locked.json() == unknown.json()
    assert "token" not in locked.json()


def test_sign_in_page_is_rate_limited_per_address(world, client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "sign_in": "3/minute",
        },
    }
    for _ in range(3):
        assert sign_in(client, "x", "y", REMOTE_ADDR="10.3.3.3").status_code == 200
    limited = sign_in(client, "x", "y", REMOTE_ADDR="10.3.3.3")
    assert limited.status_code == 429
    assert "Too many sign-in attempts" in limited.content.decode()
    assert sign_in(client, "x", "y", REMOTE_ADDR="10.3.3.4").status_code == 200


def test_token_endpoint_is_rate_limited_per_address(world, client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "sign_in": "2/minute",
        },
    }
    url = reverse("api-token")
    assert client.post(url, {"username": "a", "password": "b"}).status_code == 400
    assert client.post(url, {"username": "a", "password": "b"}).status_code == 400
    assert client.post(url, {"username": "a", "password": "b"}).status_code == 429


def test_api_is_rate_limited_per_user(world, client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "3/minute",
        },
    }
    client.force_login(world.practitioner_a)
    statuses = [client.get("/api/v1/communities/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another user has their own allowance.
    client.force_login(world.practitioner_b)
    assert client.get("/api/v1/communities/").status_code == 200


def test_new_session_key_at_sign_in(world, client, password):
    client.get(reverse("login"))
    client.cookies["sessionid"] = "anonymous-session-key-chosen-by-an-attacker"
    session = client.session
    session["before"] = True
    session.save()
    before = session.session_key
    assert sign_in(client, "practitioner.a", password).status_code == 302
    assert client.session.session_key != before


@pytest.mark.parametrize(
    "candidate",
    ["short-pass1", "password1234", "123456789012", "1qaz2wsx3edc"],
    ids=["11-chars", "common", "numeric", "common-keyboard"],
)
def test_weak_passwords_are_refused(candidate):
    with pytest.raises(ValidationError):
        validate_password(candidate)


def test_a_long_uncommon_password_is_accepted():
    validate_password("river-gum-kettle-47-moon")


def test_sign_ins_failures_and_sign_outs_are_audited(world, client, password):
    sign_in(client, "practitioner.a", "wrong-password-123", REMOTE_ADDR="10.4.4.4")
    sign_in(client, "Zzcanary Unknown", "wrong-password-123", REMOTE_ADDR="10.4.4.4")
    sign_in(client, "practitioner.a", password, REMOTE_ADDR="10.4.4.4")
    client.post(reverse("logout"), REMOTE_ADDR="10.4.4.4")

    events = list(AuditEvent.objects.order_by("id"))
    actions = [e.action for e in events if e.action != AuditEvent.Action.ACCESS_CHANGE]
    assert actions == ["sign_in_failed", "sign_in_failed", "sign_in", "sign_out"]
    failed_known, failed_unknown, signed_in, signed_out = [
        e for e in events if e.action != AuditEvent.Action.ACCESS_CHANGE
    ]
    assert failed_known.detail["user_id"] == world.practitioner_a.pk
    assert failed_known.remote_addr == "10.4.4.4"
    assert "Zzcanary" not in str(failed_unknown.detail)
    assert failed_unknown.detail["username_hash"].startswith("h:")
    assert signed_in.actor_id == signed_out.actor_id == world.practitioner_a.pk


def test_test_client_login_still_works(world, client, password):
    assert client.login(username="practitioner.a", password=password)
    assert client.get("/communities/").status_code == 200
