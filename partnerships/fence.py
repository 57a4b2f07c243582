"""The community fence: queries on community data fail closed outside a scope.

Every model holding a community's data declares ``objects = community_scoped_manager()``.
Reads through that manager raise ``ScopeError`` unless a scope is open, and inside a
scope they only return the scope's communities. ``partnerships.middleware`` opens the
scope of the requesting user's communities around the whole request and its rendering;
Celery tasks open the scope of the community they work on (``community_scope``).

This module sits below the models and knows nothing of memberships: it is the fence,
not the answer to who may go where.

Writes are not fenced by django-scopes: services set ``community`` from the parent
record and check the actor may work there.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models
from django_scopes import ScopedManager, scope, scopes_disabled
from django_scopes.exceptions import ScopeError
from django_scopes.manager import DisabledQuerySet

__all__ = [
    "ScopeError",
    "community_scope",
    "community_scoped_manager",
    "scopes_disabled",
]


def community_scoped_manager(queryset_class: type[models.QuerySet] = models.QuerySet):
    """A manager that filters by ``community`` and refuses to run outside a scope."""
    return ScopedManager(
        community="community", _manager_class=models.Manager.from_queryset(queryset_class)
    )


def close_disabled_queryset_holes() -> None:
    """Make the out-of-scope queryset refuse every way of reaching the database.

    django-scopes leaves ``exists()``, ``explain()``, ``contains()`` and async
    iteration open; ``_fetch_all`` is where every evaluation ends up.
    """
    for name in ("exists", "explain", "contains", "aiterator", "_fetch_all", "__aiter__"):
        setattr(DisabledQuerySet, name, DisabledQuerySet.error)


@contextmanager
def community_scope(community_ids: Iterable[int]) -> Iterator[None]:
    """Open the fence for exactly these communities (never ``None``: that means all)."""
    ids = sorted({int(pk) for pk in community_ids})
    with scope(community=ids):
        yield
