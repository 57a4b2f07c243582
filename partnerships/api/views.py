"""The partnerships API: the caller's communities and their governance records.

Service refusals propagate to ``core.errors.api_exception_handler`` (400 with the field
names, 403); another community's record is 404 because the querysets hold only the
caller's communities. The error answers of the generated operations are documented by
``core.schema.document_error_responses``; the hand-written actions declare theirs.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from core.errors import CREATE_ERRORS, LIST_ERRORS, READ_ERRORS, WRITE_ERRORS

from .. import selectors, services
from ..fence import community_scope
from ..models import (
    Community,
    GovernanceTier,
    Indicator,
    IndicatorValue,
    Investment,
    LocalPriority,
    Partnership,
    PartnershipMember,
    PartnershipWorker,
    PriorityAction,
    TierMember,
)
from ..permissions import may_change_partnership_status, require_status_changer
from . import serializers as s
from .permissions import MayEditGovernance

PERMISSIONS = [IsAuthenticated, MayEditGovernance]


class CommunityViewSet(viewsets.ReadOnlyModelViewSet):
    """The communities the caller works in. Any other community answers 404."""

    serializer_class = s.CommunitySerializer
    permission_classes = PERMISSIONS
    lookup_field = "slug"
    queryset = Community.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Community.objects.none()
        return selectors.communities_for_user(actor=self.request.user)

    @extend_schema(
        request=s.CaseRecordsSerializer,
        responses={200: s.CommunitySerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="case-records")
    def case_records(self, request, slug=None):
        """Run the community's partnership with or without case records (administrators)."""
        # Administrators only: the community's own roles are refused (403), others 404.
        community = selectors.community_for_administration(actor=request.user, slug=slug)
        body = s.CaseRecordsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        partnership = community.partnership
        services.partnership_set_case_records(
            actor=request.user,
            partnership=partnership,
            keeps_case_records=body.validated_data["keeps_case_records"],
        )
        community.refresh_from_db()
        return Response(s.CommunitySerializer(community).data)


class GovernanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Read a governance record of your communities; coordinators create them."""

    model: type
    related: tuple[str, ...] = ()
    permission_classes = PERMISSIONS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return (
            selectors.governance_records(actor=self.request.user, model=self.model)
            .select_related(*self.related)
            .order_by("pk")
        )

    def create_record(self, data: dict):
        raise NotImplementedError

    def perform_create(self, serializer):
        serializer.instance = self.create_record(dict(serializer.validated_data))


class GovernanceTierViewSet(GovernanceViewSet):
    model = GovernanceTier
    queryset = GovernanceTier.objects.none()
    serializer_class = s.GovernanceTierSerializer

    def create_record(self, data):
        return services.tier_create(actor=self.request.user, **data)


class TierMemberViewSet(GovernanceViewSet):
    model = TierMember
    queryset = TierMember.objects.none()
    serializer_class = s.TierMemberSerializer

    def create_record(self, data):
        return services.tier_member_add(actor=self.request.user, **data)


class LocalPriorityViewSet(GovernanceViewSet):
    model = LocalPriority
    queryset = LocalPriority.objects.none()
    serializer_class = s.LocalPrioritySerializer

    def create_record(self, data):
        return services.priority_create(actor=self.request.user, **data)


@extend_schema_view(
    partial_update=extend_schema(
        request=s.PriorityActionUpdateSerializer,
        responses={200: s.PriorityActionSerializer, **WRITE_ERRORS},
    )
)
class PriorityActionViewSet(mixins.UpdateModelMixin, GovernanceViewSet):
    model = PriorityAction
    queryset = PriorityAction.objects.none()
    serializer_class = s.PriorityActionSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create_record(self, data):
        return services.action_create(actor=self.request.user, **data)

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        body = s.PriorityActionUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.action_update(actor=request.user, action=record, **body.validated_data)
        return Response(s.PriorityActionSerializer(record).data)


class IndicatorViewSet(GovernanceViewSet):
    model = Indicator
    queryset = Indicator.objects.none()
    serializer_class = s.IndicatorSerializer

    def create_record(self, data):
        return services.indicator_create(actor=self.request.user, **data)

    @extend_schema(
        request=s.IndicatorComputeSerializer,
        responses={201: s.IndicatorValueSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        """Compute and record the indicator's value for a period from the product's records."""
        indicator = self.get_object()
        body = s.IndicatorComputeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        value = services.indicator_compute(
            actor=request.user, indicator=indicator, **body.validated_data
        )
        return Response(s.IndicatorValueSerializer(value).data, status=status.HTTP_201_CREATED)


class IndicatorValueViewSet(GovernanceViewSet):
    model = IndicatorValue
    queryset = IndicatorValue.objects.none()
    serializer_class = s.IndicatorValueSerializer

    def create_record(self, data):
        return services.indicator_value_record(actor=self.request.user, **data)


class PartnershipWorkerViewSet(GovernanceViewSet):
    model = PartnershipWorker
    queryset = PartnershipWorker.objects.none()
    serializer_class = s.PartnershipWorkerSerializer

    def create_record(self, data):
        return services.worker_add(actor=self.request.user, **data)


class InvestmentViewSet(GovernanceViewSet):
    model = Investment
    queryset = Investment.objects.none()
    serializer_class = s.InvestmentSerializer

    def create_record(self, data):
        return services.investment_record(actor=self.request.user, **data)


@extend_schema_view(
    create=extend_schema(
        summary="Add a member to a Partnership (after onboarding)",
        responses={201: s.PartnershipMemberSerializer, **CREATE_ERRORS},
    )
)
class PartnershipMemberViewSet(GovernanceViewSet):
    """The organisations and people of your communities' Partnerships, former ones included."""

    model = PartnershipMember
    queryset = PartnershipMember.objects.none()
    serializer_class = s.PartnershipMemberSerializer
    related = ("organisation", "ended_by")

    def create_record(self, data):
        return services.partnership_member_add(actor=self.request.user, **data)

    @extend_schema(
        request=s.MembershipEndSerializer,
        responses={200: s.PartnershipMemberSerializer, **WRITE_ERRORS},
        summary="End the membership (it stays listed as ended)",
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        member = self.get_object()
        body = s.MembershipEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        member = services.partnership_member_end(
            actor=request.user, member=member, ends_on=body.validated_data.get("ends_on")
        )
        return Response(s.PartnershipMemberSerializer(member).data)


class MayChangePartnershipStatus(BasePermission):
    message = "Only an administrator changes a Partnership's status."

    def has_permission(self, request, view) -> bool:
        # One community's record: its selector answers 403 inside the caller's communities
        # and 404 outside them, so nothing is confirmed to exist that they could not see.
        return view.action != "list" or may_change_partnership_status(request.user)


@extend_schema_view(
    list=extend_schema(responses={200: s.PartnershipStatusSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: s.PartnershipStatusSerializer, **READ_ERRORS}),
)
class PartnershipStatusViewSet(viewsets.ReadOnlyModelViewSet):
    """Administration: every Partnership's status, its history, and moving it on."""

    serializer_class = s.PartnershipStatusSerializer
    permission_classes = [IsAuthenticated, MayChangePartnershipStatus]
    queryset = Partnership.objects.none()
    lookup_field = "community__slug"
    lookup_url_kwarg = "slug"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Partnership.objects.none()
        return selectors.partnerships_for_administration(actor=self.request.user)

    def get_object(self):
        partnership = selectors.partnership_for_administration(
            actor=self.request.user, slug=self.kwargs["slug"]
        )
        require_status_changer(self.request.user)
        return partnership

    def _read(self, partnership):
        with community_scope([partnership.community_id]):
            return s.PartnershipStatusSerializer(partnership).data

    def list(self, request, *args, **kwargs):
        partnerships = list(self.get_queryset())
        with community_scope([p.community_id for p in partnerships]):
            return Response(s.PartnershipStatusSerializer(partnerships, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self._read(self.get_object()))

    @extend_schema(
        request=s.PartnershipStatusChangeRequestSerializer,
        responses={200: s.PartnershipStatusSerializer, **WRITE_ERRORS},
        summary="Move the Partnership on: proposed → establishing → active ⇄ paused",
    )
    @action(detail=True, methods=["post"])
    def status(self, request, slug=None):
        partnership = self.get_object()
        body = s.PartnershipStatusChangeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.partnership_status_change(
            actor=request.user, partnership=partnership, **body.validated_data
        )
        partnership.refresh_from_db()
        return Response(self._read(partnership))
