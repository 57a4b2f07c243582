"""A theme's history through the API: the page's rows, with the page's rule on names.

Linked children and families are named only to the community's casework staff; anyone
else who reads the theme sees how many were linked before and after, never who.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from casework.permissions import casework_ids

from .. import selectors
from . import views as base
from . import writes


class FieldChangeSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="What changed, as the page names it.")
    before = serializers.CharField()
    after = serializers.CharField()


class ThemeHistoryRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="change.pk")
    changed_at = serializers.DateTimeField(source="change.changed_at")
    changed_by = serializers.CharField(
        source="change.who", help_text="Who made the change (or the system process)."
    )
    reason = serializers.CharField(source="change.reason")
    fields = FieldChangeSerializer(many=True)


class ThemeViewSet(writes.ThemeViewSet):
    @extend_schema(
        summary="A theme's history, newest first (the earlier values of each edit)",
        description="Linked children and families are named only to casework staff of the "
        "theme's community; others see how many were linked.",
        responses={200: ThemeHistoryRowSerializer(many=True), **base.RECORD_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        theme = self.get_object()
        names = theme.community_id in casework_ids(request.user)
        rows = selectors.theme_history(theme, names=names)
        return Response(ThemeHistoryRowSerializer(rows, many=True).data)
