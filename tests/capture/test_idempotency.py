"""Every create a person or client may retry carries a key: a retry never makes a second row."""

import datetime
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import (
    Case,
    Contact,
    ContactAmendment,
    Family,
    Referral,
    RiskAssessment,
)
from core.models import IdempotentRequest
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _case(world, **kwargs):
    return CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=TODAY - datetime.timedelta(days=60),
        **kwargs,
    )


def _contact_body(case, **extra):
    return {
        "case": case.pk,
        "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "kind": "f2f_practitioner",
        "note": "Saw the child at school.",
        **extra,
    }


def _contacts(case):
    with scopes_disabled():
        return Contact.objects.filter(case=case).count()


def _post(client, url, body, key):
    """POST with ``key`` as the Idempotency-Key; no header when ``key`` is empty."""
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, body, content_type="application/json", **headers)


def test_the_same_contact_sent_twice_is_recorded_once(world, client_for):
    case = _case(world)
    client = client_for(world.practitioner_a)
    key = str(uuid.uuid4())
    body = _contact_body(case)
    first = _post(client, "/api/v1/contacts/", body, key)
    assert first.status_code == 201
    again = _post(client, "/api/v1/contacts/", body, key)
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert _contacts(case) == 1
    with scopes_disabled():
        assert str(Contact.objects.get(case=case).idempotency_key) == key


def test_a_different_body_under_a_used_key_is_refused_with_422(world, client_for):
    case = _case(world)
    client = client_for(world.practitioner_a)
    key = str(uuid.uuid4())
    body = _contact_body(case)
    assert _post(client, "/api/v1/contacts/", body, key).status_code == 201
    other = _post(client, "/api/v1/contacts/", {**body, "note": "Something else"}, key)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert _contacts(case) == 1


def test_a_refused_request_is_not_kept_so_the_corrected_retry_saves(world, client_for):
    case = _case(world)
    client = client_for(world.practitioner_a)
    key = str(uuid.uuid4())
    future = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    refused = _post(client, "/api/v1/contacts/", _contact_body(case, occurred_at=future), key)
    assert refused.status_code == 400
    assert not IdempotentRequest.objects.filter(key=key).exists()
    assert _post(client, "/api/v1/contacts/", _contact_body(case), key).status_code == 201
    assert _contacts(case) == 1


