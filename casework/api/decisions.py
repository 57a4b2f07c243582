"""API writes that settle something: a safety threat resolved, and the team leader's
decision on a task (consider further action). The pages' services and predicates."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from core.errors import WRITE_ERRORS

from .. import permissions, services
from ..models import CaseTask, SafetyThreat
from . import serializers as s
from . import views as base
from .edits import _input
from .permissions import WorksOnCasework
from .plans import records_within


class SafetyThreatResolveInputSerializer(serializers.Serializer):
    resolved_on = serializers.DateField(
        required=False, help_text="The day it was resolved (today when not given)."
    )


_threats_for = records_within(SafetyThreat, "assessment", "assessment__case")


class SafetyThreatViewSet(viewsets.GenericViewSet):
    serializer_class = s.SafetyThreatSerializer
    queryset = SafetyThreat.objects.none()
    permission_classes = [WorksOnCasework]
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return base._scoped(self, SafetyThreat, _threats_for)

    @extend_schema(
        summary="Mark a safety threat resolved",
        description="Refused: a date in the future; a threat already resolved.",
        request=SafetyThreatResolveInputSerializer,
        responses={200: s.SafetyThreatSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        threat = self.get_object()
        data = _input(SafetyThreatResolveInputSerializer, request)
        services.safety_threat_resolve(actor=request.user, threat=threat, **data)
        return Response(self.get_serializer(threat).data)


class CaseTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseTask
        fields = [
            "id",
            "community",
            "case",
            "kind",
            "status",
            "reason",
            "assigned_to",
            "opened_at",
            "decided_by",
            "decided_at",
            "decision",
        ]
        read_only_fields = fields


class TaskDecisionInputSerializer(serializers.Serializer):
    decision = serializers.CharField(help_text="What was decided, and why.")


class DecidesTask(BasePermission):
    message = "Only a team leader in this community decides this task."

    def has_object_permission(self, request, view, obj: Any) -> bool:
        return permissions.may_decide_task(request.user, obj)


_tasks_for = records_within(CaseTask, "case")


@extend_schema_view(
    list=extend_schema(
        summary="Tasks on cases (consider further action)",
        responses={200: CaseTaskSerializer(many=True), **base.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A task (audited)", responses={200: CaseTaskSerializer, **base.READ_ERRORS}
    ),
)
class CaseTaskViewSet(base.AuditedRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseTaskSerializer
    queryset = CaseTask.objects.none()

    def get_queryset(self):
        return base._scoped(self, CaseTask, _tasks_for).order_by("-opened_at", "-id")

    @extend_schema(
        summary="Decide a task (team leader)",
        description="Refused: no decision written; a task already decided.",
        request=TaskDecisionInputSerializer,
        responses={200: CaseTaskSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[WorksOnCasework, DecidesTask])
    def decide(self, request, pk=None):
        task = self.get_object()
        data = _input(TaskDecisionInputSerializer, request)
        services.case_task_decide(actor=request.user, task=task, **data)
        return Response(self.get_serializer(task).data)
