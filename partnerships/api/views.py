from rest_framework import viewsets

from .. import selectors
from ..models import Community
from .serializers import CommunitySerializer


class CommunityViewSet(viewsets.ReadOnlyModelViewSet):
    """The communities the caller works in. Any other community answers 404."""

    serializer_class = CommunitySerializer
    lookup_field = "slug"
    queryset = Community.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Community.objects.none()
        return selectors.communities_for_user(actor=self.request.user)
