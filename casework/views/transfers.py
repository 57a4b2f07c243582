"""Transfer pages: proposing a child's move, the transfers waiting and decided, a decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict
from core.forms import form_page, posted
from partnerships.models import Community, Role

from .. import forms_transfers as forms
from .. import permissions_transfers as can
from .. import selectors
from .. import selectors_grants as grants
from ..models import ChildTransfer
from ..services import transfers
from .common import FORM_METHODS, child_url, requires


def transfer_url(transfer: ChildTransfer) -> str:
    return reverse("casework:transfer_detail", args=[transfer.pk])


@requires(can.require_read_transfers)
def transfer_list(request: HttpRequest) -> HttpResponse:
    rows = list(grants.transfers_for(actor=request.user)[:200])
    names = grants.transfer_child_names(rows)
    for row in rows:
        row.child_name = names.get(row.child_id, ("", None))[0]  # type: ignore[attr-defined]
    return render(
        request,
        "casework/transfer_list.html",
        {
            "waiting": [t for t in rows if t.is_waiting],
            "decided": [t for t in rows if not t.is_waiting],
        },
    )


@login_required
@FORM_METHODS
def transfer_propose(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(actor=request.user, child_id=child_id)
    can.require_propose_transfer(request.user, child)
    form = forms.TransferProposeForm(
        *posted(request), communities=grants.transfer_destinations(child=child)
    )

    def save(data: dict[str, Any]) -> ChildTransfer:
        to = Community.objects.get(pk=data["to_community"])
        return transfers.transfer_propose(
            actor=request.user,
            child=child,
            to_community=to,
            reason=data["reason"],
            moves_on=data["moves_on"],
        )

    return form_page(
        request,
        form=form,
        template="casework/transfer_form.html",
        context={
            "title": _("Transfer %(name)s to another community") % {"name": child.display_name},
            "intro": _(
                "A team leader of the receiving community accepts or declines. On "
                "acceptance the whole record moves there; you and the child's practitioner "
                "keep read-only access for a while."
            ),
            "submit": _("Propose the transfer"),
            "cancel_url": child_url(child),
        },
        save=save,
        success=_("Transfer proposed: the receiving team leaders have been told."),
        next_url=transfer_url,
    )


@login_required
def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = grants.transfer_get(actor=request.user, transfer_id=transfer_id)
    can.require_see_transfer(request.user, transfer)
    name, born = grants.transfer_child_names([transfer]).get(transfer.child_id, ("", None))
    return render(
        request,
        "casework/transfer_detail.html",
        {
            "transfer": transfer,
            "child_name": name,
            "child_born": born,
            "may_decide": transfer.is_waiting and can.may_decide_transfer(request.user, transfer),
            "may_withdraw": transfer.is_waiting
            and can.may_withdraw_transfer(request.user, transfer),
        },
    )


def _deciding(request: HttpRequest, transfer_id: int) -> ChildTransfer:
    transfer = grants.transfer_get(actor=request.user, transfer_id=transfer_id)
    can.require_decide_transfer(request.user, transfer)
    return transfer


@login_required
@FORM_METHODS
def transfer_accept(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = _deciding(request, transfer_id)
    staff = selectors.community_staff(
        community_id=transfer.to_community_id, roles=[Role.PRACTITIONER, Role.TEAM_LEADER]
    )
    form = forms.TransferAcceptForm(*posted(request), staff=staff)

    def save(data: dict[str, Any]) -> ChildTransfer:
        practitioner = User.objects.filter(pk=data["practitioner"]).first()
        return transfers.transfer_accept(
            actor=request.user, transfer=transfer, practitioner=practitioner
        )

    return form_page(
        request,
        form=form,
        template="casework/transfer_form.html",
        context={
            "title": _("Accept the transfer"),
            "intro": _("The child's whole record moves from %(sending)s to %(receiving)s at once.")
            % {"sending": transfer.from_community, "receiving": transfer.to_community},
            "submit": _("Accept and move the record"),
            "cancel_url": transfer_url(transfer),
        },
        save=save,
        success=_("Transfer accepted: the child's record is now here."),
        next_url=lambda done: reverse("casework:child_detail", args=[done.child_id]),
    )


@login_required
@FORM_METHODS
def transfer_decline(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = _deciding(request, transfer_id)
    return form_page(
        request,
        form=forms.TransferDeclineForm(*posted(request)),
        template="casework/transfer_form.html",
        context={
            "title": _("Decline the transfer"),
            "submit": _("Decline"),
            "cancel_url": transfer_url(transfer),
        },
        save=lambda data: transfers.transfer_decline(
            actor=request.user, transfer=transfer, reason=data["reason"]
        ),
        success=_("Transfer declined: the sending team leader has been told."),
        next_url=transfer_url,
    )


@login_required
@FORM_METHODS
def transfer_withdraw(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = grants.transfer_get(actor=request.user, transfer_id=transfer_id)
    can.require_withdraw_transfer(request.user, transfer)
    if request.method == "POST":
        try:
            transfers.transfer_withdraw(actor=request.user, transfer=transfer)
        except Conflict as conflict:
            messages.error(request, conflict.message)
        else:
            messages.success(request, _("Transfer withdrawn."))
        return redirect(transfer_url(transfer))
    return render(request, "casework/transfer_withdraw.html", {"transfer": transfer})
