"""The partnerships API: the caller's communities and their governance records.

Service refusals propagate to ``core.errors.api_exception_handler`` (400 with the field
names, 403); another community's record is 404 because the querysets hold only the
caller's communities. The error answers of the generated operations are documented by
``core.schema.document_error_responses``; the hand-written actions declare theirs.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.errors import WRITE_ERRORS

from .. import selectors, services
from ..models import (
    Community,
    GovernanceTier,
    Indicator,
    IndicatorValue,
    Investment,
    LocalPriority,
    PartnershipWorker,
    PriorityAction,
    TierMember,
)
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
