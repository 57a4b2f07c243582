"""What is recorded on a case: care plans and their actions, return visits to the NT,
contacts with the child (and corrections to them), and referrals."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnerships.fence import community_scoped_manager
from partnerships.models import Community

from .. import rules
from .cases import Case
from .children import Child
from .imported import external_id_field, external_id_unique


class CarePlan(models.Model):
    """My Care Plan for a child in care, or the family's plan: Signs of Safety mapping."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="care_plans"
    )
    worries = models.TextField(
        verbose_name=_("worries"), blank=True, help_text=_("What are we worried about?")
    )
    working_well = models.TextField(
        verbose_name=_("working well"), blank=True, help_text=_("What is working well?")
    )
    needs_to_happen = models.TextField(
        verbose_name=_("needs to happen"), blank=True, help_text=_("What needs to happen?")
    )
    goals = models.TextField(verbose_name=_("goals"), blank=True)
    child_views = models.TextField(
        verbose_name=_("child views"), blank=True, help_text=_("The child's views and wishes.")
    )
    family_views = models.TextField(
        verbose_name=_("family views"), blank=True, help_text=_("The family's views and wishes.")
    )
    decision_participants = models.TextField(
        verbose_name=_("decision participants"),
        blank=True,
        help_text=_("Who took part in decisions (child, family, kin, carers, ACCO)."),
    )
    return_visit_arrangements = models.TextField(
        verbose_name=_("return visit arrangements"),
        blank=True,
        help_text=_("For a child interstate or at boarding school: contact on return visits."),
    )
    review_due_on = models.DateField(verbose_name=_("review due on"))
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
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Care plan #{self.pk}"


class CarePlanAction(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    care_plan = models.ForeignKey(
        CarePlan, verbose_name=_("care plan"), on_delete=models.CASCADE, related_name="actions"
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


class ReturnVisit(models.Model):
    """A visit to the NT by a child living or at boarding school interstate."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="return_visits"
    )
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    notes = models.TextField(verbose_name=_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = community_scoped_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="return_visit_ends_after_start",
                violation_error_message=_("A return visit ends on or after the day it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"Return visit {self.starts_on} to {self.ends_on}"


class ContactKind(models.TextChoices):
    FACE_TO_FACE_PRACTITIONER = "f2f_practitioner", _("Face to face, by the practitioner")
    FACE_TO_FACE_THIRD_PARTY = "f2f_third_party", _("Face to face, by an appropriate third party")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    OTHER = "other", _("Other")


class Contact(models.Model):
    """A contact with the child. Never deleted: corrections are ContactAmendments."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    external_id = external_id_field()
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="contacts"
    )
    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="contacts"
    )
    occurred_at = models.DateTimeField(verbose_name=_("occurred at"))
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=ContactKind.choices)
    third_party_name = models.CharField(
        verbose_name=_("third party name"), max_length=160, blank=True
    )
    third_party_organisation = models.CharField(
        verbose_name=_("third party organisation"), max_length=200, blank=True
    )
    who_was_seen = models.CharField(verbose_name=_("who was seen"), max_length=300, blank=True)
    location = models.CharField(verbose_name=_("location"), max_length=200, blank=True)
    return_visit = models.ForeignKey(
        ReturnVisit,
        verbose_name=_("return visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    note = models.TextField(verbose_name=_("note"), blank=True)
    child_views = models.TextField(
        verbose_name=_("child views"),
        blank=True,
        help_text=_("What the child said they think and want."),
    )
    aboriginal_community_worker_present = models.BooleanField(
        verbose_name=_("aboriginal community worker present"), default=False
    )
    aboriginal_practice_advisor_present = models.BooleanField(
        verbose_name=_("aboriginal practice advisor present"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), auto_now_add=True)
    # The key the form or the device made for this contact: a retry (double tap, dropped
    # link, the offline queue sending again) finds it instead of adding a second contact.
    idempotency_key = models.UUIDField(
        verbose_name=_("idempotency key"), null=True, blank=True, editable=False
    )

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            external_id_unique("contact_external_id_unique"),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="contact_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=~Q(kind="f2f_third_party")
                | (~Q(third_party_name="") & ~Q(third_party_organisation="")),
                name="contact_third_party_is_named",
                violation_error_message=_("Name the third party and their organisation."),
            ),
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

    @property
    def version(self) -> int:
        """1 as first logged, one more per amendment: an offline correction names the
        version it changed, so a change made meanwhile is never overwritten."""
        # all(): the API's lists prefetch the amendments.
        return 1 + len(self.amendments.all())

    def delete(self, *args, **kwargs):
        raise PermissionError("Contacts are never deleted; record an amendment instead.")


class ContactAmendment(models.Model):
    """A correction to a contact: what it said before, who changed it, when and why."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="amendments"
    )
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("amended by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amended_at = models.DateTimeField(verbose_name=_("amended at"), auto_now_add=True)
    reason = models.TextField(verbose_name=_("reason"))
    previous_values = models.JSONField(
        verbose_name=_("previous values"),
        help_text=_("The fields as they were before this amendment."),
    )

    objects = community_scoped_manager()

    class Meta:
        ordering = ["amended_at", "id"]

    def __str__(self) -> str:
        return f"Amendment #{self.pk} to contact #{self.contact_id}"


class Referral(models.Model):
    class Service(models.TextChoices):
        IFPS = "ifps", _("Intensive Family Preservation Service")
        OTHER = "other", _("Other service")

    class IfpsLocation(models.TextChoices):
        ALICE_SPRINGS = "alice_springs", _("Alice Springs")
        TENNANT_CREEK = "tennant_creek", _("Tennant Creek")
        KATHERINE = "katherine", _("Katherine")
        DARWIN = "darwin", _("Darwin")
        NHULUNBUY = "nhulunbuy", _("Nhulunbuy")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        MADE = "made", _("Referral made")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals"
    )
    service = models.CharField(verbose_name=_("service"), max_length=10, choices=Service.choices)
    ifps_location = models.CharField(
        verbose_name=_("ifps location"), max_length=20, choices=IfpsLocation.choices, blank=True
    )
    other_service_name = models.CharField(
        verbose_name=_("other service name"), max_length=200, blank=True
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    referred_on = models.DateField(verbose_name=_("referred on"))
    notes = models.TextField(verbose_name=_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(service="ifps") & ~Q(ifps_location=""))
                | (Q(service="other") & ~Q(other_service_name="")),
                name="referral_names_its_service",
                violation_error_message=_("Choose the IFPS location, or name the other service."),
            )
        ]

    def __str__(self) -> str:
        return f"Referral #{self.pk}"

    @property
    def is_ifps(self) -> bool:
        return self.service == self.Service.IFPS

    @property
    def is_live(self) -> bool:
        """Proposed, made, accepted or completed: not declined or withdrawn."""
        return rules.referral_is_live(self.status)
