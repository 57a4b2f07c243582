"""A person's communities and the Partnership page of each."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import form_page, posted

from .. import forms, permissions, selectors, services
from ..fence import community_scope
from ..member_forms import EndMembershipForm, PartnershipMemberForm
from .base import GET_POST, governance_context, guard_edit


@login_required
def community_list(request):
    communities = selectors.communities_for_user(actor=request.user)
    return render(request, "partnerships/community_list.html", {"communities": communities})


@login_required
def community_detail(request, slug: str):
    """Read by everyone working in the community (``may_read_partnership``), others 404."""
    community = selectors.community_get(actor=request.user, slug=slug)
    partnership = getattr(community, "partnership", None)
    context = {"community": community, "members": [], "tiers": [], "priorities": []}
    if partnership is not None:
        context.update(
            governance_context(
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
    """Read by the community and by administrators; switched by administrators only
    (``may_switch_case_records``), after a confirmation that says what disappears."""
    may_switch = permissions.may_switch_case_records(request.user)
    if may_switch or request.method == "POST":
        # Administrators reach every community; the community's own roles are refused
        # the switch (403), anyone else never finds the community (404).
        community = selectors.community_for_administration(actor=request.user, slug=slug)
        partnership = community.partnership
    else:
        partnership = selectors.partnership_get(actor=request.user, slug=slug)
        community = partnership.community
    form = forms.CaseRecordsForm(
        *posted(request), initial={"keeps_case_records": partnership.keeps_case_records}
    )
    context = {
        **governance_context(request, partnership),
        "community": community,
        "partnership": partnership,
        "may_switch": may_switch,
    }
    if request.method == "POST" and form.is_valid():
        turning_off = partnership.keeps_case_records and not form.cleaned_data["keeps_case_records"]
        if turning_off and request.POST.get("confirm") != "yes":
            return render(request, "partnerships/case_records_confirm.html", context)
    return form_page(
        request,
        form=form,
        template="partnerships/case_records.html",
        context=context,
        save=lambda data: services.partnership_set_case_records(
            actor=request.user,
            partnership=partnership,
            keeps_case_records=data["keeps_case_records"],
        ),
        success="Case records are now kept for this partnership."
        if form.is_bound and form.is_valid() and form.cleaned_data["keeps_case_records"]
        else "Case records are no longer kept: casework no longer shows for this community.",
        next_url=reverse("partnerships:case_records", kwargs={"slug": slug}),
    )


# --- Members after onboarding -------------------------------------------------------------


@login_required
@GET_POST
def partnership_members(request, slug: str):
    """Everyone who takes or took part; ``may_edit_governance`` adds members.

    Administrators reach every community's Partnership here (they work in none), so the
    fence is opened for this one community.
    """
    partnership = selectors.partnership_for_governance(actor=request.user, slug=slug)
    guard_edit(request, partnership.community)
    with community_scope([partnership.community_id]):
        return form_page(
            request,
            form=PartnershipMemberForm(*posted(request)),
            template="partnerships/partnership_members.html",
            context=governance_context(
                request,
                partnership,
                members=list(selectors.partnership_members(partnership=partnership)),
                today=timezone.localdate(),
            ),
            save=lambda data: services.partnership_member_add(
                actor=request.user, partnership=partnership, **data
            ),
            success=_("Member added."),
            next_url=reverse("partnerships:partnership_members", kwargs={"slug": slug}),
        )


@login_required
@GET_POST
def partnership_member_end(request, slug: str, pk: int):
    """A confirmation page with the date they left (default today), never one click."""
    partnership = selectors.partnership_for_governance(actor=request.user, slug=slug)
    guard_edit(request, partnership.community, always=True)
    with community_scope([partnership.community_id]):
        member = selectors.partnership_member_get(actor=request.user, slug=slug, pk=pk)
        back = reverse("partnerships:partnership_members", kwargs={"slug": slug})
        return form_page(
            request,
            form=EndMembershipForm(*posted(request)),
            template="partnerships/member_end_confirm.html",
            context=governance_context(
                request,
                partnership,
                member=member,
                what=_("%(member)s's membership of %(partnership)s")
                % {"member": member, "partnership": partnership},
                back=back,
            ),
            save=lambda data: services.partnership_member_end(
                actor=request.user, member=member, ends_on=data["ends_on"]
            ),
            success=_("%(member)s is recorded as having left.") % {"member": member},
            next_url=back,
        )


@login_required
@GET_POST
def tier_member_end(request, slug: str, pk: int, member_pk: int):
    """A tier member leaves: the date (default today) on a confirmation page, never one click."""
    tier = selectors.tier_get(actor=request.user, slug=slug, pk=pk)
    guard_edit(request, tier.community, always=True)
    member = get_object_or_404(selectors.tier_members(tier=tier), pk=member_pk)
    back = reverse("partnerships:tier_detail", kwargs={"slug": slug, "pk": pk})
    return form_page(
        request,
        form=EndMembershipForm(*posted(request)),
        template="partnerships/member_end_confirm.html",
        context=governance_context(
            request,
            tier.partnership,
            member=member,
            what=_("%(member)s's place on %(tier)s") % {"member": member, "tier": tier},
            back=back,
        ),
        save=lambda data: services.tier_member_end(
            actor=request.user, member=member, ends_on=data["ends_on"]
        ),
        success=_("%(member)s has left %(tier)s.") % {"member": member, "tier": tier},
        next_url=back,
    )
