"""Contact cadence stricter than the policy minimum, and reasons for a missed contact.

The cadence in force for a case is decided in one place (``casework.cadence``) from the
policy minimum, its Partnership's ``CadenceRule`` for the case's kind and risk, and the
case's own ``CaseCadence``; every change keeps its history as ``RecordChange`` rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.fence import community_scoped_manager
from partnerships.models import Community

from .cases import Case, CaseTask, RiskLevel


class CadenceRule(models.Model):
    """A Partnership's cadence for one kind of case, at one risk level or at any."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Case.Kind.choices)
    # Empty: every risk level (and cases not yet assessed) of that kind.
    risk_level = models.CharField(max_length=20, choices=RiskLevel.choices, blank=True)
    cadence_days = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField()

    objects = community_scoped_manager()

    class Meta:
        ordering = ["kind", "risk_level", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "kind", "risk_level"],
                name="cadence_rule_one_per_kind_and_risk",
                violation_error_message="This Partnership already sets a cadence here.",
            ),
            models.CheckConstraint(
                condition=Q(cadence_days__gte=1) & (~Q(kind="in_care") | Q(cadence_days__lte=42)),
                name="cadence_rule_within_policy",
                violation_error_message="Children in care are seen at least every 42 days.",
            ),
        ]

    def __str__(self) -> str:
        return f"Every {self.cadence_days} days ({self.get_kind_display()})"


class CaseCadence(models.Model):
    """A team leader's cadence for one case (stricter than what otherwise applies)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="own_cadence")
    cadence_days = models.PositiveSmallIntegerField()
    reason = models.TextField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField()

    objects = community_scoped_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_days__gte=1), name="case_cadence_at_least_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Every {self.cadence_days} days (case #{self.case_id})"


class MissedContactReason(models.Model):
    """Why a face-to-face contact is late or missed. It never excuses the overdue status:
    the policy minimum stands, and the reason is shown beside it once acknowledged."""

    class Reason(models.TextChoices):
        HOSPITAL = "hospital", _("The child is in hospital")
        DETENTION = "detention", _("The child is in detention")
        SORRY_BUSINESS = "sorry_business", _("The family is travelling for sorry business")
        CEREMONY = "ceremony", _("The family is away for ceremony")
        DECLINED = "declined", _("The child declined")
        WHEREABOUTS_UNKNOWN = "whereabouts_unknown", _("The child's whereabouts are unknown")
        COMMUNITY_UNREACHABLE = (
            "community_unreachable",
            _("The community cannot be reached (for example a wet-season road closure)"),
        )
        OTHER = "other", _("Another reason (say what)")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="missed_contacts")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    details = models.TextField(blank=True)
    # The gap it explains starts here: the last face-to-face day, or the opening day. A
    # contact later starts a new gap, and the reason no longer shows.
    gap_from = models.DateField()
    due_on = models.DateField(help_text="The due day when the reason was recorded.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    task = models.ForeignKey(
        CaseTask, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(details=""),
                name="missed_contact_other_in_words",
                violation_error_message="Say what the other reason is.",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | Q(acknowledged_by__isnull=False),
                name="missed_contact_acknowledged_by_someone",
            ),
        ]
        indexes = [models.Index(fields=["case", "gap_from"], name="missed_contact_gap_idx")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} (case #{self.case_id})"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None
