"""Creating the Oversight Group and managing its members, by page, API and command."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core.actors import system_actor
from oversight import services
from oversight.models import OversightGroup, OversightMember
from partnerships.models import Organisation

from ..factories import OrganisationFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db
Kind = Organisation.Kind


def _body(organisation, name, *, co_chair=False, **extra):
    return {
        "organisation": organisation.pk,
        "service_area": "family_support",
        "representative_name": name,
        "term_starts_on": timezone.localdate().isoformat(),
        "is_co_chair": co_chair,
        **extra,
    }


def test_the_group_page_offers_creation_to_an_administrator_only(world, client):
    client.force_login(world.administrator)
    assert "Create the Oversight Group" in client.get(reverse("oversight:group")).content.decode()
    client.force_login(world.cochair)
    assert (
        "Create the Oversight Group" not in client.get(reverse("oversight:group")).content.decode()
    )
    assert client.get(reverse("oversight:group_create")).status_code == 403


def test_the_page_creates_one_group_and_keeps_what_was_typed_when_refused(world, client):
    client.force_login(world.administrator)
    blank = client.post(reverse("oversight:group_create"), {"name": ""})
    assert blank.status_code == 200 and not OversightGroup.objects.exists()
    assert client.post(reverse("oversight:group_create"), {"name": "NT Group"}).status_code == 302
    again = client.get(reverse("oversight:group_create"))
    assert again.status_code == 302  # there is one: the page sends you to it
    event = AuditEvent.objects.get(object_type="oversight.oversightgroup")
    assert event.actor == world.administrator and event.detail["what"] == "group_created"


def test_the_service_refuses_a_second_group():
    services.oversight_group_create(actor=system_actor("test"), name="First")
    with pytest.raises(ValidationError, match="already"):
        services.oversight_group_create(actor=system_actor("test"), name="Second")


def test_the_command_creates_the_group_once():
    out = io.StringIO()
    call_command("create_oversight_group", "--name=NT Oversight Group", stdout=out)
    assert OversightGroup.objects.get().name == "NT Oversight Group"
    assert AuditEvent.objects.get(object_type="oversight.oversightgroup").system_actor == (
        "command:create_oversight_group"
    )
    with pytest.raises(CommandError, match="already"):
        call_command("create_oversight_group", stdout=io.StringIO())


def test_the_api_builds_and_constitutes_the_group_under_the_rules(world, client):
    client.force_login(world.administrator)
    created = client.post(
        reverse("oversight-group-list"), {"name": "NT Group"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    group_id = created.json()["id"]
    acco, acco2 = OrganisationFactory(kind=Kind.ACCO), OrganisationFactory(kind=Kind.ACCO)
    government = OrganisationFactory(kind=Kind.GOVERNMENT_AGENCY)
    members = reverse("oversight-member-list")
    for body in (
        _body(acco, "A", co_chair=True),
        _body(government, "G", co_chair=True),
        _body(acco2, "B"),
    ):
        response = client.post(members, body, content_type="application/json")
        assert response.status_code == 201, response.content
    # A new organisation named in the body, instead of an existing one.
    ngo = client.post(
        members,
        {
            **_body(acco, "N"),
            "organisation": None,
            "new_organisation_name": "Barkly Legal Service",
            "new_organisation_kind": "ngo",
        },
        content_type="application/json",
    )
    assert ngo.status_code == 400  # ``organisation`` null is refused by the serializer
    ngo = client.post(
        members,
        {
            key: value
            for key, value in {
                **_body(acco, "N"),
                "new_organisation_name": "Barkly Legal Service",
                "new_organisation_kind": "ngo",
            }.items()
            if key != "organisation"
        },
        content_type="application/json",
    )
    assert ngo.status_code == 201, ngo.content
    assert Organisation.objects.get(name="Barkly Legal Service").kind == Kind.NGO
    constitute = reverse("oversight-group-constitute", kwargs={"pk": group_id})
    assert client.post(constitute).status_code == 200
    # Two ACCOs of four: 50% holds. Making the NGO's member co-chair breaks the pairing.
    ngo_member = reverse("oversight-member-detail", kwargs={"pk": ngo.json()["id"]})
    refused = client.patch(ngo_member, {"is_co_chair": True}, content_type="application/json")
    assert refused.status_code == 400
    assert "co-chair" in str(refused.json()["errors"]).lower()
    # Ending an ACCO member would leave one ACCO of three: refused, nothing changed.
    acco_member = OversightMember.objects.get(representative_name="B")
    end = reverse("oversight-member-end", kwargs={"pk": acco_member.pk})
    refused = client.post(end, {}, content_type="application/json")
    assert refused.status_code == 400
    acco_member.refresh_from_db()
    assert acco_member.term_ends_on is None
    # Ending the NGO member keeps the rules.
    ended = client.post(
        reverse("oversight-member-end", kwargs={"pk": ngo.json()["id"]}),
        {"last_day": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["term_ends_on"]
    what = list(
        AuditEvent.objects.filter(actor=world.administrator, detail__change="oversight")
        .order_by("pk")
        .values_list("detail__what", flat=True)
    )
    assert what == [
        "group_created",
        "member_added",
        "member_added",
        "member_added",
        "organisation_added",
        "member_added",
        "group_constituted",
        "member_ended",
    ]


def test_member_writes_are_refused_to_the_group_members_and_community_roles(world, client):
    group = services.oversight_group_create(actor=system_actor("test"), name="G")
    acco = OrganisationFactory(kind=Kind.ACCO)
    for persona in ("oversight_member", "coordinator_a"):
        client.force_login(world.users[persona])
        response = client.post(
            reverse("oversight-member-list"), _body(acco, "X"), content_type="application/json"
        )
        assert response.status_code == 403
    assert not group.members.exists()


def test_ending_a_member_on_the_page_asks_for_the_date_first(world, client):
    group = services.oversight_group_create(actor=system_actor("test"), name="G")
    member = services.oversight_member_add(
        actor=system_actor("test"),
        group=group,
        organisation=OrganisationFactory(kind=Kind.ACCO),
        service_area="health",
        representative_name="R",
        term_starts_on=datetime.date(2026, 1, 1),
    )
    client.force_login(world.cochair)
    url = reverse("oversight:member_end", kwargs={"pk": member.pk})
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200, page[:3000]
    assert 'name="last_day"' in page and timezone.localdate().isoformat() in page
    member.refresh_from_db()
    assert member.term_ends_on is None  # opening the page ends nothing
    before_start = client.post(url, {"last_day": "2025-12-31"})
    assert before_start.status_code == 200 and "before it starts" in before_start.content.decode()
    assert client.post(url, {"last_day": "2026-06-30"}).status_code == 302
    member.refresh_from_db()
    assert member.term_ends_on == datetime.date(2026, 6, 30)


def test_an_administrator_gives_a_co_chair_their_territory_wide_role(world, client):
    client.force_login(world.administrator)
    url = reverse("partnerships:admin_territory_wide")
    response = client.post(
        url,
        {
            "username": "g.cochair",
            "display_name": "G. Co-chair",
            "email": "g@example.org",
            "role": "oversight_cochair",
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "g.cochair" in page
    cochair = get_user_model().objects.get(username="g.cochair")
    assert cochair.memberships.get().community is None
    # A community role is not offered here.
    refused = client.post(url, {"existing_user": cochair.pk, "role": "practitioner"})
    assert refused.status_code == 200
    client.force_login(world.coordinator_a)
    assert client.get(url).status_code == 403
