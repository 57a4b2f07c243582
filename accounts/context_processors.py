from partnerships.access import active_memberships
from partnerships.models import Role

from .navigation import nav_for


def navigation(request):
    """Who is signed in, where they work and in which role, and their navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = active_memberships(user)
    roles = {m.role for m in memberships}
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    return {
        "current_memberships": memberships,
        "nav_items": nav_for(roles),
    }
