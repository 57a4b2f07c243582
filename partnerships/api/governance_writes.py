"""API writes that look after a Partnership's governance records after they are made:
editing and retiring priorities, indicators and investments, editing and ending workers,
ending tier members. The same services as everywhere (``partnerships.services``); nothing
is deleted. Creates of every governance record honour the ``Idempotency-Key`` header.

The querysets hold only the caller's communities (another community's record is 404);
``MayEditGovernance`` refuses a role there that does not change governance (403).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import CREATE_ERRORS, WRITE_ERRORS
from core.idempotency import idempotent_create

from .. import selectors, services
from ..models import Indicator, LocalPriority, Organisation, PriorityArea
from . import serializers as s
from . import views as base


def _valid(serializer_class, request) -> dict[str, Any]:
    incoming = serializer_class(data=request.data, context={"request": request})
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


# Not docstrings: drf-spectacular would show a mixin's as every operation's description.


class IdempotentCreate:
    # A governance create replayed under the same Idempotency-Key answers the first
    # outcome; the key with another body answers 422.

    basename: str

    def create(self, request, *args, **kwargs):
        parent = super().create  # type: ignore[misc]

        @idempotent_create(f"governance:{self.basename}")
        def run(view, request, *args, **kwargs):
            return parent(request, *args, **kwargs)

        return run(self, request, *args, **kwargs)


class Editable(IdempotentCreate, mixins.UpdateModelMixin):
    # PATCH: the fields sent change through ``update_service``; the reason is kept.

    update_input: type[serializers.Serializer]
    record_argument: str  # the service's name for the record
    update_service: Any

    def partial_update(self, request, *args, **kwargs):
        reason, fields = _changes(_valid(self.update_input, request))
        record = type(self).update_service(
            actor=request.user, reason=reason, **{self.record_argument: self.get_object()}, **fields
        )
        return Response(self.get_serializer(record).data)


class Retirable(Editable):
    # POST …/retire/: the record stays, marked retired, through ``retire_service``.

    retire_service: Any

    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        data = _valid(RetireSerializer, request)
        record = type(self).retire_service(
            actor=request.user, **{self.record_argument: self.get_object()}, **data
        )
        return Response(self.get_serializer(record).data)


class ChangeSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Why it changed (kept with the history)."
    )


class RetireSerializer(ChangeSerializer):
    on = serializers.DateField(required=False, help_text="Today when not given.")


def _changes(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    reason = data.pop("reason", "")
    return reason, data


# --- priorities --------------------------------------------------------------------------


class PrioritySerializer(s.LocalPrioritySerializer):
    class Meta(s.LocalPrioritySerializer.Meta):
        fields = [*s.LocalPrioritySerializer.Meta.fields, "retired_on"]
        read_only_fields = ["retired_on"]


class PriorityUpdateSerializer(ChangeSerializer):
    title = serializers.CharField(max_length=200, required=False)
    area = serializers.ChoiceField(choices=PriorityArea.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True)


@extend_schema_view(
    partial_update=extend_schema(
        summary="Edit a priority (its earlier values are kept in the audit history)",
        request=PriorityUpdateSerializer,
        responses={200: PrioritySerializer, **WRITE_ERRORS},
    ),
    retire=extend_schema(
        summary="Retire a priority (it stays, with its actions)",
        description="Refused while any of its actions is not done, or when already retired.",
        request=RetireSerializer,
        responses={200: PrioritySerializer, **WRITE_ERRORS},
    ),
)
class LocalPriorityViewSet(Retirable, base.LocalPriorityViewSet):
    serializer_class = PrioritySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    update_input = PriorityUpdateSerializer
    record_argument = "priority"
    update_service = staticmethod(services.priority_update)
    retire_service = staticmethod(services.priority_retire)


# --- indicators --------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class ScopedPriorityField(serializers.PrimaryKeyRelatedField):
    """A priority of the caller's communities; the service checks it is the indicator's."""

    def get_queryset(self):
        return selectors.governance_records(actor=self.context["request"].user, model=LocalPriority)


class IndicatorOutSerializer(s.IndicatorSerializer):
    class Meta(s.IndicatorSerializer.Meta):
        fields = [*s.IndicatorSerializer.Meta.fields, "retired_on"]
        read_only_fields = ["retired_on"]


class IndicatorUpdateSerializer(ChangeSerializer):
    name = serializers.CharField(max_length=200, required=False)
    definition = serializers.CharField(required=False)
    unit = serializers.CharField(max_length=40, required=False)
    baseline = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    target = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    direction = serializers.ChoiceField(choices=Indicator.Direction.choices, required=False)
    priority = ScopedPriorityField(required=False, allow_null=True)
    source_key = serializers.CharField(max_length=60, required=False, allow_blank=True)


@extend_schema_view(
    partial_update=extend_schema(
        summary="Edit an indicator (its recorded values stay as recorded)",
        description="Refused: another partnership's or a retired priority; an unknown "
        "source; a retired indicator.",
        request=IndicatorUpdateSerializer,
        responses={200: IndicatorOutSerializer, **WRITE_ERRORS},
    ),
    retire=extend_schema(
        summary="Retire an indicator (stop measuring it; its values stay)",
        request=RetireSerializer,
        responses={200: IndicatorOutSerializer, **WRITE_ERRORS},
    ),
)
class IndicatorViewSet(Retirable, base.IndicatorViewSet):
    serializer_class = IndicatorOutSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    update_input = IndicatorUpdateSerializer
    record_argument = "indicator"
    update_service = staticmethod(services.indicator_update)
    retire_service = staticmethod(services.indicator_retire)


# --- workers -----------------------------------------------------------------------------


class WorkerUpdateSerializer(ChangeSerializer):
    role_title = serializers.CharField(max_length=160, required=False)
    person_name = serializers.CharField(max_length=160, required=False)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    starts_on = serializers.DateField(required=False)


class WorkerEndSerializer(ChangeSerializer):
    ends_on = serializers.DateField(required=False, help_text="Today when not given.")


@extend_schema_view(
    partial_update=extend_schema(
        summary="Correct a Partnership worker's role, name, organisation or start",
        request=WorkerUpdateSerializer,
        responses={200: s.PartnershipWorkerSerializer, **WRITE_ERRORS},
    ),
    end=extend_schema(
        summary="End a worker's engagement (the record stays)",
        description="Refused: an end before the start; an engagement already ended.",
        request=WorkerEndSerializer,
        responses={200: s.PartnershipWorkerSerializer, **WRITE_ERRORS},
    ),
)
class PartnershipWorkerViewSet(Editable, base.PartnershipWorkerViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]
    update_input = WorkerUpdateSerializer
    record_argument = "worker"
    update_service = staticmethod(services.worker_update)

    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        data = _valid(WorkerEndSerializer, request)
        worker = services.worker_end(actor=request.user, worker=self.get_object(), **data)
        return Response(s.PartnershipWorkerSerializer(worker).data)


# --- investments -------------------------------------------------------------------------


class InvestmentOutSerializer(s.InvestmentSerializer):
    class Meta(s.InvestmentSerializer.Meta):
        fields = [*s.InvestmentSerializer.Meta.fields, "retired_on"]
        read_only_fields = ["retired_on"]


class InvestmentUpdateSerializer(ChangeSerializer):
    financial_year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text="The year it starts: 2025."
    )
    purpose = serializers.CharField(max_length=200, required=False)
    funder = serializers.CharField(max_length=200, required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)


@extend_schema_view(
    partial_update=extend_schema(
        summary="Correct an investment's year, purpose, funder or amount",
        request=InvestmentUpdateSerializer,
        responses={200: InvestmentOutSerializer, **WRITE_ERRORS},
    ),
    retire=extend_schema(
        summary="Withdraw an investment (no longer counted in the yearly totals)",
        description="A reason is required; it stays on record.",
        request=RetireSerializer,
        responses={200: InvestmentOutSerializer, **WRITE_ERRORS},
    ),
)
class InvestmentViewSet(Retirable, base.InvestmentViewSet):
    serializer_class = InvestmentOutSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    update_input = InvestmentUpdateSerializer
    record_argument = "investment"
    update_service = staticmethod(services.investment_update)
    retire_service = staticmethod(services.investment_retire)


# --- tier members and the other creates --------------------------------------------------


@extend_schema_view(
    end=extend_schema(
        summary="End a tier member's term (they stay listed as a former member)",
        request=s.MembershipEndSerializer,
        responses={200: s.TierMemberSerializer, **WRITE_ERRORS},
    )
)
class TierMemberViewSet(IdempotentCreate, base.TierMemberViewSet):
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        data = _valid(s.MembershipEndSerializer, request)
        member = services.tier_member_end(actor=request.user, member=self.get_object(), **data)
        return Response(s.TierMemberSerializer(member).data)


class GovernanceTierViewSet(IdempotentCreate, base.GovernanceTierViewSet):
    pass


class PriorityActionViewSet(IdempotentCreate, base.PriorityActionViewSet):
    pass


class IndicatorValueViewSet(IdempotentCreate, base.IndicatorValueViewSet):
    pass


@extend_schema_view(
    create=extend_schema(
        summary="Add a member to a Partnership (after onboarding)",
        responses={201: s.PartnershipMemberSerializer, **CREATE_ERRORS},
    )
)
class PartnershipMemberViewSet(IdempotentCreate, base.PartnershipMemberViewSet):
    pass
