"""A child and the household the child belongs to."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.fence import community_scoped_manager
from partnerships.models import Community, Organisation

from .. import rules
from .imported import external_id_field, external_id_unique


class Child(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Another gender")
        NOT_STATED = "not_stated", _("Not stated")

    class AboriginalStatus(models.TextChoices):
        ABORIGINAL = "aboriginal", _("Aboriginal")
        TORRES_STRAIT_ISLANDER = "torres_strait_islander", _("Torres Strait Islander")
        BOTH = "both", _("Aboriginal and Torres Strait Islander")
        NEITHER = "neither", _("Neither")
        NOT_STATED = "not_stated", _("Not stated")

    class Residence(models.TextChoices):
        IN_COMMUNITY = "in_community", _("In the community")
        ELSEWHERE_NT = "elsewhere_nt", _("Elsewhere in the NT")
        INTERSTATE = "interstate", _("Interstate")
        BOARDING_SCHOOL_INTERSTATE = "boarding_school_interstate", _("Boarding school interstate")

    class Placement(models.TextChoices):
        NONE = "", _("Not in care")
        KINSHIP = "kinship", _("Kinship care")
        FOSTER = "foster", _("Foster care")
        RESIDENTIAL = "residential", _("Residential care")
        INDEPENDENT = "independent", _("Independent living")
        OTHER = "other", _("Other")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    external_id = external_id_field()
    given_name = models.CharField(verbose_name=_("given name"), max_length=100)
    family_name = models.CharField(verbose_name=_("family name"), max_length=100)
    preferred_name = models.CharField(verbose_name=_("preferred name"), max_length=100, blank=True)
    alternative_names = models.CharField(
        verbose_name=_("alternative names"),
        max_length=300,
        blank=True,
        help_text=_("Other names and spellings the child is known by."),
    )
    date_of_birth = models.DateField(verbose_name=_("date of birth"))
    gender = models.CharField(
        verbose_name=_("gender"), max_length=20, choices=Gender.choices, default=Gender.NOT_STATED
    )
    aboriginal_status = models.CharField(
        verbose_name=_("aboriginal status"),
        max_length=30,
        choices=AboriginalStatus.choices,
        default=AboriginalStatus.NOT_STATED,
    )
    languages = models.CharField(
        verbose_name=_("languages"), max_length=200, blank=True, help_text=_("Languages spoken.")
    )
    interpreter_needs = models.CharField(
        verbose_name=_("interpreter needs"),
        max_length=200,
        blank=True,
        help_text=_("Whether an interpreter is needed, and for which language."),
    )
    kinship_group = models.CharField(
        verbose_name=_("kinship group"),
        max_length=120,
        blank=True,
        help_text=_("Kinship group or skin name (optional)."),
    )
    residence = models.CharField(
        verbose_name=_("residence"),
        max_length=30,
        choices=Residence.choices,
        default=Residence.IN_COMMUNITY,
    )
    residence_changed_on = models.DateField(
        verbose_name=_("residence changed on"),
        null=True,
        blank=True,
        help_text=_("The day the child began living where they live now."),
    )
    # The day the current form of the six-week rule began: moving interstate switches a
    # child to the return-visit rule, coming back to the NT restarts the six weeks.
    contact_rule_since = models.DateField(
        verbose_name=_("contact rule since"), null=True, blank=True
    )
    carer_name = models.CharField(verbose_name=_("carer name"), max_length=160, blank=True)
    placement = models.CharField(
        verbose_name=_("placement"), max_length=20, choices=Placement.choices, blank=True
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = _("children")
        constraints = [external_id_unique("child_external_id_unique")]
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

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    external_id = external_id_field()
    name = models.CharField(
        verbose_name=_("name"), max_length=160, help_text=_("How the household is known.")
    )
    nominated_people = models.TextField(
        verbose_name=_("nominated people"),
        blank=True,
        help_text=_("People the family nominates to take part in decisions."),
    )
    nominated_kinship_group = models.CharField(
        verbose_name=_("nominated kinship group"), max_length=160, blank=True
    )
    nominated_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("nominated organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    nominated_community = models.ForeignKey(
        Community,
        verbose_name=_("nominated community"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("families")
        constraints = [external_id_unique("family_external_id_unique")]

    def __str__(self) -> str:
        return self.name


class FamilyMember(models.Model):
    class Relationship(models.TextChoices):
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        CARER = "carer", _("Carer")
        SIBLING = "sibling", _("Sibling")
        KIN = "kin", _("Kin")

    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="members"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    # A child of the household is a Child record; adults are named here.
    child = models.ForeignKey(
        Child,
        verbose_name=_("child"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="family_links",
    )
    person_name = models.CharField(verbose_name=_("person name"), max_length=160, blank=True)
    relationship = models.CharField(
        verbose_name=_("relationship"), max_length=20, choices=Relationship.choices
    )
    takes_part_in_decisions = models.BooleanField(
        verbose_name=_("takes part in decisions"), default=False
    )

    objects = community_scoped_manager()

    class Meta:
        ordering = ["family", "relationship", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(child__isnull=False) | ~Q(person_name=""),
                name="family_member_is_child_or_named_person",
                violation_error_message=_("Choose the child or name the person."),
            )
        ]

    def __str__(self) -> str:
        return self.person_name or str(self.child)
