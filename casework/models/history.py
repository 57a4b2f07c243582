"""The history of every edit of a casework record: who, when, why, before and after.

One row per edit, written by ``casework.services.history.record_change`` and never
changed or deleted (on PostgreSQL a trigger refuses both). Contacts keep their own
``ContactAmendment`` rows; every other record (child, family, case, care plan, referral,
task, and escalations' themes) keeps its history here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.fence import community_scoped_manager
from partnerships.models import Community

from .children import Child


class RecordChange(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    # The record edited: its model's label (``casework.child``, ``escalations.theme``) and id.
    record_type = models.CharField(verbose_name=_("record type"), max_length=60)
    record_id = models.PositiveBigIntegerField(verbose_name=_("record id"))
    # The child whose record this belongs to, so the child's history shows every part of it.
    child = models.ForeignKey(
        Child,
        verbose_name=_("child"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="record_changes",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The product acting for itself (demo seeder, a job): its name, when no person acted.
    system_actor = models.CharField(verbose_name=_("system actor"), max_length=100, blank=True)
    changed_at = models.DateTimeField(verbose_name=_("changed at"), auto_now_add=True)
    reason = models.TextField(verbose_name=_("reason"), blank=True)
    previous_values = models.JSONField(
        verbose_name=_("previous values"), help_text=_("The changed fields as they were.")
    )
    new_values = models.JSONField(
        verbose_name=_("new values"), help_text=_("The changed fields as they became.")
    )

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(
                fields=["community", "record_type", "record_id", "changed_at"],
                name="record_change_record_idx",
            ),
            models.Index(fields=["child", "changed_at"], name="record_change_child_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(changed_by__isnull=False) | ~models.Q(system_actor=""),
                name="record_change_names_who",
                violation_error_message=_("A change names the person or system that made it."),
            )
        ]

    def __str__(self) -> str:
        return f"Change #{self.pk} to {self.record_type} #{self.record_id}"

    @property
    def who(self) -> str:
        if self.changed_by_id is None:
            return self.system_actor
        user = self.changed_by
        return (user.display_name or user.username) if user else ""

    def delete(self, *args, **kwargs):
        raise PermissionError("A record's history is kept: it is never deleted.")
