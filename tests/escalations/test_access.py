"""One answer, pages and API alike: another community's record is not found (404); inside the
actor's community, or on a page about no one community, a role that cannot do it is refused
(403)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.actors import system_actor
from escalations import permissions, services
from escalations.models import Escalation, Theme
from partnerships.models import Role

from ..factories import ChildFactory, EscalationFactory, LeadersMeetingFactory, ThemeFactory
from ..factories.partnerships import grant

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation_a(world):
    return EscalationFactory(theme=ThemeFactory(community=world.community_a))


def test_a_practitioner_is_refused_the_escalations_of_their_own_community(
    world, client_for, escalation_a
):
    client = client_for(world.practitioner_a)
    detail = {"pk": escalation_a.pk}
    for url in (
        reverse("escalations:escalation_list"),
        reverse("escalations:escalation_create"),
        reverse("escalations:escalation_detail", kwargs=detail),
        reverse("escalations:theme_create"),
        reverse("escalations:meeting_create"),
        reverse("escalations:regional_list"),
        reverse("escalation-list"),
        reverse("escalation-detail", kwargs=detail),
    ):
        assert client.get(url).status_code == 403, url
    posted = client.post(
        reverse("escalations:escalation_detail", kwargs=detail),
        {"form": "status", "status": "acknowledged", "on": "2026-10-20"},
    )
    assert posted.status_code == 403
    escalation_a.refresh_from_db()
    assert escalation_a.status == Escalation.Status.RAISED
    # The theme itself is theirs to read.
    theme = reverse("escalations:theme_detail", kwargs={"pk": escalation_a.theme_id})
    assert client.get(theme).status_code == 200


def test_another_communitys_escalation_is_not_found(world, client_for, escalation_a):
    for persona in ("coordinator_b", "teamleader_b", "practitioner_b", "oversight_member"):
        client = client_for(world.users[persona])
        page = reverse("escalations:escalation_detail", kwargs={"pk": escalation_a.pk})
        assert client.get(page).status_code == 404, persona
        api = reverse("escalation-detail", kwargs={"pk": escalation_a.pk})
        assert client.get(api).status_code == 404, persona


def test_a_role_with_no_part_in_escalations_is_refused_the_lists(world, client_for):
    for persona in ("oversight_member", "nobody"):
        client = client_for(world.users[persona])
        for name in ("escalations:theme_list", "escalations:escalation_list", "theme-list"):
            assert client.get(reverse(name)).status_code == 403, (persona, name)
    assert client_for(world.nobody).get(reverse("escalations:regional_list")).status_code == 403


def test_coordinator_here_practitioner_there_is_refused_there_only(world, client_for):
    grant(world.coordinator_a, Role.PRACTITIONER, world.community_b)
    theirs = EscalationFactory(theme=ThemeFactory(community=world.community_b))
    mine = EscalationFactory(theme=ThemeFactory(community=world.community_a))
    client = client_for(world.coordinator_a)
    assert client.get(reverse("escalation-detail", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(reverse("escalation-detail", kwargs={"pk": theirs.pk})).status_code == 403
    page = reverse("escalations:escalation_detail", kwargs={"pk": theirs.pk})
    assert client.get(page).status_code == 403
    listed = client.get(reverse("escalation-list")).json()["results"]
    assert [row["id"] for row in listed] == [mine.pk]
    # Escalating a theme of the community where they only practise: refused, not hidden.
    refused = client.post(
        reverse("escalation-list"),
        {
            "theme": theirs.theme_id,
            "level": "regional",
            "body": "Anyone",
            "requested_action": "Anything",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"


def test_api_writes_answer_in_the_one_error_body(world, client_for):
    client = client_for(world.practitioner_a)
    payload = {
        "community": world.community_a.slug,
        "title": "Crowding",
        "category": "housing",
        "description": "Crowding",
        "identified_on": "2026-10-01",
        "child_ids": [c.pk for c in ChildFactory.create_batch(2, community=world.community_a)],
    }
    refused = client.post(reverse("theme-list"), payload, content_type="application/json")
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail", "code", "errors"}
    coordinator = client_for(world.coordinator_a)
    invalid = coordinator.post(
        reverse("theme-list"), {**payload, "child_ids": []}, content_type="application/json"
    )
    assert invalid.status_code == 400
    assert "at least 2" in invalid.json()["errors"]["child_ids"][0]


def test_meeting_actions_are_the_editors(world, client_for):
    meeting = LeadersMeetingFactory(community=world.community_a)
    action = services.meeting_action_add(
        actor=world.coordinator_a,
        meeting=meeting,
        description="Talk to the school",
        owner="Coordinator",
        due_on=datetime.date(2026, 12, 1),
    )
    url = reverse(
        "escalations:meeting_action_done", kwargs={"pk": meeting.pk, "action_pk": action.pk}
    )
    assert client_for(world.practitioner_a).post(url).status_code == 403
    assert client_for(world.coordinator_b).post(url).status_code == 404
    assert client_for(world.teamleader_a).post(url).status_code == 302


@pytest.mark.parametrize("actor", [None, system_actor("demo")])
def test_services_refuse_no_actor_and_system_actors(world, actor):
    theme = ThemeFactory(community=world.community_a)
    children = ChildFactory.create_batch(2, community=world.community_a)
    with pytest.raises(PermissionDenied):
        services.theme_create(
            actor=actor,
            community=world.community_a,
            title="T",
            category=Theme.Category.HOUSING,
            description="D",
            identified_on=datetime.date(2026, 10, 1),
            child_ids=[c.pk for c in children],
        )
    with pytest.raises(PermissionDenied):
        services.escalation_raise(
            actor=actor, theme=theme, level="regional", body="B", requested_action="R"
        )
    assert not permissions.may_read_regional(actor)
    assert not permissions.may_read_escalations(actor)
