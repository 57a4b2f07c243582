from . import selectors


def unread_notifications(request):
    """The unread count for the page header: one COUNT on a partial index."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications_count": selectors.unread_count_for(actor=user)}
