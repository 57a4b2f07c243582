"""Casework API: the same selectors, services and permissions as the pages.

Lists come only from the caller's casework communities (403 without a casework role);
another community's record answers 404, a record of the caller's community that their
role cannot use 403 (``api.permissions``). Services' refusals reach the caller through
the project's exception handler, in the one error body. Reads of a child's record are
audited (ids only).
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from audit.models import AuditEvent
from audit.services import audit_list_read, audit_record
from core.errors import CREATE_ERRORS, WRITE_ERRORS, error_responses
from core.filters import FilterBackend, IdFilter
from core.idempotency import idempotent_create, posted_key

from .. import rules, selectors, services
from ..models import (
    CarePlan,
    Case,
    Child,
    Contact,
    Referral,
    ReturnVisit,
    RiskAssessment,
    RiskLevel,
)
from . import serializers as s
from .permissions import DecidesClosure, WorksOnCasework

# Lists also answer 403 to a caller with no casework role; one record 403 to a role in
# its community that does no casework.
LIST_ERRORS = error_responses(400, 401, 403, 404, 429)
READ_ERRORS = error_responses(401, 403, 404, 429)


# --- filters (defined without a scope: they are built at import) -------------------------

with scopes_disabled():

    class CaseFilter(django_filters.FilterSet):
        contact_status = django_filters.ChoiceFilter(
            choices=rules.ContactStatus.choices,
            method="filter_contact_status",
            label=_("Contact status against the case's cadence (open cases under one)"),
        )
        kind = django_filters.ChoiceFilter(choices=Case.Kind.choices)
        status = django_filters.ChoiceFilter(choices=Case.Status.choices)
        risk_level = django_filters.ChoiceFilter(choices=RiskLevel.choices)
        practitioner = IdFilter(field_name="practitioner_id", label="The practitioner's user id")
        child = IdFilter(field_name="child_id", label="The child's id")

        class Meta:
            model = Case
            fields = ["contact_status", "kind", "status", "risk_level", "practitioner", "child"]

        def filter_contact_status(self, queryset, name, value):
            return queryset.open().under_cadence().with_contact_status(value, timezone.localdate())

    class ChildFilter(django_filters.FilterSet):
        residence = django_filters.ChoiceFilter(choices=Child.Residence.choices)

        class Meta:
            model = Child
            fields = ["residence"]

    class CaseRecordFilter(django_filters.FilterSet):
        case = IdFilter(field_name="case_id", label="The case's id")

        class Meta:
            model = Contact
            fields = ["case"]

    class RiskAssessmentFilter(CaseRecordFilter):
        class Meta:
            model = RiskAssessment
            fields = ["case"]

    class CarePlanFilter(CaseRecordFilter):
        class Meta:
            model = CarePlan
            fields = ["case"]

    class ReferralFilter(CaseRecordFilter):
        service = django_filters.ChoiceFilter(choices=Referral.Service.choices)
        status = django_filters.ChoiceFilter(choices=Referral.Status.choices)

        class Meta:
            model = Referral
            fields = ["case", "service", "status"]


class AuditedRetrieveMixin:
    """Each read of one child's record is recorded: who, which record, which child.

    Every casework view set asks ``WorksOnCasework``; lists come from the caller's casework
    communities, one record from every community the caller works in (so that a record
    there with the wrong role answers 403, and any other 404).
    """

    permission_classes = [WorksOnCasework]
    # Any id reaches the view, so a malformed one gets the API's own 404 body (the
    # router's default pattern would leave a dotted id to Django's URL resolver).
    lookup_value_regex = "[^/]+"

    def child_id_of(self, obj) -> int:
        return obj.case.child_id

    # The lookup from a listed record to its child, for the list's audit row.
    child_lookup = "case__child_id"

    def list(self, request, *args, **kwargs):
        """A page of records; the audit row names every child the page shows (ids only)."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        shown = dict(
            queryset.filter(pk__in=[row.pk for row in rows]).values_list("pk", self.child_lookup)
        )
        audit_list_read(
            actor=request.user,
            what=f"api_{self.basename}_list",
            shown=[(shown.get(row.pk), row.community_id) for row in rows],
            request=request,
        )
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.READ,
            obj=obj,
            child_id=self.child_id_of(obj),
            community_id=obj.community_id,
            request=request,
        )
        return Response(self.get_serializer(obj).data)


def _scoped(view, model, selector):
    if getattr(view, "swagger_fake_view", False):
        return model.objects.none()
    within = "casework" if view.action == "list" else "communities"
    return selector(actor=view.request.user, within=within)


