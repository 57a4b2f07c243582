import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partnerships import services
from partnerships.models import Community, Membership, Organisation, Partnership, Role

from ..factories import UserFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db
User = get_user_model()


def _counts():
    return (
        Community.objects.count(),
        Partnership.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
    )


def _onboard(world, **overrides):
    kwargs = {
        "actor": world.administrator,
        "name": "Robinson River",
        "alternative_names": ["Mungoorbada"],
        "region": world.community_a.region,
        "requested_by": "Elders and the local ACCO",
        "requested_on": datetime.date(2026, 10, 1),
        "members": [
            {"organisation": "Mungoorbada ACCO", "organisation_kind": "acco", "role": "Co-lead"},
            {"person_name": "Elder R.", "role": "Leader", "is_community_leader": True},
        ],
        "staff": [
            {
                "username": "p.robinson",
                "display_name": "P Robinson",
                "email": "p@example.org",
                "role": Role.PRACTITIONER,
            }
        ],
        "link_base": "https://cwsp.example.org/",
    }
    kwargs.update(overrides)
    return services.community_onboard(**kwargs)


# --- Onboarding -----------------------------------------------------------------------------


def test_onboarding_creates_community_partnership_members_and_staff(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _onboard(world)
    community = result.community
    assert (community.slug, community.alternative_names) == ("robinson-river", ["Mungoorbada"])
    assert result.partnership.requested_by == "Elders and the local ACCO"
    assert result.partnership.requested_on == datetime.date(2026, 10, 1)
    assert len(result.members) == 2
    assert result.members[0].organisation.kind == Organisation.Kind.ACCO
    [staff] = result.staff
    assert not staff.user.has_usable_password()
    assert staff.membership.community == community
    assert staff.membership.granted_by == world.administrator
    assert staff.password_link.startswith("https://cwsp.example.org/welcome/")
    [email] = mailoutbox
    assert email.to == ["p@example.org"] and staff.password_link in email.body
    event = AuditEvent.objects.get(object_type="partnerships.community")
    assert event.detail["staff_user_ids"] == [staff.user.pk]
    assert "Robinson" not in json.dumps(event.detail)


@pytest.mark.parametrize(
    ("name", "alternatives"),
    [("WADEYE", []), ("Port Keats", ["wadeye"]), ("New place", ["Yuendumu"])],
)
def test_a_duplicate_community_is_refused_and_nothing_is_created(world, name, alternatives):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _onboard(world, name=name, alternative_names=alternatives)
    assert "is already a community here" in str(error.value)
    assert _counts() == before


def test_a_duplicate_of_another_spelling_is_refused(world):
    world.community_a.alternative_names = ["Port Keats"]
    world.community_a.save()
    with pytest.raises(ValidationError, match="Wadeye is already a community"):
        _onboard(world, name="port keats", alternative_names=[])


def test_an_invalid_staff_row_after_valid_data_leaves_nothing_behind(world):
    before = _counts()
    staff = [
        {
            "username": "ok.one",
            "display_name": "A",
            "email": "a@example.org",
            "role": "practitioner",
        },
        {
            "username": "bad.two",
            "display_name": "B",
            "email": "not-an-email",
            "role": "coordinator",
        },
    ]
    with pytest.raises(ValidationError, match="Staff member 2"):
        _onboard(world, staff=staff)
    assert _counts() == before
    assert not User.objects.filter(username="ok.one").exists()


def test_staff_need_a_community_role_and_a_free_username(world):
    with pytest.raises(ValidationError, match="Staff member 1: choose practitioner"):
        _onboard(
            world, staff=[{"username": "x", "email": "x@example.org", "role": "administrator"}]
        )
    with pytest.raises(ValidationError, match="already taken"):
        _onboard(
            world,
            staff=[
                {"username": "Practitioner.A", "email": "x@example.org", "role": "practitioner"}
            ],
        )


def test_only_administrators_onboard(world):
    with pytest.raises(PermissionDenied):
        _onboard(world, actor=world.coordinator_a)


def test_onboard_command_from_a_file(world, tmp_path, capsys):
    spec = {
        "name": "Robinson River",
        "region": world.community_a.region.slug,
        "requested_by": "Elders",
        "requested_on": "2026-10-01",
        "keeps_case_records": False,
        "staff": [{"username": "c.rr", "email": "c@example.org", "role": "coordinator"}],
    }
    path = tmp_path / "rr.json"
    path.write_text(json.dumps(spec))
    call_command("onboard_community", "--file", str(path))
    partnership = Partnership.objects.get(community__slug="robinson-river")
    assert partnership.keeps_case_records is False
    assert "c.rr (Partnership coordinator): /welcome/" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Nothing was created: .*already a community"):
        call_command("onboard_community", "--file", str(path))


def test_onboard_command_from_arguments(world):
    call_command(
        "onboard_community",
        "--name=Robinson River",
        f"--region={world.community_b.region.slug}",
        "--requested-by=Elders",
        "--requested-on=2026-10-01",
        "--staff=p.rr:p@example.org:practitioner:P RR",
    )
    assert Membership.objects.get(user__username="p.rr").community.name == "Robinson River"


def _onboard_form(world, **overrides):
    data = {
        "name": "Robinson River",
        "alternative_names": "Mungoorbada, Robinson",
        "region": world.community_a.region.pk,
        "requested_by": "Elders",
        "requested_on": "2026-10-01",
        "partnership_status": "proposed",
        "keeps_case_records": "on",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-0-organisation": "Mungoorbada ACCO",
        "members-0-organisation_kind": "acco",
        "members-0-role": "Co-lead",
        "members-1-organisation": "",
        "staff-TOTAL_FORMS": "2",
        "staff-INITIAL_FORMS": "0",
        "staff-0-username": "p.rr",
        "staff-0-display_name": "Practitioner RR",
        "staff-0-email": "p@example.org",
        "staff-0-role": "practitioner",
        "staff-1-username": "",
    }
    data.update(overrides)
    return data


def test_onboard_page_keeps_what_was_typed_when_refused(world, client_for):
    client = client_for(world.administrator)
    url = reverse("partnerships:admin_onboard")
    response = client.post(url, _onboard_form(world, name="wadeye"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wadeye is already a community here" in body
    assert 'value="Practitioner RR"' in body and "Mungoorbada ACCO" in body
    assert not Community.objects.filter(name="Robinson River").exists()


def test_onboard_page_refuses_everyone_but_administrators(world, client_for):
    for persona in ("coordinator_a", "cochair", "nobody"):
        client = client_for(world.users[persona])
        response = client.post(reverse("partnerships:admin_onboard"), _onboard_form(world))
        assert response.status_code == 403
    assert not Community.objects.filter(name="Robinson River").exists()


def test_journey_administrator_onboards_and_new_practitioner_sees_only_the_new_community(
    world, client
):
    client.force_login(world.administrator)
    response = client.post(reverse("partnerships:admin_onboard"), _onboard_form(world))
    # A redirect after the POST: refreshing the result page does not onboard again.
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200
    body = response.content.decode()
    assert "Robinson River is onboarded" in body
    assert (
        "Robinson River is onboarded"
        in client.get(response.request["PATH_INFO"] + "?done=robinson-river").content.decode()
    )
    link = body.split('class="password-link"><a href="')[1].split('"')[0]
    path = link.replace("http://testserver", "")
    client.logout()

    # The practitioner follows the link and chooses a password.
    response = client.get(path, follow=True)
    assert response.status_code == 200 and "Choose your password" in response.content.decode()
    set_url = response.redirect_chain[-1][0]
    new_password = "A-long-new-password-2026"
    response = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302 and response["Location"] == reverse("login")

    response = client.post(
        reverse("login"), {"username": "p.rr", "password": new_password}, follow=True
    )
    assert response.status_code == 200
    page = client.get(reverse("partnerships:community_list")).content.decode()
    assert "Robinson River" in page
    assert "Wadeye" not in page and "Yuendumu" not in page
    detail = client.get(reverse("partnerships:community_detail", args=["robinson-river"]))
    assert "Mungoorbada ACCO" in detail.content.decode()
    assert client.get(reverse("partnerships:community_detail", args=["wadeye"])).status_code == 404
    # The link works once.
    assert "already been used" in client.get(path, follow=True).content.decode()


# --- Administration home and managing access ------------------------------------------------


def test_admin_home_lists_communities_with_active_memberships(world, client_for):
    response = client_for(world.administrator).get(reverse("partnerships:admin_home"))
    communities = {c.slug: c for c in response.context["communities"]}
    # Practitioner, team leader and coordinator in each.
    assert communities["wadeye"].active_memberships == 3
    assert communities["yuendumu"].active_memberships == 3


def test_superuser_without_membership_is_an_administrator(world, client_for):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert client_for(superuser).get(reverse("partnerships:admin_home")).status_code == 200


@pytest.mark.parametrize("persona", ["coordinator_a", "teamleader_a", "oversight_member", "nobody"])
def test_administration_refuses_everyone_else(world, client_for, persona):
    # Administration is an area they hold no role in: 403.
    client = client_for(world.users[persona])
    assert client.get(reverse("partnerships:admin_home")).status_code == 403
    assert client.get(reverse("partnerships:admin_onboard")).status_code == 403


def test_administration_records_are_403_inside_and_404_outside_ones_communities(world, client_for):
    client = client_for(world.coordinator_a)
    own = Membership.objects.get(user=world.practitioner_a)
    other = Membership.objects.get(user=world.practitioner_b)
    for name, inside, outside in [
        ("partnerships:admin_access", ["wadeye"], ["yuendumu"]),
        ("partnerships:admin_membership", [own.pk], [other.pk]),
        ("partnerships:admin_user", [world.practitioner_a.pk], [world.practitioner_b.pk]),
    ]:
        assert client.get(reverse(name, args=inside)).status_code == 403, name
        assert client.get(reverse(name, args=outside)).status_code == 404, name
    # Territory-wide records are nobody's community: 404 for everyone but administrators.
    cochair = Membership.objects.get(user=world.cochair)
    assert (
        client.get(reverse("partnerships:admin_membership", args=[cochair.pk])).status_code == 404
    )


def test_admin_home_and_access_pages_cost_the_same_queries_at_one_and_many(world, client_for):
    client = client_for(world.administrator)

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    access = reverse("partnerships:admin_access", args=["wadeye"])
    home = reverse("partnerships:admin_home")
    before = (count(home), count(access))
    for _ in range(5):
        services.membership_grant(
            actor=world.administrator,
            user=UserFactory(),
            role=Role.PRACTITIONER,
            community=world.community_a,
        )
    assert (count(home), count(access)) == before


def test_access_page_shows_who_since_when_and_granted_by(world, client_for):
    membership = services.membership_grant(
        actor=world.administrator,
        user=UserFactory(display_name="New Person"),
        role=Role.TEAM_LEADER,
        community=world.community_a,
        starts_on=datetime.date(2026, 2, 3),
    )
    body = (
        client_for(world.administrator)
        .get(reverse("partnerships:admin_access", args=["wadeye"]))
        .content.decode()
    )
    assert "New Person" in body and "3 Feb 2026" in body
    assert str(world.administrator) in body
    assert reverse("partnerships:admin_membership", args=[membership.pk]) in body
    assert "<small>practitioner.a</small>" in body
    assert "<small>practitioner.b</small>" not in body


def test_grant_access_to_an_existing_and_a_new_person(world, client_for):
    client = client_for(world.administrator)
    url = reverse("partnerships:admin_access", args=["yuendumu"])
    today = timezone.localdate().isoformat()
    response = client.post(
        url, {"existing_user": world.nobody.pk, "role": "practitioner", "starts_on": today}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=world.nobody).community == world.community_b
    response = client.post(
        url,
        {
            "username": "new.person",
            "display_name": "New",
            "email": "n@example.org",
            "role": "coordinator",
            "starts_on": today,
        },
        follow=True,
    )
    assert "Password-set link for new.person" in response.content.decode()
    new = User.objects.get(username="new.person")
    assert not new.has_usable_password()
    assert new.memberships.get().role == Role.COORDINATOR
    response = client.post(url, {"role": "coordinator", "starts_on": today})
    assert "Choose an existing person or give a new username." in response.content.decode()


def test_change_and_end_a_membership_are_audited(world, client_for):
    client = client_for(world.administrator)
    membership = Membership.objects.get(user=world.practitioner_a)
    url = reverse("partnerships:admin_membership", args=[membership.pk])
    assert client.post(url, {"role": "team_leader", "ends_on": ""}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.TEAM_LEADER
    assert client.post(url, {"end": "1"}).status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate() and membership.ended_by == world.administrator
    changes = list(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.ACCESS_CHANGE, object_id=str(membership.pk)
        )
        .order_by("pk")
        .values_list("detail__change", flat=True)
    )
    assert changes[-2:] == ["changed", "ended"]
    assert (
        client_for(world.practitioner_a)
        .get(reverse("partnerships:community_list"))
        .context["communities"]
        .count()
        == 0
    )


def test_deactivating_a_user_ends_their_sessions_at_once(world, client):
    client.force_login(world.practitioner_a)
    assert client.get(reverse("partnerships:community_list")).status_code == 200
    other = type(client)()
    other.force_login(world.practitioner_b)
    sessions_before = Session.objects.count()
    services.user_deactivate(actor=world.administrator, user=world.practitioner_a)

    assert Session.objects.count() == sessions_before - 1
    response = client.get(reverse("partnerships:community_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert other.get(reverse("partnerships:community_list")).status_code == 200
    world.practitioner_a.refresh_from_db()
    assert world.practitioner_a.is_active is False
    services.user_reactivate(actor=world.administrator, user=world.practitioner_a)
    world.practitioner_a.refresh_from_db()
    assert world.practitioner_a.is_active
    changes = list(
        AuditEvent.objects.filter(
            object_type="accounts.user", action=AuditEvent.Action.ACCESS_CHANGE
        )
        .order_by("pk")
        .values_list("detail__change", flat=True)
    )
    assert changes == ["user_deactivated", "user_reactivated"]


def test_user_page_deactivates_and_refuses_self(world, client_for):
    client = client_for(world.administrator)
    url = reverse("partnerships:admin_user", args=[world.teamleader_b.pk])
    assert client.post(url, {"deactivate": "1"}).status_code == 302
    world.teamleader_b.refresh_from_db()
    assert not world.teamleader_b.is_active
    own = reverse("partnerships:admin_user", args=[world.administrator.pk])
    response = client.post(own, {"deactivate": "1"})
    assert "cannot deactivate your own account" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=world.coordinator_a, user=world.practitioner_a)


def test_administrator_turns_case_records_off_from_the_access_page(world, client_for):
    url = reverse("partnerships:admin_access", args=["wadeye"])
    client = client_for(world.administrator)
    response = client.post(url, {"form": "case_records"})
    # First a confirmation that says what disappears; nothing changes yet.
    assert response.status_code == 200
    assert "disappear from view" in response.content.decode()
    world.community_a.partnership.refresh_from_db()
    assert world.community_a.partnership.keeps_case_records is True
    confirmed = client.post(
        reverse("partnerships:case_records", args=["wadeye"]), {"confirm": "yes"}
    )
    assert confirmed.status_code == 302
    world.community_a.partnership.refresh_from_db()
    assert world.community_a.partnership.keeps_case_records is False
    assert not Membership.objects.filter(user__username="").exists()


def test_onboard_page_shows_every_refusal_at_once_beside_its_field(world, client_for):
    UserFactory(username="taken.name")
    client = client_for(world.administrator)
    url = reverse("partnerships:admin_onboard")
    response = client.post(
        url,
        _onboard_form(
            world,
            name="wadeye",
            **{
                "members-0-organisation": "",
                "members-0-person_name": "",
                "members-0-role": "Co-lead",
                "staff-0-username": "taken.name",
            },
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    # One round: the community, the member row and the staff row, each beside its field.
    assert 'id="id_name_error"' in body and "Wadeye is already a community here" in body
    assert 'id="id_members-0-organisation_error"' in body
    assert 'id="id_staff-0-username_error"' in body and "already taken" in body
    assert not Community.objects.filter(name="Robinson River").exists()
    # Fixing them all onboards at once, and a refresh of the result posts nothing.
    fixed = client.post(url, _onboard_form(world))
    assert fixed.status_code == 302
    assert client.get(fixed["Location"]).status_code == 200
    assert client.get(fixed["Location"]).status_code == 200
    assert Community.objects.filter(name="Robinson River").count() == 1


def test_case_records_switch_is_for_administrators_only_with_a_confirmation(world, client_for):
    url = reverse("partnerships:case_records", args=["wadeye"])
    page = client_for(world.coordinator_a).get(url).content.decode()
    assert "Area-Partnership" not in page
    assert "Only an administrator can change this." in page
    assert client_for(world.coordinator_a).post(url, {}).status_code == 403
    assert client_for(world.coordinator_b).post(url, {}).status_code == 404
    admin = client_for(world.administrator)
    assert 'name="keeps_case_records"' in admin.get(url).content.decode()
    confirm = admin.post(url, {})
    assert confirm.status_code == 200
    assert "every child and family record" in confirm.content.decode()
    world.community_a.partnership.refresh_from_db()
    assert world.community_a.partnership.keeps_case_records is True
    assert admin.post(url, {"confirm": "yes"}).status_code == 302
    world.community_a.partnership.refresh_from_db()
    assert world.community_a.partnership.keeps_case_records is False
    # Turning them back on needs no confirmation: nothing disappears.
    assert admin.post(url, {"keeps_case_records": "on"}).status_code == 302
    world.community_a.partnership.refresh_from_db()
    assert world.community_a.partnership.keeps_case_records is True
