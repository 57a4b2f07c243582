"""Themes seen across children and families, leaders' meetings, and escalations.

Every model here holds a community's data: ``community`` is set by the services from
the parent record (never from input) and reads go through the fenced manager. A theme's
links to children and families live in ``ThemeLink`` (community-scoped too), so they
are only visible inside the community.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerships.fence import community_scoped_manager
from partnerships.models import Community, Organisation


class Theme(models.Model):
    class Category(models.TextChoices):
        FAMILY_VIOLENCE = "family_violence", _("Family violence")
        SCHOOL_ENGAGEMENT = "school_engagement", _("School engagement")
        HOUSING = "housing", _("Housing")
        ALCOHOL_AND_OTHER_DRUGS = "alcohol_other_drugs", _("Alcohol and other drugs")
        YOUTH_JUSTICE = "youth_justice", _("Youth justice")
        HEALTH = "health", _("Health")
        FOOD_SECURITY = "food_security", _("Food security")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MONITORING = "monitoring", _("Monitoring")
        CLOSED = "closed", _("Closed")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(verbose_name=_("title"), max_length=160)
    category = models.CharField(verbose_name=_("category"), max_length=30, choices=Category.choices)
    description = models.TextField(verbose_name=_("description"))
    identified_on = models.DateField(verbose_name=_("identified on"))
    # Coordinators do no casework and see no child's name: they give a count, and a team
    # leader links the children and families themselves.
    seen_across = models.PositiveSmallIntegerField(
        verbose_name=_("seen across"),
        default=0,
        help_text=_("How many children and families it was seen across, beyond those linked."),
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(verbose_name=_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-identified_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="theme_closed_has_date",
                violation_error_message=_("A closed theme needs the date it closed."),
            )
        ]
        indexes = [models.Index(fields=["community", "identified_on"])]

    def __str__(self) -> str:
        return self.title


class ThemeLink(models.Model):
    """One child or one family a theme was seen with. Visible only inside the community."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="links"
    )
    child = models.ForeignKey(
        "casework.Child",
        verbose_name=_("child"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    family = models.ForeignKey(
        "casework.Family",
        verbose_name=_("family"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = community_scoped_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(child__isnull=False) & Q(family__isnull=True))
                | (Q(child__isnull=True) & Q(family__isnull=False)),
                name="theme_link_child_or_family",
                violation_error_message=_("Link one child or one family."),
            ),
            models.UniqueConstraint(fields=["theme", "child"], name="theme_link_unique_child"),
            models.UniqueConstraint(fields=["theme", "family"], name="theme_link_unique_family"),
        ]

    def __str__(self) -> str:
        return f"Theme link #{self.pk}"


class LeadersMeeting(models.Model):
    """A meeting with community leaders about one or more themes."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(verbose_name=_("held on"))
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="meetings"
    )
    attendee_people = models.TextField(
        verbose_name=_("attendee people"),
        blank=True,
        help_text=_("Leaders, elders and others who attended (one a line)."),
    )
    attendee_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("attendee organisations"), blank=True, related_name="+"
    )
    discussion = models.TextField(verbose_name=_("discussion"))
    responses_agreed = models.TextField(
        verbose_name=_("responses agreed"),
        blank=True,
        help_text=_("The place-based, culturally appropriate responses agreed."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["community", "held_on"])]

    def __str__(self) -> str:
        return gettext("Leaders' meeting on %(date)s") % {
            "date": date_format(self.held_on, "j F Y")
        }


class MeetingAction(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        LeadersMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField(verbose_name=_("description"))
    owner = models.CharField(verbose_name=_("owner"), max_length=160)
    due_on = models.DateField(verbose_name=_("due on"))
    done_on = models.DateField(verbose_name=_("done on"), null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Escalation(models.Model):
    class Level(models.TextChoices):
        PROGRAMMATIC = "programmatic", _("Programmatic")
        COMMUNITY = "community", _("Community")
        REGIONAL = "regional", _("Regional")

    class Status(models.TextChoices):
        RAISED = "raised", _("Raised")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        DECLINED = "declined", _("Declined")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="escalations"
    )
    level = models.CharField(verbose_name=_("level"), max_length=20, choices=Level.choices)
    body = models.CharField(
        verbose_name=_("body"),
        max_length=200,
        help_text=_("The body or authority the theme is escalated to."),
    )
    requested_action = models.TextField(
        verbose_name=_("requested action"),
        help_text=_("The systemic change or resources asked for. Name no child or family."),
    )
    raised_on = models.DateField(verbose_name=_("raised on"))
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.RAISED
    )
    acknowledged_on = models.DateField(verbose_name=_("acknowledged on"), null=True, blank=True)
    closed_on = models.DateField(
        verbose_name=_("closed on"),
        null=True,
        blank=True,
        help_text=_("When it was resolved or declined."),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gte=F("raised_on")),
                name="escalation_acknowledged_after_raised",
                violation_error_message=_("It cannot be acknowledged before it was raised."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["resolved", "declined"]) | Q(closed_on__isnull=False),
                name="escalation_closed_has_date",
                violation_error_message=_("A resolved or declined escalation needs its date."),
            ),
        ]
        indexes = [
            models.Index(fields=["community", "raised_on"]),
            models.Index(fields=["level", "raised_on"]),
        ]

    def __str__(self) -> str:
        # One name on every page, list and report: "Escalation E-5 (regional)".
        return gettext("Escalation %(reference)s (%(level)s)") % {
            "reference": self.reference,
            "level": self.get_level_display().lower(),
        }

    @property
    def reference(self) -> str:
        return f"E-{self.pk}"

    @property
    def acknowledge_by(self) -> datetime.date:
        # A date near the end of the calendar (saved before far-future dates were refused)
        # must not break every list that shows it.
        period = datetime.timedelta(days=settings.CWSP_ESCALATION_ACK_DAYS)
        return (
            self.raised_on + period
            if self.raised_on <= datetime.date.max - period
            else datetime.date.max
        )

    @property
    def is_regional(self) -> bool:
        """Regional escalations are reported to the Oversight Group, by their level alone."""
        return self.level == self.Level.REGIONAL

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Overdue while still only raised after the acknowledgement period."""
        today = today or timezone.localdate()
        return self.status == self.Status.RAISED and today > self.acknowledge_by


class EscalationResponse(models.Model):
    """What the body or authority answered, and when."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    escalation = models.ForeignKey(
        Escalation, verbose_name=_("escalation"), on_delete=models.CASCADE, related_name="responses"
    )
    responded_on = models.DateField(verbose_name=_("responded on"))
    summary = models.TextField(verbose_name=_("summary"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["responded_on", "id"]

    def __str__(self) -> str:
        return f"Response on {self.responded_on}"
