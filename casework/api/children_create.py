"""Adding a child through the API, with the page's check against likely duplicates.

A child like one already recorded in the caller's communities is refused with 409 and
the ids of the likely matches (never their details: the caller reads them as usual,
and the read is audited); sending ``not_a_duplicate: true`` confirms another child.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from core.errors import CREATE_ERRORS, Conflict
from core.idempotency import idempotent_create

from .. import permissions, selectors, services
from ..models import Child
from . import edits
from . import serializers as s


class ChildCreateInputSerializer(serializers.Serializer):
    community = serializers.IntegerField(help_text="One of your casework communities.")
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    preferred_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    alternative_names = serializers.CharField(required=False, allow_blank=True, max_length=300)
    date_of_birth = serializers.DateField()
    gender = serializers.ChoiceField(
        choices=Child.Gender.choices, help_text="Always chosen: not_stated is a choice."
    )
    aboriginal_status = serializers.ChoiceField(
        choices=Child.AboriginalStatus.choices, help_text="Always chosen: not_stated is a choice."
    )
    languages = serializers.CharField(required=False, allow_blank=True, max_length=200)
    interpreter_needs = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kinship_group = serializers.CharField(required=False, allow_blank=True, max_length=120)
    residence = serializers.ChoiceField(choices=Child.Residence.choices, required=False)
    placement = serializers.ChoiceField(choices=Child.Placement.choices, required=False)
    carer_name = serializers.CharField(required=False, allow_blank=True, max_length=160)
    not_a_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        help_text="True once you have looked at the likely duplicates a 409 named and this "
        "is a different child.",
    )


class ChildViewSet(edits.ChildViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        summary="Add a child (checked against likely duplicates first)",
        description="409 with `current.likely_duplicates` (child ids) when children like this "
        "one are recorded in your communities: read them, then send `not_a_duplicate: true` "
        "if this is another child. Refused (400): a date of birth in the future; gender or "
        "Aboriginal and Torres Strait Islander status not chosen. Honours `Idempotency-Key`.",
        request=ChildCreateInputSerializer,
        responses={201: s.ChildSerializer, **CREATE_ERRORS},
    )
    @idempotent_create("child")
    def create(self, request, *args, **kwargs):
        permissions.require_read_casework(request.user)
        data = edits._input(ChildCreateInputSerializer, request)
        community = (
            selectors.casework_communities(actor=request.user)
            .filter(pk=data.pop("community"))
            .first()
        )
        if community is None:
            raise DjangoValidationError({"community": ["Choose one of your communities."]})
        try:
            child = services.child_register(actor=request.user, community=community, **data)
        except services.LikelyDuplicates as refused:
            raise Conflict(
                "A child like this one is already recorded in your communities. Read the "
                "likely duplicates, then send not_a_duplicate: true if this is another child.",
                current={"likely_duplicates": [child.pk for child in refused.children]},
            ) from refused
        child = selectors.child_get(actor=request.user, child_id=child.pk)
        return Response(self.get_serializer(child).data, status=status.HTTP_201_CREATED)
