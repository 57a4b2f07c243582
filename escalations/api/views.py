"""The API of themes, leaders' meetings and escalations: the same selectors, services and
predicates as the pages. Service errors propagate to ``core.errors.api_exception_handler``."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from core.errors import READ_ERRORS, WRITE_ERRORS, error_responses, fields_named
from partnerships.selectors import communities_for_user

from .. import permissions, selectors, services
from ..models import Escalation, EscalationResponse, LeadersMeeting, MeetingAction, Theme
from .serializers import (
    EscalationCreateSerializer,
    EscalationSerializer,
    LeadersMeetingSerializer,
    ThemeCreateSerializer,
    ThemeSerializer,
)

# The service's names for a theme's links, as the API's fields call them.
THEME_FIELDS = {"children": "child_ids", "families": "family_ids"}
# A list refuses (403) a role that reads none of it in any community.
LIST_ERRORS = error_responses(401, 403, 429)
# A record of the actor's communities that their role cannot read: 403.
RECORD_ERRORS = error_responses(401, 403, 404, 429)


class Guarded(BasePermission):
    """Wraps ``escalations.permissions`` for a viewset.

    ``action_predicates`` names the predicate of each action that is about no one record
    (list, create): a role that cannot do it is refused (403). A record is first found among
    the actor's communities (404 otherwise), then asked ``object_predicate`` (403).
    A method the viewset does not offer passes here, so it answers 405.
    """

    message = "Your role cannot do this in this community."

    def has_permission(self, request, view) -> bool:
        if view.action is None or view.detail:
            return True
        predicate = view.action_predicates.get(view.action)
        return predicate is not None and predicate(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        predicate = getattr(view, "object_predicate", None)
        return predicate is None or predicate(request.user, obj)


@extend_schema_view(
    list=extend_schema(
        summary="Themes of the communities you work in",
        responses={200: ThemeSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(responses={200: ThemeSerializer, **READ_ERRORS}),
    create=extend_schema(
        request=ThemeCreateSerializer, responses={201: ThemeSerializer, **WRITE_ERRORS}
    ),
)
class ThemeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Themes seen across children and families, with their links (inside the community only)."""

    serializer_class = ThemeSerializer
    queryset = Theme.objects.none()
    permission_classes = [IsAuthenticated, Guarded]
    action_predicates = {"list": permissions.may_read_themes, "create": permissions.may_edit_themes}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Theme.objects.none()
        return selectors.themes_for(actor=self.request.user).prefetch_related("links")

    def create(self, request, *args, **kwargs):
        incoming = ThemeCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        # Another community's slug is not found; one of the actor's own where their role
        # cannot record themes is refused by the service (403).
        community = communities_for_user(actor=request.user).filter(slug=data.pop("community"))
        if not community:
            raise NotFound(_("No such community."))
        with fields_named(**THEME_FIELDS):
            theme = services.theme_create(actor=request.user, community=community[0], **data)
        theme = self.get_queryset().get(pk=theme.pk)
        return Response(
            ThemeSerializer(theme, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(responses={200: LeadersMeetingSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: LeadersMeetingSerializer, **READ_ERRORS}),
)
class LeadersMeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings with community leaders, the responses agreed and their actions."""

    serializer_class = LeadersMeetingSerializer
    queryset = LeadersMeeting.objects.none()
    permission_classes = [IsAuthenticated, Guarded]
    action_predicates = {"list": permissions.may_read_themes}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LeadersMeeting.objects.none()
        return selectors.meetings_for(actor=self.request.user).prefetch_related(
            "themes",
            "attendee_organisations",
            Prefetch("actions", queryset=MeetingAction.objects.order_by("due_on", "id")),
        )


@extend_schema_view(
    list=extend_schema(responses={200: EscalationSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(responses={200: EscalationSerializer, **RECORD_ERRORS}),
    create=extend_schema(
        request=EscalationCreateSerializer, responses={201: EscalationSerializer, **WRITE_ERRORS}
    ),
)
class EscalationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Escalations of your communities' themes (coordinators and team leaders)."""

    serializer_class = EscalationSerializer
    queryset = Escalation.objects.none()
    permission_classes = [IsAuthenticated, Guarded]
    action_predicates = {
        "list": permissions.may_read_escalations,
        "create": permissions.may_escalate,
    }
    object_predicate = staticmethod(permissions.may_read_escalation)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Escalation.objects.none()
        if self.detail:
            # Found among the actor's communities, then asked whether their role reads it.
            return selectors.escalations_of_communities(actor=self.request.user)
        return selectors.escalations_for(actor=self.request.user).prefetch_related(
            Prefetch("responses", queryset=EscalationResponse.objects.order_by("responded_on"))
        )

    def create(self, request, *args, **kwargs):
        incoming = EscalationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        # A theme outside the actor's communities is not found; the service refuses a role
        # that cannot escalate it (403).
        theme = selectors.themes_for(actor=request.user).filter(pk=data.pop("theme")).first()
        if theme is None:
            raise NotFound(_("No such theme."))
        escalation = services.escalation_raise(actor=request.user, theme=theme, **data)
        return Response(
            EscalationSerializer(
                selectors.escalations_of_communities(actor=request.user).get(pk=escalation.pk)
            ).data,
            status=status.HTTP_201_CREATED,
        )
