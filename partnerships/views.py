from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from . import charts, forms, indicator_sources, selectors, services
from .models import Role

GET_POST = require_http_methods(["GET", "POST"])


def _apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _post_data(request):
    # Not ``request.POST or None``: a POST of only unticked boxes is empty but still bound.
    return request.POST if request.method == "POST" else None


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _require_editor(request, community) -> None:
    if not selectors.can_change_governance(request.user, community):
        raise PermissionDenied("Only the Partnership's coordinators change this.")


def _governance_context(request, partnership, **extra):
    return {
        "community": partnership.community,
        "partnership": partnership,
        "can_edit": selectors.can_change_governance(request.user, partnership.community),
        **extra,
    }


@login_required
def community_list(request):
    communities = selectors.communities_for_user(actor=request.user)
    return render(request, "partnerships/community_list.html", {"communities": communities})


@login_required
def community_detail(request, slug: str):
    community = selectors.community_get(actor=request.user, slug=slug)
    partnership = getattr(community, "partnership", None)
    context = {"community": community, "members": [], "tiers": [], "priorities": []}
    if partnership is not None:
        context.update(
            _governance_context(
                request,
                partnership,
                members=partnership.members.select_related("organisation").order_by(
                    "-is_community_leader", "person_name"
                ),
                tiers=selectors.tiers_with_participation(partnership=partnership),
                priorities=selectors.priorities_for(partnership=partnership),
            )
        )
    return render(request, "partnerships/community_detail.html", context)


@login_required
@GET_POST
def case_records(request, slug: str):
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    form = forms.CaseRecordsForm(
        _post_data(request), initial={"keeps_case_records": partnership.keeps_case_records}
    )
    if request.method == "POST":
        _require_editor(request, partnership.community)
        if form.is_valid():
            services.partnership_set_case_records(
                actor=request.user,
                partnership=partnership,
                keeps_case_records=form.cleaned_data["keeps_case_records"],
            )
            messages.success(request, "Saved.")
            return redirect("partnerships:community_detail", slug=slug)
    return render(
        request,
        "partnerships/case_records.html",
        _governance_context(request, partnership, form=form),
    )


