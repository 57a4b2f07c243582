"""The Oversight Group's pages: its composition and rules, and the quarterly reports.

Oversight roles read no community's records: these pages use only Territory-wide,
de-identified selectors. Each page names the predicate of ``oversight.permissions`` that
guards it, first thing: the pages belong to no community, so anyone else is refused (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.services import audit_record
from core.forms import form_page, posted

from . import permissions, selectors, services
from .download import pdf_response
from .forms import GroupCreateForm, MemberEndForm, OversightMemberForm, ReportRequestForm
from .quarters import Quarter


def _group_or_404(actor):
    group = selectors.group_current(actor=actor)
    if group is None:
        raise Http404("There is no Oversight Group yet.")
    return group


@login_required
def group(request):
    permissions.require_read_oversight(request.user)
    group = selectors.group_current(actor=request.user)
    today = timezone.localdate()
    members = list(selectors.members_for(actor=request.user, group=group)) if group else []
    return render(
        request,
        "oversight/group.html",
        {
            "group": group,
            "current": [m for m in members if m.is_current(today)],
            "former": [m for m in members if not m.is_current(today)],
            "rules": selectors.composition_for(group) if group else [],
            "may_manage": permissions.may_manage_group(request.user),
            "may_create": permissions.may_create_group(request.user),
        },
    )


@login_required
def group_create(request):
    """A new install's one Oversight Group, created by an administrator."""
    permissions.require_create_group(request.user)
    if selectors.group_current(actor=request.user) is not None:
        messages.info(request, _("The Oversight Group exists already: add its members here."))
        return redirect("oversight:group")
    return form_page(
        request,
        form=GroupCreateForm(*posted(request), initial={"name": services.DEFAULT_GROUP_NAME}),
        template="oversight/group_create.html",
        context={},
        save=lambda data: services.oversight_group_create(actor=request.user, name=data["name"]),
        success=_("The Oversight Group is created: add its members, then mark it constituted."),
        next_url=reverse("oversight:group"),
    )


@login_required
@require_POST
def group_constitute(request):
    permissions.require_manage_group(request.user)
    group = _group_or_404(request.user)
    try:
        services.oversight_group_constitute(actor=request.user, group=group)
    except ValidationError as exc:
        # A button, not a form: the rules still broken are shown as messages.
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The group is constituted: its rules now apply to every change.")
        )
    return redirect("oversight:group")


@login_required
def member_create(request):
    permissions.require_manage_group(request.user)
    group = _group_or_404(request.user)
    form = OversightMemberForm(*posted(request), initial={"term_starts_on": timezone.localdate()})
    return form_page(
        request,
        form=form,
        template="oversight/member_form.html",
        context={"title": _("Add a member")},
        save=lambda data: services.oversight_member_add(
            actor=request.user, group=group, **form.member_arguments(data, actor=request.user)
        ),
        success=_("Member added."),
        next_url=reverse("oversight:group"),
    )


@login_required
def member_update(request, pk: int):
    permissions.require_manage_group(request.user)
    member = selectors.member_get(actor=request.user, pk=pk)
    form = OversightMemberForm(*posted(request), instance=member)
    return form_page(
        request,
        form=form,
        template="oversight/member_form.html",
        context={"title": _("Edit %(member)s") % {"member": member}, "member": member},
        # A fresh copy: a refused change leaves nothing half-applied on the page's member.
        save=lambda data: services.oversight_member_update(
            actor=request.user,
            member=selectors.member_get(actor=request.user, pk=pk),
            **form.member_arguments(data, actor=request.user),
        ),
        success=_("Member updated."),
        next_url=reverse("oversight:group"),
    )


@login_required
def member_end(request, pk: int):
    """A confirmation page with the term's last day (default today), never one click."""
    permissions.require_manage_group(request.user)
    member = selectors.member_get(actor=request.user, pk=pk)
    return form_page(
        request,
        form=MemberEndForm(*posted(request)),
        template="oversight/member_end_confirm.html",
        context={"member": member},
        save=lambda data: services.oversight_member_end(
            actor=request.user,
            member=selectors.member_get(actor=request.user, pk=pk),
            last_day=data["last_day"],
        ),
        success=_("The member's term ends as recorded."),
        next_url=reverse("oversight:group"),
    )


@login_required
def report_list(request):
    permissions.require_read_oversight(request.user)
    if request.method == "POST":
        permissions.require_request_report(request.user)
    form = ReportRequestForm(
        *posted(request),
        initial={"quarter": Quarter.containing(timezone.localdate()).previous().label},
    )
    by_quarter: dict[str, list] = {}
    for report in selectors.reports_for(actor=request.user):
        by_quarter.setdefault(report.quarter, []).append(report)
    return form_page(
        request,
        form=form,
        template="oversight/report_list.html",
        context={
            "by_quarter": by_quarter,
            "pending": list(selectors.report_requests_pending(actor=request.user)),
            "failed": list(selectors.report_requests_failed(actor=request.user)),
        },
        save=lambda data: services.report_request_create(
            actor=request.user, quarter=data["quarter"]
        ),
        success=_("Report requested: it is generated in the background."),
        next_url=reverse("oversight:report_list"),
    )


@login_required
def report_download(request, pk: int):
    permissions.require_download_report(request.user)
    report = selectors.report_get(actor=request.user, pk=pk)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.DOWNLOAD,
        obj=report,
        detail={"quarter": report.quarter, "version": report.version},
        request=request,
    )
    return pdf_response(report)