@pytest.mark.parametrize("key", ["x", "", "{" + "0" * 32 + "}", "0" * 32])
def test_a_malformed_key_is_a_400_naming_the_header(world, client_for, key):
    """The key is a UUID in its canonical form (as the schema's pattern says), or absent."""
    case = _case(world)
    response = client_for(world.practitioner_a).post(
        "/api/v1/contacts/",
        _contact_body(case),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert _contacts(case) == 0


def test_keys_belong_to_their_actor(world, client_for):
    """Another person's key is not theirs to replay: it reveals nothing of the first body."""
    case = _case(world)
    key = str(uuid.uuid4())
    body = _contact_body(case)
    assert (
        _post(client_for(world.practitioner_a), "/api/v1/contacts/", body, key).status_code == 201
    )
    other = _post(client_for(world.teamleader_a), "/api/v1/contacts/", body, key)
    # The contact's own key is unique: the second person is told it exists, not shown it.
    assert other.status_code == 409
    assert _contacts(case) == 1


def test_a_future_time_is_judged_against_when_the_device_recorded_it(world, client_for):
    case = _case(world)
    client = client_for(world.practitioner_a)
    now = timezone.now()
    typed = now - datetime.timedelta(hours=1)
    body = _contact_body(
        case,
        occurred_at=typed.isoformat(),
        recorded_on_device_at=(typed - datetime.timedelta(hours=2)).isoformat(),
    )
    response = _post(client, "/api/v1/contacts/", body, str(uuid.uuid4()))
    assert response.status_code == 400
    assert "future" in response.json()["errors"]["occurred_at"][0]
    body["recorded_on_device_at"] = now.isoformat()
    assert _post(client, "/api/v1/contacts/", body, str(uuid.uuid4())).status_code == 201


def test_the_other_creates_replay_too(world, client_for):
    case = _case(world)
    client = client_for(world.practitioner_a)
    risk = {
        "case": case.pk,
        "assessed_on": TODAY.isoformat(),
        "level": "moderate",
        "next_reassessment_due_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
    }
    referral = {
        "case": case.pk,
        "service": "other",
        "other_service_name": "Family support",
        "referred_on": TODAY.isoformat(),
    }
    for url, body, model in (
        ("/api/v1/risk-assessments/", risk, RiskAssessment),
        ("/api/v1/referrals/", referral, Referral),
    ):
        key = str(uuid.uuid4())
        first = _post(client, url, body, key)
        assert first.status_code == 201, first.json()
        assert _post(client, url, body, key).json() == first.json()
        with scopes_disabled():
            assert model.objects.filter(case=case).count() == 1


def test_a_household_sent_twice_is_recorded_once(world, client_for):
    client = client_for(world.practitioner_a)
    body = {"community": world.community_a.pk, "name": "Tipiloura household"}
    key = str(uuid.uuid4())
    first = _post(client, "/api/v1/families/", body, key)
    again = _post(client, "/api/v1/families/", body, key)
    assert first.status_code == again.status_code == 201, first.json()
    assert again.json() == first.json()
    assert _post(client, "/api/v1/families/", {**body, "name": "Other"}, key).status_code == 422
    with scopes_disabled():
        assert Family.objects.filter(name="Tipiloura household").count() == 1


def test_an_amendment_of_a_changed_contact_is_a_conflict(world, client_for):
    case = _case(world)
    contact = ContactFactory(case=case, occurred_at=timezone.now() - datetime.timedelta(days=1))
    client = client_for(world.practitioner_a)
    url = f"/api/v1/contacts/{contact.pk}/amend/"
    first = _post(client, url, {"reason": "Typo", "location": "Clinic", "based_on_version": 1}, "")
    assert first.status_code == 200, first.json()
    assert first.json()["version"] == 2
    stale = _post(client, url, {"reason": "Mine", "location": "School", "based_on_version": 1}, "")
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2
    with scopes_disabled():
        assert ContactAmendment.objects.filter(contact=contact).count() == 1
        assert Contact.objects.get(pk=contact.pk).location == "Clinic"


def test_a_correction_kept_after_a_conflict_goes_through_under_its_key_once(world, client_for):
    # The device's "keep my correction": the same key, sent again on the current version.
    case = _case(world)
    contact = ContactFactory(case=case, occurred_at=timezone.now() - datetime.timedelta(days=1))
    client = client_for(world.practitioner_a)
    url = f"/api/v1/contacts/{contact.pk}/amend/"
    _post(client, url, {"reason": "Meanwhile", "note": "Checked", "based_on_version": 1}, "")
    key = str(uuid.uuid4())
    mine = {"reason": "Wrong place", "location": "School", "based_on_version": 1}
    assert _post(client, url, mine, key).status_code == 409
    kept = {**mine, "based_on_version": 2}
    first = _post(client, url, kept, key)
    again = _post(client, url, kept, key)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    with scopes_disabled():
        saved = Contact.objects.get(pk=contact.pk)
        assert ContactAmendment.objects.filter(contact=contact).count() == 2
    assert (saved.location, saved.note) == ("School", "Checked")


# --- pages ---------------------------------------------------------------------------------


def _form_key(response) -> str:
    return response.context["idempotency_key"]


def test_a_page_form_submitted_twice_logs_one_contact(world, client_for):
    case = _case(world)
    client = client_for(world.practitioner_a)
    url = f"/casework/cases/{case.pk}/contacts/new/"
    key = _form_key(client.get(url))
    typed = timezone.localtime() - datetime.timedelta(hours=1)
    data = {
        "idempotency_key": key,
        "occurred_at": typed.strftime("%Y-%m-%dT%H:%M"),
        "kind": "f2f_practitioner",
        "note": "At the clinic.",
    }
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data, follow=True)
    assert "Already logged — this contact was saved earlier." in again.content.decode()
    assert again.redirect_chain[0][0] == first["Location"]
    assert _contacts(case) == 1
    # A fresh render makes a fresh key: the next contact is a new one.
    assert _form_key(client.get(url)) != key


def test_a_page_form_keeps_its_key_after_a_refusal(world, client_for):
    case = _case(world)
    client = client_for(world.practitioner_a)
    url = f"/casework/cases/{case.pk}/contacts/new/"
    key = _form_key(client.get(url))
    future = timezone.localtime() + datetime.timedelta(days=1)
    data = {
        "idempotency_key": key,
        "occurred_at": future.strftime("%Y-%m-%dT%H:%M"),
        "kind": "f2f_practitioner",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert _form_key(refused) == key
    data["occurred_at"] = (timezone.localtime() - datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    assert client.post(url, data).status_code == 302
    assert _contacts(case) == 1


def test_case_closure_request_page_replays(world, client_for):
    case = _case(world)
    client = client_for(world.practitioner_a)
    url = f"/casework/cases/{case.pk}/closure/request/"
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="idempotency_key"' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_are_serialised_by_the_unique_index(world, client_for):
    if connection.vendor != "postgresql":
        pytest.skip("threads share one SQLite test database connection")
    case = _case(world)
    key = str(uuid.uuid4())
    body = _contact_body(case)
    statuses = []

    def send():
        try:
            statuses.append(
                _post(client_for(world.practitioner_a), "/api/v1/contacts/", body, key).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 4
    assert _contacts(case) == 1
    with scopes_disabled():
        assert Case.objects.get(pk=case.pk).contacts.count() == 1
