import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from casework.contact_due import case_refresh_contact_due
from casework.models import Case, Child, ReturnVisit
from notifications import demo
from notifications.models import ContactReminder, Notification, NotificationPreference
from notifications.services import contact_reminders_send
from tests.factories import CaseFactory, ChildFactory, ContactFactory

TODAY = datetime.date(2026, 11, 23)


def words(case, community="Wadeye"):
    """How a reminder names the case: its kind and the child's initials, never its number."""
    child = case.child
    initials = f"{(child.preferred_name or child.given_name)[:1]}. {child.family_name[:1]}."
    return f"The Child in care case of {initials.upper()} in {community}"


def case_due_in(world, days, *, community=None, team_leader=True, **kwargs):
    """An open in-care case whose face-to-face contact falls due ``days`` after TODAY."""
    community = community or world.community_a
    suffix = "a" if community == world.community_a else "b"
    child = ChildFactory(community=community, **kwargs.pop("child", {}))
    return CaseFactory(
        child=child,
        practitioner=world.users[f"practitioner_{suffix}"],
        team_leader=world.users[f"teamleader_{suffix}"] if team_leader else None,
        opened_on=TODAY + datetime.timedelta(days=days) - datetime.timedelta(days=42),
        **kwargs,
    )


def notifications():
    with scopes_disabled():
        return list(Notification.objects.order_by("id"))


def reminders():
    with scopes_disabled():
        return list(ContactReminder.objects.order_by("id"))


@pytest.mark.django_db
def test_due_soon_notifies_the_practitioner_only(world):
    case = case_due_in(world, 7)
    summary = contact_reminders_send(today=TODAY)
    assert summary.sent == 1
    [note] = notifications()
    assert note.user == world.practitioner_a
    assert note.community == world.community_a
    assert note.case_id == case.pk
    assert note.kind == Notification.Kind.CONTACT_DUE_SOON
    expected = f"{words(case)}: face-to-face contact due by 30 November 2026"
    assert note.message == expected
    [email] = mail.outbox
    assert email.to == [world.practitioner_a.email]
    assert expected in email.body
    assert note.url in email.body
    # The child's page, which shows the case (and is fenced like every casework page).
    assert note.url == reverse("casework:child_detail", kwargs={"child_id": case.child_id})


@pytest.mark.django_db
def test_overdue_notifies_practitioner_and_team_leader(world):
    case = case_due_in(world, -1)
    contact_reminders_send(today=TODAY)
    notes = notifications()
    assert {n.user for n in notes} == {world.practitioner_a, world.teamleader_a}
    assert all(n.kind == Notification.Kind.CONTACT_OVERDUE for n in notes)
    assert notes[0].message == (
        f"{words(case)}: face-to-face contact overdue since 22 November 2026"
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.practitioner_a.email, world.teamleader_a.email]
    )


@pytest.mark.django_db
def test_overdue_without_team_leader_notifies_the_practitioner(world):
    case_due_in(world, -3, team_leader=False)
    contact_reminders_send(today=TODAY)
    assert [n.user for n in notifications()] == [world.practitioner_a]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "threshold"),
    [(8, None), (7, "due_soon"), (1, "due_soon"), (0, "due_soon"), (-1, "overdue")],
)
def test_thresholds_at_their_edges(world, days, threshold):
    case_due_in(world, days)
    contact_reminders_send(today=TODAY)
    assert [r.threshold for r in reminders()][:1] == ([threshold] if threshold else [])


@pytest.mark.django_db
def test_no_reminder_for_closed_or_strengthening_families_cases(world):
    case_due_in(world, -5, status=Case.Status.CLOSED, closed_on=TODAY)
    case_due_in(world, -5, kind=Case.Kind.STRENGTHENING_FAMILIES)
    summary = contact_reminders_send(today=TODAY)
    assert summary.sent == 0
    assert notifications() == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_messages_carry_no_child_name_or_birth_date(world):
    case_due_in(world, -2, child={"given_name": "Jirrpa", "family_name": "Tjungurrayi"})
    contact_reminders_send(today=TODAY)
    texts = [n.message + n.url for n in notifications()]
    texts += [m.subject + m.body for m in mail.outbox]
    for text in texts:
        assert "Jirrpa" not in text
        assert "Tjungurrayi" not in text
        assert "2014-05-17" not in text


