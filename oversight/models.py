"""The Oversight Group, its members, and the quarterly reports it sends.

Nothing here holds a community's data: the Oversight Group is Territory-wide and its
reports are de-identified aggregates. Composition rules live in ``oversight.rules``
and are enforced by ``oversight.services`` (the only writer).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnerships.models import Organisation, Region


class OversightGroup(models.Model):
    name = models.CharField(verbose_name=_("name"), max_length=160, unique=True)
    # Before this date the group is still being built up and its rules are not enforced.
    constituted_on = models.DateField(verbose_name=_("constituted on"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_constituted(self) -> bool:
        return self.constituted_on is not None


class OversightMemberQuerySet(models.QuerySet):
    def current(self, on: datetime.date):
        # ``term_ends_on`` is the last day of the term.
        return self.filter(term_starts_on__lte=on).filter(
            Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=on)
        )


class OversightMember(models.Model):
    class ServiceArea(models.TextChoices):
        JUSTICE = "justice", _("Justice")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        FAMILY_SUPPORT = "family_support", _("Family support")
        OTHER = "other", _("Other")

    group = models.ForeignKey(
        OversightGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    # The organisation's kind (government agency, peak body, ACCO, NGO) is what the rules count.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    service_area = models.CharField(
        verbose_name=_("service area"), max_length=20, choices=ServiceArea.choices
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    representative_name = models.CharField(verbose_name=_("representative name"), max_length=160)
    is_aboriginal_or_torres_strait_islander = models.BooleanField(
        verbose_name=_("is aboriginal or torres strait islander"), default=False
    )
    term_starts_on = models.DateField(verbose_name=_("term starts on"))
    term_ends_on = models.DateField(
        verbose_name=_("term ends on"),
        null=True,
        blank=True,
        help_text=_("The last day of the term (blank: open-ended)."),
    )
    is_co_chair = models.BooleanField(verbose_name=_("is co chair"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    objects = OversightMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-is_co_chair", "organisation__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=F("term_starts_on")),
                name="oversight_member_term_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.representative_name} ({self.organisation})"

    @property
    def kind(self) -> str:
        return self.organisation.kind

    def is_current(self, on: datetime.date) -> bool:
        return self.term_starts_on <= on and (self.term_ends_on is None or self.term_ends_on >= on)


class ReportRequest(models.Model):
    """A request to generate a quarter's report: a row, so nothing depends on the broker."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    quarter = models.CharField(verbose_name=_("quarter"), max_length=12)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Requests made by the daily schedule (one per quarter), not by a person.
    automatic = models.BooleanField(verbose_name=_("automatic"), default=False)
    state = models.CharField(
        verbose_name=_("state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    error_message = models.TextField(verbose_name=_("error message"), blank=True)
    attempts = models.PositiveIntegerField(verbose_name=_("attempts"), default=0)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    enqueued_at = models.DateTimeField(verbose_name=_("enqueued at"), null=True, blank=True)
    started_at = models.DateTimeField(verbose_name=_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)
    claimed_by = models.CharField(verbose_name=_("claimed by"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(verbose_name=_("heartbeat at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter"],
                condition=Q(automatic=True),
                name="report_request_one_automatic_per_quarter",
            )
        ]
        indexes = [models.Index(fields=["state", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"Report request #{self.pk} for {self.quarter}"

    @property
    def is_pending(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}


def report_upload_to(instance: "QuarterlyReport", filename: str) -> str:
    safe_quarter = instance.quarter.replace(" ", "-")
    return f"{settings.CWSP_REPORT_STORAGE_DIR}/{safe_quarter}/v{instance.version}-{filename}"


class QuarterlyReport(models.Model):
    """One generated version of a quarter's report. Never overwritten: a new version instead."""

    quarter = models.CharField(verbose_name=_("quarter"), max_length=12)
    version = models.PositiveIntegerField(verbose_name=_("version"))
    generated_at = models.DateTimeField(verbose_name=_("generated at"))
    sha256 = models.CharField(verbose_name=_("sha256"), max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # One version per request: a retried or duplicated job cannot add a second one.
    request = models.OneToOneField(
        ReportRequest,
        verbose_name=_("request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report",
    )
    file = models.FileField(verbose_name=_("file"), upload_to=report_upload_to, max_length=300)
    size_bytes = models.PositiveIntegerField(verbose_name=_("size bytes"), default=0)
    page_count = models.PositiveIntegerField(verbose_name=_("page count"), default=0)
    # The de-identified figures the PDF shows (suppressed as printed), for the API.
    figures = models.JSONField(verbose_name=_("figures"), default=dict, blank=True)

    class Meta:
        ordering = ["-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "version"], name="quarterly_report_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quarter} report, version {self.version}"

    @property
    def filename(self) -> str:
        return f"CWSP-quarterly-report-{self.quarter.replace(' ', '-')}-v{self.version}.pdf"
