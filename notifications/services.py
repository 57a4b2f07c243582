"""Contact reminders and in-app notifications: the writes.

How a reminder is sent at most once and never lost (the design, in two steps per community):

1. **Claim.** The run works out, for each open in-care case whose face-to-face contact is
   due within 7 days or overdue, who is owed a reminder, and inserts one
   ``ContactReminder`` row per (case, threshold, due date, recipient) in state ``pending``
   with ``INSERT ... ON CONFLICT DO NOTHING``. The unique constraint on that key means
   the row exists once, whichever run, retry or worker got there first; nobody needs to
   know who inserted it.
2. **Deliver.** In one transaction the run locks the community's ``pending`` rows with
   ``SELECT ... FOR UPDATE SKIP LOCKED`` (a second worker skips rows the first holds and,
   once the first commits, no longer sees them as pending), creates the in-app
   notifications, sends the emails, and marks the rows ``sent``. If the worker dies before
   the commit, nothing is marked: the rows stay ``pending`` and the next run (or the
   retry) delivers them. The one window left is a crash between the mail server
   accepting an email and the commit (milliseconds): that email may go twice, and the
   in-app notification still exists once. A pending row whose case has moved on (a
   contact logged, the case closed, a new due date) is ``cancelled`` instead.

People who chose the daily digest get the in-app notification at step 2 and one email
listing all of them at the end of the run, claimed the same way (their preference row is
locked while their digest is sent, and each reminder records when it was emailed).

Cases are read per community, each inside that community's fence
(``partnerships.fence.community_scope``). The number of queries depends on the number of
communities, never on the number of cases.

The reminder run acts for the product itself and takes no actor; the in-app services
take the person acting and ask ``notifications.permissions`` first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import rules
from casework.models import Case
from casework.models.cases import contact_due_soon_q
from core.actors import Actor, person
from partnerships.fence import community_scope
from partnerships.models import Community, Membership, Role

from .models import ContactReminder, Notification, NotificationPreference, Threshold
from .permissions import require_change_notification, require_have_notifications
from .services_work import long_date

Kind = Notification.Kind

# Placeholder id used to build the case page's path once per run.
_ID = 987654321


@dataclass(frozen=True)
class PlannedReminder:
    community_id: int
    case_id: int
    threshold: str
    due_on: datetime.date
    recipient_id: int
    kind: str
    message: str
    url: str

    @property
    def key(self) -> tuple[int, str, datetime.date, int]:
        return (self.case_id, self.threshold, self.due_on, self.recipient_id)


@dataclass
class ReminderRunSummary:
    today: datetime.date
    dry_run: bool = False
    communities: int = 0
    cases_due: int = 0
    claimed: int = 0
    sent: int = 0
    cancelled: int = 0
    emails: int = 0
    digests: int = 0
    # In a dry run: what would be sent.
    planned: list[PlannedReminder] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "communities": self.communities,
            "cases_due": self.cases_due,
            "claimed": self.claimed,
            "sent": self.sent,
            "cancelled": self.cancelled,
            "emails": self.emails,
            "digests": self.digests,
        }


def case_page_path_template() -> str:
    """The path of the page that shows a case, with ``{child_id}`` to fill in.

    The child's page shows the case and is fenced like every casework page.
    """
    path = reverse("casework:child_detail", kwargs={"child_id": _ID})
    return path.replace(str(_ID), "{child_id}")


def reminder_text(
    *,
    case_id: int,
    community_name: str,
    threshold: str,
    due_on: datetime.date,
    interstate: bool,
    case_words: str = "Child in care case",
) -> tuple[str, str]:
    """(kind, message) for one reminder: the case in words (its kind and the child's
    initials), dates as "1 December 2026"; no child's full name or birth date."""
    where = f"The {case_words} in {community_name}"
    day = long_date(due_on)
    if interstate:
        if threshold == Threshold.OVERDUE:
            return Kind.RETURN_VISIT_OVERDUE, (
                f"{where}: return visit ended {day} without a face-to-face contact"
            )
        return Kind.RETURN_VISIT_DUE_SOON, (
            f"{where}: return visit ends {day}; no face-to-face contact recorded yet"
        )
    if threshold == Threshold.OVERDUE:
        return Kind.CONTACT_OVERDUE, f"{where}: face-to-face contact overdue since {day}"
    return Kind.CONTACT_DUE_SOON, f"{where}: face-to-face contact due by {day}"


