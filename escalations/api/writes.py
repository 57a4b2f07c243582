"""API writes of the themes, leaders' meetings and escalations pages: editing and closing
a theme, recording a meeting and its actions, moving an escalation along and recording
the body's responses. The same services and predicates as the pages; a record outside the
caller's communities is not found (404), a role that cannot change it is refused (403)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.errors import CREATE_ERRORS, WRITE_ERRORS, fields_named
from core.idempotency import idempotent_create
from partnerships.models import Organisation
from partnerships.selectors import communities_for_user

from .. import permissions, selectors, services
from ..models import Escalation, Theme
from . import views as base
from .serializers import (
    EscalationResponseSerializer,
    EscalationSerializer,
    LeadersMeetingSerializer,
    MeetingActionSerializer,
    ThemeSerializer,
)


def _status_field(choices, **kwargs) -> serializers.ChoiceField:
    """A status choice documented inline: its enum component belongs to the record's own
    serializer (ThemeStatusEnum, EscalationStatusEnum), which a second user would rename."""
    schema = {"type": "string", "enum": [value for value, _ in choices]}
    field_class = extend_schema_field(schema)(type("StatusField", (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


def _valid(serializer_class, request) -> dict:
    incoming = serializer_class(data=request.data)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


# --- themes ------------------------------------------------------------------------------


class ThemeUpdateSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Kept in the theme's history."
    )
    title = serializers.CharField(max_length=160, required=False)
    category = serializers.ChoiceField(choices=Theme.Category.choices, required=False)
    description = serializers.CharField(required=False)
    identified_on = serializers.DateField(required=False)
    status = _status_field(Theme.Status.choices, required=False)
    child_ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Replaces the linked children (casework staff of the community only).",
    )
    family_ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Replaces the linked families (casework staff of the community only).",
    )
    seen_across = serializers.IntegerField(min_value=0, max_value=999, required=False)


class ThemeCloseSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Kept in the theme's history."
    )


def _theme_update(request, theme: Theme, changes: dict) -> Theme:
    """``theme_update`` with what was not sent kept as it is."""
    links = {
        "child_ids": [link.child_id for link in theme.links.all() if link.child_id],
        "family_ids": [link.family_id for link in theme.links.all() if link.family_id],
    }
    current = {
        "title": theme.title,
        "category": theme.category,
        "description": theme.description,
        "identified_on": theme.identified_on,
        "status": theme.status,
        **links,
    }
    with fields_named(**base.THEME_FIELDS):
        services.theme_update(actor=request.user, theme=theme, **{**current, **changes})
    return selectors.themes_for(actor=request.user).prefetch_related("links").get(pk=theme.pk)


class ThemeViewSet(base.ThemeViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        summary="Edit a theme (what is not sent stays; earlier values kept in its history)",
        description="Refused: a date in the future; a child or family of another community; "
        "links sent by someone who does no casework in the community.",
        request=ThemeUpdateSerializer,
        responses={200: ThemeSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        theme = self.get_object()
        permissions.require_edit_theme(request.user, theme)
        theme = _theme_update(request, theme, _valid(ThemeUpdateSerializer, request))
        return Response(ThemeSerializer(theme, context={"request": request}).data)

    @extend_schema(
        summary="Close a theme (it stays, with its history)",
        request=ThemeCloseSerializer,
        responses={200: ThemeSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        theme = self.get_object()
        permissions.require_edit_theme(request.user, theme)
        if theme.status == Theme.Status.CLOSED:
            raise serializers.ValidationError({"status": ["This theme is already closed."]})
        changes = {"status": Theme.Status.CLOSED, **_valid(ThemeCloseSerializer, request)}
        return Response(
            ThemeSerializer(
                _theme_update(request, theme, changes), context={"request": request}
            ).data
        )


# --- leaders' meetings -------------------------------------------------------------------


class LeadersMeetingCreateSerializer(serializers.Serializer):
    community = serializers.SlugField(
        help_text="The community's slug (one you coordinate or lead)."
    )
    held_on = serializers.DateField()
    discussion = serializers.CharField()
    responses_agreed = serializers.CharField(required=False, allow_blank=True)
    attendee_people = serializers.CharField(required=False, allow_blank=True)
    attendee_organisations = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Organisation ids.",
    )
    theme_ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Themes of the same community it discussed.",
    )


class MeetingActionCreateSerializer(serializers.Serializer):
    description = serializers.CharField()
    owner = serializers.CharField(max_length=160)
    due_on = serializers.DateField()


class MeetingActionDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField(required=False, help_text="Today when not given.")


class LeadersMeetingViewSet(base.LeadersMeetingViewSet):
    http_method_names = ["get", "post", "head", "options"]
    action_predicates = {
        **base.LeadersMeetingViewSet.action_predicates,
        "create": permissions.may_edit_themes,
    }

    def _meeting(self):
        # Found among the caller's communities (404), then may they change it (403).
        meeting = self.get_object()
        permissions.require_edit_meeting(self.request.user, meeting)
        return meeting

    @extend_schema(
        summary="Record a meeting with community leaders",
        description="Refused: a theme of another community; a community you do not "
        "coordinate or lead (another's slug is not found). Honours `Idempotency-Key`.",
        request=LeadersMeetingCreateSerializer,
        responses={201: LeadersMeetingSerializer, **CREATE_ERRORS},
    )
    @idempotent_create("leaders-meeting")
    def create(self, request, *args, **kwargs):
        data = _valid(LeadersMeetingCreateSerializer, request)
        community = communities_for_user(actor=request.user).filter(slug=data.pop("community"))
        if not community:
            raise NotFound("No such community.")
        wanted = set(data["attendee_organisations"])
        organisations = list(Organisation.objects.filter(pk__in=wanted))
        if len(organisations) != len(wanted):
            raise serializers.ValidationError(
                {"attendee_organisations": ["An organisation was not found."]}
            )
        data["attendee_organisations"] = organisations
        meeting = services.leaders_meeting_create(
            actor=request.user, community=community[0], **data
        )
        meeting = selectors.meeting_get(actor=request.user, pk=meeting.pk)
        return Response(LeadersMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add an action agreed at the meeting",
        description="Honours `Idempotency-Key`.",
        request=MeetingActionCreateSerializer,
        responses={201: MeetingActionSerializer, **CREATE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="actions", url_name="add-action")
    @idempotent_create("meeting-action")
    def add_action(self, request, pk=None):
        meeting = self._meeting()
        data = _valid(MeetingActionCreateSerializer, request)
        created = services.meeting_action_add(actor=request.user, meeting=meeting, **data)
        return Response(MeetingActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Mark a meeting's action done",
        request=MeetingActionDoneSerializer,
        responses={200: MeetingActionSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"actions/(?P<action_pk>[^/]+)/done",
        url_name="action-done",
    )
    def action_done(self, request, pk=None, action_pk=None):
        meeting = self._meeting()
        if not str(action_pk).isdigit():
            raise NotFound("No such action.")
        done = selectors.meeting_action_get(meeting=meeting, pk=int(action_pk))
        data = _valid(MeetingActionDoneSerializer, request)
        done = services.meeting_action_mark_done(actor=request.user, action=done, **data)
        return Response(MeetingActionSerializer(done).data)


# --- escalations -------------------------------------------------------------------------


class EscalationStatusSerializer(serializers.Serializer):
    status = _status_field(
        Escalation.Status.choices,
        help_text="raised → acknowledged → in progress → resolved or declined.",
    )
    on = serializers.DateField(required=False, help_text="Today when not given.")


class EscalationRespondSerializer(serializers.Serializer):
    responded_on = serializers.DateField()
    summary = serializers.CharField(help_text="What the body answered (names no one).")


class EscalationViewSet(base.EscalationViewSet):
    def _escalation(self):
        escalation = self.get_object()
        permissions.require_edit_escalation(self.request.user, escalation)
        return escalation

    def _respond(self, escalation, code=status.HTTP_200_OK):
        escalation = selectors.escalations_of_communities(actor=self.request.user).get(
            pk=escalation.pk
        )
        return Response(EscalationSerializer(escalation).data, status=code)

    @extend_schema(
        summary="Move an escalation along",
        description="Refused, naming what it can become instead: a move the escalation's "
        "status does not allow (resolved and declined are final); a date before it was "
        "raised or in the future.",
        request=EscalationStatusSerializer,
        responses={200: EscalationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        escalation = self._escalation()
        data = _valid(EscalationStatusSerializer, request)
        services.escalation_change_status(actor=request.user, escalation=escalation, **data)
        return self._respond(escalation)

    @extend_schema(
        summary="Record the body's response to an escalation",
        description="Refused: a date before the escalation was raised or in the future; a "
        "summary that names a child or a family member. Honours `Idempotency-Key`.",
        request=EscalationRespondSerializer,
        responses={201: EscalationResponseSerializer, **CREATE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    @idempotent_create("escalation-response")
    def respond(self, request, pk=None):
        escalation = self._escalation()
        data = _valid(EscalationRespondSerializer, request)
        response = services.escalation_response_add(
            actor=request.user, escalation=escalation, **data
        )
        return Response(EscalationResponseSerializer(response).data, status=status.HTTP_201_CREATED)
