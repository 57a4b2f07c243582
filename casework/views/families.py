"""Households: their members (parents, carers, siblings, kin and the children), and who
the family nominates to take part in decisions (s12)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import form_page, posted

from .. import edit_forms, permissions, selectors, services
from .. import selectors_families as families
from .common import FORM_METHODS, requires

FAMILY_EDIT_FIELDS = (
    "name",
    "nominated_people",
    "nominated_kinship_group",
    "nominated_organisation",
    "nominated_community",
)


def family_url(family) -> str:
    return reverse("casework:family_detail", args=[family.pk])


@requires(permissions.require_read_casework)
@FORM_METHODS
def family_create(request: HttpRequest) -> HttpResponse:
    communities = list(selectors.casework_communities(actor=request.user))
    form = edit_forms.FamilyForm(*posted(request), communities=communities)
    return form_page(
        request,
        form=form,
        template="casework/record_form.html",
        context={
            "title": _("Record a household"),
            "submit": _("Save the household"),
            "cancel_url": reverse("casework:my_caseload"),
        },
        save=lambda data: services.family_create(actor=request.user, **data),
        success=_("Household recorded. Now add its members."),
        next_url=family_url,
    )


@login_required
def family_detail(request: HttpRequest, family_id: int) -> HttpResponse:
    family = families.family_get(actor=request.user, family_id=family_id)
    return render(
        request,
        "casework/family_detail.html",
        {"family": family, "history": families.family_history(family)},
    )


@login_required
@FORM_METHODS
def family_update(request: HttpRequest, family_id: int) -> HttpResponse:
    family = families.family_get(actor=request.user, family_id=family_id)
    initial = {name: getattr(family, name) for name in FAMILY_EDIT_FIELDS}
    initial["nominated_organisation"] = family.nominated_organisation_id
    initial["nominated_community"] = family.nominated_community_id
    form = edit_forms.FamilyForm(*posted(request), initial=initial)
    return form_page(
        request,
        form=form,
        template="casework/record_form.html",
        context={
            "title": _("Edit %(name)s") % {"name": family.name},
            "submit": _("Save"),
            "cancel_url": family_url(family),
        },
        save=lambda data: services.family_update(actor=request.user, family=family, **data),
        success=_("Household updated; the earlier values are kept in the history."),
        next_url=family_url(family),
    )


@login_required
@FORM_METHODS
def family_member_add(request: HttpRequest, family_id: int) -> HttpResponse:
    family = families.family_get(actor=request.user, family_id=family_id)
    form = edit_forms.FamilyMemberForm(
        *posted(request), children=families.children_in(family.community_id)
    )
    return form_page(
        request,
        form=form,
        template="casework/record_form.html",
        context={
            "title": _("Add a member to %(name)s") % {"name": family.name},
            "submit": _("Add the member"),
            "cancel_url": family_url(family),
        },
        save=lambda data: services.family_update(
            actor=request.user, family=family, add_members=[data]
        ),
        success=_("Member added."),
        next_url=family_url(family),
    )


@login_required
@FORM_METHODS
def family_member_update(request: HttpRequest, member_id: int) -> HttpResponse:
    member = families.family_member_get(actor=request.user, member_id=member_id)
    initial = {name: getattr(member, name) for name in services.FAMILY_MEMBER_FIELDS}
    initial["child"] = member.child_id
    form = edit_forms.FamilyMemberForm(
        *posted(request),
        children=families.children_in(member.community_id),
        editing=True,
        initial=initial,
    )
    return form_page(
        request,
        form=form,
        template="casework/record_form.html",
        context={
            "title": _("Edit a member of %(name)s") % {"name": member.family.name},
            "submit": _("Save"),
            "cancel_url": family_url(member.family),
        },
        save=lambda data: services.family_member_update(actor=request.user, member=member, **data),
        success=_("Member updated; the earlier values are kept in the history."),
        next_url=family_url(member.family),
    )
