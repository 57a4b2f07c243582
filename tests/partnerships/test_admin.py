"""The operators' admin: superusers only, every community visible to them under the fence."""

import pytest
from django.urls import reverse

from ..factories import GovernanceTierFactory, IndicatorValueFactory, TierMemberFactory, UserFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["governancetier", "tiermember", "indicator", "indicatorvalue", "investment"]
)
def test_superuser_reads_governance_records_of_every_community(world, client, model):
    GovernanceTierFactory(partnership=world.community_a.partnership, name="Tier A")
    GovernanceTierFactory(partnership=world.community_b.partnership, name="Tier B")
    IndicatorValueFactory(indicator__partnership=world.community_b.partnership)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse(f"admin:partnerships_{model}_changelist"))
    assert response.status_code == 200
    if model == "governancetier":
        assert b"Tier A" in response.content and b"Tier B" in response.content


def test_staff_who_are_not_superusers_are_kept_out(world, client):
    tier = GovernanceTierFactory(partnership=world.community_a.partnership)
    client.force_login(UserFactory(is_staff=True))
    for url in (
        reverse("admin:partnerships_governancetier_changelist"),
        reverse("admin:partnerships_governancetier_change", args=[tier.pk]),
    ):
        assert client.get(url).status_code in (302, 403)


def test_governance_records_are_not_added_in_the_admin(world, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:partnerships_tiermember_add")).status_code == 403


def test_a_records_community_and_parent_cannot_be_changed_in_the_admin(world, client):
    member = TierMemberFactory(tier__partnership=world.community_a.partnership)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("admin:partnerships_tiermember_change", args=[member.pk]))
    assert response.status_code == 200
    form_fields = response.context["adminform"].form.fields
    assert "tier" not in form_fields and "community" not in form_fields
