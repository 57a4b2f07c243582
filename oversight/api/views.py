from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from audit.models import AuditEvent
from audit.services import audit_record

from .. import selectors, services
from ..download import pdf_response as _pdf_response
from ..models import OversightMember, QuarterlyReport, ReportRequest
from .serializers import (
    OversightMemberSerializer,
    QuarterlyReportSerializer,
    ReportRequestCreateSerializer,
    ReportRequestSerializer,
)

NOT_FOUND = OpenApiResponse(description="Not found.")


class ReadsOversight(BasePermission):
    """Oversight roles and administrators; everyone else finds nothing here (404)."""

    def has_permission(self, request, view):
        if not selectors.may_read_oversight(request.user):
            raise Http404
        return True


@extend_schema_view(
    retrieve=extend_schema(responses={200: OversightMemberSerializer, 404: NOT_FOUND})
)
class OversightMemberViewSet(viewsets.ReadOnlyModelViewSet):
    """The Oversight Group's members: organisation, kind, service area, region, term, co-chair."""

    serializer_class = OversightMemberSerializer
    permission_classes = [IsAuthenticated, ReadsOversight]
    queryset = OversightMember.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OversightMember.objects.none()
        return selectors.members_for(actor=self.request.user)


@extend_schema_view(
    retrieve=extend_schema(responses={200: QuarterlyReportSerializer, 404: NOT_FOUND})
)
class QuarterlyReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Generated quarterly reports (every version), for the Oversight Group and administrators."""

    serializer_class = QuarterlyReportSerializer
    permission_classes = [IsAuthenticated, ReadsOversight]
    queryset = QuarterlyReport.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuarterlyReport.objects.none()
        return selectors.reports_for(actor=self.request.user)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: NOT_FOUND},
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
        return _pdf_response(report)


@extend_schema_view(
    retrieve=extend_schema(
        responses={200: ReportRequestSerializer, 404: NOT_FOUND}, summary="A request's progress"
    ),
    create=extend_schema(
        request=ReportRequestCreateSerializer,
        responses={
            202: ReportRequestSerializer,
            400: OpenApiResponse(description="Not a quarter, or one not started yet."),
            404: NOT_FOUND,
        },
        summary="Request a quarter's report (generated in the background)",
    ),
)
class ReportRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Report requests and their state: queued, running, done (with the report) or failed."""

    serializer_class = ReportRequestSerializer
    permission_classes = [IsAuthenticated, ReadsOversight]
    queryset = ReportRequest.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportRequest.objects.none()
        return selectors.report_requests_for(actor=self.request.user)

    def create(self, request, *args, **kwargs):
        incoming = ReportRequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            created = services.report_request_create(
                actor=request.user, quarter=incoming.validated_data["quarter"]
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        created.refresh_from_db()
        return Response(ReportRequestSerializer(created).data, status=status.HTTP_202_ACCEPTED)
