"""Coordinators see no child's name; far-future escalation dates are refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from escalations import services
from escalations.models import Escalation, Theme
from partnerships import services as partnership_services

from ..factories import (
    ChildFactory,
    EscalationFactory,
    FamilyFactory,
    IndicatorFactory,
    ThemeFactory,
)

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


def test_the_new_theme_form_offers_a_coordinator_no_names(world, client_for):
    ChildFactory(community=world.community_a, given_name="Kirra", family_name="Pellandra")
    FamilyFactory(community=world.community_a, name="Tjungurrayi family")
    page = client_for(world.coordinator_a).get(reverse("escalations:theme_create"))
    body = page.content.decode()
    assert "Kirra" not in body and "Pellandra" not in body and "Tjungurrayi" not in body
    assert 'name="seen_across"' in body
    # A team leader still links children by name.
    body = client_for(world.teamleader_a).get(reverse("escalations:theme_create")).content
    assert b"Pellandra" in body


def test_a_coordinator_records_a_theme_with_a_count(world, client_for):
    client = client_for(world.coordinator_a)
    data = {
        "community": world.community_a.pk,
        "title": "School attendance",
        "category": "school_engagement",
        "description": "Seen at the school.",
        "identified_on": "2026-10-01",
        "seen_across": "1",
    }
    refused = client.post(reverse("escalations:theme_create"), data)
    assert refused.status_code == 200 and b"at least 2" in refused.content
    response = client.post(reverse("escalations:theme_create"), {**data, "seen_across": "3"})
    assert response.status_code == 302
    with scopes_disabled():
        theme = Theme.objects.get()
    assert theme.seen_across == 3


def test_a_coordinator_editing_a_theme_keeps_the_team_leaders_links(world, client_for):
    children = [ChildFactory(community=world.community_a, given_name=n) for n in ("Kirra", "Tom")]
    theme = services.theme_create(
        actor=world.teamleader_a,
        community=world.community_a,
        title="Housing",
        category="housing",
        description="Crowded houses.",
        identified_on=datetime.date(2026, 10, 1),
        child_ids=[c.pk for c in children],
    )
    client = client_for(world.coordinator_a)
    url = reverse("escalations:theme_update", args=[theme.pk])
    assert b"Kirra" not in client.get(url).content
    detail = client.get(reverse("escalations:theme_detail", args=[theme.pk])).content
    assert b"Kirra" not in detail and b"2 linked" in detail
    response = client.post(
        url,
        {
            "title": "Housing",
            "category": "housing",
            "description": "Crowded houses, more of them.",
            "identified_on": "2026-10-01",
            "status": "open",
            "seen_across": "0",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert theme.links.count() == 2


def test_the_regional_list_shows_a_coordinator_only_their_own_communities_text(world, client_for):
    mine = EscalationFactory(
        theme=ThemeFactory(community=world.community_a),
        level=Escalation.Level.REGIONAL,
        requested_action="Our own request",
    )
    EscalationFactory(
        theme=ThemeFactory(community=world.community_b),
        level=Escalation.Level.REGIONAL,
        body="Yuendumu body",
        requested_action="Their request",
    )
    body = client_for(world.coordinator_a).get(reverse("escalations:regional_list")).content
    assert b"Our own request" in body
    assert b"Their request" not in body and b"Yuendumu body" not in body
    assert f"E-{mine.pk}".encode() in body
    everything = client_for(world.oversight_member).get(reverse("escalations:regional_list"))
    assert b"Their request" in everything.content and b"Our own request" in everything.content


def _raise(world, **dates):
    return services.escalation_raise(
        actor=world.coordinator_a,
        theme=ThemeFactory(community=world.community_a),
        level=Escalation.Level.REGIONAL,
        body="Regional office",
        requested_action="A second officer.",
        **dates,
    )


def test_an_escalation_raised_after_today_is_refused(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        _raise(world, raised_on=tomorrow)
    assert "raised_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _raise(world, raised_on=datetime.date(9999, 12, 31))


def test_responses_and_status_dates_more_than_a_year_ahead_are_refused(world):
    escalation = _raise(world)
    far = timezone.localdate() + datetime.timedelta(days=400)
    with pytest.raises(ValidationError) as refused:
        services.escalation_response_add(
            actor=world.coordinator_a, escalation=escalation, responded_on=far, summary="Yes."
        )
    assert "responded_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.escalation_change_status(
            actor=world.coordinator_a, escalation=escalation, status="acknowledged", on=far
        )
    assert "on" in refused.value.message_dict


def test_the_api_answers_400_for_a_far_future_date_and_200_despite_an_old_one(world, client_for):
    client = client_for(world.coordinator_a)
    theme = ThemeFactory(community=world.community_a)
    response = client.post(
        reverse("escalation-list"),
        {
            "theme": theme.pk,
            "level": "regional",
            "body": "Regional office",
            "requested_action": "A second officer.",
            "raised_on": "9999-12-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "raised_on" in response.json()["errors"]
    # One saved before the rule existed does not break the community's list.
    EscalationFactory(theme=theme, raised_on=datetime.date(9999, 12, 31))
    assert client.get(reverse("escalation-list")).status_code == 200
    assert client.get(reverse("escalations:escalation_list") + "?show=all").status_code == 200


HUGE = 'indicator,period_end,value\nAttendance,2025-01-31,"' + "x" * (200 * 1024) + '"\n'


def test_a_csv_field_over_the_limit_is_a_clear_refusal_not_a_crash(world):
    IndicatorFactory(partnership=world.community_a.partnership, name="Attendance")
    report = partnership_services.indicator_values_import(
        actor=world.coordinator_a, partnership=world.community_a.partnership, csv_text=HUGE
    )
    assert not report.ok and report.imported == 0
    ((line, message),) = report.rejected
    assert line == 2 and "longer than 128 KiB" in message
    # A header line over the limit too.
    report = partnership_services.indicator_values_import(
        actor=world.coordinator_a,
        partnership=world.community_a.partnership,
        csv_text='"' + "y" * (200 * 1024) + '"\n',
    )
    assert "longer than 128 KiB" in report.rejected[0][1]


def test_the_import_page_shows_the_refusal(world, client_for):
    IndicatorFactory(partnership=world.community_a.partnership, name="Attendance")
    upload = SimpleUploadedFile("values.csv", HUGE.encode())
    url = reverse("partnerships:indicator_import", kwargs={"slug": world.community_a.slug})
    response = client_for(world.coordinator_a).post(url, {"file": upload})
    assert response.status_code in (200, 400)
    assert b"longer than 128 KiB" in response.content
