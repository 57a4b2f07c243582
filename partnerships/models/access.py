"""Who may work where, in which role: the source of every access decision."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .communities import Community


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    TEAM_LEADER = "team_leader", _("Team leader")
    COORDINATOR = "coordinator", _("Partnership coordinator")
    OVERSIGHT_MEMBER = "oversight_member", _("Oversight Group member")
    OVERSIGHT_COCHAIR = "oversight_cochair", _("Oversight Group co-chair")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that work inside one community and so open its scope.
COMMUNITY_ROLES = frozenset({Role.PRACTITIONER, Role.TEAM_LEADER, Role.COORDINATOR})
# Roles that see children and cases of their communities.
CASEWORK_ROLES = frozenset({Role.PRACTITIONER, Role.TEAM_LEADER})
# Roles that read only de-identified, aggregate figures.
OVERSIGHT_ROLES = frozenset({Role.OVERSIGHT_MEMBER, Role.OVERSIGHT_COCHAIR})


class MembershipQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        day = on or timezone.localdate()
        # ``ends_on`` is the first day without access.
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))


class Membership(models.Model):
    """Who may work where, in which role. Changed only through partnerships.services."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    # Territory-wide roles (oversight, administration) have no community.
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(verbose_name=_("role"), max_length=30, choices=Role.choices)
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(
        verbose_name=_("ends on"),
        null=True,
        blank=True,
        help_text=_("The first day without access (blank: open-ended)."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["community__name", "role", "user__username"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=sorted(COMMUNITY_ROLES)) | Q(community__isnull=False),
                name="membership_community_role_has_community",
                violation_error_message=_(
                    "A practitioner, team leader or coordinator works in a community: choose one."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(OVERSIGHT_ROLES)) | Q(community__isnull=True),
                name="membership_oversight_role_has_no_community",
                violation_error_message=_(
                    "Oversight Group roles are Territory-wide and see no community's records."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
        ]
        indexes = [models.Index(fields=["user", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        where = self.community or "Territory-wide"
        return f"{self.user} – {self.get_role_display()} – {where}"
