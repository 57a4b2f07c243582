from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from partnerships.selectors import is_administrator

from . import selectors
from .forms import AuditSearchForm

PAGE_SIZE = 50


def audit_search(request):
    """Administrators search the audit log by user, child, action and dates."""
    # Anonymous visitors sign in first; everyone else who is not an administrator gets 404.
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not is_administrator(request.user):
        raise Http404("No such page.")
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.audit_events_search(
        actor=request.user,
        user=filters.get("user") or "",
        child_id=filters.get("child_id"),
        action=filters.get("action") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    if form.is_bound and not form.is_valid():
        events = events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/search.html", {"form": form, "page": page})
