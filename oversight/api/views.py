"""The Oversight Group's API: members, reports and report requests, Territory-wide.

The same selectors, services and predicates as the pages. Service errors propagate to
``core.errors.api_exception_handler``.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from audit.models import AuditEvent
from audit.services import audit_record
from core.errors import CREATE_ERRORS, WRITE_ERRORS, error_responses
from core.idempotency import idempotent_create

from .. import permissions, selectors, services
from ..download import pdf_response
from ..models import OversightGroup, OversightMember, QuarterlyReport, ReportRequest
from .serializers import (
    OversightGroupSerializer,
    OversightMemberEndSerializer,
    OversightMemberSerializer,
    OversightMemberWriteSerializer,
    QuarterlyReportSerializer,
    ReportRequestCreateSerializer,
    ReportRequestSerializer,
)

# Territory-wide: a role with no part in the Oversight Group is refused (403), lists and
# records alike; a record that does not exist is not found (404).
LIST_ERRORS = error_responses(401, 403, 429)
READ_ERRORS = error_responses(401, 403, 404, 429)
REQUEST_ERRORS = error_responses(400, 401, 403, 429)


class OversightAccess(BasePermission):
    """Wraps ``oversight.permissions``: reading, requesting a report, downloading one."""

    message = "The Oversight Group's API is for its members, its co-chairs and administrators."
    predicates: dict = {
        "create": permissions.may_request_report,
        "download": permissions.may_download_report,
    }

    def has_permission(self, request, view) -> bool:
        if view.action is None:
            return True  # a method the viewset does not offer: 405
        predicate = self.predicates.get(view.action, permissions.may_read_oversight)
        return predicate(request.user)


class GroupAccess(OversightAccess):
    """Reading is the group's and administrators'; creating the group is administrators';
    changing members and constituting it is ``may_manage_group``'s."""

    message = "Only an administrator or a co-chair can change the group."
    predicates = {
        "create": permissions.may_manage_group,
        "partial_update": permissions.may_manage_group,
        "end": permissions.may_manage_group,
        "constitute": permissions.may_manage_group,
    }


class GroupCreateAccess(OversightAccess):
    message = "Only an administrator creates the Oversight Group."
    predicates = {
        "create": permissions.may_create_group,
        "constitute": permissions.may_manage_group,
    }


def _current_group(actor):
    group = selectors.group_current(actor=actor)
    if group is None:
        raise Http404("There is no Oversight Group yet: an administrator creates it first.")
    return group


