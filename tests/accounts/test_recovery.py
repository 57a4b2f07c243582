"""Account recovery without an operator's shell: forgotten password by email, change."""

import datetime
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

NEW = "a-brand-new-password-2026"


def _reset_link(client, email: str) -> str:
    response = client.post("/account/password-reset/", {"email": email})
    assert response.status_code == 302
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _choose(client, link: str, password: str = NEW):
    landing = client.get(link)
    assert landing.status_code == 302  # the token moves into the session, off the address bar
    return client.post(landing["Location"], {"new_password1": password, "new_password2": password})


def test_a_forgotten_password_is_reset_by_email_and_the_link_works_once(world, client):
    person = world.practitioner_a
    person.email = "pa@example.org"
    person.save()
    link = _reset_link(client, "pa@example.org")
    assert _choose(client, link).status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)
    # Second use: refused.
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "already been used or has expired" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(world, client):
    response = client.post("/account/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == "/account/password-reset/sent/"
    assert mail.outbox == []


def test_the_reset_link_expires(world, client, settings, monkeypatch):
    person = world.practitioner_a
    person.email = "pa@example.org"
    person.save()
    settings.PASSWORD_RESET_TIMEOUT = 3600
    link = _reset_link(client, "pa@example.org")
    later = default_token_generator._now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert client.get(link, follow=True).context["validlink"] is False


def test_the_sign_in_page_offers_the_reset(client, db):
    assert "/account/password-reset/" in client.get("/login/").content.decode()


def test_a_person_changes_their_password(world, client, password):
    client.force_login(world.practitioner_a)
    page = client.get("/account/password/")
    assert page.status_code == 200
    wrong = client.post(
        "/account/password/",
        {"old_password": "not-it-at-all", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200
    assert (
        client.post(
            "/account/password/",
            {"old_password": password, "new_password1": NEW, "new_password2": NEW},
        )["Location"]
        == "/account/password/done/"
    )
    world.practitioner_a.refresh_from_db()
    assert world.practitioner_a.check_password(NEW)
