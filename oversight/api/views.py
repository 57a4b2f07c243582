"""The Oversight Group's API: members, reports and report requests, Territory-wide.

The same selectors, services and predicates as the pages. Service errors propagate to
``core.errors.api_exception_handler``.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from audit.models import AuditEvent
from audit.services import audit_record
from core.errors import error_responses
from core.idempotency import idempotent_create

from .. import permissions, selectors, services
from ..download import pdf_response
from ..models import OversightMember, QuarterlyReport, ReportRequest
from .serializers import (
    OversightMemberSerializer,
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
    predicates = {
        "create": permissions.may_request_report,
        "download": permissions.may_download_report,
    }

    def has_permission(self, request, view) -> bool:
        if view.action is None:
            return True  # a method the viewset does not offer: 405
        predicate = self.predicates.get(view.action, permissions.may_read_oversight)
        return predicate(request.user)


@extend_schema_view(
    list=extend_schema(responses={200: OversightMemberSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: OversightMemberSerializer, **READ_ERRORS}),
)
class OversightMemberViewSet(viewsets.ReadOnlyModelViewSet):
    """The Oversight Group's members: organisation, kind, service area, region, term, co-chair."""

    serializer_class = OversightMemberSerializer
    permission_classes = [IsAuthenticated, OversightAccess]
    queryset = OversightMember.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OversightMember.objects.none()
        return selectors.members_for(actor=self.request.user)


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
