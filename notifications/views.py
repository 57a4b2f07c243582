from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import PreferenceForm


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(actor=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request, pk: int):
    notification = selectors.notification_get(actor=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)s notification(s) marked read.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    current = selectors.preference_for(actor=request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.notification_preference_set(
                actor=request.user, daily_digest=form.cleaned_data["daily_digest"]
            )
            messages.success(request, _("Your email preference is saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferenceForm(initial={"daily_digest": current.daily_digest})
    return render(request, "notifications/preferences.html", {"form": form})
