"""Emergency ("break-glass") access: exact search only, a reason, 12 hours, every read audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework.models import Case, ChildReadGrant, ChildUserObjectPermission
from casework.services import emergency
from casework.services.grants import read_grants_end_expired
from core.actors import system_actor
from notifications.models import Notification
from partnerships.models import Membership
from tests.factories import CaseFactory, ChildFactory

from .transfer_helpers import jobs

__all__ = ["jobs"]

pytestmark = pytest.mark.django_db

BORN = datetime.date(2013, 7, 2)
REASON = "Brought to Royal Darwin Hospital at 2 am; carer unknown"


@pytest.fixture
def child_b(world):
    child = ChildFactory(
        community=world.community_b,
        given_name="Kumanjayi",
        preferred_name="Kuma",
        family_name="Walker",
        date_of_birth=BORN,
    )
    CaseFactory(child=child, practitioner=world.practitioner_b, team_leader=world.teamleader_b)
    return child


def search(world, given="Kumanjayi", family="Walker", born=BORN, actor=None, community=None):
    return emergency.emergency_search(
        actor=actor or world.practitioner_a,
        community=community or world.community_b,
        given_name=given,
        family_name=family,
        date_of_birth=born,
    )


def open_grant(world, child, reason=REASON, actor=None):
    return emergency.emergency_access_grant(
        actor=actor or world.practitioner_a,
        community=world.community_b,
        child_id=child.pk,
        given_name="Kumanjayi",
        family_name="Walker",
        date_of_birth=BORN,
        reason=reason,
    )


@pytest.mark.parametrize(
    ("given", "family", "born", "found"),
    [
        ("Kumanjayi", "Walker", BORN, True),
        ("  kumanjayi ", "WALKER", BORN, True),
        ("Kuma", "Walker", BORN, True),  # the name the child goes by, in full
        ("Kum", "Walker", BORN, False),  # part of a name finds nothing
        ("Kumanjayi", "Walk", BORN, False),
        ("Kumanjayi", "Walker", BORN + datetime.timedelta(days=1), False),
        ("K%", "Walker", BORN, False),
    ],
)
def test_search_is_by_exact_name_and_date_of_birth_only(world, child_b, given, family, born, found):
    matches = search(world, given, family, born)
    assert [m.child_id for m in matches] == ([child_b.pk] if found else [])
    event = AuditEvent.objects.filter(detail__what="emergency_search").latest("id")
    assert event.actor == world.practitioner_a
    assert event.community_id == world.community_b.pk


def test_search_needs_every_part_and_another_community_that_keeps_records(world, child_b):
    with pytest.raises(ValidationError):
        search(world, given="")
    with pytest.raises(ValidationError):
        search(world, community=world.community_a)
    world.community_b.partnership.keeps_case_records = False
    world.community_b.partnership.save()
    with pytest.raises(ValidationError):
        search(world)
    with pytest.raises(PermissionDenied):
        search(world, actor=world.coordinator_a)


def test_a_grant_needs_a_reason_and_a_child_the_search_found(world, child_b):
    with pytest.raises(ValidationError):
        open_grant(world, child_b, reason="  ")
    other = ChildFactory(community=world.community_b, given_name="Other")
    with pytest.raises(ValidationError):
        open_grant(world, other)
    assert not ChildReadGrant.objects.exists()
    assert not ChildUserObjectPermission.objects.exists()


def test_the_grant_lasts_12_hours_and_the_home_team_leader_hears_at_once(world, child_b, jobs):
    with jobs():
        grant = open_grant(world, child_b)
    assert grant.kind == ChildReadGrant.Kind.EMERGENCY
    hours = (grant.expires_at - grant.granted_at).total_seconds() / 3600
    assert round(hours) == 12
    with scopes_disabled():
        told = Notification.objects.get(kind=Notification.Kind.EMERGENCY_ACCESS)
    assert told.user == world.teamleader_b
    assert "K. W." in told.message and "Walker" not in told.message


def test_reads_inside_the_window_are_audited_with_the_reason_and_404_after(world, child_b, client):
    grant = open_grant(world, child_b)
    client.force_login(world.practitioner_a)
    url = reverse("casework:child_detail", args=[child_b.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'id="read-only"' in page.content
    api = client.get(reverse("granted-child-detail", args=[child_b.pk]))
    assert api.status_code == 200
    assert api.json()["cases"]
    reads = AuditEvent.objects.filter(detail__what="granted_read", detail__grant_id=grant.pk)
    assert reads.count() == 2
    assert {r.detail["reason"] for r in reads} == {REASON}
    assert {r.actor_id for r in reads} == {world.practitioner_a.pk}
    # Writes are not part of it.
    with scopes_disabled():
        case_id = Case.objects.get(child=child_b).pk
    assert client.get(reverse("casework:contact_log", args=[case_id])).status_code == 404
    assert client.get(reverse("casework:child_update", args=[child_b.pk])).status_code == 404
    # After the window: not found, at once.
    ChildReadGrant.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
        granted_at=timezone.now() - datetime.timedelta(hours=13),
    )
    assert client.get(url).status_code == 404
    assert client.get(reverse("granted-child-detail", args=[child_b.pk])).status_code == 404
    assert read_grants_end_expired(actor=system_actor("test")) == 1
    assert not ChildUserObjectPermission.objects.exists()


def test_nobody_else_reads_through_anothers_grant(world, child_b, client):
    open_grant(world, child_b)
    client.force_login(world.teamleader_a)
    assert client.get(reverse("casework:child_detail", args=[child_b.pk])).status_code == 404


def test_administrators_see_every_grant_and_its_reads_and_revoke_one(world, child_b, client):
    grant = open_grant(world, child_b)
    client.force_login(world.practitioner_a)
    client.get(reverse("casework:child_detail", args=[child_b.pk]))
    client.force_login(world.administrator)
    report = client.get(reverse("casework:emergency_report"))
    assert report.status_code == 200
    assert REASON.encode() in report.content
    assert b"Walker" not in report.content
    detail_url = reverse("casework:emergency_grant_detail", args=[grant.pk])
    detail = client.get(detail_url)
    assert detail.status_code == 200 and b"Pages read (1)" in detail.content
    done = client.post(detail_url, {"confirm": "on"})
    assert done.status_code == 302
    grant.refresh_from_db()
    assert grant.ending == ChildReadGrant.Ending.REVOKED
    assert grant.ended_by == world.administrator
    client.force_login(world.practitioner_a)
    assert client.get(reverse("casework:child_detail", args=[child_b.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        emergency.emergency_access_revoke(actor=world.teamleader_b, grant=grant)


def test_the_pages_search_then_open_the_record(world, child_b, client):
    client.force_login(world.practitioner_a)
    search_url = reverse("casework:emergency_search")
    terms = {
        "community": world.community_b.pk,
        "given_name": "Kumanjayi",
        "family_name": "Walker",
        "date_of_birth": BORN.isoformat(),
    }
    partial = client.post(search_url, {**terms, "given_name": "Kuman"})
    assert b'id="no-match"' in partial.content and b"Kumanjayi Walker" not in partial.content
    found = client.post(search_url, terms)
    assert f'id="match-{child_b.pk}"'.encode() in found.content
    prefix = f"child-{child_b.pk}"
    posted = {f"{prefix}-{k}": v for k, v in terms.items()}
    posted[f"{prefix}-child"] = child_b.pk
    refused = client.post(reverse("casework:emergency_grant"), {**posted, f"{prefix}-reason": ""})
    assert refused.status_code == 200 and b"error-summary" in refused.content
    assert not ChildReadGrant.objects.exists()
    opened = client.post(
        reverse("casework:emergency_grant"), {**posted, f"{prefix}-reason": REASON}
    )
    assert opened.status_code == 302
    assert opened["Location"] == reverse("casework:child_detail", args=[child_b.pk])


def test_the_api_searches_and_grants_through_the_same_services(world, child_b, client):
    client.force_login(world.practitioner_a)
    terms = {
        "community": world.community_b.pk,
        "given_name": "Kumanjayi",
        "family_name": "Walker",
        "date_of_birth": BORN.isoformat(),
    }
    found = client.post(reverse("emergency-search"), terms, content_type="application/json")
    assert found.status_code == 200 and found.json()[0]["child_id"] == child_b.pk
    partial = client.post(
        reverse("emergency-search"),
        {**terms, "family_name": "Walk"},
        content_type="application/json",
    )
    assert partial.json() == []
    no_reason = client.post(
        reverse("emergency-grant-list"),
        {**terms, "child": child_b.pk, "reason": ""},
        content_type="application/json",
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    made = client.post(
        reverse("emergency-grant-list"),
        {**terms, "child": child_b.pk, "reason": REASON},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert client.get(reverse("granted-child-detail", args=[child_b.pk])).status_code == 200


def test_a_grant_gives_nothing_to_someone_who_no_longer_works_on_cases(world, child_b, client):
    open_grant(world, child_b)
    Membership.objects.filter(user=world.practitioner_a).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    client.force_login(world.practitioner_a)
    assert client.get(reverse("casework:child_detail", args=[child_b.pk])).status_code == 404


def test_searches_are_capped_per_hour(world, child_b, settings):
    settings.CWSP_EMERGENCY_SEARCHES_PER_HOUR = 3
    for _ in range(3):
        search(world, given="Nobody")
    with pytest.raises(ValidationError) as refused:
        search(world)
    assert "last hour" in refused.value.messages[0]