@extend_schema_view(
    list=extend_schema(
        responses={200: OversightGroupSerializer(many=True), **LIST_ERRORS},
        summary="The Oversight Group (none on a new install)",
    ),
    retrieve=extend_schema(responses={200: OversightGroupSerializer, **READ_ERRORS}),
    create=extend_schema(
        request=OversightGroupSerializer,
        responses={201: OversightGroupSerializer, **error_responses(400, 401, 403, 422, 429)},
        summary="Create the one Oversight Group of a new install (administrators)",
    ),
)
class OversightGroupViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The Oversight Group: created once, built up member by member, then constituted."""

    serializer_class = OversightGroupSerializer
    permission_classes = [IsAuthenticated, GroupCreateAccess]
    queryset = OversightGroup.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OversightGroup.objects.none()
        group = selectors.group_current(actor=self.request.user)
        return OversightGroup.objects.filter(pk=group.pk if group else None)

    @idempotent_create("oversight-group")
    def create(self, request, *args, **kwargs):
        body = OversightGroupSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        group = services.oversight_group_create(
            actor=request.user, name=body.validated_data["name"]
        )
        return Response(OversightGroupSerializer(group).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: OversightGroupSerializer, **WRITE_ERRORS},
        summary="Mark the group constituted: from now on every change keeps its rules",
    )
    @action(detail=True, methods=["post"])
    def constitute(self, request, pk=None):
        group = services.oversight_group_constitute(actor=request.user, group=self.get_object())
        return Response(OversightGroupSerializer(group).data)


@extend_schema_view(
    list=extend_schema(responses={200: OversightMemberSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: OversightMemberSerializer, **READ_ERRORS}),
    create=extend_schema(
        request=OversightMemberWriteSerializer,
        responses={201: OversightMemberSerializer, **CREATE_ERRORS},
        summary="Add a member (the composition rules apply once the group is constituted)",
        description="Once the group is constituted, refused (400) with each rule the change "
        "would break: at least half the members ACCOs; two co-chairs, one from an ACCO and "
        "one from government. Honours `Idempotency-Key`.",
    ),
    partial_update=extend_schema(
        request=OversightMemberWriteSerializer,
        responses={200: OversightMemberSerializer, **WRITE_ERRORS},
        summary="Change a member (organisation, co-chair, term...), keeping the rules",
    ),
)
class OversightMemberViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The Oversight Group's members: organisation, kind, service area, region, term, co-chair."""

    serializer_class = OversightMemberSerializer
    permission_classes = [IsAuthenticated, GroupAccess]
    queryset = OversightMember.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OversightMember.objects.none()
        return selectors.members_for(actor=self.request.user)

    @idempotent_create("oversight-member")
    def create(self, request, *args, **kwargs):
        group = _current_group(request.user)
        body = OversightMemberWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        name = data.pop("new_organisation_name", "")
        kind = data.pop("new_organisation_kind", "")
        if data.get("organisation") is None:
            data["organisation"] = services.oversight_organisation_for(
                actor=request.user, name=name, kind=kind
            )
        member = services.oversight_member_add(actor=request.user, group=group, **data)
        return Response(OversightMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        member = self.get_object()
        body = OversightMemberWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("new_organisation_name", None)
        data.pop("new_organisation_kind", None)
        member = services.oversight_member_update(actor=request.user, member=member, **data)
        return Response(OversightMemberSerializer(member).data)

    @extend_schema(
        request=OversightMemberEndSerializer,
        responses={200: OversightMemberSerializer, **WRITE_ERRORS},
        summary="End a member's term (it stays listed as a former member)",
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        member = self.get_object()
        body = OversightMemberEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        member = services.oversight_member_end(
            actor=request.user, member=member, last_day=body.validated_data.get("last_day")
        )
        return Response(OversightMemberSerializer(member).data)


@extend_schema_view(
    list=extend_schema(responses={200: QuarterlyReportSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: QuarterlyReportSerializer, **READ_ERRORS}),
)
class QuarterlyReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Generated quarterly reports (every version), for the Oversight Group and administrators."""

    serializer_class = QuarterlyReportSerializer
    permission_classes = [IsAuthenticated, OversightAccess]
    queryset = QuarterlyReport.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuarterlyReport.objects.none()
        return selectors.reports_for(actor=self.request.user)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **READ_ERRORS},
        summary="Download the PDF (audited)",
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        report = self.get_object()
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.DOWNLOAD,
            obj=report,
            detail={"quarter": report.quarter, "version": report.version},
            request=request,
        )
        return pdf_response(report)


@extend_schema_view(
    list=extend_schema(responses={200: ReportRequestSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(
        responses={200: ReportRequestSerializer, **READ_ERRORS}, summary="A request's progress"
    ),
    create=extend_schema(
        request=ReportRequestCreateSerializer,
        responses={202: ReportRequestSerializer, **REQUEST_ERRORS},
        summary="Request a quarter's report (generated in the background)",
    ),
)
class ReportRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Report requests and their state: queued, running, done (with the report) or failed."""

    serializer_class = ReportRequestSerializer
    permission_classes = [IsAuthenticated, OversightAccess]
    queryset = ReportRequest.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportRequest.objects.none()
        return selectors.report_requests_for(actor=self.request.user)

    @idempotent_create("report-request")
    def create(self, request, *args, **kwargs):
        incoming = ReportRequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        created = services.report_request_create(
            actor=request.user, quarter=incoming.validated_data["quarter"]
        )
        created.refresh_from_db()
        return Response(ReportRequestSerializer(created).data, status=status.HTTP_202_ACCEPTED)
