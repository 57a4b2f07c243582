"""A case on a child, its risk assessments and safety threats, and the tasks it opens."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.fence import community_scoped_manager
from partnerships.models import Community

from .. import rules
from .children import Child, Family
from .imported import external_id_field, external_id_unique

if TYPE_CHECKING:
    from ..cadence import CadenceInForce
    from .cadence import MissedContactReason
    from .records import CarePlan, ReturnVisit


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


def contact_due_soon_q(today) -> Q:
    """Due soon, in SQL, against each case's own cadence (``rules.due_soon_days``): seven
    days ahead under six weeks or no recorded cadence, fewer under a stricter one."""
    short = [days for group in rules.SHORT_DUE_SOON_WINDOWS.values() for days in group]
    within = (Q(contact_cadence_days__isnull=True) | ~Q(contact_cadence_days__in=short)) & Q(
        next_contact_due_on__lte=today + rules.DUE_SOON
    )
    for window, cadences in rules.SHORT_DUE_SOON_WINDOWS.items():
        within |= Q(
            contact_cadence_days__in=cadences,
            next_contact_due_on__lte=today + datetime.timedelta(days=window),
        )
    return Q(next_contact_due_on__gte=today) & within


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Case.Status.CLOSED)

    def in_care(self):
        return self.filter(kind=Case.Kind.IN_CARE)

    def under_cadence(self):
        """Cases with a contact cadence: every child in care, and any other case a
        Partnership or team leader set one for."""
        return self.filter(Q(kind=Case.Kind.IN_CARE) | Q(contact_cadence_days__isnull=False))

    def contact_overdue(self, today):
        return self.filter(next_contact_due_on__lt=today)

    def contact_due_soon(self, today):
        return self.filter(contact_due_soon_q(today))

    def contact_on_track(self, today):
        return self.filter(
            Q(next_contact_due_on__isnull=True)
            | (Q(next_contact_due_on__gte=today) & ~contact_due_soon_q(today))
        )

    def with_contact_status(self, status: str, today):
        return {
            rules.ContactStatus.OVERDUE: self.contact_overdue,
            rules.ContactStatus.DUE_SOON: self.contact_due_soon,
            rules.ContactStatus.ON_TRACK: self.contact_on_track,
        }[status](today)


class Case(models.Model):
    class Kind(models.TextChoices):
        STRENGTHENING_FAMILIES = "strengthening_families", _("Strengthening Families")
        IN_CARE = "in_care", _("Child in care")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSURE_REQUESTED = "closure_requested", _("Closure waiting for approval")
        CLOSED = "closed", _("Closed")

    class YouthJusticeTeam(models.TextChoices):
        NONE = "", _("Not recorded")
        DETENTION = "detention", _("Youth Justice detention team")
        COMMUNITY = "community", _("Youth Justice community team")
        BOTH = "both", _("Detention and community teams")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    external_id = external_id_field()
    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="cases"
    )
    family = models.ForeignKey(
        Family,
        verbose_name=_("family"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(
        verbose_name=_("status"), max_length=30, choices=Status.choices, default=Status.OPEN
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("practitioner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_on = models.DateField(verbose_name=_("opened on"))
    closed_on = models.DateField(verbose_name=_("closed on"), null=True, blank=True)

    # Current risk, copied from the latest risk assessment by the service that records it.
    risk_level = models.CharField(
        verbose_name=_("risk level"), max_length=20, choices=RiskLevel.choices, blank=True
    )
    next_reassessment_due_on = models.DateField(
        verbose_name=_("next reassessment due on"), null=True, blank=True
    )

    # Strengthening Families opening conditions (document 001).
    parents_agreed_on = models.DateField(
        verbose_name=_("parents agreed on"),
        null=True,
        blank=True,
        help_text=_("When the parents agreed to work with the department."),
    )
    safe_at_home_judgement = models.TextField(
        verbose_name=_("safe at home judgement"),
        blank=True,
        help_text=_(
            "Why the child can safely remain at home (required at high or very high risk)."
        ),
    )
    agreement_withdrawn_on = models.DateField(
        verbose_name=_("agreement withdrawn on"), null=True, blank=True
    )
    imminent_risk_of_removal = models.BooleanField(
        verbose_name=_("imminent risk of removal"), default=False
    )

    # Youth justice involvement (document 002).
    youth_justice_involved = models.BooleanField(
        verbose_name=_("youth justice involved"), default=False
    )
    youth_justice_officer = models.CharField(
        verbose_name=_("youth justice officer"), max_length=160, blank=True
    )
    youth_justice_team = models.CharField(
        verbose_name=_("youth justice team"),
        max_length=20,
        choices=YouthJusticeTeam.choices,
        blank=True,
    )
    youth_justice_contacts = models.TextField(verbose_name=_("youth justice contacts"), blank=True)
    court_order_conditions = models.TextField(verbose_name=_("court order conditions"), blank=True)
    court_order_starts_on = models.DateField(
        verbose_name=_("court order starts on"), null=True, blank=True
    )
    court_order_ends_on = models.DateField(
        verbose_name=_("court order ends on"), null=True, blank=True
    )
    release_reintegration_plan = models.TextField(
        verbose_name=_("release reintegration plan"), blank=True
    )
    dfv_risk = models.BooleanField(
        verbose_name=_("dfv risk"),
        default=False,
        help_text=_("Family and domestic violence risk (managed under the DFV framework)."),
    )
    dfv_safety_plan = models.TextField(verbose_name=_("dfv safety plan"), blank=True)
    # Culture (document 002): who informs the work, and what the child and family need.
    aboriginal_community_worker = models.CharField(
        verbose_name=_("aboriginal community worker"),
        max_length=160,
        blank=True,
        help_text=_("The Aboriginal Community Worker involved, if any."),
    )
    aboriginal_practice_advisor = models.CharField(
        verbose_name=_("aboriginal practice advisor"),
        max_length=160,
        blank=True,
        help_text=_("The Aboriginal Practice Advisor involved, if any."),
    )
    cultural_language_needs = models.TextField(
        verbose_name=_("cultural language needs"), blank=True
    )

    # The six-week rule, kept current by casework.contact_due.case_refresh_contact_due.
    last_face_to_face_on = models.DateField(
        verbose_name=_("last face to face on"), null=True, blank=True
    )
    next_contact_due_on = models.DateField(
        verbose_name=_("next contact due on"), null=True, blank=True
    )
    # The cadence in force (days between face-to-face contacts), kept by the same writer
    # from casework.cadence.cadence_in_force; empty when no cadence applies.
    contact_cadence_days = models.PositiveSmallIntegerField(null=True, blank=True)

    # Closure with no further action: requested by the practitioner, approved by a team leader.
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closure requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closure_requested_at = models.DateTimeField(
        verbose_name=_("closure requested at"), null=True, blank=True
    )
    closure_reason = models.TextField(verbose_name=_("closure reason"), blank=True)
    parents_capacity_note = models.TextField(
        verbose_name=_("parents capacity note"),
        blank=True,
        help_text=_(
            "How the parents can keep meeting the child's protective needs after casework."
        ),
    )
    closure_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closure decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closure_decided_at = models.DateTimeField(
        verbose_name=_("closure decided at"), null=True, blank=True
    )
    closure_sent_back_reason = models.TextField(
        verbose_name=_("closure sent back reason"), blank=True
    )

    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    objects = community_scoped_manager(CaseQuerySet)

    # Not stored: what a page shows of the case, set on the instances it renders by
    # ``casework.selectors.with_status_now`` and ``child_page_cases``.
    status_now: str | None
    status_now_tag: str
    reassessment_is_overdue: bool
    current_plan: "CarePlan | None"
    earlier_plans: "list[CarePlan]"
    latest_assessment: "RiskAssessment | None"
    assessment_history: "list[RiskAssessment]"
    open_tasks: "list[CaseTask]"
    pending_visits: "list[ReturnVisit]"
    show_ifps_prompt: bool
    # What the pages show beside the status (casework.selectors, selectors_cadence).
    missed_reason_words: str
    current_missed: "MissedContactReason | None"
    cadence_shown: "CadenceInForce | None"

    class Meta:
        ordering = ["next_contact_due_on", "id"]
        constraints = [
            external_id_unique("case_external_id_unique"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closes_after_opening",
                violation_error_message=_("A case cannot close before it opened."),
            ),
            models.CheckConstraint(
                condition=Q(court_order_ends_on__isnull=True)
                | Q(court_order_starts_on__isnull=True)
                | Q(court_order_ends_on__gte=F("court_order_starts_on")),
                name="case_court_order_ends_after_start",
                violation_error_message=_("A court order ends on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="case_closed_has_date",
                violation_error_message=_("A closed case needs its closing date."),
            ),
            # A double submission (two tabs, a retried request) cannot open a second case
            # of the same kind; the opening services check first and explain.
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=~Q(status="closed"),
                name="case_one_open_per_child_and_kind",
                violation_error_message=_("This child already has an open case of this kind."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["community", "practitioner", "status", "next_contact_due_on"],
                name="case_caseload_idx",
            ),
            models.Index(
                fields=["community", "status", "next_contact_due_on"], name="case_team_idx"
            ),
            # The cases API pages in due order: with one community in the fence this index
            # returns the first page without sorting the community's cases (EXPLAIN:
            # 44 ms to under 1 ms for 15,000 cases, docs/benchmarks.md).
            models.Index(fields=["community", "next_contact_due_on", "id"], name="case_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} case #{self.pk}"

    # What the pages ask of a case's status and kind (templates never compare literals).

    @property
    def is_open(self) -> bool:
        """Open or waiting for a closure decision: work is still recorded on it."""
        return self.status != self.Status.CLOSED

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def closure_is_waiting(self) -> bool:
        return self.status == self.Status.CLOSURE_REQUESTED

    @property
    def closure_can_be_requested(self) -> bool:
        """Open with no closure waiting: the practitioner may ask for one."""
        return self.status == self.Status.OPEN

    @property
    def closure_was_sent_back(self) -> bool:
        return self.status == self.Status.OPEN and bool(self.closure_sent_back_reason)

    @property
    def is_in_care(self) -> bool:
        return self.kind == self.Kind.IN_CARE

    @property
    def is_strengthening_families(self) -> bool:
        return self.kind == self.Kind.STRENGTHENING_FAMILIES

    @property
    def risk_allows_closure(self) -> bool:
        return self.risk_level in rules.RISK_ALLOWS_CLOSURE

    @property
    def has_contact_cadence(self) -> bool:
        return self.kind == self.Kind.IN_CARE or self.contact_cadence_days is not None

    def contact_status(self, today=None) -> str | None:
        if not self.has_contact_cadence or not self.is_open:
            return None
        return rules.contact_status(
            self.next_contact_due_on, today or timezone.localdate(), self.contact_cadence_days
        )

    def reassessment_overdue(self, today=None) -> bool:
        return rules.reassessment_overdue(
            self.next_reassessment_due_on, today or timezone.localdate()
        )


class RiskAssessment(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="risk_assessments"
    )
    assessed_on = models.DateField(verbose_name=_("assessed on"))
    level = models.CharField(verbose_name=_("level"), max_length=20, choices=RiskLevel.choices)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    next_reassessment_due_on = models.DateField(verbose_name=_("next reassessment due on"))
    summary = models.TextField(verbose_name=_("summary"), blank=True)
    imminent_risk_of_removal = models.BooleanField(
        verbose_name=_("imminent risk of removal"),
        default=False,
        help_text=_("Is there an imminent risk that the child will be removed?"),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_reassessment_due_on__gte=F("assessed_on")),
                name="risk_reassessment_after_assessment",
                violation_error_message=_("The next reassessment is due after this assessment."),
            )
        ]
        indexes = [models.Index(fields=["case", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} risk on {self.assessed_on}"


class SafetyThreat(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey(
        RiskAssessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="safety_threats",
    )
    description = models.TextField(verbose_name=_("description"))
    resolved = models.BooleanField(verbose_name=_("resolved"), default=False)
    resolved_on = models.DateField(verbose_name=_("resolved on"), null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return "Resolved threat" if self.resolved else "Unresolved threat"


class CaseTask(models.Model):
    """Work someone must resolve, not a note: e.g. consider further action."""

    class Kind(models.TextChoices):
        CONSIDER_FURTHER_ACTION = "consider_further_action", _("Consider further action")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DECIDED = "decided", _("Decided")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="tasks"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=40, choices=Kind.choices)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reason = models.TextField(verbose_name=_("reason"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(verbose_name=_("opened at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(verbose_name=_("decided at"), null=True, blank=True)
    decision = models.TextField(verbose_name=_("decision"), blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(decided_by__isnull=False) & ~Q(decision="")),
                name="case_task_decision_recorded",
                violation_error_message=_("A decided task records who decided and what."),
            )
        ]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (#{self.pk})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
