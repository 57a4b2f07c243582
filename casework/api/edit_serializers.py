"""Input and output of the API writes that look after a record after its first entry."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnerships.models import Community, Organisation

from .. import selectors, selectors_families
from ..models import Case, Child, Family, FamilyMember, RecordChange


class ChildCorrectionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the record is being corrected (required)."))
    given_name = serializers.CharField(required=False, max_length=100)
    family_name = serializers.CharField(required=False, max_length=100)
    preferred_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    alternative_names = serializers.CharField(required=False, allow_blank=True, max_length=300)
    date_of_birth = serializers.DateField(required=False)
    gender = serializers.ChoiceField(choices=Child.Gender.choices, required=False)
    aboriginal_status = serializers.ChoiceField(
        choices=Child.AboriginalStatus.choices, required=False
    )
    languages = serializers.CharField(required=False, allow_blank=True, max_length=200)
    interpreter_needs = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kinship_group = serializers.CharField(required=False, allow_blank=True, max_length=120)
    residence = serializers.ChoiceField(choices=Child.Residence.choices, required=False)
    residence_changed_on = serializers.DateField(
        required=False, help_text=_("The day the child moved (today when not given).")
    )
    carer_name = serializers.CharField(required=False, allow_blank=True, max_length=160)
    placement = serializers.ChoiceField(
        choices=Child.Placement.choices, required=False, allow_blank=True
    )


@extend_schema_field(OpenApiTypes.INT)
class PersonField(serializers.PrimaryKeyRelatedField):
    """A person by id; the service judges whether they work in the community."""

    def get_queryset(self):
        return get_user_model().objects.filter(is_active=True)


@extend_schema_field(OpenApiTypes.INT)
class ScopedFamilyField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors_families.families_for(actor=self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class ScopedChildField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.children_for(actor=self.context["request"].user)


class CaseDetailsInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    practitioner = PersonField(required=False)
    team_leader = PersonField(required=False, allow_null=True)
    family = ScopedFamilyField(required=False, allow_null=True)
    parents_agreed_on = serializers.DateField(required=False, allow_null=True)
    safe_at_home_judgement = serializers.CharField(required=False, allow_blank=True)
    dfv_risk = serializers.BooleanField(required=False)
    dfv_safety_plan = serializers.CharField(required=False, allow_blank=True)
    youth_justice_involved = serializers.BooleanField(required=False)
    youth_justice_officer = serializers.CharField(required=False, allow_blank=True, max_length=160)
    youth_justice_team = serializers.ChoiceField(
        choices=Case.YouthJusticeTeam.choices, required=False, allow_blank=True
    )
    youth_justice_contacts = serializers.CharField(required=False, allow_blank=True)
    court_order_conditions = serializers.CharField(required=False, allow_blank=True)
    court_order_starts_on = serializers.DateField(required=False, allow_null=True)
    court_order_ends_on = serializers.DateField(required=False, allow_null=True)
    release_reintegration_plan = serializers.CharField(required=False, allow_blank=True)
    aboriginal_community_worker = serializers.CharField(
        required=False, allow_blank=True, max_length=160
    )
    aboriginal_practice_advisor = serializers.CharField(
        required=False, allow_blank=True, max_length=160
    )
    cultural_language_needs = serializers.CharField(required=False, allow_blank=True)


class CaseloadReassignInputSerializer(serializers.Serializer):
    community = serializers.IntegerField(help_text=_("The community whose cases move."))
    from_practitioner = PersonField()
    to_practitioner = PersonField()
    reason = serializers.CharField()


class CaseloadReassignResultSerializer(serializers.Serializer):
    moved = serializers.ListField(child=serializers.IntegerField(), help_text=_("Case ids moved."))


class FamilyMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = FamilyMember
        fields = ["id", "child", "person_name", "relationship", "takes_part_in_decisions"]
        read_only_fields = fields


class FamilySerializer(serializers.ModelSerializer):
    members = FamilyMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Family
        fields = [
            "id",
            "community",
            "name",
            "nominated_people",
            "nominated_kinship_group",
            "nominated_organisation",
            "nominated_community",
            "members",
            "created_at",
        ]
        read_only_fields = fields


class FamilyMemberInputSerializer(serializers.Serializer):
    child = ScopedChildField(required=False, allow_null=True)
    person_name = serializers.CharField(required=False, allow_blank=True, max_length=160)
    relationship = serializers.ChoiceField(choices=FamilyMember.Relationship.choices)
    takes_part_in_decisions = serializers.BooleanField(required=False, default=False)


class FamilyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=160)
    nominated_people = serializers.CharField(required=False, allow_blank=True)
    nominated_kinship_group = serializers.CharField(
        required=False, allow_blank=True, max_length=160
    )
    nominated_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    nominated_community = serializers.PrimaryKeyRelatedField(
        queryset=Community.objects.all(), required=False, allow_null=True
    )


class FamilyCreateInputSerializer(FamilyInputSerializer):
    community = serializers.IntegerField(help_text=_("One of your casework communities."))
    members = FamilyMemberInputSerializer(many=True, required=False, default=list)


class FamilyUpdateInputSerializer(FamilyInputSerializer):
    name = serializers.CharField(max_length=160, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    add_members = FamilyMemberInputSerializer(many=True, required=False, default=list)


class RecordChangeSerializer(serializers.ModelSerializer):
    previous_values = serializers.DictField(
        read_only=True, help_text="The changed fields as they were, by name."
    )
    new_values = serializers.DictField(
        read_only=True, help_text="The changed fields as they became, by name."
    )

    class Meta:
        model = RecordChange
        fields = [
            "id",
            "record_type",
            "record_id",
            "changed_by",
            "system_actor",
            "changed_at",
            "reason",
            "previous_values",
            "new_values",
        ]
        read_only_fields = fields