@pytest.mark.django_db
def test_a_second_run_sends_nothing(world):
    case_due_in(world, 3)
    case_due_in(world, -4)
    first = contact_reminders_send(today=TODAY)
    assert first.sent == 3
    sent = len(mail.outbox)
    second = contact_reminders_send(today=TODAY)
    assert second.sent == 0
    assert len(mail.outbox) == sent
    assert len(notifications()) == 3


@pytest.mark.django_db
def test_one_reminder_per_threshold_per_due_cycle(world):
    case = case_due_in(world, 2)
    for offset in range(0, 6):  # every morning from due soon to overdue
        contact_reminders_send(today=TODAY + datetime.timedelta(days=offset))
    assert sorted((r.threshold, r.recipient_id) for r in reminders()) == sorted(
        [
            ("due_soon", world.practitioner_a.pk),
            ("overdue", world.practitioner_a.pk),
            ("overdue", world.teamleader_a.pk),
        ]
    )
    # A face-to-face contact starts a new cycle: reminders again when it falls due.
    ContactFactory(case=case)
    with scopes_disabled():
        case.refresh_from_db()
    new_due = case.next_contact_due_on
    contact_reminders_send(today=new_due - datetime.timedelta(days=1))
    assert [r.due_on for r in reminders()][-1] == new_due


@pytest.mark.django_db
def test_return_visit_ending_without_contact_is_worded_for_it(world):
    child = ChildFactory(community=world.community_a, residence=Child.Residence.INTERSTATE)
    case = CaseFactory(
        child=child,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=TODAY - datetime.timedelta(days=100),
    )
    ReturnVisit.objects.create(
        community=world.community_a,
        case=case,
        starts_on=TODAY - datetime.timedelta(days=2),
        ends_on=TODAY + datetime.timedelta(days=3),
        created_by=world.practitioner_a,
    )
    with scopes_disabled():
        case_refresh_contact_due(case)
    contact_reminders_send(today=TODAY)
    [note] = notifications()
    assert note.kind == Notification.Kind.RETURN_VISIT_DUE_SOON
    assert note.message == (
        f"{words(case)}: return visit ends 26 November 2026; no face-to-face contact recorded yet"
    )
    contact_reminders_send(today=TODAY + datetime.timedelta(days=4))
    overdue = [n for n in notifications() if n.kind == Notification.Kind.RETURN_VISIT_OVERDUE]
    assert {n.user for n in overdue} == {world.practitioner_a, world.teamleader_a}
    ended = "return visit ended 26 November 2026 without a face-to-face contact"
    assert ended in overdue[0].message


@pytest.mark.django_db
def test_each_community_gets_its_own_reminders(world):
    a = case_due_in(world, -1)
    b = case_due_in(world, -1, community=world.community_b)
    contact_reminders_send(today=TODAY)
    by_user = {(n.user.username, n.community.name, n.case_id) for n in notifications()}
    assert by_user == {
        ("practitioner.a", "Wadeye", a.pk),
        ("teamleader.a", "Wadeye", a.pk),
        ("practitioner.b", "Yuendumu", b.pk),
        ("teamleader.b", "Yuendumu", b.pk),
    }


