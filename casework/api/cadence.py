"""Contact cadence and reasons for a late contact through the API: the same selectors,
predicates and services as the pages (casework/views/cadence.py)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import CREATE_ERRORS, WRITE_ERRORS, error_responses
from core.idempotency import idempotent_create

from .. import permissions, rules, selectors
from .. import selectors_cadence as cadence
from ..models import CadenceRule, Case, MissedContactReason, RiskLevel
from ..services import cadence as cadence_services
from ..services import missed_contacts

READ_ERRORS = error_responses(401, 403, 404, 429)


class CadenceInForceSerializer(serializers.Serializer):
    cadence_days = serializers.IntegerField(source="days", allow_null=True)
    source = serializers.ChoiceField(
        choices=["policy", "partnership", "case", ""],
        help_text="Who set the cadence in force: the policy minimum, the Partnership, or a "
        "team leader for this case.",
    )
    words = serializers.CharField()
    set_by = serializers.CharField()
    set_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()


class CaseCadenceInputSerializer(serializers.Serializer):
    cadence_days = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        help_text="Days between face-to-face contacts; null ends the case's own cadence. "
        "For a child in care at most 42: the six-week minimum cannot be loosened.",
    )
    reason = serializers.CharField()


class CadenceRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = CadenceRule
        fields = [
            "id",
            "community",
            "kind",
            "risk_level",
            "cadence_days",
            "reason",
            "set_by",
            "set_at",
        ]
        read_only_fields = fields


class CadenceRuleInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Case.Kind.choices)
    risk_level = serializers.ChoiceField(
        choices=[("", "Any risk level"), *RiskLevel.choices], required=False, default=""
    )
    cadence_days = serializers.IntegerField(min_value=1, max_value=rules.CADENCE_LONGEST_DAYS)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RemoveInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MissedContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = MissedContactReason
        fields = [
            "id",
            "case",
            "reason",
            "details",
            "gap_from",
            "due_on",
            "recorded_by",
            "recorded_at",
            "acknowledged_by",
            "acknowledged_at",
            "task",
        ]
        read_only_fields = fields


class MissedContactInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=MissedContactReason.Reason.choices)
    details = serializers.CharField(required=False, allow_blank=True, default="")


def _input(serializer_class, data) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class CaseCadenceView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The contact cadence in force for a case, and who set it",
        responses={200: CadenceInForceSerializer, **READ_ERRORS},
    )
    def get(self, request, pk: int):
        case = selectors.case_get(actor=request.user, case_id=pk)
        return Response(CadenceInForceSerializer(cadence.case_cadence_shown(case)).data)

    @extend_schema(
        summary="Set (or end) a case's own cadence (team leader)",
        description="Refused (400) when looser than the cadence otherwise in force: for a "
        "child in care the six-week minimum is policy.",
        request=CaseCadenceInputSerializer,
        responses={200: CadenceInForceSerializer, **WRITE_ERRORS},
    )
    @idempotent_create("case-cadence")
    def post(self, request, pk: int):
        case = selectors.case_get(actor=request.user, case_id=pk)
        permissions.require_set_case_cadence(request.user, case)
        data = _input(CaseCadenceInputSerializer, request.data)
        cadence_services.case_cadence_set(actor=request.user, case=case, **data)
        return Response(CadenceInForceSerializer(cadence.case_cadence_shown(case)).data)


class CadenceRuleListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A Partnership's contact cadences",
        responses={200: CadenceRuleSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request, community_id: int):
        community = cadence.partnership_community_get(actor=request.user, community_id=community_id)
        return Response(CadenceRuleSerializer(cadence.cadence_rules_of(community), many=True).data)

    @extend_schema(
        summary="Set a Partnership's cadence for a kind of case at a risk level",
        description="Team leaders and coordinators of the community. Refused (400) for a child "
        "in care beyond 42 days.",
        request=CadenceRuleInputSerializer,
        responses={201: CadenceRuleSerializer, **CREATE_ERRORS},
    )
    @idempotent_create("cadence-rule")
    def post(self, request, community_id: int):
        community = cadence.partnership_community_get(actor=request.user, community_id=community_id)
        permissions.require_set_partnership_cadence(request.user, community.pk)
        data = _input(CadenceRuleInputSerializer, request.data)
        rule = cadence_services.cadence_rule_set(actor=request.user, community=community, **data)
        return Response(CadenceRuleSerializer(rule).data, status=status.HTTP_201_CREATED)


class CadenceRuleRemoveView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="End a Partnership's cadence",
        request=RemoveInputSerializer,
        responses={204: None, **WRITE_ERRORS},
    )
    def post(self, request, pk: int):
        rule = cadence.cadence_rule_get(actor=request.user, rule_id=pk)
        permissions.require_set_partnership_cadence(request.user, rule.community_id)
        data = _input(RemoveInputSerializer, request.data)
        cadence_services.cadence_rule_remove(actor=request.user, rule=rule, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseMissedContactsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Reasons recorded for a case's late or missed contacts",
        responses={200: MissedContactSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request, pk: int):
        case = selectors.case_get(actor=request.user, case_id=pk)
        return Response(MissedContactSerializer(cadence.missed_contacts_of(case), many=True).data)

    @extend_schema(
        summary="Record why a face-to-face contact is late or missed",
        description="Only while the contact is overdue or due soon. The case stays overdue. "
        '"whereabouts_unknown" opens a task for the team leader to consider further action.',
        request=MissedContactInputSerializer,
        responses={201: MissedContactSerializer, **CREATE_ERRORS},
    )
    @idempotent_create("missed-contact")
    def post(self, request, pk: int):
        case = selectors.case_get(actor=request.user, case_id=pk)
        data = _input(MissedContactInputSerializer, request.data)
        missed = missed_contacts.missed_contact_record(actor=request.user, case=case, **data)
        return Response(MissedContactSerializer(missed).data, status=status.HTTP_201_CREATED)


class MissedContactAcknowledgeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Acknowledge the reason for a late contact (team leader)",
        request=inline_serializer("AcknowledgeInput", fields={}),
        responses={200: MissedContactSerializer, **WRITE_ERRORS},
    )
    @idempotent_create("missed-contact-acknowledge")
    def post(self, request, pk: int):
        missed = cadence.missed_contact_get(actor=request.user, missed_id=pk)
        permissions.require_acknowledge_missed_contact(request.user, missed.case)
        missed = missed_contacts.missed_contact_acknowledge(actor=request.user, missed=missed)
        return Response(MissedContactSerializer(missed).data)
