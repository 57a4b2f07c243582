"""API writes of the themes, leaders' meetings and escalations pages."""

import uuid

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import RecordChange
from escalations.models import Escalation, LeadersMeeting, MeetingAction, Theme
from tests.factories import ChildFactory, EscalationFactory, LeadersMeetingFactory, ThemeFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
TODAY = timezone.localdate()


def test_edit_and_close_a_theme_keep_its_history(world, client_for):
    theme = ThemeFactory(community=world.community_a)
    client = client_for(world.teamleader_a)
    response = client.patch(
        f"/api/v1/themes/{theme.pk}/",
        {"title": "School attendance, term 4", "reason": "Renamed at the interagency meeting"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "School attendance, term 4"
    assert len(response.json()["child_ids"]) == 2

    response = client.post(
        f"/api/v1/themes/{theme.pk}/close/", {"reason": "Resolved"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["status"] == Theme.Status.CLOSED
    assert response.json()["closed_on"] == TODAY.isoformat()
    with scopes_disabled():
        reasons = list(
            RecordChange.objects.filter(record_type="escalations.theme", record_id=theme.pk)
            .order_by("id")
            .values_list("reason", flat=True)
        )
    assert reasons == ["Renamed at the interagency meeting", "Resolved"]

    again = client.post(f"/api/v1/themes/{theme.pk}/close/", {}, content_type=JSON)
    assert again.status_code == 400
    assert "already closed" in again.json()["errors"]["status"][0]


def test_theme_edit_refusals(world, client_for):
    theme = ThemeFactory(community=world.community_a)
    stranger = ChildFactory(community=world.community_b)
    response = client_for(world.teamleader_a).patch(
        f"/api/v1/themes/{theme.pk}/", {"child_ids": [stranger.pk]}, content_type=JSON
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"detail", "code", "errors"}
    # A coordinator sees no names here, so links none.
    own = ChildFactory(community=world.community_a)
    response = client_for(world.coordinator_a).patch(
        f"/api/v1/themes/{theme.pk}/",
        {"child_ids": [own.pk], "seen_across": 3},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "child_ids" in response.json()["errors"]
    response = client_for(world.practitioner_a).patch(
        f"/api/v1/themes/{theme.pk}/", {"title": "x"}, content_type=JSON
    )
    assert response.status_code == 403
    foreign = ThemeFactory(community=world.community_b)
    response = client_for(world.teamleader_a).patch(
        f"/api/v1/themes/{foreign.pk}/", {"title": "x"}, content_type=JSON
    )
    assert response.status_code == 404


def test_record_a_meeting_and_its_actions(world, client_for):
    theme = ThemeFactory(community=world.community_a)
    foreign_theme = ThemeFactory(community=world.community_b)
    client = client_for(world.coordinator_a)
    body = {
        "community": world.community_a.slug,
        "held_on": "2026-11-02",
        "discussion": "School attendance",
        "theme_ids": [theme.pk],
    }
    key = str(uuid.uuid4())
    response = client.post(
        "/api/v1/leaders-meetings/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 201, response.json()
    again = client.post(
        "/api/v1/leaders-meetings/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key
    )
    assert again.json()["id"] == response.json()["id"]
    with scopes_disabled():
        assert LeadersMeeting.objects.count() == 1
    meeting_id = response.json()["id"]

    refused = client.post(
        "/api/v1/leaders-meetings/", {**body, "theme_ids": [foreign_theme.pk]}, content_type=JSON
    )
    assert refused.status_code == 400
    assert "themes" in refused.json()["errors"]
    elsewhere = client.post(
        "/api/v1/leaders-meetings/",
        {**body, "community": world.community_b.slug},
        content_type=JSON,
    )
    assert elsewhere.status_code == 404

    url = f"/api/v1/leaders-meetings/{meeting_id}/actions/"
    response = client.post(
        url, {"description": "Talk to the school", "owner": "ACCO"}, content_type=JSON
    )
    assert response.status_code == 400
    assert "due_on" in response.json()["errors"]
    response = client.post(
        url,
        {"description": "Talk to the school", "owner": "ACCO", "due_on": "2026-12-20"},
        content_type=JSON,
    )
    assert response.status_code == 201
    action_id = response.json()["id"]
    response = client.post(f"{url}{action_id}/done/", {}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["done_on"] == TODAY.isoformat()
    practitioner = client_for(world.practitioner_a)
    assert practitioner.post(url, {}, content_type=JSON).status_code == 403
    assert (
        practitioner.post("/api/v1/leaders-meetings/", body, content_type=JSON).status_code == 403
    )


def test_actions_of_another_communitys_meeting_are_not_found(world, client_for):
    meeting = LeadersMeetingFactory(community=world.community_b)
    with scopes_disabled():
        action = MeetingAction.objects.create(
            meeting=meeting,
            community=world.community_b,
            description="x",
            owner="y",
            due_on=TODAY,
        )
    client = client_for(world.coordinator_a)
    url = f"/api/v1/leaders-meetings/{meeting.pk}/actions/"
    assert client.post(url, {}, content_type=JSON).status_code == 404
    assert client.post(f"{url}{action.pk}/done/", {}, content_type=JSON).status_code == 404
    mine = LeadersMeetingFactory(community=world.community_a)
    response = client.post(
        f"/api/v1/leaders-meetings/{mine.pk}/actions/{action.pk}/done/", {}, content_type=JSON
    )
    assert response.status_code == 404


def test_escalation_status_moves_and_responses(world, client_for):
    escalation = EscalationFactory(theme=ThemeFactory(community=world.community_a))
    client = client_for(world.teamleader_a)
    url = f"/api/v1/escalations/{escalation.pk}/"
    response = client.post(f"{url}status/", {"status": "acknowledged"}, content_type=JSON)
    assert response.status_code == 200, response.json()
    assert response.json()["acknowledged_on"] == TODAY.isoformat()
    refused = client.post(f"{url}status/", {"status": "raised"}, content_type=JSON)
    assert refused.status_code == 400
    assert "cannot become" in refused.json()["errors"]["status"][0]

    early = client.post(
        f"{url}respond/", {"responded_on": "2026-01-01", "summary": "Noted"}, content_type=JSON
    )
    assert early.status_code == 400
    assert "responded_on" in early.json()["errors"]
    key = str(uuid.uuid4())
    body = {"responded_on": TODAY.isoformat(), "summary": "A second officer from term 1."}
    response = client.post(f"{url}respond/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 201
    client.post(f"{url}respond/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
    assert len(client.get(url).json()["responses"]) == 1

    assert (
        client_for(world.practitioner_a).post(f"{url}status/", {}, content_type=JSON).status_code
        == 403
    )
    foreign = EscalationFactory(theme=ThemeFactory(community=world.community_b))
    response = client.post(
        f"/api/v1/escalations/{foreign.pk}/status/", {"status": "acknowledged"}, content_type=JSON
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert Escalation.objects.get(pk=foreign.pk).status == Escalation.Status.RAISED
