"""Casework API serializers. Writes are plain input serializers handed to the services."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import rules, selectors
from ..models import (
    CarePlan,
    CarePlanAction,
    Case,
    Child,
    Contact,
    ContactAmendment,
    ContactKind,
    Referral,
    RiskAssessment,
    RiskLevel,
    SafetyThreat,
)

# --- reads -------------------------------------------------------------------------------


class ChildSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "community",
            "given_name",
            "family_name",
            "preferred_name",
            "alternative_names",
            "display_name",
            "date_of_birth",
            "gender",
            "aboriginal_status",
            "languages",
            "interpreter_needs",
            "kinship_group",
            "residence",
            "residence_changed_on",
            "carer_name",
            "placement",
        ]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    child_display_name = serializers.CharField(source="child.display_name", read_only=True)
    contact_status = serializers.SerializerMethodField(
        help_text="overdue, due_soon or on_track for an open in-care case; null otherwise."
    )
    reassessment_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "community",
            "child",
            "child_display_name",
            "family",
            "kind",
            "status",
            "practitioner",
            "team_leader",
            "opened_on",
            "closed_on",
            "risk_level",
            "next_reassessment_due_on",
            "reassessment_overdue",
            "imminent_risk_of_removal",
            "last_face_to_face_on",
            "next_contact_due_on",
            "contact_cadence_days",
            "contact_status",
            "parents_agreed_on",
            "safe_at_home_judgement",
            "agreement_withdrawn_on",
            "dfv_risk",
            "dfv_safety_plan",
            "youth_justice_involved",
            "youth_justice_officer",
            "youth_justice_team",
            "youth_justice_contacts",
            "court_order_conditions",
            "court_order_starts_on",
            "court_order_ends_on",
            "release_reintegration_plan",
            "aboriginal_community_worker",
            "aboriginal_practice_advisor",
            "cultural_language_needs",
            "closure_requested_by",
            "closure_requested_at",
            "closure_reason",
            "parents_capacity_note",
            "closure_decided_by",
            "closure_decided_at",
            "closure_sent_back_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=rules.ContactStatus.choices, allow_null=True)
    )
    def get_contact_status(self, case: Case) -> str | None:
        """overdue, due_soon or on_track for an open case under a cadence; null otherwise."""
        return case.contact_status(timezone.localdate())

    def get_reassessment_overdue(self, case: Case) -> bool:
        return case.reassessment_overdue(timezone.localdate())


class ContactAmendmentSerializer(serializers.ModelSerializer):
    previous_values = serializers.DictField(
        read_only=True, help_text="The fields as they were before this amendment, by name."
    )

    class Meta:
        model = ContactAmendment
        fields = ["id", "amended_by", "amended_at", "reason", "previous_values"]
        read_only_fields = fields


class ContactSerializer(serializers.ModelSerializer):
    amendments = ContactAmendmentSerializer(many=True, read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text=_("1 as logged, one more per amendment (send it to amend).")
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "community",
            "case",
            "child",
            "occurred_at",
            "kind",
            "third_party_name",
            "third_party_organisation",
            "who_was_seen",
            "location",
            "return_visit",
            "note",
            "child_views",
            "aboriginal_community_worker_present",
            "aboriginal_practice_advisor_present",
            "recorded_by",
            "recorded_at",
            "idempotency_key",
            "version",
            "amendments",
        ]
        read_only_fields = fields


class SafetyThreatSerializer(serializers.ModelSerializer):
    class Meta:
        model = SafetyThreat
        fields = ["id", "description", "resolved", "resolved_on"]
        read_only_fields = fields


class RiskAssessmentSerializer(serializers.ModelSerializer):
    safety_threats = SafetyThreatSerializer(many=True, read_only=True)

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "community",
            "case",
            "assessed_on",
            "level",
            "assessor",
            "next_reassessment_due_on",
            "summary",
            "imminent_risk_of_removal",
            "safety_threats",
            "created_at",
        ]
        read_only_fields = fields


class CarePlanActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CarePlanAction
        fields = ["id", "description", "owner", "due_on", "done_on"]
        read_only_fields = fields


class CarePlanSerializer(serializers.ModelSerializer):
    actions = CarePlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = CarePlan
        fields = [
            "id",
            "community",
            "case",
            "worries",
            "working_well",
            "needs_to_happen",
            "goals",
            "child_views",
            "family_views",
            "decision_participants",
            "return_visit_arrangements",
            "review_due_on",
            "created_by",
            "created_at",
            "updated_at",
            "actions",
        ]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = Referral
        fields = [
            "id",
            "community",
            "case",
            "service",
            "ifps_location",
            "other_service_name",
            "status",
            "referred_on",
            "notes",
            "created_by",
            "updated_at",
        ]
        read_only_fields = fields


# --- writes ------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class ScopedCaseField(serializers.PrimaryKeyRelatedField):
    """A case the caller works on; any other id is refused like a made-up one."""

    def get_queryset(self):
        return selectors.cases_for(actor=self.context["request"].user)


class ContactInputSerializer(serializers.Serializer):
    case = ScopedCaseField()
    occurred_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    third_party_name = serializers.CharField(required=False, allow_blank=True, max_length=160)
    third_party_organisation = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    who_was_seen = serializers.CharField(required=False, allow_blank=True, max_length=300)
    location = serializers.CharField(required=False, allow_blank=True, max_length=200)
    return_visit = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)
    child_views = serializers.CharField(required=False, allow_blank=True)
    aboriginal_community_worker_present = serializers.BooleanField(required=False)
    aboriginal_practice_advisor_present = serializers.BooleanField(required=False)
    recorded_on_device_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=_(
            "When a contact queued offline was typed on the device: a time after it "
            "is refused as in the future."
        ),
    )


class ContactAmendInputSerializer(serializers.Serializer):
    reason = serializers.CharField()
    occurred_at = serializers.DateTimeField(required=False)
    kind = serializers.ChoiceField(choices=ContactKind.choices, required=False)
    third_party_name = serializers.CharField(required=False, allow_blank=True, max_length=160)
    third_party_organisation = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    who_was_seen = serializers.CharField(required=False, allow_blank=True, max_length=300)
    location = serializers.CharField(required=False, allow_blank=True, max_length=200)
    return_visit = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)
    child_views = serializers.CharField(required=False, allow_blank=True)
    aboriginal_community_worker_present = serializers.BooleanField(required=False)
    aboriginal_practice_advisor_present = serializers.BooleanField(required=False)
    based_on_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=_("The contact version this correction was made from: 409 if it changed since."),
    )


class RiskAssessmentInputSerializer(serializers.Serializer):
    case = ScopedCaseField()
    assessed_on = serializers.DateField()
    level = serializers.ChoiceField(choices=RiskLevel.choices)
    next_reassessment_due_on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True)
    imminent_risk_of_removal = serializers.BooleanField(required=False, default=False)
    safety_threats = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, default=list
    )


class CarePlanActionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    owner = serializers.CharField(max_length=160)
    due_on = serializers.DateField()


class CarePlanInputSerializer(serializers.Serializer):
    case = ScopedCaseField()
    worries = serializers.CharField(required=False, allow_blank=True)
    working_well = serializers.CharField(required=False, allow_blank=True)
    needs_to_happen = serializers.CharField(required=False, allow_blank=True)
    goals = serializers.CharField(required=False, allow_blank=True)
    child_views = serializers.CharField(required=False, allow_blank=True)
    family_views = serializers.CharField(required=False, allow_blank=True)
    decision_participants = serializers.CharField(required=False, allow_blank=True)
    return_visit_arrangements = serializers.CharField(required=False, allow_blank=True)
    review_due_on = serializers.DateField()
    actions = CarePlanActionInputSerializer(many=True, required=False, default=list)


class ReferralInputSerializer(serializers.Serializer):
    case = ScopedCaseField()
    service = serializers.ChoiceField(choices=Referral.Service.choices)
    ifps_location = serializers.ChoiceField(
        choices=Referral.IfpsLocation.choices, required=False, allow_blank=True
    )
    other_service_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    status = serializers.ChoiceField(choices=Referral.Status.choices, required=False)
    referred_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True)


class ReferralUpdateInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Referral.Status.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class ClosureRequestInputSerializer(serializers.Serializer):
    reason = serializers.CharField()
    parents_capacity_note = serializers.CharField(required=False, allow_blank=True, default="")


class SendBackInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class WithdrawAgreementInputSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
