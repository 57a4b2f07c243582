from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import selectors
from ..models import (
    Community,
    GovernanceTier,
    Indicator,
    IndicatorValue,
    Investment,
    LocalPriority,
    Organisation,
    Partnership,
    PartnershipMember,
    PartnershipStatusChange,
    PartnershipWorker,
    PriorityAction,
    Region,
    TierMember,
)
from ..services.status import STATUS_MOVES


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name", "slug"]


class PartnershipSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Partnership
        fields = ["id", "name", "status", "established_on", "keeps_case_records"]


class CommunitySerializer(serializers.ModelSerializer):
    region = RegionSerializer(read_only=True)
    partnership = PartnershipSummarySerializer(read_only=True)
    alternative_names = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Other names and spellings."
    )

    class Meta:
        model = Community
        fields = ["id", "name", "slug", "alternative_names", "region", "partnership"]


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(" + "|".join(PriorityAction.Status.values) + ")$",
        "description": "One of: " + ", ".join(PriorityAction.Status.values) + ".",
    }
)
class ActionStatusField(serializers.ChoiceField):
    """An action's status. Described by a pattern, not an enum: the schema's enum
    components are named by field, and "status" already names the Partnership's."""

    def __init__(self, **kwargs):
        super().__init__(choices=PriorityAction.Status.choices, **kwargs)


class CaseRecordsSerializer(serializers.Serializer):
    keeps_case_records = serializers.BooleanField()


class ScopedPartnershipSerializer(serializers.ModelSerializer):
    """A writable ``partnership`` limited to the caller's communities.

    Partnership is not a fenced model, so its choices are narrowed here: another
    community's partnership id is refused like an unknown id.
    """

    partnership = serializers.PrimaryKeyRelatedField(queryset=Partnership.objects.none())
    community = serializers.PrimaryKeyRelatedField(read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "partnership" in self.fields:
            self.fields["partnership"].queryset = Partnership.objects.filter(
                community_id__in=selectors.community_ids_in_scope(request.user)
            )


class GovernanceTierSerializer(ScopedPartnershipSerializer):
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = GovernanceTier
        fields = [
            "id",
            "partnership",
            "community",
            "kind",
            "name",
            "priority",
            "description",
            "member_count",
        ]

    def get_member_count(self, tier) -> int:
        return getattr(tier, "member_count", 0)


class TierMemberSerializer(serializers.ModelSerializer):
    community = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = TierMember
        fields = [
            "id",
            "tier",
            "community",
            "person_name",
            "organisation",
            "position",
            "is_aboriginal_community_member",
            "is_from_acco",
            "starts_on",
            "ends_on",
        ]


class LocalPrioritySerializer(ScopedPartnershipSerializer):
    class Meta:
        model = LocalPriority
        fields = ["id", "partnership", "community", "title", "area", "description"]


class PriorityActionSerializer(serializers.ModelSerializer):
    community = serializers.PrimaryKeyRelatedField(read_only=True)
    is_overdue = serializers.SerializerMethodField()
    status = ActionStatusField(required=False)

    class Meta:
        model = PriorityAction
        fields = [
            "id",
            "priority",
            "community",
            "description",
            "owner",
            "due_on",
            "status",
            "completed_on",
            "is_overdue",
        ]
        read_only_fields = ["completed_on"]

    def get_is_overdue(self, action) -> bool:
        return action.is_overdue()


class PriorityActionUpdateSerializer(serializers.Serializer):
    status = ActionStatusField()
    due_on = serializers.DateField(required=False)


class IndicatorSerializer(ScopedPartnershipSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "partnership",
            "community",
            "name",
            "definition",
            "unit",
            "baseline",
            "target",
            "direction",
            "priority",
            "source_key",
        ]


class IndicatorComputeSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class IndicatorValueSerializer(serializers.ModelSerializer):
    community = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "community", "period_end", "value", "source", "source_note"]
        read_only_fields = ["source"]


class PartnershipWorkerSerializer(ScopedPartnershipSerializer):
    class Meta:
        model = PartnershipWorker
        fields = [
            "id",
            "partnership",
            "community",
            "role_title",
            "person_name",
            "organisation",
            "starts_on",
            "ends_on",
        ]


class InvestmentSerializer(ScopedPartnershipSerializer):
    class Meta:
        model = Investment
        fields = ["id", "partnership", "community", "financial_year", "purpose", "funder", "amount"]
        # The year the financial year starts in, as the model's check constraint allows
        # (and the same bounds on every database, so the schema does not vary with it).
        extra_kwargs = {"financial_year": {"min_value": 2000, "max_value": 2100}}


class PartnershipMemberSerializer(ScopedPartnershipSerializer):
    """A Partnership's member; an ended one keeps its last day and who recorded the end."""

    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    organisation_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_("A new organisation's name (instead of ``organisation``)."),
    )
    # Plain strings, checked by the service: an enum here would be a second name for the
    # schema's Organisation kind.
    organisation_kind = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="The new organisation's kind: " + ", ".join(Organisation.Kind.values) + ".",
    )
    ended_by = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipMember
        fields = [
            "id",
            "partnership",
            "community",
            "organisation",
            "organisation_name",
            "organisation_kind",
            "person_name",
            "role",
            "is_community_leader",
            "is_aboriginal",
            "starts_on",
            "ends_on",
            "ended_by",
            "ended_at",
        ]
        read_only_fields = ["ends_on", "ended_at"]
        extra_kwargs = {"starts_on": {"required": False}}
        # The member's check constraints are the service's: it says which field is wrong.
        validators: list = []

    def get_ended_by(self, member) -> str | None:
        if member.ended_by_id:
            return str(member.ended_by)
        return member.ended_by_system or None


class MembershipEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(required=False, help_text=_("Default today."))


class PartnershipStatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by_name", read_only=True)
    # Strings, not enums: "status" already names the Partnership's status in the schema.
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = PartnershipStatusChange
        fields = [
            "id",
            "from_status",
            "to_status",
            "changed_on",
            "changed_at",
            "changed_by",
            "reason",
        ]


class PartnershipStatusSerializer(serializers.ModelSerializer):
    """A Partnership's status, the moves open to it, and every change so far."""

    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    # A string: the Partnership's status enum is named by its summary already.
    status = serializers.CharField(read_only=True)
    moves = serializers.SerializerMethodField()
    history = PartnershipStatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta:
        model = Partnership
        fields = ["id", "name", "community", "status", "established_on", "moves", "history"]

    def get_moves(self, partnership) -> list[str]:
        return list(STATUS_MOVES.get(partnership.status, ()))


class PartnershipStatusChangeRequestSerializer(serializers.Serializer):
    status = serializers.CharField(
        help_text="The new status: " + ", ".join(Partnership.Status.values) + "."
    )
    on = serializers.DateField(required=False, allow_null=True, help_text=_("Default today."))
    reason = serializers.CharField(required=False, allow_blank=True, default="")
