from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from partnerships.models import Community

from .. import selectors, services
from ..models import Escalation, EscalationResponse, LeadersMeeting, MeetingAction, Theme
from .serializers import (
    EscalationCreateSerializer,
    EscalationSerializer,
    LeadersMeetingSerializer,
    ThemeCreateSerializer,
    ThemeSerializer,
)

NOT_FOUND = OpenApiResponse(description="Not found (or another community's).")
INVALID = OpenApiResponse(description="The request broke a rule; the body says which.")
FORBIDDEN = OpenApiResponse(description="You may see this but not change it.")


def _drf_error(exc):
    if isinstance(exc, DjangoValidationError):
        return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return PermissionDenied(str(exc))


@extend_schema_view(
    list=extend_schema(summary="Themes of the communities you work in"),
    retrieve=extend_schema(responses={200: ThemeSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        request=ThemeCreateSerializer,
        responses={201: ThemeSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class ThemeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Themes seen across children and families, with their links (inside the community only)."""

    serializer_class = ThemeSerializer
    queryset = Theme.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Theme.objects.none()
        return selectors.themes_for(actor=self.request.user).prefetch_related("links")

    def create(self, request, *args, **kwargs):
        incoming = ThemeCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        community = Community.objects.filter(
            slug=data.pop("community"),
            pk__in=selectors.theme_editor_community_ids(request.user),
        ).first()
        if community is None:
            raise NotFound("No such community.")
        try:
            theme = services.theme_create(actor=request.user, community=community, **data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _drf_error(exc) from exc
        theme = self.get_queryset().get(pk=theme.pk)
        return Response(ThemeSerializer(theme).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(responses={200: LeadersMeetingSerializer, 404: NOT_FOUND})
)
class LeadersMeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings with community leaders, the responses agreed and their actions."""

    serializer_class = LeadersMeetingSerializer
    queryset = LeadersMeeting.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LeadersMeeting.objects.none()
        return selectors.meetings_for(actor=self.request.user).prefetch_related(
            "themes",
            "attendee_organisations",
            Prefetch("actions", queryset=MeetingAction.objects.order_by("due_on", "id")),
        )


@extend_schema_view(
    retrieve=extend_schema(responses={200: EscalationSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        request=EscalationCreateSerializer,
        responses={201: EscalationSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class EscalationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Escalations of your communities' themes (coordinators and team leaders)."""

    serializer_class = EscalationSerializer
    queryset = Escalation.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Escalation.objects.none()
        return selectors.escalations_for(actor=self.request.user).prefetch_related(
            Prefetch("responses", queryset=EscalationResponse.objects.order_by("responded_on"))
        )

    def create(self, request, *args, **kwargs):
        incoming = EscalationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        theme = (
            selectors.themes_for(actor=request.user)
            .filter(community_id__in=selectors.escalation_community_ids(request.user))
            .filter(pk=data.pop("theme"))
            .first()
        )
        if theme is None:
            raise NotFound("No such theme.")
        try:
            escalation = services.escalation_raise(actor=request.user, theme=theme, **data)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _drf_error(exc) from exc
        return Response(
            EscalationSerializer(self.get_queryset().get(pk=escalation.pk)).data,
            status=status.HTTP_201_CREATED,
        )
