from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors
from .forms import AuditSearchForm
from .permissions import require_audit_reader

PAGE_SIZE = 50


@login_required
def audit_search(request):
    """Administrators search the audit log by user, child, action and dates."""
    require_audit_reader(request.user)
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
