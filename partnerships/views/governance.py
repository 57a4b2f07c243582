"""Governance pages: tiers and their members, priorities and actions, workers, investment.

Everyone working in the community reads them (their selectors answer 404 to anyone
else); ``may_edit_governance`` changes them (``guard_edit``: 403 for the rest).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import form_page, posted

from .. import forms, selectors, services
from .base import GET_POST, governance_context, guard_edit


@login_required
@GET_POST
def tier_create(request, slug: str):
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    guard_edit(request, partnership.community, always=True)
    return form_page(
        request,
        form=forms.TierForm(*posted(request), partnership=partnership),
        template="partnerships/form_page.html",
        context=governance_context(request, partnership, heading=_("Add a governance tier")),
        save=lambda data: services.tier_create(actor=request.user, partnership=partnership, **data),
        success=_("Saved."),
        next_url=lambda tier: reverse(
            "partnerships:tier_detail", kwargs={"slug": slug, "pk": tier.pk}
        ),
    )


@login_required
@GET_POST
def tier_detail(request, slug: str, pk: int):
    tier = selectors.tier_get(actor=request.user, slug=slug, pk=pk)
    guard_edit(request, tier.community)
    here = reverse("partnerships:tier_detail", kwargs={"slug": slug, "pk": pk})
    if request.method == "POST" and "end_member" in request.POST:
        member_id = request.POST["end_member"]
        if not member_id.isdigit():
            raise Http404("No such member.")
        member = get_object_or_404(selectors.tier_members(tier=tier), pk=int(member_id))
        services.tier_member_end(actor=request.user, member=member)
        messages.success(
            request, _("%(member)s has left %(tier)s.") % {"member": member, "tier": tier}
        )
        return redirect(here)
    members = list(selectors.tier_members(tier=tier))
    return form_page(
        request,
        form=forms.TierMemberForm(*posted(request)),
        template="partnerships/tier_detail.html",
        context=governance_context(request, tier.partnership, tier=tier, members=members),
        save=lambda data: services.tier_member_add(actor=request.user, tier=tier, **data),
        success=_("Member added."),
        next_url=here,
    )


@login_required
@GET_POST
def priority_list(request, slug: str):
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    guard_edit(request, partnership.community)
    return form_page(
        request,
        form=forms.PriorityForm(*posted(request)),
        template="partnerships/priority_list.html",
        context=governance_context(
            request, partnership, priorities=selectors.priorities_for(partnership=partnership)
        ),
        save=lambda data: services.priority_create(
            actor=request.user, partnership=partnership, **data
        ),
        success=_("Saved."),
        next_url=lambda priority: reverse(
            "partnerships:priority_detail", kwargs={"slug": slug, "pk": priority.pk}
        ),
    )


@login_required
@GET_POST
def priority_detail(request, slug: str, pk: int):
    priority = selectors.priority_get(actor=request.user, slug=slug, pk=pk)
    guard_edit(request, priority.community)
    return form_page(
        request,
        form=forms.ActionForm(*posted(request)),
        template="partnerships/priority_detail.html",
        context=governance_context(
            request,
            priority.partnership,
            priority=priority,
            actions=selectors.priority_actions(priority=priority),
        ),
        save=lambda data: services.action_create(actor=request.user, priority=priority, **data),
        success=_("Action added."),
        next_url=reverse("partnerships:priority_detail", kwargs={"slug": slug, "pk": pk}),
    )


@login_required
@GET_POST
def action_update(request, slug: str, pk: int):
    action = selectors.action_get(actor=request.user, slug=slug, pk=pk)
    guard_edit(request, action.community, always=True)
    return form_page(
        request,
        form=forms.ActionStatusForm(
            *posted(request), initial={"status": action.status, "due_on": action.due_on}
        ),
        template="partnerships/form_page.html",
        context=governance_context(
            request,
            action.priority.partnership,
            heading=_("Update action: %(description)s") % {"description": action.description},
        ),
        save=lambda data: services.action_update(actor=request.user, action=action, **data),
        success=_("Action updated."),
        next_url=reverse(
            "partnerships:priority_detail", kwargs={"slug": slug, "pk": action.priority_id}
        ),
    )


@login_required
@GET_POST
def workers(request, slug: str):
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    guard_edit(request, partnership.community)
    return form_page(
        request,
        form=forms.WorkerForm(*posted(request)),
        template="partnerships/workers.html",
        context=governance_context(
            request,
            partnership,
            workers=selectors.workers_for(partnership=partnership),
            # An engagement ending later than today can still be ended sooner.
            today=timezone.localdate(),
        ),
        save=lambda data: services.worker_add(actor=request.user, partnership=partnership, **data),
        success=_("Saved."),
        next_url=reverse("partnerships:workers", kwargs={"slug": slug}),
    )


@login_required
@GET_POST
def investment(request, slug: str):
    partnership = selectors.partnership_get(actor=request.user, slug=slug)
    guard_edit(request, partnership.community)
    return form_page(
        request,
        form=forms.InvestmentForm(*posted(request)),
        template="partnerships/investment.html",
        context=governance_context(
            request,
            partnership,
            investments=selectors.investments_for(partnership=partnership),
            totals=selectors.investment_totals_by_year(partnership=partnership),
        ),
        save=lambda data: services.investment_record(
            actor=request.user, partnership=partnership, **data
        ),
        success=_("Saved."),
        next_url=reverse("partnerships:investment", kwargs={"slug": slug}),
    )
