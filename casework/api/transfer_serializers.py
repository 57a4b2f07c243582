"""What the transfer and emergency-access endpoints take and give."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Case, ChildReadGrant, ChildTransfer
from .serializers import ChildSerializer


class TransferSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChildTransfer
        fields = [
            "id",
            "child",
            "from_community",
            "to_community",
            "reason",
            "moves_on",
            "status",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decline_reason",
            "receiving_practitioner",
            "moved_rows",
        ]
        read_only_fields = fields


class TransferProposeSerializer(serializers.Serializer):
    child = serializers.IntegerField(help_text="The child's record number.")
    to_community = serializers.IntegerField(help_text="The receiving community's id.")
    reason = serializers.CharField(allow_blank=True)
    moves_on = serializers.DateField()


class TransferAcceptSerializer(serializers.Serializer):
    practitioner = serializers.IntegerField(
        help_text="The receiving community's practitioner who takes the child on."
    )


class TransferDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class EmergencySearchSerializer(serializers.Serializer):
    community = serializers.IntegerField(help_text="The child's home community.")
    given_name = serializers.CharField(allow_blank=True, help_text="In full.")
    family_name = serializers.CharField(allow_blank=True, help_text="In full.")
    date_of_birth = serializers.DateField()


class EmergencyGrantInputSerializer(EmergencySearchSerializer):
    child = serializers.IntegerField(help_text="The child the search found.")
    reason = serializers.CharField(allow_blank=True)


class EmergencyMatchSerializer(serializers.Serializer):
    child_id = serializers.IntegerField()
    name = serializers.CharField()
    date_of_birth = serializers.DateField()
    community_id = serializers.IntegerField()
    community_name = serializers.CharField()


class ReadGrantSerializer(serializers.ModelSerializer):
    reads = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = ChildReadGrant
        fields = [
            "id",
            "kind",
            "user",
            "child",
            "community",
            "reason",
            "granted_at",
            "expires_at",
            "ended_at",
            "ending",
            "ended_by",
            "reads",
        ]
        read_only_fields = fields


class GrantedCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = [
            "id",
            "kind",
            "status",
            "opened_on",
            "closed_on",
            "risk_level",
            "last_face_to_face_on",
            "next_contact_due_on",
        ]
        read_only_fields = fields


class GrantedChildSerializer(ChildSerializer):
    """A child read through a grant: the child and their cases, read-only."""

    cases = GrantedCaseSerializer(many=True, read_only=True)
    read_only_until = serializers.DateTimeField(source="read_grant.expires_at", read_only=True)

    class Meta(ChildSerializer.Meta):
        fields = [*ChildSerializer.Meta.fields, "cases", "read_only_until"]
        read_only_fields = fields
