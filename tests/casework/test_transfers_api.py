"""Transfers through the API: the same services as the pages, the one error body."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import Child, ChildTransfer

from .transfer_helpers import full_record

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _propose(client, world, child, key=None, **body):
    data = {
        "child": child.pk,
        "to_community": world.community_b.pk,
        "reason": "Moved to grandmother",
        "moves_on": timezone.localdate().isoformat(),
        **body,
    }
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(reverse("transfer-list"), data, content_type=JSON, **headers)


def test_propose_accept_and_a_second_accept_refused(world, client):
    child, case = full_record(world)
    client.force_login(world.teamleader_a)
    key = str(uuid.uuid4())
    made = _propose(client, world, child, key=key)
    assert made.status_code == 201, made.json()
    again = _propose(client, world, child, key=key)
    assert again.status_code == 201 and again.json()["id"] == made.json()["id"]
    assert ChildTransfer.objects.count() == 1
    pk = made.json()["id"]
    assert client.get(reverse("transfer-list")).json()[0]["id"] == pk
    # The sender cannot accept its own transfer.
    refused = client.post(
        reverse("transfer-accept", args=[pk]),
        {"practitioner": world.practitioner_b.pk},
        content_type=JSON,
    )
    assert refused.status_code == 403
    client.force_login(world.teamleader_b)
    accepted = client.post(
        reverse("transfer-accept", args=[pk]),
        {"practitioner": world.practitioner_b.pk},
        content_type=JSON,
    )
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    twice = client.post(
        reverse("transfer-accept", args=[pk]),
        {"practitioner": world.practitioner_b.pk},
        content_type=JSON,
    )
    assert twice.status_code == 409 and twice.json()["code"] == "conflict"
    with scopes_disabled():
        assert Child.objects.get(pk=child.pk).community_id == world.community_b.pk
    assert client.get(reverse("child-detail", args=[child.pk])).status_code == 200


def test_bad_proposals_answer_400_with_the_reason(world, client):
    child, _ = full_record(world)
    client.force_login(world.teamleader_a)
    same = _propose(client, world, child, to_community=world.community_a.pk)
    assert same.status_code == 400 and "to_community" in same.json()["errors"]
    blank = _propose(client, world, child, reason=" ")
    assert blank.status_code == 400 and "reason" in blank.json()["errors"]
    assert not ChildTransfer.objects.exists()


def test_decline_needs_a_reason(world, client):
    child, _ = full_record(world)
    client.force_login(world.teamleader_a)
    pk = _propose(client, world, child).json()["id"]
    client.force_login(world.teamleader_b)
    url = reverse("transfer-decline", args=[pk])
    assert client.post(url, {"reason": ""}, content_type=JSON).status_code == 400
    done = client.post(url, {"reason": "No carer here"}, content_type=JSON)
    assert done.status_code == 200 and done.json()["status"] == "declined"
