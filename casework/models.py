"""Children, families and their cases: the records practitioners and team leaders keep.

Every model here holds a community's data: it has a ``community`` (set by the services
from the parent record, never from input) and the fenced manager. Rules live in
``casework.rules`` (pure functions) and ``casework.services`` (writes).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from partnerships.fence import community_scoped_manager
from partnerships.models import Community, Organisation

from . import rules


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


# Most urgent first when sorting by risk.
RISK_ORDER = {
    RiskLevel.VERY_HIGH: 0,
    RiskLevel.HIGH: 1,
    RiskLevel.MODERATE: 2,
    RiskLevel.LOW: 3,
}


class Child(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Another gender"
        NOT_STATED = "not_stated", "Not stated"

    class AboriginalStatus(models.TextChoices):
        ABORIGINAL = "aboriginal", "Aboriginal"
        TORRES_STRAIT_ISLANDER = "torres_strait_islander", "Torres Strait Islander"
        BOTH = "both", "Aboriginal and Torres Strait Islander"
        NEITHER = "neither", "Neither"
        NOT_STATED = "not_stated", "Not stated"

    class Residence(models.TextChoices):
        IN_COMMUNITY = "in_community", "In the community"
        ELSEWHERE_NT = "elsewhere_nt", "Elsewhere in the NT"
        INTERSTATE = "interstate", "Interstate"
        BOARDING_SCHOOL_INTERSTATE = "boarding_school_interstate", "Boarding school interstate"

    class Placement(models.TextChoices):
        NONE = "", "Not in care"
        KINSHIP = "kinship", "Kinship care"
        FOSTER = "foster", "Foster care"
        RESIDENTIAL = "residential", "Residential care"
        INDEPENDENT = "independent", "Independent living"
        OTHER = "other", "Other"

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_STATED)
    aboriginal_status = models.CharField(
        max_length=30, choices=AboriginalStatus.choices, default=AboriginalStatus.NOT_STATED
    )
    languages = models.CharField(max_length=200, blank=True, help_text="Languages spoken.")
    kinship_group = models.CharField(
        max_length=120, blank=True, help_text="Kinship group or skin name (optional)."
    )
    residence = models.CharField(
        max_length=30, choices=Residence.choices, default=Residence.IN_COMMUNITY
    )
    carer_name = models.CharField(max_length=160, blank=True)
    placement = models.CharField(max_length=20, choices=Placement.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "children"
        indexes = [models.Index(fields=["community", "family_name", "given_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.given_name
        return f"{first} {self.family_name}"

    @property
    def lives_interstate(self) -> bool:
        return rules.lives_interstate(self.residence)

    @property
    def is_aboriginal_or_tsi(self) -> bool:
        return self.aboriginal_status in {
            self.AboriginalStatus.ABORIGINAL,
            self.AboriginalStatus.TORRES_STRAIT_ISLANDER,
            self.AboriginalStatus.BOTH,
        }


class Family(models.Model):
    """A household, and who the family nominates to take part in decisions (s12)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=160, help_text="How the household is known.")
    nominated_people = models.TextField(
        blank=True, help_text="People the family nominates to take part in decisions."
    )
    nominated_kinship_group = models.CharField(max_length=160, blank=True)
    nominated_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_community = models.ForeignKey(
        Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.name


class FamilyMember(models.Model):
    class Relationship(models.TextChoices):
        CHILD = "child", "Child"
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer"
        SIBLING = "sibling", "Sibling"
        KIN = "kin", "Kin"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    # A child of the household is a Child record; adults are named here.
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="family_links"
    )
    person_name = models.CharField(max_length=160, blank=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    takes_part_in_decisions = models.BooleanField(default=False)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["family", "relationship", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(child__isnull=False) | ~Q(person_name=""),
                name="family_member_is_child_or_named_person",
                violation_error_message="Choose the child or name the person.",
            )
        ]

    def __str__(self) -> str:
        return self.person_name or str(self.child)


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Case.Status.CLOSED)

    def in_care(self):
        return self.filter(kind=Case.Kind.IN_CARE)

    def contact_overdue(self, today):
        return self.filter(next_contact_due_on__lt=today)

    def contact_due_soon(self, today):
        return self.filter(
            next_contact_due_on__gte=today,
            next_contact_due_on__lte=today + rules.DUE_SOON,
        )

    def contact_on_track(self, today):
        return self.filter(
            Q(next_contact_due_on__isnull=True) | Q(next_contact_due_on__gt=today + rules.DUE_SOON)
        )

    def with_contact_status(self, status: str, today):
        return {
            rules.ContactStatus.OVERDUE: self.contact_overdue,
            rules.ContactStatus.DUE_SOON: self.contact_due_soon,
            rules.ContactStatus.ON_TRACK: self.contact_on_track,
        }[status](today)