def _plan_community(
    community: Community, today: datetime.date, path_template: str
) -> tuple[int, list[PlannedReminder]]:
    """Who is owed which reminder in one community today. Call inside its scope."""
    cases = (
        Case.objects.open()
        .under_cadence()
        # Due soon against each case's own cadence (casework.cadence), or overdue.
        .filter(Q(next_contact_due_on__lt=today) | contact_due_soon_q(today))
        .order_by()
        .values_list(
            "id",
            "kind",
            "child_id",
            "next_contact_due_on",
            "practitioner_id",
            "team_leader_id",
            "child__residence",
            "child__given_name",
            "child__preferred_name",
            "child__family_name",
        )
    )
    # Only people who still work in the community: an ex-member gets no reminder.
    members = set(
        Membership.objects.active()
        .filter(community_id=community.pk, role__in=[Role.PRACTITIONER, Role.TEAM_LEADER])
        .values_list("user_id", flat=True)
    )
    planned: list[PlannedReminder] = []
    count = 0
    for (
        case_id,
        case_kind,
        child_id,
        due_on,
        practitioner_id,
        team_leader_id,
        residence,
        given,
        preferred,
        family,
    ) in cases:
        count += 1
        threshold = Threshold.OVERDUE if due_on < today else Threshold.DUE_SOON
        child_initials = f"{(preferred or given)[:1]}. {family[:1]}.".upper()
        kind, message = reminder_text(
            case_id=case_id,
            community_name=community.name,
            threshold=threshold,
            due_on=due_on,
            interstate=rules.lives_interstate(residence),
            case_words=f"{Case.Kind(case_kind).label} case of {child_initials}",
        )
        url = path_template.format(child_id=child_id, case_id=case_id)
        recipients = [practitioner_id] if practitioner_id in members else []
        # Overdue goes to the team leader as well.
        if (
            threshold == Threshold.OVERDUE
            and team_leader_id in members
            and team_leader_id != practitioner_id
        ):
            recipients.append(team_leader_id)
        planned.extend(
            PlannedReminder(
                community_id=community.pk,
                case_id=case_id,
                threshold=threshold,
                due_on=due_on,
                recipient_id=recipient_id,
                kind=kind,
                message=message,
                url=url,
            )
            for recipient_id in recipients
        )
    return count, planned


def _claim(planned: list[PlannedReminder], today: datetime.date) -> None:
    ContactReminder.objects.bulk_create(
        [
            ContactReminder(
                community_id=p.community_id,
                case_id=p.case_id,
                threshold=p.threshold,
                due_on=p.due_on,
                recipient_id=p.recipient_id,
                kind=p.kind,
                message=p.message,
                url=p.url,
                claimed_on=today,
            )
            for p in planned
        ],
        ignore_conflicts=True,
    )


def _recipients(user_ids: Iterable[int]) -> dict[int, tuple[str, bool, bool]]:
    """user id -> (email, is active, wants the daily digest)."""
    rows = (
        get_user_model()
        .objects.filter(id__in=sorted(set(user_ids)))
        .values_list("id", "email", "is_active", "notification_preference__daily_digest")
    )
    return {pk: (email or "", active, bool(digest)) for pk, email, active, digest in rows}


def _absolute(path: str) -> str:
    return f"{settings.CWSP_SITE_URL}{path}" if path.startswith("/") else path


def _reminder_email(reminder: ContactReminder, address: str) -> EmailMessage:
    subject = (
        _("CWSP: face-to-face contact overdue")
        if reminder.threshold == Threshold.OVERDUE
        else _("CWSP: face-to-face contact due soon")
    )
    body = _(
        "%(message)s.\n\nOpen the case: %(url)s\n\n"
        "You receive this because you work on this case in CWSP."
    ) % {"message": reminder.message, "url": _absolute(reminder.url)}
    return EmailMessage(subject=subject, body=body, to=[address])


def _deliver_community(
    planned: list[PlannedReminder],
    summary: ReminderRunSummary,
    now: datetime.datetime,
    mail_connection: BaseEmailBackend | None = None,
) -> None:
    """Deliver this community's pending reminders; call inside its scope."""
    wanted = {p.key for p in planned}
    with transaction.atomic():
        pending = list(
            ContactReminder.objects.select_for_update(skip_locked=True)
            .filter(state=ContactReminder.State.PENDING)
            .order_by("id")
        )
        if not pending:
            return
        to_send = [
            r for r in pending if (r.case_id, r.threshold, r.due_on, r.recipient_id) in wanted
        ]
        sending = {r.pk for r in to_send}
        stale = [r.pk for r in pending if r.pk not in sending]
        people = _recipients(r.recipient_id for r in to_send) if to_send else {}
        Notification.objects.bulk_create(
            [
                Notification(
                    user_id=r.recipient_id,
                    community_id=r.community_id,
                    case_id=r.case_id,
                    kind=r.kind,
                    message=r.message,
                    url=r.url,
                )
                for r in to_send
            ]
        )
        emails, by_email, by_digest = [], [], []
        for reminder in to_send:
            address, active, digest = people.get(reminder.recipient_id, ("", False, False))
            if digest:
                by_digest.append(reminder.pk)
                continue
            by_email.append(reminder.pk)
            if address and active:
                emails.append(_reminder_email(reminder, address))
        if emails:
            # Inside the transaction: a failure leaves every row pending for the retry.
            (mail_connection or get_connection()).send_messages(emails)
        if by_email:
            ContactReminder.objects.filter(pk__in=by_email).update(
                state=ContactReminder.State.SENT,
                delivery=ContactReminder.Delivery.EMAIL,
                sent_at=now,
                emailed_at=now,
            )
        if by_digest:
            ContactReminder.objects.filter(pk__in=by_digest).update(
                state=ContactReminder.State.SENT,
                delivery=ContactReminder.Delivery.DIGEST,
                sent_at=now,
            )
        if stale:
            ContactReminder.objects.filter(pk__in=stale).update(
                state=ContactReminder.State.CANCELLED
            )
    summary.sent += len(to_send)
    summary.emails += len(emails)
    summary.cancelled += len(stale)


