"""API writes after the first entry: correcting a child, a case's details and who works
it, moving a caseload, households; and each record's history. The same services and
selectors as the pages; refusals reach the caller in the one error body."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.models import AuditEvent
from audit.services import audit_record
from core.errors import CREATE_ERRORS, WRITE_ERRORS
from core.idempotency import idempotent_create

from .. import permissions, selectors, services
from .. import selectors_families as families
from ..models import Family, RecordChange
from . import edit_serializers as e
from . import serializers as s
from . import views as base


def _input(serializer_class, request):
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ChildViewSet(mixins.UpdateModelMixin, base.ChildViewSet):
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        summary="Correct a child's details (a reason is required; the earlier values are kept)",
        description="Refused: a date of birth in the future; a residence change dated in the "
        "future or before the child's record was made. Moving interstate or to boarding "
        "school interstate switches the child to the return-visit rule from that day.",
        request=e.ChildCorrectionInputSerializer,
        responses={200: s.ChildSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        child = self.get_object()
        data = _input(e.ChildCorrectionInputSerializer, request)
        services.child_update(actor=request.user, child=child, **data)
        return Response(
            self.get_serializer(selectors.child_get(actor=request.user, child_id=child.pk)).data
        )

    @extend_schema(
        summary="The history of a child's record (audited as a read)",
        responses={200: e.RecordChangeSerializer(many=True), **base.READ_ERRORS},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        child = self.get_object()
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.READ,
            obj=child,
            child_id=child.pk,
            community_id=child.community_id,
            request=request,
            detail={"page": "history"},
        )
        changes = RecordChange.objects.filter(child=child).select_related("changed_by")
        return Response(e.RecordChangeSerializer(changes, many=True).data)


class CaseViewSet(mixins.UpdateModelMixin, base.CaseViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        summary="Change a case's details or who works it",
        description="Youth justice, DFV, cultural details, the household, the Strengthening "
        "Families agreement. Refused: a practitioner or team leader who does not work in the "
        "community; removing the parents' agreement from an open Strengthening Families case. "
        "Reassigning keeps the six-week clock.",
        request=e.CaseDetailsInputSerializer,
        responses={200: s.CaseSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        data = _input(e.CaseDetailsInputSerializer, request)
        services.case_update(actor=request.user, case=case, **data)
        return self._respond(selectors.case_get(actor=request.user, case_id=case.pk))

    @extend_schema(
        summary="Move all open cases of a practitioner to another (team leader)",
        request=e.CaseloadReassignInputSerializer,
        responses={200: e.CaseloadReassignResultSerializer, **WRITE_ERRORS},
    )
    @action(detail=False, methods=["post"])
    def reassign(self, request):
        data = _input(e.CaseloadReassignInputSerializer, request)
        community_id = data.pop("community")
        community = (
            selectors.casework_communities(actor=request.user).filter(pk=community_id).first()
        )
        if community is None:
            raise DjangoValidationError({"community": ["Choose one of your communities."]})
        if not permissions.may_reassign_caseload_in(request.user, community.pk):
            raise PermissionDenied(_("Only a team leader in this community moves a caseload."))
        moved = services.cases_reassign(actor=request.user, community=community, **data)
        return Response({"moved": [case.pk for case in moved]})


@extend_schema_view(
    list=extend_schema(
        summary="Households in your communities",
        responses={200: e.FamilySerializer(many=True), **base.LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A household with its members",
        responses={200: e.FamilySerializer, **base.READ_ERRORS},
    ),
    create=extend_schema(
        summary="Record a household, its members and its s12 nominations",
        request=e.FamilyCreateInputSerializer,
        responses={201: e.FamilySerializer, **CREATE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a household or add members (earlier values kept)",
        request=e.FamilyUpdateInputSerializer,
        responses={200: e.FamilySerializer, **WRITE_ERRORS},
    ),
)
class FamilyViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = e.FamilySerializer
    queryset = Family.objects.none()
    permission_classes = base.AuditedRetrieveMixin.permission_classes
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return base._scoped(self, Family, families.families_for).order_by("name", "id")

    @idempotent_create("family")
    def create(self, request, *args, **kwargs):
        data = _input(e.FamilyCreateInputSerializer, request)
        community_id = data.pop("community")
        community = (
            selectors.casework_communities(actor=request.user).filter(pk=community_id).first()
        )
        if community is None:
            raise DjangoValidationError({"community": ["Choose one of your communities."]})
        data["members"] = [dict(row) for row in data.get("members", [])]
        family = services.family_create(actor=request.user, community=community, **data)
        family = self.get_queryset().get(pk=family.pk)
        return Response(self.get_serializer(family).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        family = self.get_object()
        data = _input(e.FamilyUpdateInputSerializer, request)
        data["add_members"] = [dict(row) for row in data.get("add_members", [])]
        services.family_update(actor=request.user, family=family, **data)
        family = families.family_get(actor=request.user, family_id=family.pk)
        return Response(self.get_serializer(family).data)
