"""Managing the Oversight Group's members through the API: the service's rules hold, and
adding a member is idempotent."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from core.actors import system_actor
from oversight import services
from oversight.models import OversightMember
from partnerships.models import Organisation

from ..factories import OrganisationFactory

pytestmark = pytest.mark.django_db
Kind = Organisation.Kind
JSON = "application/json"


def _constituted_group():
    actor = system_actor("test")
    group = services.oversight_group_create(actor=actor, name="G")
    today = timezone.localdate()
    for kind, co_chair in ((Kind.ACCO, True), (Kind.GOVERNMENT_AGENCY, True), (Kind.ACCO, False)):
        services.oversight_member_add(
            actor=actor,
            group=group,
            organisation=OrganisationFactory(kind=kind),
            service_area="family_support",
            representative_name=f"Member {kind}",
            term_starts_on=today,
            is_co_chair=co_chair,
        )
    return services.oversight_group_constitute(actor=actor, group=group)


def _body(kind):
    return {
        "organisation": OrganisationFactory(kind=kind).pk,
        "service_area": "family_support",
        "representative_name": "New member",
        "term_starts_on": timezone.localdate().isoformat(),
    }


def test_adding_members_keeps_the_acco_share_and_replays_a_retry(world, client):
    group = _constituted_group()
    client.force_login(world.cochair)
    url = reverse("oversight-member-list")
    body, key = _body(Kind.NGO), str(uuid.uuid4())
    first = client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201, first.json()  # two ACCOs of four: 50% holds
    again = client.post(url, body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert group.members.count() == 4

    refused = client.post(url, _body(Kind.NGO), content_type=JSON)
    assert refused.status_code == 400  # two of five: below half
    assert set(refused.json()) >= {"detail", "code", "errors"}
    assert "ACCO" in refused.json()["detail"]
    assert group.members.count() == 4


def test_ending_a_member_keeps_the_rules(world, client):
    _constituted_group()
    client.force_login(world.cochair)
    co_chair = OversightMember.objects.get(is_co_chair=True, organisation__kind=Kind.ACCO)
    refused = client.post(reverse("oversight-member-end", kwargs={"pk": co_chair.pk}), {})
    assert refused.status_code == 400
    co_chair.refresh_from_db()
    assert co_chair.term_ends_on is None
    client.force_login(world.oversight_member)
    response = client.post(reverse("oversight-member-end", kwargs={"pk": co_chair.pk}), {})
    assert response.status_code == 403
