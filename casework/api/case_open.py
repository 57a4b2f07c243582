"""Opening a case for a child through the API: the page's "Open a case" form, as JSON.

The same service decides (``services.case_open``: one open case per child per kind; a
Strengthening Families case only after a risk assessment, with the parents' agreement and,
at high or very high risk, why the child can safely remain at home). The case and its
first assessment are recorded together or not at all. Another community's child is not
found (404); a role in the child's community that does no casework is refused (403).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import CREATE_ERRORS
from core.idempotency import idempotent_create

from .. import selectors, services
from ..models import Case
from . import children_create, edits
from . import edit_serializers as e
from . import serializers as s


class OpeningAssessmentSerializer(s.RiskAssessmentInputSerializer):
    """The risk assessment recorded with the opening: an assessment's fields, no case yet."""

    case = None


class CaseOpenInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Case.Kind.choices)
    practitioner = e.PersonField(help_text="A practitioner who works in the child's community.")
    team_leader = e.PersonField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A team leader in the child's community.",
    )
    family = e.ScopedFamilyField(
        required=False, allow_null=True, default=None, help_text="A household of the community."
    )
    opened_on = serializers.DateField()
    parents_agreed_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Strengthening Families: required, and not in the future.",
    )
    safe_at_home_judgement = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Strengthening Families at high or very high risk: required.",
    )
    dfv_risk = serializers.BooleanField(required=False, default=False)
    assessment = OpeningAssessmentSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="The risk assessment the case follows: required for Strengthening "
        "Families, optional for a child in care.",
    )


class ChildViewSet(children_create.ChildViewSet):
    @extend_schema(
        summary="Open a case for a child (Strengthening Families or in care)",
        description="Refused (400), naming the rule: the child already has an open case of "
        "this kind; Strengthening Families without a risk assessment, without the parents' "
        "agreement, or at high or very high risk without why the child can safely remain "
        "at home; a practitioner or team leader who does not work in the child's community; "
        "a date in the future. Honours `Idempotency-Key`: a replay answers the first 201.",
        request=CaseOpenInputSerializer,
        responses={201: s.CaseSerializer, **CREATE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="cases", url_name="open-case")
    @idempotent_create("case-open")
    def open_case(self, request, pk=None):
        child = self.get_object()
        data = edits._input(CaseOpenInputSerializer, request)
        case = services.case_open(actor=request.user, child=child, **data)
        case = selectors.case_get(actor=request.user, case_id=case.pk)
        context = self.get_serializer_context()
        return Response(
            s.CaseSerializer(case, context=context).data, status=status.HTTP_201_CREATED
        )
