"""A child's record moving between communities, and time-limited read access to one child.

``ChildTransfer`` is proposed by a team leader of the sending community and decided by a
team leader of the receiving one; it is seen by both, so it is not fenced to either: its
selectors filter by the actor's team-leader communities explicitly.

``ChildReadGrant`` is read access to one child's record outside the reader's communities:
after a transfer (the sending practitioner and team leader, for a set period) or in an
emergency (break-glass, with a stated reason). It is mirrored by a guardian per-record
permission (``ChildUserObjectPermission``, direct foreign key) which a beat job removes
when the grant runs out; the selectors also refuse a grant past its time, so access ends
on time even if the job is late.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from partnerships.models import Community

from .children import Child


class ChildUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian rows: a user's permissions on one child's record."""

    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)


class ChildGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)


class ChildTransfer(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the receiving team leader")
        ACCEPTED = "accepted", _("Accepted: the record moved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="transfers")
    from_community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    to_community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="Why the child's record moves.")
    moves_on = models.DateField(help_text="The day the child moves (or moved).")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    receiving_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What moved, counted at acceptance (for the history and the audit).
    moved_rows = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="proposed"),
                name="child_transfer_one_waiting",
                violation_error_message="A transfer of this child is already waiting.",
            ),
            models.CheckConstraint(
                condition=~Q(from_community=models.F("to_community")),
                name="child_transfer_between_two_communities",
                violation_error_message="A transfer goes to another community.",
            ),
        ]
        indexes = [
            models.Index(fields=["to_community", "status"], name="transfer_receiving_idx"),
            models.Index(fields=["from_community", "status"], name="transfer_sending_idx"),
        ]

    def __str__(self) -> str:
        return f"Transfer #{self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.PROPOSED


class ChildReadGrantQuerySet(models.QuerySet):
    def live(self, at=None) -> "ChildReadGrantQuerySet":
        return self.filter(ended_at__isnull=True, expires_at__gt=at or timezone.now())


class ChildReadGrant(models.Model):
    class Kind(models.TextChoices):
        AFTER_TRANSFER = "after_transfer", _("Read-only after a transfer")
        EMERGENCY = "emergency", _("Emergency access")

    class Ending(models.TextChoices):
        EXPIRED = "expired", _("Ran out")
        REVOKED = "revoked", _("Revoked")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="child_read_grants"
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="read_grants")
    # The child's community when granted: the grant reads there and nowhere else.
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    transfer = models.ForeignKey(
        ChildTransfer, on_delete=models.PROTECT, null=True, blank=True, related_name="grants"
    )
    reason = models.TextField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ending = models.CharField(max_length=10, choices=Ending.choices, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ChildReadGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="child_read_grant_has_reason",
                violation_error_message="Say why this access is needed.",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("granted_at")),
                name="child_read_grant_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "child"],
                name="read_grant_live_idx",
                condition=Q(ended_at__isnull=True),
            ),
            models.Index(
                fields=["expires_at"], name="read_grant_due_idx", condition=Q(ended_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()
