"""Emergency ("break-glass") access pages, and the administrators' access report.

The search is a POST: the child's name and date of birth never sit in a URL (nor so in
the web server's logs or the browser's history).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import apply_service_errors
from core.forms import form_page, posted
from partnerships.models import Community

from .. import forms_transfers as forms
from .. import permissions_transfers as can
from .. import selectors_grants as grants
from ..models import ChildReadGrant
from ..services import emergency
from .common import FORM_METHODS, requires


def _communities(request: HttpRequest) -> list[tuple[int, str]]:
    return grants.emergency_communities(actor=request.user)


@requires(can.require_break_glass)
@FORM_METHODS
def emergency_search(request: HttpRequest) -> HttpResponse:
    communities = _communities(request)
    form = forms.EmergencySearchForm(*posted(request), communities=communities)
    matches: list[emergency.EmergencyMatch] | None = None
    grant_forms = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            matches = emergency.emergency_search(
                actor=request.user,
                community=Community.objects.get(pk=data.pop("community")),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            for match in matches:
                grant_form = forms.EmergencyGrantForm(
                    communities=communities,
                    initial={**form.cleaned_data, "child": match.child_id},
                    prefix=f"child-{match.child_id}",
                )
                grant_forms.append((match, grant_form))
    return render(
        request,
        "casework/emergency_search.html",
        {"form": form, "matches": matches, "grant_forms": grant_forms},
    )


@requires(can.require_break_glass)
@FORM_METHODS
def emergency_grant(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("casework:emergency_search")
    prefix = next((k.removesuffix("-child") for k in request.POST if k.endswith("-child")), None)
    form = forms.EmergencyGrantForm(request.POST, communities=_communities(request), prefix=prefix)

    def save(data: dict[str, Any]) -> ChildReadGrant:
        return emergency.emergency_access_grant(
            actor=request.user,
            community=Community.objects.get(pk=data["community"]),
            child_id=data["child"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            reason=data["reason"],
        )

    return form_page(
        request,
        form=form,
        template="casework/emergency_grant.html",
        context={"title": _("Emergency access")},
        save=save,
        success=_(
            "Emergency access given: the home team leader has been told. "
            "Every page you read is recorded with your reason."
        ),
        next_url=lambda grant: reverse("casework:child_detail", args=[grant.child_id]),
    )


@requires(can.require_review_emergency_access)
def emergency_report(request: HttpRequest) -> HttpResponse:
    page = Paginator(grants.emergency_grants(), 50).get_page(request.GET.get("page"))
    return render(request, "casework/emergency_report.html", {"page": page})


@requires(can.require_review_emergency_access)
@FORM_METHODS
def emergency_grant_detail(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(grants.emergency_grants(), pk=grant_id)
    form = forms.EmergencyRevokeForm(*posted(request))
    return form_page(
        request,
        form=form,
        template="casework/emergency_grant_detail.html",
        context={"grant": grant, "reads": grants.emergency_grant_reads(grant)[:500]},
        save=lambda data: emergency.emergency_access_revoke(actor=request.user, grant=grant),
        success=_("Emergency access revoked."),
        next_url=reverse("casework:emergency_grant_detail", args=[grant.pk]),
    )
