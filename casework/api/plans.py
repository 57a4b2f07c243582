"""API writes on a case's plan: updating a care plan and its actions, and recording a
child's return visits to the NT. The pages' services; earlier values kept in the history."""

from __future__ import annotations

from django_scopes import scopes_disabled
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from core.errors import CREATE_ERRORS, WRITE_ERRORS
from core.idempotency import idempotent_create

from .. import selectors, services
from ..models import ReturnVisit
from . import serializers as s
from . import views as base
from .edits import _input


class CarePlanUpdateInputSerializer(s.CarePlanInputSerializer):
    """The plan's own fields as when it is recorded, each optional; actions added or done."""

    case = None
    actions = None
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Why the plan changed (kept in its history)."
    )
    review_due_on = serializers.DateField(required=False)
    add_actions = s.CarePlanActionInputSerializer(many=True, required=False, default=list)
    actions_done = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of this plan's actions done today.",
    )


class CarePlanViewSet(mixins.UpdateModelMixin, base.CarePlanViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        summary="Update a care plan: change what is given, add actions, mark actions done",
        description="Refused: an in-care plan for a child living interstate without return-"
        "visit arrangements; an action without who does it and by when; an action id of "
        "another plan; a closed case. The earlier values are kept in the record's history.",
        request=CarePlanUpdateInputSerializer,
        responses={200: s.CarePlanSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = _input(CarePlanUpdateInputSerializer, request)
        data["add_actions"] = [dict(row) for row in data["add_actions"]]
        services.care_plan_update(actor=request.user, care_plan=plan, **data)
        plan = selectors.care_plan_get(actor=request.user, care_plan_id=plan.pk)
        return Response(self.get_serializer(plan).data)


class ReturnVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReturnVisit
        fields = ["id", "community", "case", "starts_on", "ends_on", "notes", "created_by"]
        read_only_fields = fields


class ReturnVisitInputSerializer(serializers.Serializer):
    case = s.ScopedCaseField()
    starts_on = serializers.DateField(help_text="The first day in the NT.")
    ends_on = serializers.DateField(help_text="The last day in the NT.")
    notes = serializers.CharField(required=False, allow_blank=True)


with scopes_disabled():

    class ReturnVisitFilter(base.CaseRecordFilter):
        class Meta:
            model = ReturnVisit
            fields = ["case"]


def records_within(model, *related):
    """A selector of ``model``'s records in the actor's communities (``views._scoped``)."""

    def records_for(*, actor, within="casework"):
        return model.objects.filter(
            community_id__in=selectors.community_ids_within(actor, within)
        ).select_related(*related)

    return records_for


_return_visits_for = records_within(ReturnVisit, "case")


@extend_schema_view(
    list=extend_schema(
        summary="Return visits to the NT (children living interstate)",
        responses={200: ReturnVisitSerializer(many=True), **base.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A return visit (audited)",
        responses={200: ReturnVisitSerializer, **base.READ_ERRORS},
    ),
    create=extend_schema(
        summary="Record a return visit to the NT",
        description="For a child who lives or is at boarding school interstate; the "
        "practitioner sees the child face to face during it. Refused: a child living in the "
        "NT; a visit ending before it starts; a closed case. Honours `Idempotency-Key`.",
        request=ReturnVisitInputSerializer,
        responses={201: ReturnVisitSerializer, **CREATE_ERRORS},
    ),
)
class ReturnVisitViewSet(
    base.AuditedRetrieveMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = ReturnVisitSerializer
    queryset = ReturnVisit.objects.none()
    filterset_class = ReturnVisitFilter

    def get_queryset(self):
        return base._scoped(self, ReturnVisit, _return_visits_for).order_by("-starts_on", "-id")

    @idempotent_create("return-visit")
    def create(self, request, *args, **kwargs):
        data = _input(ReturnVisitInputSerializer, request)
        visit = services.return_visit_record(actor=request.user, **data)
        return Response(self.get_serializer(visit).data, status=status.HTTP_201_CREATED)
