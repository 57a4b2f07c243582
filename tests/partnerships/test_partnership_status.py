"""A Partnership's status: proposed → establishing → active ⇄ paused, administrators only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from core.actors import system_actor
from partnerships import services
from partnerships.models import Partnership, PartnershipStatusChange

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db
Status = Partnership.Status


def _proposed(world):
    partnership = world.community_a.partnership
    Partnership.objects.filter(pk=partnership.pk).update(
        status=Status.PROPOSED, established_on=None
    )
    partnership.refresh_from_db()
    return partnership


def test_the_life_of_a_partnership_and_its_history(world):
    partnership = _proposed(world)
    for status in (Status.ESTABLISHING, Status.ACTIVE, Status.PAUSED, Status.ACTIVE):
        services.partnership_status_change(
            actor=world.administrator, partnership=partnership, status=status, reason="why"
        )
    partnership.refresh_from_db()
    assert partnership.status == Status.ACTIVE and partnership.established_on is not None
    with scopes_disabled():
        history = list(
            PartnershipStatusChange.objects.filter(partnership=partnership).order_by("pk")
        )
    assert [(c.from_status, c.to_status) for c in history] == [
        ("proposed", "establishing"),
        ("establishing", "active"),
        ("active", "paused"),
        ("paused", "active"),
    ]
    assert {c.changed_by for c in history} == {world.administrator}
    assert (
        AuditEvent.objects.filter(
            object_type="partnerships.partnership", detail__change="partnership_status"
        ).count()
        == 4
    )


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.PROPOSED, Status.ACTIVE),
        (Status.PROPOSED, Status.PAUSED),
        (Status.ACTIVE, Status.PROPOSED),
        (Status.ACTIVE, Status.ESTABLISHING),
        (Status.PAUSED, Status.PROPOSED),
        (Status.ACTIVE, Status.ACTIVE),
    ],
)
def test_other_moves_are_refused_with_the_possible_ones(world, start, to):
    partnership = world.community_a.partnership
    Partnership.objects.filter(pk=partnership.pk).update(status=start)
    partnership.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.partnership_status_change(
            actor=world.administrator, partnership=partnership, status=to
        )
    assert "it can become" in refused.value.message_dict["status"][0]
    partnership.refresh_from_db()
    assert partnership.status == start


@pytest.mark.parametrize("persona", ["coordinator_a", "cochair", "practitioner_a", None])
def test_only_administrators_and_the_product_change_it(world, persona):
    partnership = world.community_a.partnership
    actor = world.users[persona] if persona else None
    with pytest.raises(PermissionDenied):
        services.partnership_status_change(
            actor=actor, partnership=partnership, status=Status.PAUSED
        )
    services.partnership_status_change(
        actor=system_actor("test"), partnership=partnership, status=Status.PAUSED
    )


def test_the_page_shows_the_moves_and_history_and_refuses_clearly(world, client):
    partnership = world.community_a.partnership
    client.force_login(world.administrator)
    url = reverse("partnerships:partnership_status", kwargs={"slug": world.community_a.slug})
    page = client.get(url).content.decode()
    assert 'value="paused"' in page and 'value="proposed"' not in page
    assert client.post(url, {"status": "paused", "reason": "Wet season"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Wet season" in page and "Paused" in page
    refused = client.post(url, {"status": "establishing"})
    assert refused.status_code == 200  # not a choice from paused: said beside the field
    partnership.refresh_from_db()
    assert partnership.status == Status.PAUSED
    client.force_login(world.coordinator_a)
    assert client.get(url).status_code == 403


def test_the_api_moves_it_and_answers_the_history(world, client):
    client.force_login(world.administrator)
    url = reverse("partnership-status-status", kwargs={"slug": world.community_a.slug})
    refused = client.post(url, {"status": "proposed"}, content_type="application/json")
    assert refused.status_code == 400
    assert "cannot become proposed" in refused.json()["errors"]["status"][0]
    moved = client.post(url, {"status": "paused"}, content_type="application/json")
    assert moved.status_code == 200
    assert moved.json()["status"] == "paused" and moved.json()["moves"] == ["active"]
    assert moved.json()["history"][0]["changed_by"] == str(world.administrator)
    listed = client.get(reverse("partnership-status-list")).json()
    assert {p["community"] for p in listed} == {"wadeye", "yuendumu"}
