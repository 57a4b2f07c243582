"""Who reaches what: oversight roles see no child anywhere; downloads are checked and audited.

The Oversight Group's pages and API are Territory-wide (no community's records): a signed-in
person whose role has no part in them is refused (403).
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from escalations.models import Escalation
from oversight.models import QuarterlyReport
from partnerships.models import Organisation

from ..factories import (
    CaseFactory,
    ChildFactory,
    EscalationFactory,
    OrganisationFactory,
    OversightGroupFactory,
    OversightMemberFactory,
    ThemeFactory,
)
from ..routes import all_routes

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = QuarterlyReport(
        quarter="2025-26 Q4", version=1, generated_at=timezone.now(), sha256="0" * 64
    )
    report.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.save()
    return report


def test_download_is_for_oversight_and_administrators_and_audited(world, client_for, report):
    url = reverse("oversight:report_download", kwargs={"pk": report.pk})
    for persona in ("practitioner_a", "teamleader_a", "coordinator_a", "nobody"):
        assert client_for(world.users[persona]).get(url).status_code == 403
    response = client_for(world.cochair).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD)
    assert event.actor == world.cochair and event.object_id == str(report.pk)
    api = reverse("report-download", kwargs={"pk": report.pk})
    refused = client_for(world.coordinator_a).get(api)
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert client_for(world.oversight_member).get(api).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).count() == 2


def test_oversight_personas_reach_no_child_record_anywhere(world, client_for, report):
    # Data that could leak: children, a case, a theme linking them, a regional escalation.
    child = ChildFactory(community=world.community_a, given_name="Xanthelle")
    CaseFactory(child=child)
    theme = ThemeFactory(
        community=world.community_a, linked=[child, ChildFactory(community=world.community_a)]
    )
    escalation = EscalationFactory(theme=theme, level=Escalation.Level.REGIONAL)
    routes = all_routes()
    for persona in ("oversight_member", "cochair"):
        client = client_for(world.users[persona])
        for name, route in routes.items():
            if route.method != "get" or (route.anonymous == "public"):
                continue
            kwargs = route.kwargs(world) if route.kwargs else {}
            response = client.get(reverse(name, kwargs=kwargs))
            body = b"" if response.streaming else response.content
            assert b"Xanthelle" not in body, (persona, name)
            assert b"Synthetic" not in body, (persona, name)
        assert (
            client.get(reverse("escalations:theme_detail", kwargs={"pk": theme.pk})).status_code
            == 404
        )
        assert client.get(reverse("theme-detail", kwargs={"pk": theme.pk})).status_code == 404
        regional = client.get(reverse("escalations:regional_list"))
        assert regional.status_code == 200
        assert f"E-{escalation.pk}".encode() in regional.content


def test_theme_links_are_invisible_outside_the_community(world, client_for):
    child = ChildFactory(community=world.community_a, given_name="Orlantha")
    theme = ThemeFactory(
        community=world.community_a, linked=[child, ChildFactory(community=world.community_a)]
    )
    inside = client_for(world.practitioner_a).get(
        reverse("escalations:theme_detail", kwargs={"pk": theme.pk})
    )
    assert b"Orlantha" in inside.content
    for persona in ("practitioner_b", "coordinator_b", "oversight_member", "administrator"):
        client = client_for(world.users[persona])
        assert (
            client.get(reverse("escalations:theme_detail", kwargs={"pk": theme.pk})).status_code
            == 404
        )
        listing = client.get(reverse("theme-list"))
        assert b"Orlantha" not in listing.content
        assert str(child.pk).encode() + b"]" not in listing.content


def test_a_community_persona_is_refused_the_oversight_pages(world, client_for, report):
    for persona in ("practitioner_a", "coordinator_a", "nobody"):
        client = client_for(world.users[persona])
        assert client.get(reverse("oversight:group")).status_code == 403
        assert client.get(reverse("oversight:report_list")).status_code == 403
        assert (
            client.post(reverse("oversight:report_list"), {"quarter": "2026-27Q1"}).status_code
            == 403
        )
        assert client.get(reverse("report-list")).status_code == 403
        assert client.get(reverse("report-detail", kwargs={"pk": report.pk})).status_code == 403
        created = client.post(reverse("report-request-list"), {"quarter": "2026-27Q1"})
        assert created.status_code == 403


def test_a_missing_report_is_not_found_for_the_oversight_group(world, client_for):
    client = client_for(world.oversight_member)
    assert client.get(reverse("report-detail", kwargs={"pk": 987654})).status_code == 404
    page = reverse("oversight:report_download", kwargs={"pk": 987654})
    assert client.get(page).status_code == 404


def test_a_member_is_refused_changing_the_group(world, client_for):
    group = OversightGroupFactory()
    member = OversightMemberFactory(group=group)
    client = client_for(world.oversight_member)
    assert client.get(reverse("oversight:member_create")).status_code == 403
    assert (
        client.get(reverse("oversight:member_update", kwargs={"pk": member.pk})).status_code == 403
    )
    assert client.post(reverse("oversight:group_constitute")).status_code == 403


def test_requesting_a_report_from_the_page_queues_it(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.oversight_member)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("oversight:report_list"), {"quarter": "2026-27Q1"})
    assert response.status_code == 302
    assert len(callbacks) == 1
    page = client.get(reverse("oversight:report_list"))
    assert b"js/report_progress." in page.content
    assert b"2026-27 Q1: Queued" in page.content
    bad = client.post(reverse("oversight:report_list"), {"quarter": "2026 Q9"})
    assert bad.status_code == 200 and b"is not a quarter" in bad.content


def test_group_page_shows_composition_and_each_rule(world, client_for):
    group = OversightGroupFactory()
    gov = OrganisationFactory(kind=Organisation.Kind.GOVERNMENT_AGENCY, name="Gov Agency (test)")
    OversightMemberFactory(group=group, organisation=gov, is_co_chair=True)
    OversightMemberFactory(group=group, is_co_chair=True)
    OversightMemberFactory(group=group)
    page = client_for(world.oversight_member).get(reverse("oversight:group"))
    assert page.status_code == 200
    assert b"Gov Agency (test)" in page.content
    assert b"Holds:</strong> At least 50% of members are ACCOs" in page.content
    OversightMemberFactory(group=group, organisation=OrganisationFactory(kind="ngo"))
    OversightMemberFactory(group=group, organisation=OrganisationFactory(kind="ngo"))
    page = client_for(world.oversight_member).get(reverse("oversight:group"))
    assert b"Broken:</strong> At least 50% of members are ACCOs" in page.content
    assert b"Mark the group constituted" not in page.content  # members cannot manage