class Case(models.Model):
    class Kind(models.TextChoices):
        STRENGTHENING_FAMILIES = "strengthening_families", "Strengthening Families"
        IN_CARE = "in_care", "Child in care"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSURE_REQUESTED = "closure_requested", "Closure waiting for approval"
        CLOSED = "closed", "Closed"

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.OPEN)
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    team_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    # Current risk, copied from the latest risk assessment by the service that records it.
    risk_level = models.CharField(max_length=20, choices=RiskLevel.choices, blank=True)
    next_reassessment_due_on = models.DateField(null=True, blank=True)

    # Strengthening Families opening conditions (document 001).
    parents_agreed_on = models.DateField(
        null=True, blank=True, help_text="When the parents agreed to work with the department."
    )
    safe_at_home_judgement = models.TextField(
        blank=True,
        help_text="Why the child can safely remain at home (required at high or very high risk).",
    )
    agreement_withdrawn_on = models.DateField(null=True, blank=True)
    imminent_risk_of_removal = models.BooleanField(default=False)

    # Youth justice involvement (document 002).
    youth_justice_involved = models.BooleanField(default=False)
    youth_justice_contacts = models.TextField(blank=True)
    court_order_conditions = models.TextField(blank=True)
    release_reintegration_plan = models.TextField(blank=True)
    dfv_risk = models.BooleanField(
        default=False,
        help_text="Family and domestic violence risk (managed under the DFV framework).",
    )

    # The six-week rule, kept current by casework.contact_due.case_refresh_contact_due.
    last_face_to_face_on = models.DateField(null=True, blank=True)
    next_contact_due_on = models.DateField(null=True, blank=True)

    # Closure with no further action: requested by the practitioner, approved by a team leader.
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)
    parents_capacity_note = models.TextField(
        blank=True,
        help_text="How the parents can keep meeting the child's protective needs after casework.",
    )
    closure_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_decided_at = models.DateTimeField(null=True, blank=True)
    closure_sent_back_reason = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = community_scoped_manager(CaseQuerySet)

    class Meta:
        ordering = ["next_contact_due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closes_after_opening",
                violation_error_message="A case cannot close before it opened.",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="case_closed_has_date",
                violation_error_message="A closed case needs its closing date.",
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

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def contact_status(self, today=None) -> str | None:
        if self.kind != self.Kind.IN_CARE or not self.is_open:
            return None
        return rules.contact_status(self.next_contact_due_on, today or timezone.localdate())

    def reassessment_overdue(self, today=None) -> bool:
        return rules.reassessment_overdue(
            self.next_reassessment_due_on, today or timezone.localdate()
        )


class RiskAssessment(models.Model):
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="risk_assessments")
    assessed_on = models.DateField()
    level = models.CharField(max_length=20, choices=RiskLevel.choices)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    next_reassessment_due_on = models.DateField()
    summary = models.TextField(blank=True)
    imminent_risk_of_removal = models.BooleanField(
        default=False, help_text="Is there an imminent risk that the child will be removed?"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_reassessment_due_on__gte=F("assessed_on")),
                name="risk_reassessment_after_assessment",
                violation_error_message="The next reassessment is due after this assessment.",
            )
        ]
        indexes = [models.Index(fields=["case", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} risk on {self.assessed_on}"


class SafetyThreat(models.Model):
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        RiskAssessment, on_delete=models.CASCADE, related_name="safety_threats"
    )
    description = models.TextField()
    resolved = models.BooleanField(default=False)
    resolved_on = models.DateField(null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return "Resolved threat" if self.resolved else "Unresolved threat"


class CarePlan(models.Model):
    """My Care Plan for a child in care, or the family's plan: Signs of Safety mapping."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="care_plans")
    worries = models.TextField(blank=True, help_text="What are we worried about?")
    working_well = models.TextField(blank=True, help_text="What is working well?")
    needs_to_happen = models.TextField(blank=True, help_text="What needs to happen?")
    goals = models.TextField(blank=True)
    child_views = models.TextField(blank=True, help_text="The child's views and wishes.")
    family_views = models.TextField(blank=True, help_text="The family's views and wishes.")
    decision_participants = models.TextField(
        blank=True, help_text="Who took part in decisions (child, family, kin, carers, ACCO)."
    )
    return_visit_arrangements = models.TextField(
        blank=True,
        help_text="For a child interstate or at boarding school: contact on return visits.",
    )
    review_due_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Care plan #{self.pk}"


class CarePlanAction(models.Model):
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    care_plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=160)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class ReturnVisit(models.Model):
    """A visit to the NT by a child living or at boarding school interstate."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="return_visits")
    starts_on = models.DateField()
    ends_on = models.DateField()
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = community_scoped_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="return_visit_ends_after_start",
                violation_error_message="A return visit ends on or after the day it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Return visit {self.starts_on} to {self.ends_on}"


class ContactKind(models.TextChoices):
    FACE_TO_FACE_PRACTITIONER = "f2f_practitioner", "Face to face, by the practitioner"
    FACE_TO_FACE_THIRD_PARTY = "f2f_third_party", "Face to face, by an appropriate third party"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    OTHER = "other", "Other"


class Contact(models.Model):
    """A contact with the child. Never deleted: corrections are ContactAmendments."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    third_party_name = models.CharField(max_length=160, blank=True)
    third_party_organisation = models.CharField(max_length=200, blank=True)
    who_was_seen = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True)
    return_visit = models.ForeignKey(
        ReturnVisit, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    note = models.TextField(blank=True)
    child_views = models.TextField(blank=True, help_text="What the child said they think and want.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="f2f_third_party")
                | (~Q(third_party_name="") & ~Q(third_party_organisation="")),
                name="contact_third_party_is_named",
                violation_error_message="Name the third party and their organisation.",
            )
        ]
        indexes = [
            # The six-week rule reads the latest face-to-face contact per case.
            models.Index(fields=["case", "kind", "occurred_at"], name="contact_case_kind_idx"),
            models.Index(fields=["community", "occurred_at"], name="contact_community_idx"),
            # The quarterly report reads one quarter's face-to-face contacts across every
            # community: read from this index alone instead of the whole table.
            models.Index(
                fields=["occurred_at"],
                include=["case", "kind"],
                name="contact_occurred_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} contact #{self.pk}"

    @property
    def is_face_to_face(self) -> bool:
        return self.kind in rules.FACE_TO_FACE_KINDS

    @property
    def is_return_visit(self) -> bool:
        return self.return_visit_id is not None

    def delete(self, *args, **kwargs):
        raise PermissionError("Contacts are never deleted; record an amendment instead.")


class ContactAmendment(models.Model):
    """A correction to a contact: what it said before, who changed it, when and why."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="amendments")
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    amended_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    previous_values = models.JSONField(help_text="The fields as they were before this amendment.")

    objects = community_scoped_manager()

    class Meta:
        ordering = ["amended_at", "id"]

    def __str__(self) -> str:
        return f"Amendment #{self.pk} to contact #{self.contact_id}"


class Referral(models.Model):
    class Service(models.TextChoices):
        IFPS = "ifps", "Intensive Family Preservation Service"
        OTHER = "other", "Other service"

    class IfpsLocation(models.TextChoices):
        ALICE_SPRINGS = "alice_springs", "Alice Springs"
        TENNANT_CREEK = "tennant_creek", "Tennant Creek"
        KATHERINE = "katherine", "Katherine"
        DARWIN = "darwin", "Darwin"
        NHULUNBUY = "nhulunbuy", "Nhulunbuy"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        MADE = "made", "Referral made"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    service = models.CharField(max_length=10, choices=Service.choices)
    ifps_location = models.CharField(max_length=20, choices=IfpsLocation.choices, blank=True)
    other_service_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    referred_on = models.DateField()
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(service="ifps") & ~Q(ifps_location=""))
                | (Q(service="other") & ~Q(other_service_name="")),
                name="referral_names_its_service",
                violation_error_message="Choose the IFPS location, or name the other service.",
            )
        ]

    def __str__(self) -> str:
        return f"Referral #{self.pk}"


class CaseTask(models.Model):
    """Work someone must resolve, not a note: e.g. consider further action."""

    class Kind(models.TextChoices):
        CONSIDER_FURTHER_ACTION = "consider_further_action", "Consider further action"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DECIDED = "decided", "Decided"

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reason = models.TextField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.TextField(blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(decided_by__isnull=False) & ~Q(decision="")),
                name="case_task_decision_recorded",
                violation_error_message="A decided task records who decided and what.",
            )
        ]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (#{self.pk})"
