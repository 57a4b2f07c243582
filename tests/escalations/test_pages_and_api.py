import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from escalations import views
from escalations.models import Escalation, Theme

from ..factories import ChildFactory, EscalationFactory, ThemeFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("escalations:theme_list", "coordinator_a"),
        ("escalations:escalation_list", "coordinator_a"),
        ("escalations:regional_list", "oversight_member"),
        ("theme-list", "coordinator_a"),
        ("escalation-list", "coordinator_a"),
        ("leaders-meeting-list", "coordinator_a"),
    ],
)
def test_list_query_count_does_not_grow_with_items(world, client_for, url_name, persona):
    client = client_for(world.users[persona])
    theme = ThemeFactory(community=world.community_a)
    EscalationFactory(theme=theme, level=Escalation.Level.REGIONAL)
    url = reverse(url_name)
    one = _queries(client, url)
    for _ in range(4):
        more = ThemeFactory(community=world.community_a)
        EscalationFactory(theme=more, level=Escalation.Level.REGIONAL)
    assert _queries(client, url) == one


def test_theme_form_keeps_what_was_typed_and_explains(world, client_for):
    client = client_for(world.coordinator_a)
    child = ChildFactory(community=world.community_a)
    response = client.post(
        reverse("escalations:theme_create"),
        {
            "community": world.community_a.pk,
            "title": "Kept title",
            "category": Theme.Category.HOUSING,
            "description": "Kept description",
            "identified_on": "2026-10-01",
            "children": [child.pk],
        },
    )
    assert response.status_code == 200
    assert b"Kept title" in response.content
    assert b"at least 2" in response.content


def test_api_creates_a_theme_and_refuses_another_communitys_child(world, client_for):
    client = client_for(world.teamleader_a)
    mine = ChildFactory.create_batch(2, community=world.community_a)
    theirs = ChildFactory(community=world.community_b)
    payload = {
        "community": world.community_a.slug,
        "title": "From the API",
        "category": "housing",
        "description": "Crowding",
        "identified_on": "2026-10-01",
        "child_ids": [mine[0].pk, theirs.pk],
    }
    refused = client.post(reverse("theme-list"), payload, content_type="application/json")
    assert refused.status_code == 400
    assert b"not found" in refused.content
    payload["child_ids"] = [c.pk for c in mine]
    # A coordinator sees no names, so links none: refused beside the field, nothing saved.
    coordinator = client_for(world.coordinator_a)
    refused = coordinator.post(reverse("theme-list"), payload, content_type="application/json")
    assert refused.status_code == 400
    assert "casework staff" in refused.json()["errors"]["child_ids"][0]
    client = client_for(world.teamleader_a)
    created = client.post(reverse("theme-list"), payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert sorted(created.json()["child_ids"]) == sorted(c.pk for c in mine)
    # The coordinator reads how many are linked, never who.
    theme_url = reverse("theme-detail", args=[created.json()["id"]])
    read = client_for(world.coordinator_a).get(theme_url).json()
    assert read["child_ids"] == [] and read["linked_count"] == 2
    client = client_for(world.coordinator_a)
    payload["community"] = world.community_b.slug
    assert (
        client.post(reverse("theme-list"), payload, content_type="application/json").status_code
        == 404
    )


def test_escalation_page_moves_status_and_explains_a_refused_move(world, client_for):
    escalation = EscalationFactory(theme=ThemeFactory(community=world.community_a))
    client = client_for(world.teamleader_a)
    url = reverse("escalations:escalation_detail", kwargs={"pk": escalation.pk})
    refused = client.post(url, {"form": "status", "status": "resolved", "on": "2026-10-20"})
    assert refused.status_code == 200
    assert b"cannot become resolved" in refused.content
    moved = client.post(url, {"form": "status", "status": "acknowledged", "on": "2026-10-20"})
    assert moved.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == "acknowledged"


def test_escalation_list_shows_open_ones_first_a_page_at_a_time(world, client_for, monkeypatch):
    monkeypatch.setattr(views, "ESCALATIONS_PAGE_SIZE", 2)
    theme = ThemeFactory(community=world.community_a)
    open_ones = [
        EscalationFactory(theme=theme, raised_on=datetime.date(2026, 10, day)) for day in (1, 2, 3)
    ]
    resolved = EscalationFactory(
        theme=theme,
        raised_on=datetime.date(2026, 9, 1),
        status=Escalation.Status.RESOLVED,
        closed_on=datetime.date(2026, 9, 20),
    )
    client = client_for(world.coordinator_a)
    url = reverse("escalations:escalation_list")

    first = client.get(url).content.decode()
    assert 'id="show-open" aria-current="page">Open (3)' in first
    assert "Resolved or declined (1)" in first and "All (4)" in first
    assert "Page 1 of 2, newest first." in first
    assert f"E-{open_ones[2].pk} (" in first and f"E-{open_ones[1].pk} (" in first
    assert f"E-{open_ones[0].pk} (" not in first
    assert f"E-{resolved.pk} (" not in first
    second = client.get(url, {"show": "open", "page": 2}).content.decode()
    assert f"E-{open_ones[0].pk} (" in second

    closed = client.get(url, {"show": "closed"}).content.decode()
    assert f"E-{resolved.pk} (" in closed and f"E-{open_ones[0].pk} (" not in closed
    everything = client.get(url, {"show": "all", "page": 2}).content.decode()
    assert f"E-{resolved.pk} (" in everything
    # Anything else is the open list.
    assert 'id="show-open" aria-current="page"' in client.get(url, {"show": "x"}).content.decode()
