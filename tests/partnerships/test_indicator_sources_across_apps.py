"""Computed indicators read casework and escalations through their aggregate metrics."""

import datetime

import pytest
from django.utils import timezone

from partnerships import indicator_sources
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db


def test_every_registered_source_resolves():
    # Other apps' sources are named by path (partnerships must not import them): each exists.
    for key in indicator_sources.SOURCES:
        assert callable(indicator_sources.resolve(key)), key


def test_contact_compliance_is_the_share_of_children_seen_within_six_weeks(world):
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=30), today
    opened = today - datetime.timedelta(days=60)
    seen = CaseFactory(child__community=world.community_a, opened_on=opened)
    ContactFactory(case=seen, occurred_at=timezone.now() - datetime.timedelta(days=20))
    CaseFactory(child__community=world.community_a, opened_on=opened)  # never seen: late
    CaseFactory(child__community=world.community_b, opened_on=opened)

    share = indicator_sources.compute("contact_compliance", world.community_a.pk, start, end)

    assert share == 50


def test_escalations_resolved_is_a_count(world):
    today = timezone.localdate()
    value = indicator_sources.compute(
        "escalations_resolved", world.community_a.pk, today - datetime.timedelta(days=90), today
    )
    assert value == 0
