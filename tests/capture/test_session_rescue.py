"""A form sent after the session ran out is kept for the same person, never saved by itself."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.middleware import LAST_SEEN_SESSION_KEY
from casework.models import Contact
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

NOTE = "Visited at the outstation; the child showed the new puppy."


def _sign_in(client, username, password):
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302


def _idle(client, seconds=31 * 60):
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = session.get(LAST_SEEN_SESSION_KEY, 0) - seconds
    session.save()


def _typed_after_idle(client, world, password):
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        opened_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    url = f"/casework/cases/{case.pk}/contacts/new/"
    _sign_in(client, "practitioner.a", password)
    key = client.get(url).context["idempotency_key"]
    client.get("/")  # makes sure the last-seen time is in the session
    _idle(client)
    typed = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        {"idempotency_key": key, "occurred_at": typed, "kind": "f2f_practitioner", "note": NOTE},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    return case, url, key


def test_the_note_survives_signing_in_again_and_is_saved_once_on_submit(client, world, password):
    case, url, key = _typed_after_idle(client, world, password)
    login = client.get("/login/").content.decode()
    assert "without activity" in login
    assert "it is kept" in login
    with scopes_disabled():
        assert Contact.objects.filter(case=case).count() == 0

    _sign_in(client, "practitioner.a", password)
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["note"] == NOTE
    assert page.context["idempotency_key"] == key
    assert "What you typed is back" in page.content.decode()
    with scopes_disabled():
        assert Contact.objects.filter(case=case).count() == 0
    # Given back once: a second visit shows a fresh form.
    assert client.get(url).context["form"].initial.get("note", "") != NOTE


def test_someone_else_signing_in_gets_nothing(client, world, password):
    case, url, _key = _typed_after_idle(client, world, password)
    _sign_in(client, "teamleader.a", password)
    page = client.get(url)
    assert page.context["form"].initial.get("note", "") != NOTE
    assert NOTE not in page.content.decode()