# --- children ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Children in your communities",
        responses={200: s.ChildSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A child (the read is audited)", responses={200: s.ChildSerializer, **READ_ERRORS}
    ),
)
class ChildViewSet(AuditedRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ChildSerializer
    queryset = Child.objects.none()
    filter_backends = [FilterBackend]
    filterset_class = ChildFilter

    child_lookup = "pk"

    def get_queryset(self):
        return _scoped(self, Child, selectors.children_for).order_by("family_name", "id")

    def child_id_of(self, obj) -> int:
        return obj.pk


# --- cases -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Cases in your communities",
        description="Filter with ?contact_status=overdue|due_soon|on_track, ?kind, ?status, "
        "?risk_level, ?practitioner (user id), ?child.",
        responses={200: s.CaseSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A case (the read is audited)", responses={200: s.CaseSerializer, **READ_ERRORS}
    ),
)
class CaseViewSet(AuditedRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CaseSerializer
    queryset = Case.objects.none()
    filter_backends = [FilterBackend]
    filterset_class = CaseFilter

    child_lookup = "child_id"

    def get_queryset(self):
        return _scoped(self, Case, selectors.cases_for).order_by("next_contact_due_on", "id")

    def child_id_of(self, obj) -> int:
        return obj.child_id

    def _respond(self, case):
        return Response(s.CaseSerializer(case, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Request closure with no further action",
        description="Refused (400) naming each unmet condition: latest risk moderate or low, "
        "every safety threat resolved, the parents' capacity recorded.",
        request=s.ClosureRequestInputSerializer,
        responses={200: s.CaseSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="request-closure")
    @idempotent_create("request-closure")
    def request_closure(self, request, pk=None):
        case = self.get_object()
        data = self._input(s.ClosureRequestInputSerializer)
        services.case_request_closure(actor=request.user, case=case, **data)
        return self._respond(case)

    @extend_schema(
        summary="Approve a closure (team leader)",
        request=None,
        responses={200: s.CaseSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="approve-closure",
        permission_classes=[WorksOnCasework, DecidesClosure],
    )
    @idempotent_create("approve-closure")
    def approve_closure(self, request, pk=None):
        case = self.get_object()
        services.case_approve_closure(actor=request.user, case=case)
        return self._respond(case)

    @extend_schema(
        summary="Send a closure back to the practitioner (team leader)",
        request=s.SendBackInputSerializer,
        responses={200: s.CaseSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="send-back-closure",
        permission_classes=[WorksOnCasework, DecidesClosure],
    )
    @idempotent_create("send-back-closure")
    def send_back_closure(self, request, pk=None):
        case = self.get_object()
        data = self._input(s.SendBackInputSerializer)
        services.case_send_back_closure(actor=request.user, case=case, **data)
        return self._respond(case)

    @extend_schema(
        summary="Record that the parents withdrew their agreement",
        description="While the risk is above low this opens a 'consider further action' task "
        "for the team leader.",
        request=s.WithdrawAgreementInputSerializer,
        responses={200: s.CaseSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="withdraw-agreement")
    @idempotent_create("withdraw-agreement")
    def withdraw_agreement(self, request, pk=None):
        case = self.get_object()
        data = self._input(s.WithdrawAgreementInputSerializer)
        services.parent_withdraw_agreement(actor=request.user, case=case, **data)
        return self._respond(case)

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


# --- records of a case -------------------------------------------------------------------


def _return_visit(request, case: Case, visit_id):
    if visit_id is None:
        return None
    visit = ReturnVisit.objects.filter(pk=visit_id, case=case).first()
    if visit is None:
        raise ValidationError(
            {"return_visit": [_("Choose a return visit recorded for this case.")]}
        )
    return visit


@extend_schema_view(
    list=extend_schema(
        summary="Contacts (with their amendments)",
        responses={200: s.ContactSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A contact (the read is audited)",
        responses={200: s.ContactSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Log a contact",
        description="occurred_at may not be in the future; a third party is named with their "
        "organisation; a return visit must belong to the case and contain the contact.",
        request=s.ContactInputSerializer,
        responses={201: s.ContactSerializer, **CREATE_ERRORS},
    ),
)
class ContactViewSet(
    AuditedRetrieveMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = s.ContactSerializer
    queryset = Contact.objects.none()
    filter_backends = [FilterBackend]
    filterset_class = CaseRecordFilter

    def get_queryset(self):
        return _scoped(self, Contact, selectors.contacts_for).order_by("-occurred_at", "-id")

    @idempotent_create("contact")
    def create(self, request, *args, **kwargs):
        serializer = s.ContactInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = data.pop("case")
        data["return_visit"] = _return_visit(request, case, data.get("return_visit"))
        contact = services.contact_log(
            actor=request.user, case=case, idempotency_key=posted_key(request), **data
        )
        # Just logged, so it has no amendments: answered from what was saved, without
        # reading it back (an offline sync sends a queue of these one after another).
        contact._prefetched_objects_cache = {"amendments": contact.amendments.none()}
        return Response(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct a contact (the original is kept as an amendment)",
        request=s.ContactAmendInputSerializer,
        responses={200: s.ContactSerializer, **CREATE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    @idempotent_create("contact-amend")
    def amend(self, request, pk=None):
        contact = self.get_object()
        serializer = s.ContactAmendInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason")
        if "return_visit" in data:
            data["return_visit"] = _return_visit(request, contact.case, data["return_visit"])
        services.contact_amend(actor=request.user, contact=contact, reason=reason, **data)
        contact = self.get_queryset().get(pk=contact.pk)
        return Response(self.get_serializer(contact).data)


@extend_schema_view(
    list=extend_schema(
        summary="Risk assessments",
        responses={200: s.RiskAssessmentSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A risk assessment (audited)",
        responses={200: s.RiskAssessmentSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Record a risk assessment",
        description="The case takes the latest level and reassessment date. Imminent risk of "
        "removal prompts an IFPS referral (Alice Springs, Tennant Creek, Katherine, Darwin, "
        "Nhulunbuy) on the child's page; it creates none.",
        request=s.RiskAssessmentInputSerializer,
        responses={201: s.RiskAssessmentSerializer, **WRITE_ERRORS},
    ),
)
class RiskAssessmentViewSet(
    AuditedRetrieveMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = s.RiskAssessmentSerializer
    queryset = RiskAssessment.objects.none()
    filter_backends = [FilterBackend]
    filterset_class = RiskAssessmentFilter

    def get_queryset(self):
        return _scoped(self, RiskAssessment, selectors.risk_assessments_for).order_by(
            "-assessed_on", "-id"
        )

    @idempotent_create("risk-assessment")
    def create(self, request, *args, **kwargs):
        serializer = s.RiskAssessmentInputSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = data.pop("case")
        assessment = services.risk_assessment_record(actor=request.user, case=case, **data)
        assessment = self.get_queryset().get(pk=assessment.pk)
        return Response(self.get_serializer(assessment).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Care plans", responses={200: s.CarePlanSerializer(many=True), **LIST_ERRORS}
    ),
    retrieve=extend_schema(
        summary="A care plan (audited)", responses={200: s.CarePlanSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Record a care plan with its actions",
        request=s.CarePlanInputSerializer,
        responses={201: s.CarePlanSerializer, **WRITE_ERRORS},
    ),
)
class CarePlanViewSet(AuditedRetrieveMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CarePlanSerializer
    queryset = CarePlan.objects.none()
    filter_backends = [FilterBackend]
    filterset_class = CarePlanFilter

    def get_queryset(self):
        return _scoped(self, CarePlan, selectors.care_plans_for).order_by("-created_at", "-id")

    @idempotent_create("care-plan")
    def create(self, request, *args, **kwargs):
        serializer = s.CarePlanInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = data.pop("case")
        data["actions"] = [dict(row) for row in data.get("actions", [])]
        plan = services.care_plan_record(actor=request.user, case=case, **data)
        plan = self.get_queryset().get(pk=plan.pk)
        return Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Referrals", responses={200: s.ReferralSerializer(many=True), **LIST_ERRORS}
    ),
    retrieve=extend_schema(
        summary="A referral (audited)", responses={200: s.ReferralSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Make a referral (IFPS with its location, or another named service)",
        request=s.ReferralInputSerializer,
        responses={201: s.ReferralSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Update a referral's status or notes",
        request=s.ReferralUpdateInputSerializer,
        responses={200: s.ReferralSerializer, **WRITE_ERRORS},
    ),
)
class ReferralViewSet(
    AuditedRetrieveMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = s.ReferralSerializer
    queryset = Referral.objects.none()
    filter_backends = [FilterBackend]
    filterset_class = ReferralFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return _scoped(self, Referral, selectors.referrals_for).order_by("-referred_on", "-id")

    @idempotent_create("referral")
    def create(self, request, *args, **kwargs):
        serializer = s.ReferralInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = data.pop("case")
        referral = services.referral_create(actor=request.user, case=case, **data)
        return Response(self.get_serializer(referral).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        referral = self.get_object()
        serializer = s.ReferralUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.referral_update(
            actor=request.user,
            referral=referral,
            **serializer.validated_data,
        )
        return Response(self.get_serializer(referral).data)
