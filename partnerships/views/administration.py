"""Administration: onboarding communities, who has access where, people's accounts.

An area of its own, guarded by ``may_manage_access``: anyone else gets 403 here, or 404
for a record of a community they do not work in (``selectors.*_for_administration``).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from core.errors import apply_service_errors
from core.forms import form_page, posted

from .. import forms, selectors, services
from ..fence import community_scope
from ..member_forms import PartnershipStatusForm, TerritoryWideAccessForm
from ..models import COMMUNITY_ROLES, Role
from ..permissions import require_access_manager, require_status_changer
from .base import GET_POST


@login_required
def admin_home(request):
    communities = selectors.communities_for_administration(actor=request.user)
    return render(request, "partnerships/admin_home.html", {"communities": communities})


ONBOARDED_SESSION_KEY = "partnerships:onboarded"


def _onboarding_refusals(form, member_formset, staff_formset) -> None:
    """What the service would refuse, found all at once and put beside each field, so the
    person fixes everything in one round (the service still checks, inside its transaction)."""
    if form.is_valid():
        data = form.cleaned_data
        duplicate = services.community_duplicate_of(
            data["name"], "", data.get("alternative_names") or []
        )
        if duplicate is not None:
            form.add_error(
                _("name"),
                _("%(name)s is already a community here (same name or spelling).")
                % {"name": duplicate.name},
            )
    for row in member_formset.forms:
        if not (row.has_changed() and row.is_valid()):
            continue
        organisation = (row.cleaned_data.get("organisation") or "").strip()
        if not organisation and not (row.cleaned_data.get("person_name") or "").strip():
            row.add_error("organisation", _("Name the organisation or the person."))
    usernames = [
        (row, row.cleaned_data["username"].strip())
        for row in staff_formset.forms
        if row.has_changed() and row.is_valid()
    ]
    taken = set(
        get_user_model()
        .objects.filter(username__in=[name for _row, name in usernames])
        .values_list("username", flat=True)
    )
    seen: set[str] = set()
    for row, name in usernames:
        if name in taken:
            row.add_error(
                "username", _("The username “%(name)s” is already taken.") % {"name": name}
            )
        elif name in seen:
            row.add_error(
                "username",
                _("The username “%(name)s” is given to two people here.") % {"name": name},
            )
        seen.add(name)


@login_required
@GET_POST
def admin_onboard(request):
    """Three forms in one page. Every refusal shows in one round, beside its field; success
    redirects to a result page (a refresh does not onboard again)."""
    require_access_manager(request.user)
    here = reverse("partnerships:admin_onboard")
    if request.method == "GET" and request.GET.get("done"):
        result = request.session.get(ONBOARDED_SESSION_KEY)
        if result and result["community_slug"] == request.GET["done"]:
            return render(request, "partnerships/admin_onboarded.html", {"result": result})
        return redirect(here)
    data = request.POST if request.method == "POST" else None
    form = forms.OnboardCommunityForm(data)
    member_formset = forms.OnboardMemberFormSet(data, prefix="members")
    staff_formset = forms.StaffFormSet(data, prefix="staff")
    if data is not None:
        # Validate all three (not stopping at the first), then the service's own checks.
        _onboarding_refusals(form, member_formset, staff_formset)
        valid = [form.is_valid(), member_formset.is_valid(), staff_formset.is_valid()]
    if data is not None and all(valid):
        try:
            result = services.community_onboard(
                actor=request.user,
                **form.cleaned_data,
                members=forms.filled(member_formset),
                staff=forms.filled(staff_formset),
                link_base=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            # What the result page shows, kept for this person's session only: the one-time
            # password links are shown once more on a refresh, never posted again.
            request.session[ONBOARDED_SESSION_KEY] = {
                "community_slug": result.community.slug,
                "community_name": result.community.name,
                "partnership_name": result.partnership.name,
                "partnership_status": result.partnership.get_status_display(),
                "members": len(result.members),
                "staff": [
                    {
                        "name": str(item.user),
                        "username": item.user.username,
                        "role": item.membership.get_role_display(),
                        "password_link": item.password_link,
                    }
                    for item in result.staff
                ],
            }
            return redirect(f"{here}?done={result.community.slug}")
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
    here = reverse("partnerships:admin_access", kwargs={"slug": slug})
    if request.method == "POST" and request.POST.get("form") == "case_records" and partnership:
        case_form = forms.CaseRecordsForm(request.POST)
        if (
            case_form.is_valid()
            and partnership.keeps_case_records
            and not case_form.cleaned_data["keeps_case_records"]
        ):
            # Hiding every child's record is confirmed first, on the case-records page.
            return render(
                request,
                "partnerships/case_records_confirm.html",
                {"community": community, "partnership": partnership},
            )
        if case_form.is_valid():
            services.partnership_set_case_records(
                actor=request.user,
                partnership=partnership,
                keeps_case_records=case_form.cleaned_data["keeps_case_records"],
            )
            messages.success(request, _("Case records setting saved."))
        return redirect(here)

    def grant(data):
        # A new person and their access, all or nothing (form_page runs this atomically).
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
        messages.success(
            request,
            _("%(user)s now has access to %(community)s.") % {"user": user, "community": community},
        )
        if link:
            messages.info(
                request,
                _("Password-set link for %(username)s: %(link)s")
                % {"username": user.username, "link": link},
            )

    return form_page(
        request,
        form=forms.GrantAccessForm(*posted(request)),
        template="partnerships/admin_access.html",
        context={
            "community": community,
            "memberships": selectors.community_access(actor=request.user, community=community),
            "case_form": forms.CaseRecordsForm(
                initial={
                    "keeps_case_records": partnership.keeps_case_records if partnership else True
                }
            ),
            "partnership": partnership,
        },
        save=grant,
        next_url=here,
    )


@login_required
@GET_POST
def admin_membership(request, pk: int):
    membership = selectors.membership_for_administration(actor=request.user, pk=pk)
    form = forms.MembershipChangeForm(
        *(() if "end" in request.POST else posted(request)),
        initial={"role": membership.role, "ends_on": membership.ends_on},
    )
    if membership.role not in COMMUNITY_ROLES:
        form.fields["role"].choices = [(membership.role, membership.get_role_display())]
    back = (
        reverse("partnerships:admin_access", kwargs={"slug": membership.community.slug})
        if membership.community
        else reverse("partnerships:admin_user", kwargs={"pk": membership.user_id})
    )
    context = {"membership": membership, "back": back}
    if request.method == "POST" and "end" in request.POST:
        # A button, not a form: its refusal shows at the top of the change form.
        try:
            services.membership_end(actor=request.user, membership=membership)
        except ValidationError as error:
            apply_service_errors(form, error)
            return render(request, "partnerships/admin_membership.html", {**context, "form": form})
        messages.success(request, _("Access ended."))
        return redirect(back)
    return form_page(
        request,
        form=form,
        template="partnerships/admin_membership.html",
        context=context,
        save=lambda data: services.membership_change(
            actor=request.user, membership=membership, **data
        ),
        success=_("Access changed."),
        next_url=back,
    )


@login_required
@GET_POST
def admin_user(request, pk: int):
    person = selectors.user_for_administration(actor=request.user, pk=pk)

    def save(data):
        if data["deactivate"]:
            services.user_deactivate(actor=request.user, user=person)
            messages.success(
                request,
                _("%(person)s can no longer sign in; their sessions ended.") % {"person": person},
            )
        elif data["reactivate"]:
            services.user_reactivate(actor=request.user, user=person)
            messages.success(request, _("%(person)s can sign in again.") % {"person": person})

    return form_page(
        request,
        form=forms.AccountStatusForm(*posted(request)),
        template="partnerships/admin_user.html",
        context={
            "person": person,
            "memberships": selectors.user_memberships(actor=request.user, user=person),
        },
        save=save,
        next_url=reverse("partnerships:admin_user", kwargs={"pk": pk}),
    )


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Where a new person chooses their first password (Django's reset token)."""

    template_name = "partnerships/password_set.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set. Sign in with it now."))
        return super().form_valid(form)


