"""Looking after governance records through the API: edit, retire, end; creates replayed."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from partnerships import selectors
from partnerships.models import LocalPriority

from ..factories import (
    IndicatorFactory,
    InvestmentFactory,
    LocalPriorityFactory,
    PartnershipWorkerFactory,
    PriorityActionFactory,
    TierMemberFactory,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"
TODAY = timezone.localdate()


def _history(obj):
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), action="update"
        )
        .order_by("pk")
        .values_list("detail", flat=True)
    )


def test_priority_edited_then_retired_once_its_actions_are_done(world, client_for):
    priority = LocalPriorityFactory(partnership=world.community_a.partnership, title="Old")
    action = PriorityActionFactory(priority=priority)
    client = client_for(world.coordinator_a)
    url = f"/api/v1/priorities/{priority.pk}/"
    response = client.patch(
        url, {"title": "School every day", "reason": "Agreed"}, content_type=JSON
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "School every day"

    refused = client.post(f"{url}retire/", {}, content_type=JSON)
    assert refused.status_code == 400
    assert "not done" in refused.json()["detail"]
    done = client.patch(
        f"/api/v1/priority-actions/{action.pk}/", {"status": "done"}, content_type=JSON
    )
    assert done.status_code == 200
    response = client.post(f"{url}retire/", {"reason": "Achieved"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["retired_on"] == TODAY.isoformat()
    with scopes_disabled():
        assert LocalPriority.objects.filter(pk=priority.pk).exists()  # kept, not deleted
    history = _history(priority)
    assert history[0]["before"] == {"title": "Old"} and history[0]["reason"] == "Agreed"
    assert history[1]["what"] == "priority_retired"

    # A retired priority is kept as it was, and takes no new actions.
    assert client.patch(url, {"title": "x"}, content_type=JSON).status_code == 400
    response = client.post(
        "/api/v1/priority-actions/",
        {"priority": priority.pk, "description": "x", "owner": "y", "due_on": "2030-01-01"},
        content_type=JSON,
    )
    assert response.status_code == 400


def test_governance_writes_refuse_other_roles_and_communities(world, client_for):
    mine = LocalPriorityFactory(partnership=world.community_a.partnership)
    theirs = LocalPriorityFactory(partnership=world.community_b.partnership)
    url = f"/api/v1/priorities/{mine.pk}/"
    assert (
        client_for(world.practitioner_a).patch(url, {"title": "x"}, content_type=JSON).status_code
        == 403
    )
    client = client_for(world.coordinator_a)
    assert (
        client.patch(
            f"/api/v1/priorities/{theirs.pk}/", {"title": "x"}, content_type=JSON
        ).status_code
        == 404
    )
    assert (
        client.post(f"/api/v1/priorities/{theirs.pk}/retire/", {}, content_type=JSON).status_code
        == 404
    )


def test_indicator_edit_refuses_another_partnerships_priority_and_retires(world, client_for):
    indicator = IndicatorFactory(partnership=world.community_a.partnership)
    elsewhere = LocalPriorityFactory(partnership=world.community_b.partnership)
    client = client_for(world.coordinator_a)
    url = f"/api/v1/indicators/{indicator.pk}/"
    response = client.patch(url, {"priority": elsewhere.pk}, content_type=JSON)
    assert response.status_code == 400
    assert "priority" in response.json()["errors"]
    response = client.patch(url, {"target": "75.00", "baseline": None}, content_type=JSON)
    assert response.status_code == 200, response.json()
    assert response.json()["target"] == "75.00" and response.json()["baseline"] is None

    assert client.post(f"{url}retire/", {}, content_type=JSON).status_code == 200
    again = client.post(f"{url}retire/", {}, content_type=JSON)
    assert again.status_code == 400 and "already retired" in again.json()["detail"]
    later = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        "/api/v1/indicator-values/",
        {"indicator": indicator.pk, "period_end": later, "value": "3"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "period_end" in response.json()["errors"]


def test_worker_corrected_and_ended(world, client_for):
    worker = PartnershipWorkerFactory(partnership=world.community_a.partnership)
    client = client_for(world.coordinator_a)
    url = f"/api/v1/partnership-workers/{worker.pk}/"
    response = client.patch(
        url, {"role_title": "Youth worker", "person_name": "A. Person"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["role_title"] == "Youth worker"
    # The history keeps the earlier role, never the earlier name.
    assert _history(worker)[0]["before"] == {"role_title": "Family connector"}

    early = client.post(f"{url}end/", {"ends_on": "2023-01-01"}, content_type=JSON)
    assert early.status_code == 400 and "ends_on" in early.json()["errors"]
    assert client.post(f"{url}end/", {}, content_type=JSON).json()["ends_on"] == TODAY.isoformat()
    assert client.post(f"{url}end/", {}, content_type=JSON).status_code == 400


def test_investment_corrected_and_withdrawn_from_the_totals(world, client_for):
    partnership = world.community_a.partnership
    investment = InvestmentFactory(partnership=partnership, amount=Decimal("1000"))
    InvestmentFactory(partnership=partnership, amount=Decimal("500"))
    client = client_for(world.coordinator_a)
    url = f"/api/v1/investments/{investment.pk}/"
    assert client.patch(url, {"amount": "-1"}, content_type=JSON).status_code == 400
    assert client.patch(url, {"amount": "1200.00"}, content_type=JSON).json()["amount"] == "1200.00"

    refused = client.post(f"{url}retire/", {}, content_type=JSON)
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    response = client.post(f"{url}retire/", {"reason": "Funding not received"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["retired_on"]
    with scopes_disabled():
        totals = selectors.investment_totals_by_year(partnership=partnership)
    assert [row["total"] for row in totals] == [Decimal("500")]


def test_tier_member_ended_and_creates_replayed(world, client_for):
    member = TierMemberFactory(tier__partnership=world.community_a.partnership)
    client = client_for(world.coordinator_a)
    response = client.post(f"/api/v1/tier-members/{member.pk}/end/", {}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["ends_on"] == TODAY.isoformat()

    body = {"partnership": world.community_a.partnership.pk, "title": "Housing", "area": "local"}
    key = str(uuid.uuid4())
    first = client.post("/api/v1/priorities/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201, first.json()
    again = client.post("/api/v1/priorities/", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    other = client.post(
        "/api/v1/priorities/",
        {**body, "title": "Other"},
        content_type=JSON,
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert other.status_code == 422
    with scopes_disabled():
        assert LocalPriority.objects.filter(title="Housing").count() == 1
