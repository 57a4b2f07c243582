"""In-app notifications, the contact reminders behind them, and how each person wants email.

A ``ContactReminder`` is the database's memory that a reminder was owed: its key
(case, threshold, due date, recipient) is unique, so however many runs, retries or
workers there are, a reminder exists at most once. Its ``state`` records whether it
was delivered; a pending row left by a worker that died is delivered by the next run.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.fence import community_scoped_manager
from partnerships.models import Community


class Threshold(models.TextChoices):
    DUE_SOON = "due_soon", _("Due within 7 days")
    OVERDUE = "overdue", _("Overdue")


class Notification(models.Model):
    class Kind(models.TextChoices):
        CONTACT_DUE_SOON = "contact_due_soon", _("Face-to-face contact due soon")
        CONTACT_OVERDUE = "contact_overdue", _("Face-to-face contact overdue")
        RETURN_VISIT_DUE_SOON = "return_visit_due_soon", _("Return visit ending without contact")
        RETURN_VISIT_OVERDUE = "return_visit_overdue", _("Return visit ended without contact")
        CLOSURE_WAITING = "closure_waiting", _("Closure waiting for your decision")
        FURTHER_ACTION = "further_action", _("Further action to consider")
        TRANSFER_PROPOSED = "transfer_proposed", _("Transfer waiting for your decision")
        TRANSFER_DECIDED = "transfer_decided", _("Transfer decided")
        EMERGENCY_ACCESS = "emergency_access", _("Emergency access to a child's record")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    # The case's id only: messages carry no child's name or date of birth.
    case_id = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When what it asked for was done (closure decided, task decided, contact logged):
    # it leaves the unread count then, read or not.
    done_at = models.DateTimeField(null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            # The header's unread count.
            models.Index(
                fields=["user"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Notification #{self.pk}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ContactReminder(models.Model):
    class State(models.TextChoices):
        # Claimed (the key is taken) but not yet delivered.
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        # The case moved on (contact logged, closed) before the reminder went out.
        CANCELLED = "cancelled", _("Cancelled")

    class Delivery(models.TextChoices):
        EMAIL = "email", _("Single email")
        DIGEST = "digest", _("Daily digest")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "casework.Case", on_delete=models.CASCADE, related_name="contact_reminders"
    )
    threshold = models.CharField(max_length=10, choices=Threshold.choices)
    # The due date is the due cycle: a new face-to-face contact moves it and starts a new cycle.
    due_on = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, blank=True)
    claimed_on = models.DateField(help_text=_("The run (Darwin day) that claimed the reminder."))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # For the digest: when the one daily email listing this reminder went out.
    emailed_at = models.DateTimeField(null=True, blank=True)
    # What the reminder says, fixed when it is claimed so a retried delivery says the same.
    kind = models.CharField(max_length=30, choices=Notification.Kind.choices)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "threshold", "due_on", "recipient"],
                name="contact_reminder_once_per_cycle",
            )
        ]
        indexes = [
            models.Index(
                fields=["community", "state"],
                name="reminder_pending_idx",
                condition=models.Q(state="pending"),
            ),
            models.Index(
                fields=["recipient"],
                name="reminder_digest_due_idx",
                condition=models.Q(state="sent", delivery="digest", emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder #{self.pk} ({self.threshold}, case #{self.case_id})"


class NotificationPreference(models.Model):
    """How a person wants reminder emails. No row means single emails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    daily_digest = models.BooleanField(
        default=False,
        help_text=_("One email each morning listing your reminders, instead of one email each."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Preference of user #{self.user_id}"
