"""Pages for a community's coordinator and team leader (themes, meetings, escalations),
and the regional list that names no child, for oversight roles and coordinators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnerships.models import Community, Role
from partnerships.selectors import community_ids_for_roles, is_oversight

from . import selectors, services
from .forms import (
    EscalationForm,
    EscalationResponseForm,
    EscalationStatusForm,
    LeadersMeetingForm,
    MeetingActionForm,
    ThemeForm,
)
from .models import Escalation


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _editor_communities(actor):
    return Community.objects.filter(pk__in=selectors.theme_editor_community_ids(actor))


def _require_reader(actor, ids) -> None:
    if not ids:
        raise Http404("No such page.")


@login_required
def theme_list(request):
    _require_reader(request.user, selectors.theme_reader_community_ids(request.user))
    return render(
        request,
        "escalations/theme_list.html",
        {
            "themes": selectors.themes_for(actor=request.user),
            "meetings": selectors.meetings_for(actor=request.user)[:20],
            "may_edit": bool(selectors.theme_editor_community_ids(request.user)),
        },
    )


@login_required
def theme_detail(request, pk: int):
    theme = selectors.theme_get(actor=request.user, pk=pk)
    return render(
        request,
        "escalations/theme_detail.html",
        {
            "theme": theme,
            "may_edit": theme.community_id in selectors.theme_editor_community_ids(request.user),
            "may_escalate": theme.community_id in selectors.escalation_community_ids(request.user),
        },
    )


@login_required
def theme_create(request):
    communities = _editor_communities(request.user)
    if not communities:
        raise Http404("No such page.")
    form = ThemeForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme = services.theme_create(
                actor=request.user,
                community=data["community"],
                title=data["title"],
                category=data["category"],
                description=data["description"],
                identified_on=data["identified_on"],
                child_ids=[c.pk for c in data["children"]],
                family_ids=[f.pk for f in data["families"]],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Theme recorded.")
            return redirect("escalations:theme_detail", pk=theme.pk)
    return render(request, "escalations/form.html", {"form": form, "title": "New theme"})


@login_required
def theme_update(request, pk: int):
    theme = selectors.theme_get(actor=request.user, pk=pk)
    if theme.community_id not in selectors.theme_editor_community_ids(request.user):
        raise PermissionDenied("Only the coordinator or a team leader can change a theme.")
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
        request.POST or None,
        initial=initial,
        communities=_editor_communities(request.user),
        community=theme.community,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.theme_update(
                actor=request.user,
                theme=theme,
                title=data["title"],
                category=data["category"],
                description=data["description"],
                identified_on=data["identified_on"],
                status=data["status"],
                child_ids=[c.pk for c in data["children"]],
                family_ids=[f.pk for f in data["families"]],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Theme updated.")
            return redirect("escalations:theme_detail", pk=theme.pk)
    return render(request, "escalations/form.html", {"form": form, "title": f"Edit {theme}"})


@login_required
def meeting_create(request):
    communities = _editor_communities(request.user)
    if not communities:
        raise Http404("No such page.")
    form = LeadersMeetingForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.leaders_meeting_create(
                actor=request.user,
                community=data["community"],
                held_on=data["held_on"],
                discussion=data["discussion"],
                responses_agreed=data["responses_agreed"],
                attendee_people=data["attendee_people"],
                attendee_organisations=list(data["attendee_organisations"]),
                theme_ids=[t.pk for t in data["themes"]],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Meeting recorded.")
            return redirect("escalations:meeting_detail", pk=meeting.pk)
    return render(request, "escalations/form.html", {"form": form, "title": "New leaders' meeting"})


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    may_edit = meeting.community_id in selectors.theme_editor_community_ids(request.user)
    form = MeetingActionForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Only the coordinator or a team leader can add actions.")
        if form.is_valid():
            try:
                services.meeting_action_add(
                    actor=request.user, meeting=meeting, **form.cleaned_data
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "Action added.")
                return redirect("escalations:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "escalations/meeting_detail.html",
        {"meeting": meeting, "form": form, "may_edit": may_edit},
    )


@login_required
@require_POST
def meeting_action_done(request, pk: int, action_pk: int):
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    action = services.meeting_action_get(meeting=meeting, pk=action_pk)
    services.meeting_action_mark_done(actor=request.user, action=action)
    messages.success(request, "Action marked done.")
    return redirect("escalations:meeting_detail", pk=meeting.pk)


ESCALATIONS_PAGE_SIZE = 50


@login_required
def escalation_list(request):
    _require_reader(request.user, selectors.escalation_community_ids(request.user))
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
            "today": timezone.localdate(),
        },
    )


@login_required
def escalation_create(request):
    ids = selectors.escalation_community_ids(request.user)
    if not ids:
        raise Http404("No such page.")
    themes = selectors.themes_for(actor=request.user).filter(community_id__in=ids)
    initial = {"raised_on": timezone.localdate(), "theme": request.GET.get("theme")}
    form = EscalationForm(request.POST or None, themes=themes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            escalation = services.escalation_raise(
                actor=request.user,
                theme=data["theme"],
                level=data["level"],
                body=data["body"],
                requested_action=data["requested_action"],
                raised_on=data["raised_on"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Escalation raised.")
            return redirect("escalations:escalation_detail", pk=escalation.pk)
    return render(request, "escalations/form.html", {"form": form, "title": "Escalate a theme"})


@login_required
def escalation_detail(request, pk: int):
    escalation = selectors.escalation_get(actor=request.user, pk=pk)
    status_form = EscalationStatusForm(
        request.POST if request.POST.get("form") == "status" else None,
        initial={"on": timezone.localdate()},
    )
    response_form = EscalationResponseForm(
        request.POST if request.POST.get("form") == "response" else None,
        initial={"responded_on": timezone.localdate()},
    )
    if request.method == "POST":
        form = status_form if request.POST.get("form") == "status" else response_form
        if form.is_valid():
            try:
                if form is status_form:
                    services.escalation_change_status(
                        actor=request.user, escalation=escalation, **form.cleaned_data
                    )
                else:
                    services.escalation_response_add(
                        actor=request.user, escalation=escalation, **form.cleaned_data
                    )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "Escalation updated.")
                return redirect("escalations:escalation_detail", pk=escalation.pk)
    allowed = services.ESCALATION_TRANSITIONS[escalation.status]
    status_form.fields["status"].choices = [c for c in Escalation.Status.choices if c[0] in allowed]
    return render(
        request,
        "escalations/escalation_detail.html",
        {
            "escalation": escalation,
            "status_form": status_form if allowed else None,
            "response_form": response_form,
            "today": timezone.localdate(),
        },
    )


@login_required
def regional_list(request):
    """Every regional escalation, Territory-wide, naming no child and no family."""
    if not (
        is_oversight(request.user) or community_ids_for_roles(request.user, {Role.COORDINATOR})
    ):
        raise Http404("No such page.")
    return render(
        request,
        "escalations/regional_list.html",
        {"rows": selectors.regional_escalations(), "back": reverse("home")},
    )
