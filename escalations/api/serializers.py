from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.permissions import casework_ids

from ..models import Escalation, EscalationResponse, LeadersMeeting, MeetingAction, Theme


class ThemeSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    child_ids = serializers.SerializerMethodField(
        help_text=_("The linked children: for the community's casework staff only, else empty.")
    )
    family_ids = serializers.SerializerMethodField(
        help_text=_("The linked families: for the community's casework staff only, else empty.")
    )
    linked_count = serializers.SerializerMethodField(
        help_text=_("How many children and families are linked (everyone who reads the theme).")
    )

    class Meta:
        model = Theme
        fields = [
            "id",
            "community",
            "title",
            "category",
            "description",
            "identified_on",
            "status",
            "closed_on",
            "child_ids",
            "family_ids",
            "linked_count",
            "seen_across",
        ]

    def _names_links(self, theme) -> bool:
        # As on the theme page: who is linked is for the community's casework staff; a
        # coordinator or leader reads the count only.
        request = self.context.get("request")
        return request is not None and theme.community_id in casework_ids(request.user)

    def get_child_ids(self, theme) -> list[int]:
        if not self._names_links(theme):
            return []
        return [link.child_id for link in theme.links.all() if link.child_id]

    def get_family_ids(self, theme) -> list[int]:
        if not self._names_links(theme):
            return []
        return [link.family_id for link in theme.links.all() if link.family_id]

    def get_linked_count(self, theme) -> int:
        return len(theme.links.all())


class ThemeCreateSerializer(serializers.Serializer):
    community = serializers.SlugField(
        help_text=_("The community's slug (one you coordinate or lead).")
    )
    title = serializers.CharField(max_length=160)
    category = serializers.ChoiceField(choices=Theme.Category.choices)
    description = serializers.CharField()
    identified_on = serializers.DateField()
    child_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    family_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    seen_across = serializers.IntegerField(
        min_value=0,
        max_value=999,
        required=False,
        default=0,
        help_text=_(
            "How many children and families it was seen across, beyond those linked "
            "(for a coordinator, who links none)."
        ),
    )


class MeetingActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingAction
        fields = ["id", "description", "owner", "due_on", "done_on"]


class LeadersMeetingSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actions = MeetingActionSerializer(many=True, read_only=True)
    theme_ids = serializers.PrimaryKeyRelatedField(source="themes", many=True, read_only=True)
    attendee_organisations = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )

    class Meta:
        model = LeadersMeeting
        fields = [
            "id",
            "community",
            "held_on",
            "theme_ids",
            "attendee_people",
            "attendee_organisations",
            "discussion",
            "responses_agreed",
            "actions",
        ]


class EscalationResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = EscalationResponse
        fields = ["id", "responded_on", "summary"]


class EscalationSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    responses = EscalationResponseSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Escalation
        fields = [
            "id",
            "community",
            "theme",
            "level",
            "body",
            "requested_action",
            "raised_on",
            "status",
            "acknowledged_on",
            "closed_on",
            "overdue",
            "responses",
        ]

    def get_overdue(self, escalation) -> bool:
        return escalation.is_overdue()


class EscalationCreateSerializer(serializers.Serializer):
    theme = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Escalation.Level.choices)
    body = serializers.CharField(max_length=200)
    requested_action = serializers.CharField()
    raised_on = serializers.DateField(required=False)