@pytest.mark.django_db
def test_digest_reader_gets_one_email_listing_their_reminders(world):
    NotificationPreference.objects.create(user=world.teamleader_a, daily_digest=True)
    cases = [case_due_in(world, -1), case_due_in(world, -10), case_due_in(world, 2)]
    summary = contact_reminders_send(today=TODAY)
    leader_mail = [m for m in mail.outbox if m.to == [world.teamleader_a.email]]
    [digest] = leader_mail
    assert summary.digests == 1
    for case in cases[:2]:
        assert words(case) in digest.body
        assert reverse("casework:child_detail", args=[case.child_id]) in digest.body
    # Due soon goes to the practitioner only.
    assert reverse("casework:child_detail", args=[cases[2].child_id]) not in digest.body
    # In-app notifications exist for each reminder as usual.
    leader_notes = [n for n in notifications() if n.user == world.teamleader_a]
    assert len(leader_notes) == 2
    # The practitioner, without the digest, still gets one email each.
    assert len([m for m in mail.outbox if m.to == [world.practitioner_a.email]]) == 3
    contact_reminders_send(today=TODAY)
    assert len([m for m in mail.outbox if m.to == [world.teamleader_a.email]]) == 1


@pytest.mark.django_db
def test_a_pending_reminder_left_by_a_dead_worker_is_delivered_by_the_next_run(world):
    case = case_due_in(world, -1, team_leader=False)
    ContactReminder.objects.create(
        community=world.community_a,
        case=case,
        threshold="overdue",
        due_on=case.next_contact_due_on,
        recipient=world.practitioner_a,
        kind=Notification.Kind.CONTACT_OVERDUE,
        message="claimed before the worker died",
        claimed_on=TODAY,
    )
    summary = contact_reminders_send(today=TODAY)
    assert summary.sent == 1
    [reminder] = reminders()
    assert reminder.state == ContactReminder.State.SENT
    assert [n.message for n in notifications()] == ["claimed before the worker died"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_pending_reminder_whose_case_moved_on_is_cancelled(world):
    case = case_due_in(world, -1, team_leader=False)
    ContactReminder.objects.create(
        community=world.community_a,
        case=case,
        threshold="overdue",
        due_on=case.next_contact_due_on - datetime.timedelta(days=42),
        recipient=world.practitioner_a,
        kind=Notification.Kind.CONTACT_OVERDUE,
        message="an older cycle",
        claimed_on=TODAY,
    )
    summary = contact_reminders_send(today=TODAY)
    assert summary.cancelled == 1
    assert [n.message for n in notifications()] == [
        f"{words(case)}: face-to-face contact overdue since 22 November 2026"
    ]


@pytest.mark.django_db
def test_dry_run_writes_and_sends_nothing(world):
    case_due_in(world, -1)
    summary = contact_reminders_send(today=TODAY, dry_run=True)
    assert len(summary.planned) == 2
    assert reminders() == []
    assert notifications() == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_query_count_does_not_grow_with_cases(world):
    def run_counting(n, day):
        for _ in range(n):
            case_due_in(world, -1)
            case_due_in(world, 3, community=world.community_b)
        with CaptureQueriesContext(connection) as ctx:
            summary = contact_reminders_send(today=day)
        assert summary.sent == 3 * n
        return len(ctx.captured_queries)

    NotificationPreference.objects.create(user=world.teamleader_b, daily_digest=True)
    small = run_counting(1, TODAY)
    large = run_counting(15, TODAY + datetime.timedelta(days=1))
    assert small == large


@pytest.mark.django_db
def test_command_dry_run_prints_and_sends_nothing(world, capsys):
    case = case_due_in(world, -1)
    call_command("send_contact_reminders", "--dry-run", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    assert f"{words(case)}: face-to-face contact overdue since 22 November 2026" in out
    assert "2 reminder(s) would be sent" in out
    assert mail.outbox == []
    call_command("send_contact_reminders", "--date", TODAY.isoformat())
    assert "2 sent" in capsys.readouterr().out
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_command_rejects_a_bad_date(world):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_contact_reminders", "--date", "23/11/2026")


@pytest.mark.django_db
def test_demo_seed_fills_the_list_and_keeps_emails_in_memory(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    CaseFactory(
        child=ChildFactory(community=world.community_a),
        practitioner=world.practitioner_a,
        opened_on=datetime.date(2020, 1, 1),
    )
    demo.seed()
    assert [n.user for n in notifications()] == [world.practitioner_a]
    # Not printed by the configured console backend: kept by the in-memory one.
    assert len(mail.outbox) == 1
