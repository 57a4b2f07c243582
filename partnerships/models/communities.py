"""Places and who takes part: regions, communities, their Partnerships and members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from ..fence import community_scoped_manager


class Region(models.Model):
    """One of the six NT regions that the Oversight Group's ACCO members represent."""

    name = models.CharField(verbose_name=_("name"), max_length=80, unique=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    """The unit of access: a person sees a community's records only by membership."""

    name = models.CharField(verbose_name=_("name"), max_length=120, unique=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=120, unique=True)
    # Other spellings, e.g. the Framework's "Gunyungarra" for Gunyangara.
    alternative_names = models.JSONField(
        verbose_name=_("alternative names"), default=list, blank=True
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="communities"
    )
    runs_maccst = models.BooleanField(
        verbose_name=_("runs maccst"),
        default=False,
        help_text=_("One of the 24 communities with a MACCST named in the Framework."),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("communities")
        permissions = [
            ("work_in_community", "Work with the community's records"),
            ("work_casework", "Work with the community's children and cases"),
            ("lead_team", "Lead the community's practitioners"),
            ("coordinate_partnership", "Coordinate the community's Partnership"),
        ]

    def __str__(self) -> str:
        return self.name


class CommunityUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK guardian permission rows: a user's permissions on one community."""

    content_object = models.ForeignKey(
        Community, verbose_name=_("content object"), on_delete=models.CASCADE
    )


class CommunityGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(
        Community, verbose_name=_("content object"), on_delete=models.CASCADE
    )


class Partnership(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ESTABLISHING = "establishing", _("Establishing")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")

    community = models.OneToOneField(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="partnership"
    )
    name = models.CharField(verbose_name=_("name"), max_length=160)
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    established_on = models.DateField(verbose_name=_("established on"), null=True, blank=True)
    # Place-based partnerships (e.g. Victorian Area Partnerships) keep individual
    # case management out of scope: then nothing casework-related shows.
    keeps_case_records = models.BooleanField(verbose_name=_("keeps case records"), default=True)
    description = models.TextField(verbose_name=_("description"), blank=True)
    # The request that started it (document 000: at the request of leaders and ACCOs).
    requested_by = models.TextField(
        verbose_name=_("requested by"),
        blank=True,
        help_text=_("Which community leaders and ACCOs asked for the Partnership."),
    )
    requested_on = models.DateField(verbose_name=_("requested on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["proposed"]) | Q(established_on__isnull=False),
                name="partnership_established_date_once_established",
                violation_error_message=_(
                    "An establishing, active or paused Partnership needs "
                    "the date it was established."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        ACCO = "acco", _("Aboriginal Community Controlled Organisation (ACCO)")
        ABORIGINAL_PEAK_BODY = "aboriginal_peak_body", _("Aboriginal peak body")
        NGO = "ngo", _("Non-government organisation")
        COMMUNITY_GROUP = "community_group", _("Community group")

    class ServiceArea(models.TextChoices):
        JUSTICE = "justice", _("Justice")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        FAMILY_SUPPORT = "family_support", _("Family support")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        HOUSING = "housing", _("Housing")
        OTHER = "other", _("Other")

    name = models.CharField(verbose_name=_("name"), max_length=200, unique=True)
    kind = models.CharField(verbose_name=_("kind"), max_length=30, choices=Kind.choices)
    service_areas = models.JSONField(verbose_name=_("service areas"), default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_aboriginal_organisation(self) -> bool:
        return self.kind in {self.Kind.ACCO, self.Kind.ABORIGINAL_PEAK_BODY}


class PartnershipMember(models.Model):
    """An organisation or a community leader taking part in a Partnership.

    Composition is co-designed locally, so any mix of organisations and people is allowed.
    """

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="members"
    )
    # Denormalised from the partnership for the fence; set by the service.
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person_name = models.CharField(verbose_name=_("person name"), max_length=160, blank=True)
    role = models.CharField(verbose_name=_("role"), max_length=120, blank=True)
    is_community_leader = models.BooleanField(verbose_name=_("is community leader"), default=False)
    is_aboriginal = models.BooleanField(
        verbose_name=_("is aboriginal"),
        default=False,
        help_text=_("Aboriginal and/or Torres Strait Islander person or organisation."),
    )
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"), null=True, blank=True)
    # Who recorded the end (a person, or the part of the product that did): an ended member
    # stays listed, with its last day and who ended it.
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_by_system = models.CharField(
        verbose_name=_("ended by system"), max_length=80, blank=True, default=""
    )
    ended_at = models.DateTimeField(verbose_name=_("ended at"), null=True, blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["partnership", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(person_name=""),
                name="partnership_member_is_organisation_or_person",
                violation_error_message=_("Name the organisation or the person."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="partnership_member_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.person_name or str(self.organisation)


class PartnershipStatusChange(models.Model):
    """One move of a Partnership's status: from, to, on which day, who, and why."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    # Denormalised from the partnership for the fence; set by the service.
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(
        verbose_name=_("from status"), max_length=20, choices=Partnership.Status.choices
    )
    to_status = models.CharField(
        verbose_name=_("to status"), max_length=20, choices=Partnership.Status.choices
    )
    changed_on = models.DateField(verbose_name=_("changed on"))
    changed_at = models.DateTimeField(verbose_name=_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_by_system = models.CharField(
        verbose_name=_("changed by system"), max_length=80, blank=True, default=""
    )
    reason = models.TextField(verbose_name=_("reason"), blank=True)

    objects = community_scoped_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.from_status} to {self.to_status}"

    @property
    def changed_by_name(self) -> str:
        return str(self.changed_by) if self.changed_by else self.changed_by_system
