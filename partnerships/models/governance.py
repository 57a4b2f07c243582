"""Governance as the Victorian models run it: priorities, tiers, shared measurement, money."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..fence import community_scoped_manager
from .communities import Community, Organisation, Partnership


class PriorityArea(models.TextChoices):
    """The two Victorian priority areas, or a priority the partnership sets itself."""

    LEARNING_DEVELOPMENT = (
        "learning_development",
        _("Children and young people are learning and developing"),
    )
    SAFE_SUPPORTIVE = "safe_supportive", _("Safe and supportive families and communities")
    LOCAL = "local", _("Set locally")


class LocalPriority(models.Model):
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="priorities",
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(verbose_name=_("title"), max_length=200)
    area = models.CharField(verbose_name=_("area"), max_length=30, choices=PriorityArea.choices)
    description = models.TextField(verbose_name=_("description"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    # Retired records stay, with their history; they are no longer worked on or counted.
    retired_on = models.DateField(null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["area", "title"]
        verbose_name_plural = _("local priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="local_priority_title_unique_per_partnership",
                violation_error_message=_(
                    "This partnership already has a priority with this title."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title


class PriorityAction(models.Model):
    """One line of a priority's action plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ON_HOLD = "on_hold", _("On hold")

    priority = models.ForeignKey(
        LocalPriority, verbose_name=_("priority"), on_delete=models.CASCADE, related_name="actions"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(verbose_name=_("description"), max_length=300)
    # The organisation or role answerable for it (people change, roles stay).
    owner = models.CharField(verbose_name=_("owner"), max_length=160)
    due_on = models.DateField(verbose_name=_("due on"))
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(verbose_name=_("completed on"), null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="priority_action_done_has_completion_date",
                violation_error_message=_("A done action needs the date it was completed."),
            )
        ]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.status != self.Status.DONE and self.due_on < day


class GovernanceTier(models.Model):
    """A level of the partnership's governance: steering group, a working group, the forum."""

    # Filled in by ``selectors.tiers_with_participation`` for pages and the report; not stored.
    member_count: int
    aboriginal_count: int
    aboriginal_share: Decimal | None

    class Kind(models.TextChoices):
        STEERING_GROUP = "steering_group", _("Steering group")
        WORKING_GROUP = "working_group", _("Working group")
        OPEN_FORUM = "open_forum", _("Open forum")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="tiers"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    # Working groups are named locally ("Kids on Country group").
    name = models.CharField(verbose_name=_("name"), max_length=160)
    priority = models.ForeignKey(
        LocalPriority,
        verbose_name=_("priority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
    )
    description = models.TextField(verbose_name=_("description"), blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="governance_tier_name_unique_per_partnership",
                violation_error_message=_("This partnership already has a tier with this name."),
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind"],
                condition=~Q(kind="working_group"),
                name="governance_tier_one_steering_group_and_forum",
                violation_error_message=_(
                    "A partnership has one steering group and one open forum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="working_group") | Q(priority__isnull=True),
                name="governance_tier_priority_only_for_working_groups",
                violation_error_message=_("Only a working group works on a priority."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TierMember(models.Model):
    tier = models.ForeignKey(
        GovernanceTier, verbose_name=_("tier"), on_delete=models.CASCADE, related_name="members"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    person_name = models.CharField(verbose_name=_("person name"), max_length=160, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.CharField(
        verbose_name=_("position"), max_length=160, blank=True, help_text=_("Position or role.")
    )
    is_aboriginal_community_member = models.BooleanField(
        verbose_name=_("is aboriginal community member"), default=False
    )
    is_from_acco = models.BooleanField(verbose_name=_("is from acco"), default=False)
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"), null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["tier", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(person_name=""),
                name="tier_member_is_organisation_or_person",
                violation_error_message=_("Name the organisation or the person."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="tier_member_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.person_name or str(self.organisation)

    @property
    def is_aboriginal_participant(self) -> bool:
        return self.is_aboriginal_community_member or self.is_from_acco


class Indicator(models.Model):
    """A shared-measurement indicator: what is counted, from where, towards which target."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    definition = models.TextField(verbose_name=_("definition"))
    unit = models.CharField(
        verbose_name=_("unit"), max_length=40, help_text=_("e.g. %, children, days")
    )
    baseline = models.DecimalField(
        verbose_name=_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(verbose_name=_("target"), max_digits=12, decimal_places=2)
    direction = models.CharField(
        verbose_name=_("direction"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.INCREASE,
    )
    priority = models.ForeignKey(
        LocalPriority,
        verbose_name=_("priority"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    # Blank: values are entered or imported. Otherwise a key of partnerships.indicator_sources.
    source_key = models.CharField(verbose_name=_("source key"), max_length=60, blank=True)
    # Retired records stay, with their history; they are no longer worked on or counted.
    retired_on = models.DateField(null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="indicator_name_unique_per_partnership",
                violation_error_message=_(
                    "This partnership already has an indicator with this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def meets_target(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        if self.direction == self.Direction.INCREASE:
            return value >= self.target
        return value <= self.target


class IndicatorValue(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported from CSV")
        COMPUTED = "computed", _("Computed from the product's records")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    # The last day of the period the value describes.
    period_end = models.DateField(verbose_name=_("period end"))
    value = models.DecimalField(verbose_name=_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(
        verbose_name=_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    source_note = models.CharField(
        verbose_name=_("source note"),
        max_length=200,
        blank=True,
        help_text=_("Where it came from."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"],
                name="indicator_value_one_per_period",
                violation_error_message=_("This indicator already has a value for that period."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_end}: {self.value}"


class PartnershipWorker(models.Model):
    """A Community Partnership worker: the community determines the roles."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="workers"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    role_title = models.CharField(verbose_name=_("role title"), max_length=160)
    person_name = models.CharField(verbose_name=_("person name"), max_length=160)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"), null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["role_title", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="partnership_worker_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_title}: {self.person_name}"


class Investment(models.Model):
    """Funding for a partnership, by (Australian, July–June) financial year and purpose."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="investments",
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    # The year the financial year starts in: 2025 is 2025–26.
    financial_year = models.PositiveSmallIntegerField(verbose_name=_("financial year"))
    purpose = models.CharField(verbose_name=_("purpose"), max_length=200)
    funder = models.CharField(verbose_name=_("funder"), max_length=200, blank=True)
    amount = models.DecimalField(
        verbose_name=_("amount"), max_digits=12, decimal_places=2, help_text=_("AUD")
    )
    # Retired records stay, with their history; they are no longer worked on or counted.
    retired_on = models.DateField(null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-financial_year", "purpose"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="investment_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=2000) & Q(financial_year__lte=2100),
                name="investment_financial_year_plausible",
                violation_error_message=_(
                    "Give the financial year as the year it starts, e.g. 2025."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financial_year_label} {self.purpose}"

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(self.financial_year)


def financial_year_label(start_year: int) -> str:
    return f"{start_year}–{(start_year + 1) % 100:02d}"


def financial_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 7 else day.year - 1
