"""Pages for a community's coordinator and team leader (themes, meetings, escalations),
and the regional list that names no child, for oversight roles and coordinators.

Each page names the predicate of ``escalations.permissions`` that guards it, first thing.
A record outside the actor's communities is not found (the selectors answer 404); a role
that cannot do it is refused (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.permissions import casework_ids
from core.forms import form_page, posted
from partnerships.models import Community

from . import permissions, selectors, services
from .forms import (
    EscalationForm,
    EscalationResponseForm,
    EscalationStatusForm,
    LeadersMeetingForm,
    MeetingActionForm,
    ThemeForm,
)
from .models import Escalation

ESCALATIONS_PAGE_SIZE = 50


def _editor_communities(actor):
    return Community.objects.filter(pk__in=permissions.theme_editor_community_ids(actor))


def _theme_url(theme) -> str:
    return reverse("escalations:theme_detail", kwargs={"pk": theme.pk})


@login_required
def theme_list(request):
    permissions.require_read_themes(request.user)
    return render(
        request,
        "escalations/theme_list.html",
        {
            "themes": selectors.themes_for(actor=request.user),
            "meetings": selectors.meetings_for(actor=request.user)[:20],
            "may_edit": permissions.may_edit_themes(request.user),
        },
    )


@login_required
def theme_detail(request, pk: int):
    theme = selectors.theme_get(actor=request.user, pk=pk)
    # Names of the children and families only for casework staff; others see counts.
    shows_names = theme.community_id in casework_ids(request.user)
    return render(
        request,
        "escalations/theme_detail.html",
        {
            "theme": theme,
            "shows_names": shows_names,
            "history": selectors.theme_history(theme, names=shows_names),
            "may_edit": permissions.may_edit_theme(request.user, theme),
            "may_escalate": permissions.may_escalate_theme(request.user, theme),
        },
    )


@login_required
def theme_create(request):
    permissions.require_edit_themes(request.user)
    form = ThemeForm(
        *posted(request),
        communities=_editor_communities(request.user),
        named_in=casework_ids(request.user),
    )
    return form_page(
        request,
        form=form,
        template="escalations/form.html",
        context={"title": _("New theme"), "cancel_url": reverse("escalations:theme_list")},
        save=lambda data: services.theme_create(actor=request.user, **data),
        success=_("Theme recorded."),
        next_url=_theme_url,
    )


@login_required
def theme_update(request, pk: int):
    theme = selectors.theme_get(actor=request.user, pk=pk)
    permissions.require_edit_theme(request.user, theme)
    initial = {
        "title": theme.title,
        "category": theme.category,
        "description": theme.description,
        "identified_on": theme.identified_on,
        "status": theme.status,
        "children": [link.child_id for link in theme.links.all() if link.child_id],
        "families": [link.family_id for link in theme.links.all() if link.family_id],
    }
    form = ThemeForm(
        *posted(request),
        initial=initial,
        communities=_editor_communities(request.user),
        community=theme.community,
        named_in=casework_ids(request.user),
    )
    return form_page(
        request,
        form=form,
        template="escalations/form.html",
        context={"title": _("Edit %(theme)s") % {"theme": theme}, "cancel_url": _theme_url(theme)},
        save=lambda data: services.theme_update(actor=request.user, theme=theme, **data),
        success=_("Theme updated."),
        next_url=_theme_url(theme),
    )


@login_required
def meeting_create(request):
    permissions.require_edit_themes(request.user)
    form = LeadersMeetingForm(*posted(request), communities=_editor_communities(request.user))
    return form_page(
        request,
        form=form,
        template="escalations/form.html",
        context={
            "title": _("New leaders' meeting"),
            "cancel_url": reverse("escalations:theme_list"),
        },
        save=lambda data: services.leaders_meeting_create(actor=request.user, **data),
        success=_("Meeting recorded."),
        next_url=lambda meeting: reverse("escalations:meeting_detail", kwargs={"pk": meeting.pk}),
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    may_edit = permissions.may_edit_meeting(request.user, meeting)
    if request.method == "POST":
        permissions.require_edit_meeting(request.user, meeting)
    return form_page(
        request,
        form=MeetingActionForm(*posted(request)),
        template="escalations/meeting_detail.html",
        context={"meeting": meeting, "may_edit": may_edit},
        save=lambda data: services.meeting_action_add(actor=request.user, meeting=meeting, **data),
        success=_("Action added."),
        next_url=reverse("escalations:meeting_detail", kwargs={"pk": meeting.pk}),
    )


@login_required
@require_POST
def meeting_action_done(request, pk: int, action_pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    action = selectors.meeting_action_get(meeting=meeting, pk=action_pk)
    permissions.require_edit_meeting(request.user, meeting)
    services.meeting_action_mark_done(actor=request.user, action=action)
    messages.success(request, _("Action marked done."))
    return redirect("escalations:meeting_detail", pk=meeting.pk)


@login_required
def escalation_list(request):
    permissions.require_read_escalations(request.user)
    show = request.GET.get("show", "open")
    if show not in selectors.ESCALATION_VIEWS:
        show = "open"
    page = Paginator(
        selectors.escalations_shown(actor=request.user, show=show), ESCALATIONS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    counts = selectors.escalation_view_counts(actor=request.user)
    return render(
        request,
        "escalations/escalation_list.html",
        {
            "page": page,
            "escalations": page.object_list,
            "show": show,
            "views": [
                (key, label, counts[key]) for key, label in selectors.ESCALATION_VIEWS.items()
            ],
        },
    )


def _escalation_url(escalation) -> str:
    return reverse("escalations:escalation_detail", kwargs={"pk": escalation.pk})


@login_required
def escalation_create(request):
    permissions.require_escalate(request.user)
    themes = selectors.themes_for(actor=request.user).filter(
        community_id__in=permissions.escalation_community_ids(request.user)
    )
    initial = {"raised_on": timezone.localdate(), "theme": request.GET.get("theme")}
    return form_page(
        request,
        form=EscalationForm(*posted(request), themes=themes, initial=initial),
        template="escalations/form.html",
        context={
            "title": _("Escalate a theme"),
            "cancel_url": reverse("escalations:escalation_list"),
        },
        save=lambda data: services.escalation_raise(actor=request.user, **data),
        success=_("Escalation raised."),
        next_url=_escalation_url,
    )


@login_required
def escalation_detail(request, pk: int):
    escalation = selectors.escalation_get(actor=request.user, pk=pk)
    which = request.POST.get("form") if request.method == "POST" else None
    if which is not None:
        permissions.require_edit_escalation(request.user, escalation)
    today = timezone.localdate()
    status_form = EscalationStatusForm(
        request.POST if which == "status" else None, initial={"on": today}
    )
    response_form = EscalationResponseForm(
        request.POST if which == "response" else None, initial={"responded_on": today}
    )
    allowed = services.ESCALATION_TRANSITIONS[escalation.status]
    # Offer only the moves allowed now; any other posted move is refused by the service,
    # which says what the escalation can become instead.
    status_form.fields["status"].widget.choices = [
        c for c in Escalation.Status.choices if c[0] in allowed
    ]
    if which == "status":
        form = status_form

        def save(data):
            return services.escalation_change_status(
                actor=request.user, escalation=escalation, **data
            )
    else:
        form = response_form

        def save(data):
            return services.escalation_response_add(
                actor=request.user, escalation=escalation, **data
            )

    return form_page(
        request,
        form=form,
        template="escalations/escalation_detail.html",
        context={
            "escalation": escalation,
            "status_form": status_form if allowed else None,
            "response_form": response_form,
        },
        save=save,
        success=_("Escalation updated."),
        next_url=_escalation_url(escalation),
    )


@login_required
def regional_list(request):
    """Every regional escalation, Territory-wide, naming no child and no family."""
    permissions.require_read_regional(request.user)
    return render(
        request,
        "escalations/regional_list.html",
        {"rows": selectors.regional_escalations_for(actor=request.user), "back": reverse("home")},
    )