def _send_digests(
    community_ids: list[int],
    summary: ReminderRunSummary,
    now: datetime.datetime,
    mail_connection: BaseEmailBackend | None = None,
) -> None:
    """One email per digest reader listing their reminders not yet emailed."""
    with transaction.atomic():
        # Locked, in id order, so a second run waits for this one and then finds nothing.
        readers = list(
            NotificationPreference.objects.select_for_update()
            .filter(daily_digest=True)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        if not readers:
            return
        with community_scope(community_ids):
            owed = list(
                ContactReminder.objects.filter(
                    state=ContactReminder.State.SENT,
                    delivery=ContactReminder.Delivery.DIGEST,
                    emailed_at__isnull=True,
                    recipient_id__in=readers,
                )
                .order_by("threshold", "due_on", "id")
                .values_list("id", "recipient_id", "threshold", "message", "url")
            )
            if not owed:
                return
            lines: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
            for _pk, recipient_id, threshold, message, url in owed:
                lines[recipient_id].append((threshold, message, url))
            people = _recipients(lines)
            emails = []
            for user_id, items in lines.items():
                address, active, _digest = people.get(user_id, ("", False, False))
                if address and active:
                    emails.append(_digest_email(summary.today, items, address))
            if emails:
                (mail_connection or get_connection()).send_messages(emails)
            ContactReminder.objects.filter(pk__in=[row[0] for row in owed]).update(emailed_at=now)
    summary.digests += len(emails)


def _digest_email(
    today: datetime.date, items: list[tuple[str, str, str]], address: str
) -> EmailMessage:
    overdue = [i for i in items if i[0] == Threshold.OVERDUE]
    soon = [i for i in items if i[0] != Threshold.OVERDUE]
    parts = [_("Your CWSP contact reminders for %(date)s.") % {"date": long_date(today)}]
    for title, group in ((_("Overdue"), overdue), (_("Due within 7 days"), soon)):
        if group:
            parts.append(f"\n{title}:")
            parts.extend(f"- {message}\n  {_absolute(url)}" for _t, message, url in group)
    parts.append("\n" + _("You chose one daily email; change this under Notifications in CWSP."))
    return EmailMessage(
        subject=_("CWSP: %(count)s contact reminder(s) for %(date)s")
        % {"count": len(items), "date": long_date(today)},
        body="\n".join(parts),
        to=[address],
    )


def _dry_run_filter(planned: list[PlannedReminder]) -> list[PlannedReminder]:
    """Drop reminders already delivered or cancelled (call inside the community's scope)."""
    if not planned:
        return []
    done = set(
        ContactReminder.objects.filter(case_id__in=sorted({p.case_id for p in planned}))
        .exclude(state=ContactReminder.State.PENDING)
        .values_list("case_id", "threshold", "due_on", "recipient_id")
    )
    return [p for p in planned if p.key not in done]


def contact_reminders_send(
    *,
    today: datetime.date,
    dry_run: bool = False,
    community_ids: list[int] | None = None,
    mail_connection: BaseEmailBackend | None = None,
) -> ReminderRunSummary:
    """Claim and deliver today's contact reminders in every (or the given) community.

    Idempotent: a second run on the same day sends nothing new. ``dry_run`` writes
    nothing and sends nothing; ``summary.planned`` lists what a real run would send.
    ``mail_connection`` overrides the configured email backend (the demo keeps its
    emails in memory).
    """
    summary = ReminderRunSummary(today=today, dry_run=dry_run)
    chosen = Community.objects.order_by("id").only("id", "name")
    if community_ids is not None:
        chosen = chosen.filter(id__in=community_ids)
    communities = list(chosen)
    path_template = case_page_path_template()
    now = timezone.now()
    for community in communities:
        with community_scope([community.pk]):
            cases_due, planned = _plan_community(community, today, path_template)
            summary.communities += 1
            summary.cases_due += cases_due
            if dry_run:
                summary.planned.extend(_dry_run_filter(planned))
                continue
            if planned:
                _claim(planned, today)
            summary.claimed += len(planned)
            _deliver_community(planned, summary, now, mail_connection)
    if not dry_run and communities:
        _send_digests([c.pk for c in communities], summary, now, mail_connection)
    return summary


# --- In-app notifications -----------------------------------------------------


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (the selector found it for them)."""
    require_change_notification(actor, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the actor read (in the communities in scope)."""
    require_have_notifications(actor)
    return Notification.objects.filter(user=person(actor), read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preference_set(*, actor: Actor, daily_digest: bool) -> NotificationPreference:
    require_have_notifications(actor)
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=person(actor)
    )
    if preference.daily_digest != daily_digest:
        preference.daily_digest = daily_digest
        preference.save(update_fields=["daily_digest", "updated_at"])
    return preference
