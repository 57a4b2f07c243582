"""Cases made through the services for the casework service tests."""

import datetime

from django.utils import timezone

from casework import services
from tests.factories import CaseFactory, ChildFactory

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def assessment(level, threats=()):
    return {
        "assessed_on": days_ago(2),
        "level": level,
        "next_reassessment_due_on": TODAY + datetime.timedelta(days=90),
        "safety_threats": list(threats),
    }


def open_sf(world, level="moderate", threats=(), judgement="", agreed=True):
    child = ChildFactory(community=world.community_a)
    return services.case_open_strengthening_families(
        actor=world.practitioner_a,
        child=child,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=days_ago(1),
        parents_agreed_on=days_ago(1) if agreed else None,
        assessment=assessment(level, threats),
        safe_at_home_judgement=judgement,
    )


def in_care(world, **kwargs):
    return CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        opened_on=days_ago(60),
        **kwargs,
    )
