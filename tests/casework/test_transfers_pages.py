"""The transfer pages: propose from the child's page, decide from the transfer's page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import Child, ChildTransfer

from .transfer_helpers import full_record, propose

pytestmark = pytest.mark.django_db


def test_a_team_leader_proposes_from_the_childs_page(world, client):
    child, _ = full_record(world)
    client.force_login(world.teamleader_a)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    url = reverse("casework:transfer_propose", args=[child.pk])
    assert url in page
    form = client.get(url).content.decode()
    assert "Cancel" in form and world.community_b.name in form
    assert f'value="{world.community_a.pk}"' not in form
    refused = client.post(url, {"to_community": world.community_b.pk, "reason": ""})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    assert not ChildTransfer.objects.exists()
    done = client.post(
        url,
        {
            "to_community": world.community_b.pk,
            "reason": "Moved to grandmother",
            "moves_on": timezone.localdate().isoformat(),
        },
    )
    transfer = ChildTransfer.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("casework:transfer_detail", args=[transfer.pk])


def test_the_receiving_team_leader_sees_it_waiting_and_accepts(world, client):
    child, _ = full_record(world)
    transfer = propose(world, child)
    client.force_login(world.teamleader_b)
    listed = client.get(reverse("casework:transfer_list")).content.decode()
    assert "Jarrah Tipiloura" in listed
    detail = client.get(reverse("casework:transfer_detail", args=[transfer.pk])).content.decode()
    assert 'id="accept"' in detail and 'id="withdraw"' not in detail
    accept = reverse("casework:transfer_accept", args=[transfer.pk])
    assert client.post(accept, {"practitioner": ""}).status_code == 200
    done = client.post(accept, {"practitioner": world.practitioner_b.pk})
    assert done.status_code == 302
    assert done["Location"] == reverse("casework:child_detail", args=[child.pk])
    with scopes_disabled():
        assert Child.objects.get(pk=child.pk).community_id == world.community_b.pk
    history = client.get(reverse("casework:child_history", args=[child.pk])).content.decode()
    assert world.community_a.name in history and world.community_b.name in history
    # Accepting again from a stale page says why, and changes nothing.
    again = client.post(accept, {"practitioner": world.teamleader_b.pk})
    assert "already decided" in again.content.decode()


def test_the_sender_withdraws_and_the_receiver_declines(world, client):
    child, _ = full_record(world)
    transfer = propose(world, child)
    client.force_login(world.teamleader_b)
    decline = reverse("casework:transfer_decline", args=[transfer.pk])
    assert client.post(decline, {"reason": ""}).status_code == 200
    assert client.post(decline, {"reason": "No carer here"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == ChildTransfer.Status.DECLINED
    second = propose(world, child)
    client.force_login(world.teamleader_a)
    withdraw = reverse("casework:transfer_withdraw", args=[second.pk])
    assert client.get(withdraw).status_code == 200
    assert client.post(withdraw).status_code == 302
    second.refresh_from_db()
    assert second.status == ChildTransfer.Status.WITHDRAWN
