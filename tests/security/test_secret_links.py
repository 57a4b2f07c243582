"""Links that carry a secret (password set, password reset, enrolment) never reach the logs.

The test replays what the log recorded: a path taken from the log must not work.
"""

import io
import json
import logging

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.request_log import JsonFormatter, RequestContextFilter, redact_path
from partnerships.services.people import password_set_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_text():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield stream.getvalue
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def _logged_paths(text: str) -> list[str]:
    return [
        json.loads(line)["path"]
        for line in text.splitlines()
        if json.loads(line).get("logger") == "cwsp.request"
    ]


def test_a_logged_welcome_link_cannot_be_replayed(client, log_text):
    person = UserFactory(username="new.person")
    person.set_unusable_password()
    person.save()
    path = password_set_path(person)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert client.get(path).status_code == 302  # Django moves the token into the session
    text = log_text()
    assert token not in text
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    assert uid not in text
    (logged,) = _logged_paths(text)[:1]
    assert "[redacted]" in logged
    # Replaying the logged path in a fresh browser gets nowhere.
    replay = client.__class__().get(logged, follow=True)
    assert b"new password" not in replay.content.lower()
    assert not replay.context or not replay.context.get("validlink")


def test_password_reset_links_are_redacted_in_the_log(client, log_text):
    person = UserFactory(username="forgetful")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    client.get(f"/account/reset/{uid}/{token}/")
    assert token not in log_text()
    assert uid not in log_text()


def test_not_found_messages_about_secret_paths_are_redacted(client, log_text):
    # A link mistyped without its slash, or refused: Django's "Not Found: <path>" lines too.
    token = "abc123-0123456789abcdef0123456789abcdef"
    client.get(f"/welcome/MQ/{token}")
    assert token not in log_text()


def test_ordinary_paths_are_logged_as_they_are():
    assert redact_path("/communities/wadeye/") == "/communities/wadeye/"
    assert redact_path("/welcome/MQ/abc-def/") == "/welcome/[redacted]/[redacted]/"
