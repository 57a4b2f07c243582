from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

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

NOT_FOUND = OpenApiResponse(description="Not one of your communities' records.")
FORBIDDEN = OpenApiResponse(description="Only the Partnership's coordinators change this.")
INVALID = OpenApiResponse(description="The data breaks a rule; the message says which.")


def _drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    )


class CommunityViewSet(viewsets.ReadOnlyModelViewSet):
    """The communities the caller works in. Any other community answers 404."""

    serializer_class = s.CommunitySerializer
    lookup_field = "slug"
    queryset = Community.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Community.objects.none()
        return selectors.communities_for_user(actor=self.request.user)

    @extend_schema(
        request=s.CaseRecordsSerializer,
        responses={200: s.CommunitySerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="case-records")
    def case_records(self, request, slug=None):
        """Run the community's partnership with or without individual case records."""
        community = self.get_object()
        body = s.CaseRecordsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        partnership = selectors.partnership_get(actor=request.user, slug=community.slug)
        services.partnership_set_case_records(
            actor=request.user,
            partnership=partnership,
            keeps_case_records=body.validated_data["keeps_case_records"],
        )
        community.refresh_from_db()
        return Response(s.CommunitySerializer(community).data)


@extend_schema_view(
    create=extend_schema(responses={400: INVALID, 403: FORBIDDEN}),
    retrieve=extend_schema(responses={404: NOT_FOUND}),
)
class GovernanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Read a governance record of your communities; coordinators create them."""

    model: type
    related: tuple[str, ...] = ()

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
        try:
            serializer.instance = self.create_record(dict(serializer.validated_data))
        except DjangoValidationError as error:
            raise _drf_error(error) from None


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
        responses={200: s.PriorityActionSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
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
        try:
            record = services.action_update(
                actor=request.user, action=record, **body.validated_data
            )
        except DjangoValidationError as error:
            raise _drf_error(error) from None
        return Response(s.PriorityActionSerializer(record).data)


class IndicatorViewSet(GovernanceViewSet):
    model = Indicator
    queryset = Indicator.objects.none()
    serializer_class = s.IndicatorSerializer

    def create_record(self, data):
        return services.indicator_create(actor=self.request.user, **data)

    @extend_schema(
        request=s.IndicatorComputeSerializer,
        responses={
            201: s.IndicatorValueSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        """Compute and record the indicator's value for a period from the product's records."""
        indicator = self.get_object()
        body = s.IndicatorComputeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            value = services.indicator_compute(
                actor=request.user, indicator=indicator, **body.validated_data
            )
        except DjangoValidationError as error:
            raise _drf_error(error) from None
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
