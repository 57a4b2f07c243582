"""The pages that change and retire governance records: the same services as the API, the
refusals beside the field with what was typed kept, the history in the audit log."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships import services
from partnerships.models import Indicator, Investment, LocalPriority, PartnershipWorker

from ..factories import (
    IndicatorFactory,
    InvestmentFactory,
    LocalPriorityFactory,
    PartnershipWorkerFactory,
    PriorityActionFactory,
)
from .test_api_writes import _history

pytestmark = pytest.mark.django_db
SHARED_WORLD = True
TODAY = timezone.localdate()


def _url(world, name, pk):
    return reverse(f"partnerships:{name}", kwargs={"slug": world.community_a.slug, "pk": pk})


def _reload(model, pk):
    with scopes_disabled():
        return model.objects.get(pk=pk)


def _field_errors(response, name):
    return [str(error) for error in response.context["form"].errors.get(name, [])]


def test_priority_edited_then_retirement_refused_beside_the_field_while_actions_are_open(
    world, client_for
):
    priority = LocalPriorityFactory(partnership=world.community_a.partnership, title="Old")
    action = PriorityActionFactory(priority=priority, status="in_progress")
    client = client_for(world.coordinator_a)
    detail = reverse(
        "partnerships:priority_detail", kwargs={"slug": world.community_a.slug, "pk": priority.pk}
    )
    page = client.get(detail).content.decode()
    assert _url(world, "priority_edit", priority.pk) in page
    assert _url(world, "priority_retire", priority.pk) in page

    edit = _url(world, "priority_edit", priority.pk)
    assert 'value="Old"' in client.get(edit).content.decode()
    response = client.post(
        edit,
        {"title": "School every day", "area": priority.area, "description": "", "reason": "Agreed"},
    )
    assert response.status_code == 302 and response.url == detail
    assert _reload(LocalPriority, priority.pk).title == "School every day"
    history = _history(priority)
    assert history[-1]["what"] == "priority_changed"
    assert history[-1]["before"] == {"title": "Old"} and history[-1]["reason"] == "Agreed"

    retire = _url(world, "priority_retire", priority.pk)
    refused = client.post(retire, {"on": TODAY.isoformat(), "reason": "Achieved", "confirm": "on"})
    assert refused.status_code == 200
    assert any("not done" in error for error in _field_errors(refused, "confirm"))
    body = refused.content.decode()
    assert 'id="id_confirm_error"' in body and "Achieved" in body  # the reason is kept
    assert _reload(LocalPriority, priority.pk).retired_on is None

    with scopes_disabled():
        services.action_update(actor=world.coordinator_a, action=action, status="done")
    unconfirmed = client.post(retire, {"on": TODAY.isoformat(), "reason": "Achieved"})
    assert unconfirmed.status_code == 200 and _field_errors(unconfirmed, "confirm")
    response = client.post(retire, {"on": TODAY.isoformat(), "reason": "Achieved", "confirm": "on"})
    assert response.status_code == 302
    assert _reload(LocalPriority, priority.pk).retired_on == TODAY
    assert _history(priority)[-1]["what"] == "priority_retired"
    # Retired: the detail page offers neither link, and an edit is refused.
    page = client.get(detail).content.decode()
    assert edit not in page and retire not in page
    again = client.post(edit, {"title": "x", "area": priority.area, "reason": ""})
    assert again.status_code == 200 and "retired" in again.content.decode()


def test_indicator_edited_and_retired(world, client_for):
    indicator = IndicatorFactory(partnership=world.community_a.partnership)
    client = client_for(world.coordinator_a)
    edit = _url(world, "indicator_edit", indicator.pk)
    data = {
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "baseline": "10.00",
        "target": "60",
        "direction": indicator.direction,
        "priority": "",
        "source_key": "",
        "reason": "New plan",
    }
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    assert _reload(Indicator, indicator.pk).target == Decimal("60")
    assert _history(indicator)[-1]["before"] == {"target": "50.00"}

    # A priority of another partnership is not offered: refused beside the field, input kept.
    other = LocalPriorityFactory(partnership=world.community_b.partnership)
    refused = client.post(edit, {**data, "priority": other.pk, "target": "70"})
    assert refused.status_code == 200 and _field_errors(refused, "priority")
    assert 'value="70"' in refused.content.decode()

    retire = _url(world, "indicator_retire", indicator.pk)
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    refused = client.post(retire, {"on": future, "reason": "", "confirm": "on"})
    assert refused.status_code == 200 and _field_errors(refused, "on")
    assert f'value="{future}"' in refused.content.decode()
    response = client.post(retire, {"on": TODAY.isoformat(), "reason": "Dropped", "confirm": "on"})
    assert response.status_code == 302
    assert _reload(Indicator, indicator.pk).retired_on == TODAY
    assert _history(indicator)[-1]["what"] == "indicator_retired"


def test_worker_edited_and_ended(world, client_for):
    worker = PartnershipWorkerFactory(partnership=world.community_a.partnership)
    client = client_for(world.coordinator_a)
    workers = reverse("partnerships:workers", kwargs={"slug": world.community_a.slug})
    page = client.get(workers).content.decode()
    assert _url(world, "worker_edit", worker.pk) in page
    assert _url(world, "worker_end", worker.pk) in page

    response = client.post(
        _url(world, "worker_edit", worker.pk),
        {
            "role_title": "Family liaison",
            "person_name": worker.person_name,
            "organisation": "",
            "starts_on": "2024-01-01",
            "reason": "Title corrected",
        },
    )
    assert response.status_code == 302 and response.url == workers
    assert _reload(PartnershipWorker, worker.pk).role_title == "Family liaison"
    history = _history(worker)[-1]
    assert history["before"] == {"role_title": "Family connector"}
    assert worker.person_name not in str(history)  # the history names no person

    end = _url(world, "worker_end", worker.pk)
    refused = client.post(end, {"ends_on": "2023-06-01", "reason": "Left", "confirm": "on"})
    assert refused.status_code == 200 and _field_errors(refused, "ends_on")
    assert 'value="2023-06-01"' in refused.content.decode()
    response = client.post(end, {"ends_on": TODAY.isoformat(), "reason": "Left", "confirm": "on"})
    assert response.status_code == 302
    assert _reload(PartnershipWorker, worker.pk).ends_on == TODAY
    assert _history(worker)[-1]["what"] == "worker_ended"
    assert end not in client.get(workers).content.decode()


def test_investment_edited_and_withdrawn_with_a_reason(world, client_for):
    investment = InvestmentFactory(partnership=world.community_a.partnership)
    client = client_for(world.coordinator_a)
    page_url = reverse("partnerships:investment", kwargs={"slug": world.community_a.slug})
    withdraw = _url(world, "investment_withdraw", investment.pk)
    assert withdraw in client.get(page_url).content.decode()

    response = client.post(
        _url(world, "investment_edit", investment.pk),
        {
            "financial_year": "2025",
            "purpose": investment.purpose,
            "funder": "NIAA",
            "amount": "1500.00",
            "reason": "",
        },
    )
    assert response.status_code == 302
    assert _reload(Investment, investment.pk).amount == Decimal("1500.00")
    assert set(_history(investment)[-1]["fields"]) == {"funder", "amount"}

    refused = client.post(withdraw, {"on": TODAY.isoformat(), "reason": " ", "confirm": "on"})
    assert refused.status_code == 200 and _field_errors(refused, "reason")
    response = client.post(
        withdraw, {"on": TODAY.isoformat(), "reason": "Never paid", "confirm": "on"}
    )
    assert response.status_code == 302
    assert _reload(Investment, investment.pk).retired_on == TODAY
    assert _history(investment)[-1]["reason"] == "Never paid"
    page = client.get(page_url).content.decode()
    assert withdraw not in page and "Withdrawn" in page


def test_pages_and_links_only_for_coordinators(world, client_for):
    priority = LocalPriorityFactory(partnership=world.community_a.partnership)
    worker = PartnershipWorkerFactory(partnership=world.community_a.partnership)
    client = client_for(world.practitioner_a)
    detail = reverse(
        "partnerships:priority_detail", kwargs={"slug": world.community_a.slug, "pk": priority.pk}
    )
    assert _url(world, "priority_edit", priority.pk) not in client.get(detail).content.decode()
    workers = reverse("partnerships:workers", kwargs={"slug": world.community_a.slug})
    assert _url(world, "worker_end", worker.pk) not in client.get(workers).content.decode()
    response = client.post(
        _url(world, "worker_end", worker.pk),
        {"ends_on": TODAY.isoformat(), "confirm": "on"},
    )
    assert response.status_code == 403
    assert _reload(PartnershipWorker, worker.pk).ends_on is None