def _create_page(request, slug, *, form_class, save, success, form_kwargs=None, editors_only=False):
    """GET shows the form; POST (coordinators) calls the service and redirects."""
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    if editors_only:
        _require_editor(request, partnership.community)
    kwargs = (form_kwargs or (lambda p: {}))(partnership)
    form = form_class(*_posted(request), **kwargs)
    if request.method == "POST":
        _require_editor(request, partnership.community)
        if form.is_valid():
            try:
                obj = save(partnership, form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Saved.")
                return redirect(success(partnership, obj))
    return partnership, form, kwargs


@login_required
@GET_POST
def tier_create(request, slug: str):
    result = _create_page(
        request,
        slug,
        form_class=forms.TierForm,
        editors_only=True,
        form_kwargs=lambda p: {"partnership": p},
        save=lambda p, data: services.tier_create(actor=request.user, partnership=p, **data),
        success=lambda p, tier: reverse(
            "partnerships:tier_detail", kwargs={"slug": slug, "pk": tier.pk}
        ),
    )
    if not isinstance(result, tuple):
        return result
    partnership, form, _ = result
    return render(
        request,
        "partnerships/form_page.html",
        _governance_context(request, partnership, form=form, heading="Add a governance tier"),
    )


@login_required
@GET_POST
def tier_detail(request, slug: str, pk: int):
    tier = selectors.tier_get(actor=request.user, slug=slug, pk=pk)
    form = forms.TierMemberForm(_post_data(request))
    if request.method == "POST":
        _require_editor(request, tier.community)
        if "end_member" in request.POST:
            member_id = request.POST["end_member"]
            if not member_id.isdigit():
                raise Http404("No such member.")
            member = get_object_or_404(selectors.tier_members(tier=tier), pk=int(member_id))
            services.tier_member_end(actor=request.user, member=member)
            messages.success(request, f"{member} has left {tier}.")
            return redirect("partnerships:tier_detail", slug=slug, pk=pk)
        if form.is_valid():
            try:
                services.tier_member_add(actor=request.user, tier=tier, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Member added.")
                return redirect("partnerships:tier_detail", slug=slug, pk=pk)
    members = list(selectors.tier_members(tier=tier))
    return render(
        request,
        "partnerships/tier_detail.html",
        _governance_context(request, tier.partnership, tier=tier, members=members, form=form),
    )


@login_required
@GET_POST
def priority_list(request, slug: str):
    result = _create_page(
        request,
        slug,
        form_class=forms.PriorityForm,
        save=lambda p, data: services.priority_create(actor=request.user, partnership=p, **data),
        success=lambda p, priority: reverse(
            "partnerships:priority_detail", kwargs={"slug": slug, "pk": priority.pk}
        ),
    )
    if not isinstance(result, tuple):
        return result
    partnership, form, _ = result
    return render(
        request,
        "partnerships/priority_list.html",
        _governance_context(
            request,
            partnership,
            form=form,
            priorities=selectors.priorities_for(partnership=partnership),
        ),
    )


@login_required
@GET_POST
def priority_detail(request, slug: str, pk: int):
    priority = selectors.priority_get(actor=request.user, slug=slug, pk=pk)
    form = forms.ActionForm(_post_data(request))
    if request.method == "POST":
        _require_editor(request, priority.community)
        if form.is_valid():
            try:
                services.action_create(actor=request.user, priority=priority, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Action added.")
                return redirect("partnerships:priority_detail", slug=slug, pk=pk)
    return render(
        request,
        "partnerships/priority_detail.html",
        _governance_context(
            request,
            priority.partnership,
            priority=priority,
            actions=selectors.priority_actions(priority=priority),
            form=form,
        ),
    )


@login_required
@GET_POST
def action_update(request, slug: str, pk: int):
    action = selectors.action_get(actor=request.user, slug=slug, pk=pk)
    _require_editor(request, action.community)
    form = forms.ActionStatusForm(
        _post_data(request), initial={"status": action.status, "due_on": action.due_on}
    )
    if request.method == "POST":
        _require_editor(request, action.community)
        if form.is_valid():
            try:
                services.action_update(actor=request.user, action=action, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Action updated.")
                return redirect("partnerships:priority_detail", slug=slug, pk=action.priority_id)
    return render(
        request,
        "partnerships/form_page.html",
        _governance_context(
            request,
            action.priority.partnership,
            form=form,
            heading=f"Update action: {action.description}",
        ),
    )


@login_required
def dashboard(request, slug: str):
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    rows = []
    for indicator in selectors.indicators_for(partnership=partnership):
        values = list(indicator.values.all())
        latest = values[-1] if values else None
        rows.append(
            {
                "indicator": indicator,
                "latest": latest,
                "meets_target": indicator.meets_target(latest.value if latest else None),
                "chart": charts.indicator_chart(indicator, values),
                "source_available": (
                    indicator_sources.is_available(indicator.source_key)
                    if indicator.source_key
                    else None
                ),
            }
        )
    return render(
        request,
        "partnerships/dashboard.html",
        _governance_context(request, partnership, rows=rows),
    )


@login_required
@GET_POST
def indicator_create(request, slug: str):
    result = _create_page(
        request,
        slug,
        form_class=forms.IndicatorForm,
        editors_only=True,
        form_kwargs=lambda p: {"partnership": p},
        save=lambda p, data: services.indicator_create(actor=request.user, partnership=p, **data),
        success=lambda p, indicator: reverse(
            "partnerships:indicator_detail", kwargs={"slug": slug, "pk": indicator.pk}
        ),
    )
    if not isinstance(result, tuple):
        return result
    partnership, form, _ = result
    return render(
        request,
        "partnerships/form_page.html",
        _governance_context(request, partnership, form=form, heading="Add an indicator"),
    )


@login_required
@GET_POST
def indicator_detail(request, slug: str, pk: int):
    indicator = selectors.indicator_get(actor=request.user, slug=slug, pk=pk)
    computing = request.POST.get("form") == "compute"
    value_form = forms.IndicatorValueForm(
        request.POST if request.method == "POST" and not computing else None
    )
    compute_form = forms.IndicatorComputeForm(request.POST if computing else None)
    if request.method == "POST":
        _require_editor(request, indicator.community)
        form = compute_form if computing else value_form
        if form.is_valid():
            try:
                if computing:
                    services.indicator_compute(
                        actor=request.user, indicator=indicator, **form.cleaned_data
                    )
                else:
                    services.indicator_value_record(
                        actor=request.user, indicator=indicator, **form.cleaned_data
                    )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Value recorded.")
                return redirect("partnerships:indicator_detail", slug=slug, pk=pk)
    values = list(indicator.values.all())
    return render(
        request,
        "partnerships/indicator_detail.html",
        _governance_context(
            request,
            indicator.partnership,
            indicator=indicator,
            values=values,
            chart=charts.indicator_chart(indicator, values),
            value_form=value_form,
            compute_form=compute_form if indicator.source_key else None,
            source_available=indicator.source_key
            and indicator_sources.is_available(indicator.source_key),
        ),
    )


@login_required
@GET_POST
def indicator_import(request, slug: str):
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    form = forms.IndicatorImportForm(*_posted(request))
    report = None
    if request.method == "POST":
        _require_editor(request, partnership.community)
        if form.is_valid():
            report = services.indicator_values_import(
                actor=request.user, partnership=partnership, csv_text=form.cleaned_data["file"]
            )
            if report.ok:
                messages.success(request, f"Imported {report.imported} values.")
                return redirect("partnerships:dashboard", slug=slug)
    return render(
        request,
        "partnerships/indicator_import.html",
        _governance_context(request, partnership, form=form, report=report),
    )


@login_required
@GET_POST
def workers(request, slug: str):
    result = _create_page(
        request,
        slug,
        form_class=forms.WorkerForm,
        save=lambda p, data: services.worker_add(actor=request.user, partnership=p, **data),
        success=lambda p, worker: reverse("partnerships:workers", kwargs={"slug": slug}),
    )
    if not isinstance(result, tuple):
        return result
    partnership, form, _ = result
    return render(
        request,
        "partnerships/workers.html",
        _governance_context(
            request, partnership, form=form, workers=selectors.workers_for(partnership=partnership)
        ),
    )


@login_required
@GET_POST
def investment(request, slug: str):
    result = _create_page(
        request,
        slug,
        form_class=forms.InvestmentForm,
        save=lambda p, data: services.investment_record(actor=request.user, partnership=p, **data),
        success=lambda p, item: reverse("partnerships:investment", kwargs={"slug": slug}),
    )
    if not isinstance(result, tuple):
        return result
    partnership, form, _ = result
    return render(
        request,
        "partnerships/investment.html",
        _governance_context(
            request,
            partnership,
            form=form,
            investments=selectors.investments_for(partnership=partnership),
            totals=selectors.investment_totals_by_year(partnership=partnership),
        ),
    )


# --- Administration -----------------------------------------------------------------------


@login_required
def admin_home(request):
    communities = selectors.communities_for_administration(actor=request.user)
    return render(request, "partnerships/admin_home.html", {"communities": communities})


@login_required
@GET_POST
def admin_onboard(request):
    selectors.require_administrator(request.user)
    data = request.POST if request.method == "POST" else None
    form = forms.OnboardCommunityForm(data)
    member_formset = forms.OnboardMemberFormSet(data, prefix="members")
    staff_formset = forms.StaffFormSet(data, prefix="staff")
    if data is not None and all(
        [form.is_valid(), member_formset.is_valid(), staff_formset.is_valid()]
    ):
        try:
            result = services.community_onboard(
                actor=request.user,
                **form.cleaned_data,
                members=forms.filled(member_formset),
                staff=forms.filled(staff_formset),
                link_base=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return render(request, "partnerships/admin_onboarded.html", {"result": result})
    return render(
        request,
        "partnerships/admin_onboard.html",
        {"form": form, "member_formset": member_formset, "staff_formset": staff_formset},
    )


@login_required
@GET_POST
def admin_access(request, slug: str):
    community = selectors.community_for_administration(actor=request.user, slug=slug)
    partnership = getattr(community, "partnership", None)
    if request.method == "POST" and request.POST.get("form") == "case_records" and partnership:
        case_form = forms.CaseRecordsForm(request.POST)
        if case_form.is_valid():
            services.partnership_set_case_records(
                actor=request.user,
                partnership=partnership,
                keeps_case_records=case_form.cleaned_data["keeps_case_records"],
            )
            messages.success(request, "Case records setting saved.")
        return redirect("partnerships:admin_access", slug=slug)
    case_form = forms.CaseRecordsForm(
        initial={"keeps_case_records": partnership.keeps_case_records if partnership else True}
    )
    form = forms.GrantAccessForm(_post_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = None
            user = data["existing_user"]
            if user is None:
                user, link = services.user_create(
                    actor=request.user,
                    username=data["username"],
                    display_name=data["display_name"],
                    email=data["email"],
                    link_base=request.build_absolute_uri("/"),
                )
            services.membership_grant(
                actor=request.user,
                user=user,
                role=data["role"],
                community=community,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{user} now has access to {community}.")
            if link:
                messages.info(request, f"Password-set link for {user.username}: {link}")
            return redirect("partnerships:admin_access", slug=slug)
    return render(
        request,
        "partnerships/admin_access.html",
        {
            "community": community,
            "memberships": selectors.community_access(actor=request.user, community=community),
            "form": form,
            "case_form": case_form,
            "partnership": partnership,
        },
    )


@login_required
@GET_POST
def admin_membership(request, pk: int):
    membership = selectors.membership_for_administration(actor=request.user, pk=pk)
    form = forms.MembershipChangeForm(
        _post_data(request), initial={"role": membership.role, "ends_on": membership.ends_on}
    )
    if membership.role not in {r.value for r in Role if r in services.COMMUNITY_ROLES}:
        form.fields["role"].choices = [(membership.role, membership.get_role_display())]
    back = (
        reverse("partnerships:admin_access", kwargs={"slug": membership.community.slug})
        if membership.community
        else reverse("partnerships:admin_user", kwargs={"pk": membership.user_id})
    )
    if request.method == "POST":
        try:
            if "end" in request.POST:
                services.membership_end(actor=request.user, membership=membership)
                messages.success(request, "Access ended.")
                return redirect(back)
            if form.is_valid():
                services.membership_change(
                    actor=request.user, membership=membership, **form.cleaned_data
                )
                messages.success(request, "Access changed.")
                return redirect(back)
        except ValidationError as error:
            _apply_errors(form, error)
    return render(
        request,
        "partnerships/admin_membership.html",
        {"membership": membership, "form": form, "back": back},
    )


@login_required
@GET_POST
def admin_user(request, pk: int):
    person = selectors.user_for_administration(actor=request.user, pk=pk)
    error = None
    if request.method == "POST":
        try:
            if "deactivate" in request.POST:
                services.user_deactivate(actor=request.user, user=person)
                messages.success(request, f"{person} can no longer sign in; their sessions ended.")
            elif "reactivate" in request.POST:
                services.user_reactivate(actor=request.user, user=person)
                messages.success(request, f"{person} can sign in again.")
            return redirect("partnerships:admin_user", pk=pk)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "partnerships/admin_user.html",
        {
            "person": person,
            "memberships": selectors.user_memberships(actor=request.user, user=person),
            "error": error,
        },
    )


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Where a new person chooses their first password (Django's reset token)."""

    template_name = "partnerships/password_set.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return super().form_valid(form)
