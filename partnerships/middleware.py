"""Open the community fence for the whole request, from the user's active memberships."""

from django.urls import reverse
from django_scopes import scopes_disabled

from .access import community_ids_in_scope, forget_access, remember_access
from .fence import community_scope


class CommunityScopeMiddleware:
    """Open the scope of the requesting user's communities for the whole request.

    Anonymous users get an empty scope (matches nothing). The response is rendered
    inside the scope so lazy querysets in templates are fenced too. The memberships are
    read once here and kept for the rest of the request (``partnerships.access``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        remember_access(user)
        try:
            return self._respond(request, user)
        finally:
            # The user object may outlive the request (a test's forced authentication).
            forget_access(user)

    def _respond(self, request, user):
        if (
            user.is_authenticated
            and user.is_superuser
            and request.path.startswith(reverse("admin:index"))
        ):
            # The operators' admin is for superusers only; it sees every community.
            request.community_ids = None
            with scopes_disabled():
                return self._render(self.get_response(request))
        ids = community_ids_in_scope(user)
        request.community_ids = ids
        with community_scope(ids):
            return self._render(self.get_response(request))

    @staticmethod
    def _render(response):
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        return response
