"""The administrators' audit log search."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_read_child, audit_record

pytestmark = pytest.mark.django_db

URL = reverse("audit:search")


@pytest.fixture
def events(world):
    audit_read_child(
        actor=world.practitioner_a, child_id=11, community_id=world.community_a.pk, what="x"
    )
    audit_read_child(
        actor=world.practitioner_b, child_id=22, community_id=world.community_b.pk, what="x"
    )
    audit_record(actor=world.teamleader_a, action=AuditEvent.Action.SIGN_IN)
    return world


def _rows(response):
    return list(response.context["page"].object_list)


@pytest.mark.parametrize(
    "persona",
    [
        "practitioner_a",
        "teamleader_a",
        "coordinator_a",
        "practitioner_b",
        "oversight_member",
        "cochair",
        "nobody",
    ],
)
def test_everyone_but_administrators_is_refused(events, client, persona):
    # The audit log is an area they hold no role in: 403, whatever they search for.
    client.force_login(events.users[persona])
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"child_id": 11}).status_code == 403


def test_anonymous_signs_in_first(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_superuser_may_search(events, client):
    events.nobody.is_superuser = True
    events.nobody.save()
    client.force_login(events.nobody)
    assert client.get(URL).status_code == 200


def test_filters(events, client):
    client.force_login(events.administrator)
    by_child = _rows(client.get(URL, {"child_id": 11}))
    assert [e.child_id for e in by_child] == [11]
    by_user = _rows(client.get(URL, {"user": "practitioner.b"}))
    assert {e.actor_id for e in by_user} == {events.practitioner_b.pk}
    by_id = _rows(client.get(URL, {"user": str(events.teamleader_a.pk)}))
    assert [e.action for e in by_id] == ["sign_in"]
    by_action = _rows(client.get(URL, {"action": "read"}))
    assert {e.child_id for e in by_action} == {11, 22}
    today = timezone.localdate()
    in_range = _rows(client.get(URL, {"date_from": today.isoformat(), "child_id": 22}))
    assert len(in_range) == 1
    later = (today + datetime.timedelta(days=1)).isoformat()
    assert _rows(client.get(URL, {"date_from": later})) == []
    earlier = (today - datetime.timedelta(days=1)).isoformat()
    assert _rows(client.get(URL, {"date_to": earlier})) == []


def test_bad_range_shows_an_error(events, client):
    client.force_login(events.administrator)
    response = client.get(URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "on or after the start date" in response.content.decode()
    assert _rows(response) == []


def test_paginated_with_constant_queries(events, client, django_assert_max_num_queries):
    for n in range(120):
        audit_read_child(
            actor=events.practitioner_a, child_id=1000 + n, community_id=None, what="x"
        )
    client.force_login(events.administrator)
    client.get(URL)
    with django_assert_max_num_queries(12):
        first = client.get(URL, {"action": "read"})
    assert len(_rows(first)) == 50
    assert "page=2" in first.content.decode()
    third = client.get(URL, {"action": "read", "page": 3})
    assert len(_rows(third)) == 122 - 100


def test_page_shows_ids_and_the_actor(events, client):
    client.force_login(events.administrator)
    body = client.get(URL, {"child_id": 11}).content.decode()
    assert "practitioner.a" in body
    assert "11" in body
