"""Escalation pages read like the rest: required markers, an error summary beside the
fields, a Cancel link, one name for an escalation and dates as "1 November 2026"."""

import datetime

import pytest
from django.urls import reverse

from escalations.models import Escalation

from ..factories import EscalationFactory, LeadersMeetingFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_escalation_form_has_required_markers_summary_and_cancel(world, client_for):
    ThemeFactory(community=world.community_a)
    client = client_for(world.coordinator_a)
    url = reverse("escalations:escalation_create")
    page = client.get(url).content.decode()
    assert 'Raised on <span class="meta">(required)</span>' in page
    assert f'href="{reverse("escalations:escalation_list")}">Cancel</a>' in page
    refused = client.post(url, {"body": "Typed and kept"}).content.decode()
    assert 'id="error-summary"' in refused
    assert 'id="id_theme_error"' in refused and 'aria-describedby="id_theme_error"' in refused
    assert 'value="Typed and kept"' in refused


def test_one_name_for_an_escalation_everywhere(world, client_for):
    theme = ThemeFactory(community=world.community_a)
    escalation = EscalationFactory(
        theme=theme, level=Escalation.Level.REGIONAL, raised_on=datetime.date(2026, 11, 1)
    )
    name = f"Escalation E-{escalation.pk} (regional)"
    assert str(escalation) == name
    client = client_for(world.coordinator_a)
    detail = client.get(reverse("escalations:escalation_detail", args=[escalation.pk]))
    listing = client.get(reverse("escalations:escalation_list"), {"show": "all"})
    theme_page = client.get(reverse("escalations:theme_detail", args=[theme.pk]))
    regional = client_for(world.cochair).get(reverse("escalations:regional_list"))
    for response in (detail, listing, theme_page, regional):
        assert response.status_code == 200
        assert name in response.content.decode()
    body = detail.content.decode()
    assert "1 November 2026" in body and "01 Nov 2026" not in body
    assert 'class="facts"' in body and "Cancel</a>" in body


def test_meeting_dates_read_in_full(world, client_for):
    meeting = LeadersMeetingFactory(community=world.community_a, held_on=datetime.date(2026, 11, 1))
    assert str(meeting) == "Leaders' meeting on 1 November 2026"
    page = client_for(world.coordinator_a).get(
        reverse("escalations:meeting_detail", args=[meeting.pk])
    )
    assert "Leaders&#x27; meeting on 1 November 2026" in page.content.decode()
