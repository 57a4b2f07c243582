"""The child summary: rendered by WeasyPrint and read back; audited; marked with who
printed it and when; only the open cases, the current plan, the risk history and the last
six months of contacts."""

import datetime
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework.models import CarePlan, Case, RiskAssessment, RiskLevel
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def summary_case(world):
    now = timezone.now()
    case = CaseFactory(
        child__community=world.community_a,
        child__given_name="Yindi",
        child__family_name="Marika",
        practitioner=world.practitioner_a,
        opened_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    for days, level in ((300, RiskLevel.HIGH), (20, RiskLevel.MODERATE)):
        RiskAssessment.objects.create(
            community=case.community,
            case=case,
            assessed_on=timezone.localdate() - datetime.timedelta(days=days),
            level=level,
            assessor=world.practitioner_a,
            next_reassessment_due_on=timezone.localdate() + datetime.timedelta(days=60),
        )
    CarePlan.objects.create(
        community=case.community,
        case=case,
        worries="Quilberry school attendance",
        review_due_on=timezone.localdate() + datetime.timedelta(days=30),
        created_by=world.practitioner_a,
    )
    ContactFactory(
        case=case, occurred_at=now - datetime.timedelta(days=10), note="Recent visit Zarnoth"
    )
    ContactFactory(
        case=case, occurred_at=now - datetime.timedelta(days=300), note="Old visit Brimwick"
    )
    closed = CaseFactory(child=case.child, kind=Case.Kind.STRENGTHENING_FAMILIES)
    with scopes_disabled():
        Case.objects.filter(pk=closed.pk).update(
            status=Case.Status.CLOSED, closed_on=timezone.localdate()
        )
    return case


def test_pdf_holds_the_summary_and_who_printed_it(world, client_for, summary_case, tmp_path):
    client = client_for(world.practitioner_a)
    response = client.get(reverse("casework:child_summary_pdf", args=[summary_case.child_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content, tmp_path)
    assert "Yindi Marika" in text
    assert "Child in care case" in text
    assert "Strengthening Families" not in text  # the closed case is not an open case
    assert "Quilberry" in text  # the current plan
    assert "High" in text and "Moderate" in text  # the risk history
    assert "Zarnoth" in text  # a recent contact (the table may wrap its note)
    assert "Brimwick" not in text  # older than six months
    today = timezone.localdate()
    assert f"Printed by {world.practitioner_a.display_name} on {today.day} {today:%B %Y}" in text
    with scopes_disabled():
        event = AuditEvent.objects.get(detail__what="child_summary_pdf")
    assert event.action == AuditEvent.Action.READ
    assert event.child_id == summary_case.child_id
    assert event.actor == world.practitioner_a


def test_printable_page_and_print_stylesheet(world, client_for, summary_case):
    client = client_for(world.practitioner_a)
    page = client.get(reverse("casework:child_summary", args=[summary_case.child_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Printed by" in html and "Quilberry" in html
    assert 'media="print"' in html
    detail = client.get(reverse("casework:child_detail", args=[summary_case.child_id]))
    assert (
        reverse("casework:child_summary_pdf", args=[summary_case.child_id])
        in detail.content.decode()
    )
    with scopes_disabled():
        assert AuditEvent.objects.filter(detail__what="child_summary").count() == 1


def test_other_community_404_and_wrong_role_403(world, client_for, summary_case):
    url = reverse("casework:child_summary_pdf", args=[summary_case.child_id])
    assert client_for(world.practitioner_b).get(url).status_code == 404
    assert client_for(world.coordinator_a).get(url).status_code == 403
