"""The Oversight Group's pages: its composition and rules, and the quarterly reports.

Oversight roles read no community's records: these pages use only Territory-wide,
de-identified selectors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.services import audit_record
from partnerships.models import Role
from partnerships.selectors import has_role, is_administrator

from . import selectors, services
from .download import pdf_response as _pdf_response
from .forms import MemberEndForm, OversightMemberForm, ReportRequestForm
from .quarters import Quarter


def _require_reader(actor) -> None:
    if not selectors.may_read_oversight(actor):
        raise Http404("No such page.")


def _may_manage(actor) -> bool:
    return is_administrator(actor) or has_role(actor, Role.OVERSIGHT_COCHAIR)


def _require_manager(actor) -> None:
    _require_reader(actor)
    if not _may_manage(actor):
        raise PermissionDenied("Only an administrator or a co-chair can change the group.")


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _group_or_404(actor):
    group = selectors.group_current(actor=actor)
    if group is None:
        raise Http404("There is no Oversight Group yet.")
    return group


@login_required
def group(request):
    _require_reader(request.user)
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
            "may_manage": _may_manage(request.user),
        },
    )


@login_required
@require_POST
def group_constitute(request):
    _require_manager(request.user)
    group = _group_or_404(request.user)
    try:
        services.oversight_group_constitute(actor=request.user, group=group)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The group is constituted: its rules now apply to every change.")
    return redirect("oversight:group")


@login_required
def member_create(request):
    _require_manager(request.user)
    group = _group_or_404(request.user)
    form = OversightMemberForm(
        request.POST or None, initial={"term_starts_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.oversight_member_add(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Member added.")
            return redirect("oversight:group")
    return render(request, "oversight/member_form.html", {"form": form, "title": "Add a member"})


@login_required
def member_update(request, pk: int):
    _require_manager(request.user)
    member = selectors.member_get(actor=request.user, pk=pk)
    form = OversightMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.oversight_member_update(
                actor=request.user,
                member=selectors.member_get(actor=request.user, pk=pk),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Member updated.")
            return redirect("oversight:group")
    end_form = MemberEndForm(initial={"last_day": timezone.localdate()})
    return render(
        request,
        "oversight/member_form.html",
        {"form": form, "title": f"Edit {member}", "member": member, "end_form": end_form},
    )


@login_required
@require_POST
def member_end(request, pk: int):
    _require_manager(request.user)
    member = selectors.member_get(actor=request.user, pk=pk)
    form = MemberEndForm(request.POST)
    if form.is_valid():
        try:
            services.oversight_member_end(
                actor=request.user, member=member, last_day=form.cleaned_data["last_day"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("oversight:member_update", pk=member.pk)
        messages.success(request, "The member's term ends as recorded.")
    return redirect("oversight:group")


@login_required
def report_list(request):
    _require_reader(request.user)
    form = ReportRequestForm(
        request.POST or None,
        initial={"quarter": Quarter.containing(timezone.localdate()).previous().label},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_request_create(actor=request.user, quarter=form.cleaned_data["quarter"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Report requested: it is generated in the background.")
            return redirect("oversight:report_list")
    reports = selectors.reports_for(actor=request.user)
    by_quarter: dict[str, list] = {}
    for report in reports:
        by_quarter.setdefault(report.quarter, []).append(report)
    pending = list(selectors.report_requests_pending(actor=request.user))
    recent_failed = list(
        selectors.report_requests_for(actor=request.user).filter(
            state="failed", requested_by=request.user
        )[:5]
    )
    return render(
        request,
        "oversight/report_list.html",
        {
            "by_quarter": by_quarter,
            "pending": pending,
            "failed": recent_failed,
            "form": form,
        },
    )


@login_required
def report_download(request, pk: int):
    _require_reader(request.user)
    report = selectors.report_get(actor=request.user, pk=pk)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.DOWNLOAD,
        obj=report,
        detail={"quarter": report.quarter, "version": report.version},
        request=request,
    )
    return _pdf_response(report)
