from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partnerships.models import Organisation, Region

from ..models import OversightGroup, OversightMember, QuarterlyReport, ReportRequest


class OversightMemberSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    kind = serializers.CharField(source="organisation.kind", read_only=True)
    region = serializers.CharField(
        source="region.name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The region a regional member represents; null for a Territory-wide one.",
    )

    class Meta:
        model = OversightMember
        fields = [
            "id",
            "organisation",
            "kind",
            "service_area",
            "region",
            "representative_name",
            "is_aboriginal_or_torres_strait_islander",
            "term_starts_on",
            "term_ends_on",
            "is_co_chair",
        ]


class QuarterlyReportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "quarter",
            "version",
            "generated_at",
            "sha256",
            "size_bytes",
            "page_count",
            "download_url",
        ]

    def get_download_url(self, report) -> str:
        return reverse("report-download", kwargs={"pk": report.pk})


class ReportRequestSerializer(serializers.ModelSerializer):
    report = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ReportRequest
        fields = [
            "id",
            "quarter",
            "state",
            "error_message",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "report",
        ]
        read_only_fields = [f for f in fields if f != "quarter"]


class ReportRequestCreateSerializer(serializers.Serializer):
    quarter = serializers.CharField(max_length=12, help_text=_("Like 2026-27 Q2 or 2026-27Q2."))


class OversightGroupSerializer(serializers.ModelSerializer):
    is_constituted = serializers.BooleanField(read_only=True)

    class Meta:
        model = OversightGroup
        fields = ["id", "name", "constituted_on", "is_constituted", "created_at"]
        read_only_fields = ["constituted_on", "created_at"]
        # The one-group rule and the name's uniqueness are the service's.
        extra_kwargs = {"name": {"validators": []}}


class OversightMemberWriteSerializer(serializers.Serializer):
    """A member to add (every field but ``term_ends_on`` needed) or to change (any of them)."""

    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False
    )
    new_organisation_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text=_("Instead of ``organisation``: an organisation not known yet."),
    )
    new_organisation_kind = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The new organisation's kind: " + ", ".join(Organisation.Kind.values) + ".",
    )
    service_area = serializers.ChoiceField(choices=OversightMember.ServiceArea.choices)
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), required=False, allow_null=True
    )
    representative_name = serializers.CharField(max_length=160)
    is_aboriginal_or_torres_strait_islander = serializers.BooleanField(required=False)
    term_starts_on = serializers.DateField()
    term_ends_on = serializers.DateField(required=False, allow_null=True)
    is_co_chair = serializers.BooleanField(required=False)


class OversightMemberEndSerializer(serializers.Serializer):
    last_day = serializers.DateField(required=False, help_text=_("Default today."))
