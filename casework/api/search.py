"""The child search through the API: the same selector, fence and audit as the page."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from audit.models import AuditEvent
from audit.services import audit_record
from core.errors import error_responses
from core.pagination import PageNumberPagination

from .. import search
from ..models import Child
from . import serializers as s
from .permissions import WorksOnCasework


class SearchPages(PageNumberPagination):
    page_size = search.SEARCH_PAGE_SIZE


@extend_schema(
    summary="Find a child in your communities",
    description=(
        "Words match the child's given, family, preferred and alternative names, as part "
        "of a word, ignoring case and accents (every word must match). A date (3/4/2015 is "
        "3 April 2015; or 2015-04-03) matches the date of birth; a number (1234 or #1234) "
        "the child's record number or one of their case numbers. Only children of the "
        "communities where you work on cases; an empty search finds nobody. Each search "
        "that shows children is audited (the ids shown, not the words typed)."
    ),
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="What to look for (empty: no results)"),
    ],
    responses={200: s.ChildSerializer(many=True), **error_responses(400, 401, 403, 429)},
)
class ChildSearchView(generics.ListAPIView):
    serializer_class = s.ChildSerializer
    permission_classes = [WorksOnCasework]
    pagination_class = SearchPages
    queryset = Child.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Child.objects.none()
        text = (self.request.query_params.get("q") or "").strip()[:200]
        return search.children_search(actor=self.request.user, text=text)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        shown = list(page if page is not None else queryset)
        if shown:
            communities = {child.community_id for child in shown}
            audit_record(
                actor=self.request.user,
                action=AuditEvent.Action.READ,
                object_type="casework.child",
                community_id=next(iter(communities)) if len(communities) == 1 else None,
                detail={"what": "child_search_api", "child_ids": [c.pk for c in shown]},
                request=self.request,
            )
        return page
