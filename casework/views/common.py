"""What every casework page module shares."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..models import Case, Child

FORM_METHODS = require_http_methods(["GET", "POST"])

View = Callable[..., HttpResponse]


def requires(check: Callable[[Any], None]) -> Callable[[View], View]:
    """Sign-in, then ``check(user)`` (a ``permissions.require_*``): 403 when it refuses."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            check(request.user)
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorate


def child_url(case_or_child: Case | Child) -> str:
    child_id = case_or_child.child_id if isinstance(case_or_child, Case) else case_or_child.pk
    return reverse("casework:child_detail", args=[child_id])