@login_required
@GET_POST
def partnership_status(request, slug: str):
    """Move a Partnership along proposed → establishing → active ⇄ paused; its history."""
    partnership = selectors.partnership_for_administration(actor=request.user, slug=slug)
    require_status_changer(request.user)
    moves = services.status_moves_from(partnership.status)
    here = reverse("partnerships:partnership_status", kwargs={"slug": slug})
    with community_scope([partnership.community_id]):
        return form_page(
            request,
            form=PartnershipStatusForm(*posted(request), moves=moves),
            template="partnerships/partnership_status.html",
            context={
                "community": partnership.community,
                "partnership": partnership,
                "moves": moves,
                "history": list(selectors.partnership_status_history(partnership=partnership)),
            },
            save=lambda data: services.partnership_status_change(
                actor=request.user,
                partnership=partnership,
                status=data["status"],
                reason=data["reason"],
                on=data["on"],
            ),
            success=_("Status changed."),
            next_url=here,
        )


@login_required
@GET_POST
def admin_territory_wide(request):
    """Who works Territory-wide: the Oversight Group's members and co-chairs, administrators."""
    require_access_manager(request.user)
    here = reverse("partnerships:admin_territory_wide")

    def grant(data):
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
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        messages.success(
            request,
            _("%(user)s is now %(lower)s.")
            % {"user": user, "lower": Role(data["role"]).label.lower()},
        )
        if link:
            messages.info(
                request,
                _("Password-set link for %(username)s: %(link)s")
                % {"username": user.username, "link": link},
            )

    return form_page(
        request,
        form=TerritoryWideAccessForm(*posted(request)),
        template="partnerships/admin_territory_wide.html",
        context={"memberships": selectors.territory_wide_access(actor=request.user)},
        save=grant,
        next_url=here,
    )
