import functools

from . import selectors


def unread_notifications(request):
    """The unread count for the page header: one COUNT on a partial index.

    Lazy (templates call callables), so it runs only where a template shows it, inside
    the request's community scope; counted once however often the template asks.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = functools.cache(lambda: selectors.unread_count_for(actor=user))
    return {"unread_notifications_count": count}
