"""Who reaches a transferred child's record, page by page: the old community loses it at once
(but for the sending staff's read-only period), the new one has it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework.models import ChildReadGrant, ChildUserObjectPermission, Contact
from casework.services.grants import read_grants_end_expired
from core.actors import system_actor
from escalations.models import ThemeLink
from partnerships.models import Role
from tests.factories import UserFactory, grant
from tests.routes import all_routes

from .transfer_helpers import full_record, move

pytestmark = pytest.mark.django_db

ROUTES = all_routes()

# Every page and endpoint of one child's record, by what its address names.
CHILD_ROUTES = [
    "casework:child_detail",
    "casework:case_open",
    "casework:child_summary",
    "casework:child_summary_pdf",
    "casework:child_update",
    "casework:child_history",
    "casework:transfer_propose",
    "child-detail",
    "child-history",
]
CASE_ROUTES = [
    "casework:case_contacts",
    "casework:contact_log",
    "casework:risk_assessment_record",
    "casework:care_plan_record",
    "casework:return_visit_record",
    "casework:referral_create",
    "casework:closure_request",
    "casework:agreement_withdraw",
    "casework:case_update",
    "case-detail",
]
# Reads through a grant: the child's page, the contact history, the summary to print.
READ_ONLY_PAGES = [
    "casework:child_detail",
    "casework:case_contacts",
    "casework:child_summary",
    "casework:child_summary_pdf",
]


def _url(name, child, case):
    key = "pk" if "-" in name else ("child_id" if name in CHILD_ROUTES else "case_id")
    return reverse(name, kwargs={key: child.pk if name in CHILD_ROUTES else case.pk})


def _status(client, user, name, child, case):
    client.force_login(user)
    return getattr(client, ROUTES[name].method)(_url(name, child, case)).status_code


def _end_read_only(child):
    ChildReadGrant.objects.filter(child=child).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
        granted_at=timezone.now() - datetime.timedelta(days=31),
    )


def test_route_matrix_for_a_transferred_child(world, client):
    child, case = full_record(world)
    move(world, child)
    _end_read_only(child)
    a_personas = [world.practitioner_a, world.teamleader_a]
    for name in CHILD_ROUTES + CASE_ROUTES:
        for user in a_personas:
            assert _status(client, user, name, child, case) == 404, (name, user)
        route = ROUTES[name]
        # The persona who could use it in A now uses it in B, as the child's practitioner.
        b_persona = world.users[route.allowed.replace("_a", "_b")]
        if route.method == "get":
            got = _status(client, b_persona, name, child, case)
            expected = route.expect if isinstance(route.expect, tuple) else (route.expect,)
            assert got in (*expected, 200), (name, got)


def test_others_of_the_old_community_lose_access_at_once(world, client):
    child, case = full_record(world)
    other = UserFactory(username="other.practitioner")
    grant(other, Role.PRACTITIONER, world.community_a)
    move(world, child)
    for name in READ_ONLY_PAGES:
        assert _status(client, other, name, child, case) == 404
        assert _status(client, world.coordinator_a, name, child, case) == 404
        assert _status(client, world.practitioner_b, name, child, case) == 200


def test_the_sending_staff_read_but_write_nothing(world, client):
    child, case = full_record(world)
    move(world, child)
    for user in (world.practitioner_a, world.teamleader_a):
        for name in READ_ONLY_PAGES:
            assert _status(client, user, name, child, case) == 200, name
        page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
        assert 'id="read-only"' in page
        assert reverse("casework:contact_log", args=[case.pk]) not in page
        assert "/amend/" not in page
        history = client.get(reverse("casework:case_contacts", args=[case.pk])).content.decode()
        assert "/amend/" not in history
        for name in CHILD_ROUTES + CASE_ROUTES:
            if name not in READ_ONLY_PAGES:
                assert _status(client, user, name, child, case) == 404, name
        client.force_login(user)
        logged = client.post(
            reverse("casework:contact_log", args=[case.pk]),
            {"occurred_at": "2026-11-30T10:00", "kind": "phone"},
        )
        assert logged.status_code == 404
        api = client.post(
            reverse("contact-list"),
            {"case": case.pk, "occurred_at": timezone.now().isoformat(), "kind": "phone"},
            content_type="application/json",
        )
        assert api.status_code in (400, 404)
    with scopes_disabled():
        assert Contact.objects.filter(case=case).count() == 1


def test_every_read_through_the_grant_is_audited_with_its_reason(world, client):
    child, case = full_record(world)
    move(world, child)
    client.force_login(world.practitioner_a)
    client.get(reverse("casework:child_detail", args=[child.pk]))
    client.get(reverse("casework:case_contacts", args=[case.pk]))
    reads = AuditEvent.objects.filter(
        actor=world.practitioner_a, detail__what="granted_read", child_id=child.pk
    )
    assert reads.count() >= 2
    assert all("Read-only after transfer" in r.detail["reason"] for r in reads)


def test_read_only_ends_on_time_and_the_job_removes_the_grant(world, client):
    child, case = full_record(world)
    move(world, child)
    assert _status(client, world.practitioner_a, "casework:child_detail", child, case) == 200
    _end_read_only(child)
    # From the minute it runs out, before any job has run.
    assert _status(client, world.practitioner_a, "casework:child_detail", child, case) == 404
    assert ChildUserObjectPermission.objects.filter(content_object=child).count() == 2
    ended = read_grants_end_expired(actor=system_actor("test"))
    assert ended == 2
    assert not ChildUserObjectPermission.objects.filter(content_object=child).exists()
    assert set(ChildReadGrant.objects.values_list("ending", flat=True)) == {"expired"}
    assert read_grants_end_expired(actor=system_actor("test")) == 0
    changes = AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_CHANGE, detail__change="read_grant_expired"
    )
    assert changes.count() == 2


def test_the_old_communitys_theme_counts_the_child_without_naming_it(world, client):
    child, _ = full_record(world)
    with scopes_disabled():
        theme_id = ThemeLink.objects.get(child=child).theme_id
    move(world, child)
    client.force_login(world.teamleader_a)
    page = client.get(reverse("escalations:theme_detail", args=[theme_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Jarrah" not in text and "Tipiloura" not in text
    assert "moved to another community" in text
