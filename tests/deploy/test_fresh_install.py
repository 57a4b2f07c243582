"""A new install set up end to end in the product, never through ``/ops/admin``.

From an empty database (reference data only, no demo): the first administrator by command,
a community onboarded by command, its Partnership made active through the status service
(page and API), the Oversight Group created on its page, members meeting the 50% ACCO and
co-chair rules added on the member page, the group constituted. Every step is audited.
"""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from oversight.models import OversightGroup, OversightMember
from partnerships.models import Community, Organisation, Partnership, PartnershipStatusChange

pytestmark = pytest.mark.django_db


def _audited(**filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**filters).order_by("pk"))


def test_a_fresh_install_is_set_up_completely_in_the_product(client, tmp_path):
    assert not get_user_model().objects.exists()
    assert not OversightGroup.objects.exists()
    call_command("load_reference_data", stdout=io.StringIO())

    # 1. The first administrator, by the product's command.
    out = io.StringIO()
    call_command(
        "create_administrator",
        "--username=first.admin",
        "--email=admin@example.org",
        "--display-name=First Administrator",
        stdout=out,
    )
    admin = get_user_model().objects.get(username="first.admin")
    assert "/welcome/" in out.getvalue()  # the one-off link where they choose a password
    changes = [
        (e.object_type, e.detail["change"])
        for e in _audited(system_actor="command:create_administrator")
    ]
    assert changes == [
        ("accounts.user", "user_created"),
        ("partnerships.membership", "granted"),
    ]

    # 2. A community onboarded by command, with an ACCO among its Partnership's members.
    spec = tmp_path / "community.json"
    spec.write_text(
        json.dumps(
            {
                "name": "Robinson River",
                "region": "barkly",
                "requested_by": "Elders and the local ACCO",
                "requested_on": "2026-10-01",
                "members": [
                    {"organisation": "Mungoorbada ACCO", "organisation_kind": "acco"},
                    {"person_name": "Elder E.", "is_community_leader": True},
                ],
            }
        )
    )
    call_command("onboard_community", f"--file={spec}", stdout=io.StringIO())
    community = Community.objects.get(slug="robinson-river")
    assert community.partnership.status == Partnership.Status.PROPOSED
    assert _audited(
        system_actor="command:onboard_community",
        object_type="partnerships.community",
        object_id=str(community.pk),
    )

    # 3. The administrator moves the Partnership on: establishing on the page, active by API.
    client.force_login(admin)
    status_page = reverse("partnerships:partnership_status", kwargs={"slug": community.slug})
    assert client.get(status_page).status_code == 200
    response = client.post(status_page, {"status": "establishing", "reason": "Leaders agreed"})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("partnership-status-status", kwargs={"slug": community.slug}),
        {"status": "active"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert [c["to_status"] for c in response.json()["history"]] == ["active", "establishing"]
    # A move the life of a Partnership does not allow is refused, with the reason.
    refused = client.post(
        reverse("partnership-status-status", kwargs={"slug": community.slug}),
        {"status": "proposed"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "cannot become proposed" in refused.json()["errors"]["status"][0]
    community.partnership.refresh_from_db()
    assert community.partnership.status == Partnership.Status.ACTIVE
    assert community.partnership.established_on == timezone.localdate()
    with scopes_disabled():
        assert PartnershipStatusChange.objects.filter(changed_by=admin).count() == 2
    status_events = [
        e
        for e in _audited(actor=admin, object_type="partnerships.partnership")
        if e.detail.get("change") == "partnership_status"
    ]
    assert [(e.detail["from"], e.detail["to"]) for e in status_events] == [
        ("proposed", "establishing"),
        ("establishing", "active"),
    ]

    # 4. The Oversight Group, created on its page by the administrator.
    group_page = client.get(reverse("oversight:group"))
    assert "Create the Oversight Group" in group_page.content.decode()
    response = client.post(reverse("oversight:group_create"), {"name": "NT Oversight Group"})
    assert response.status_code == 302
    group = OversightGroup.objects.get()
    assert _audited(actor=admin, object_type="oversight.oversightgroup", action="create")
    # There is one group: a second is refused.
    client.post(reverse("oversight:group_create"), {"name": "Another"})
    assert OversightGroup.objects.count() == 1

    # 5. Members meeting the rules: two ACCOs of three, co-chaired by a government agency
    # and an ACCO. The onboarded ACCO is chosen; the others are entered as new organisations.
    acco = Organisation.objects.get(name="Mungoorbada ACCO")
    today = timezone.localdate().isoformat()
    member_page = reverse("oversight:member_create")
    rows = [
        {"organisation": acco.pk, "representative_name": "A. Rep", "is_co_chair": "on"},
        {
            "new_organisation_name": "NT Department of Children and Families",
            "new_organisation_kind": "government_agency",
            "representative_name": "G. Rep",
            "is_co_chair": "on",
        },
        {
            "new_organisation_name": "Barkly Family Services (ACCO)",
            "new_organisation_kind": "acco",
            "representative_name": "B. Rep",
        },
    ]
    for row in rows:
        response = client.post(
            member_page, {"service_area": "family_support", "term_starts_on": today, **row}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    assert OversightMember.objects.filter(group=group).count() == 3
    assert len(_audited(actor=admin, object_type="oversight.oversightmember")) == 3
    assert len(_audited(actor=admin, object_type="partnerships.organisation")) == 2

    # 6. Constituted: from now on every change keeps the rules.
    response = client.post(reverse("oversight:group_constitute"))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.is_constituted
    constituted = _audited(actor=admin, object_type="oversight.oversightgroup", action="update")
    assert [e.detail["what"] for e in constituted] == ["group_constituted"]
    # Ending the government co-chair now would break the rules: refused on the confirmation
    # page, which asks for the date first (never one click).
    government = OversightMember.objects.get(representative_name="G. Rep")
    end_page = reverse("oversight:member_end", kwargs={"pk": government.pk})
    assert 'name="last_day"' in client.get(end_page).content.decode()
    refused = client.post(end_page, {"last_day": today})
    assert refused.status_code == 200
    government.refresh_from_db()
    assert government.term_ends_on is None
