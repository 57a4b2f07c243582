"""Changing and retiring a Partnership's priorities, indicators, workers and investments.

Coordinators only (``guard_edit(always=True)``: 403 for the rest; another community's
record is 404 through its selector). The same services as the API
(``partnerships.services.governance_edits``); nothing is deleted. Retiring, ending and
withdrawing are asked on a confirmation page with a date and a ticked confirmation.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import form_page, posted

from .. import forms_governance_edits as edit_forms
from .. import selectors, services
from .base import GET_POST, governance_context, guard_edit

CONFIRM_TEMPLATE = "partnerships/governance_retire_confirm.html"
EDIT_TEMPLATE = "partnerships/form_page.html"


def _beside_confirmation(service: Callable[..., Any]) -> Callable[..., Any]:
    """A refusal about the whole record (open actions, already retired) shows beside the
    confirmation the person ticked, rather than only at the top of the form."""

    def call(**arguments: Any) -> Any:
        try:
            return service(**arguments)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise
            raise ValidationError({"confirm": error.messages}) from error

    return call


def _page(request, *, template, partnership, form, save, back, success, **text) -> Any:
    """``text``: the heading (and on a confirmation, the explanation and the button)."""
    return form_page(
        request,
        form=form,
        template=template,
        context=governance_context(request, partnership, back=back, **text),
        save=save,
        success=success,
        next_url=back,
    )


def _edit(request, **arguments) -> Any:
    return _page(request, template=EDIT_TEMPLATE, **arguments)


def _confirm(request, **arguments) -> Any:
    return _page(request, template=CONFIRM_TEMPLATE, **arguments)


# --- priorities --------------------------------------------------------------------------


def _priority(request, slug: str, pk: int):
    priority = selectors.priority_get(actor=request.user, slug=slug, pk=pk)
    guard_edit(request, priority.community, always=True)
    back = reverse("partnerships:priority_detail", kwargs={"slug": slug, "pk": pk})
    return priority, back


@login_required
@GET_POST
def priority_edit(request, slug: str, pk: int):
    priority, back = _priority(request, slug, pk)
    initial = {"title": priority.title, "area": priority.area, "description": priority.description}
    return _edit(
        request,
        partnership=priority.partnership,
        form=edit_forms.PriorityEditForm(*posted(request), initial=initial),
        heading=_("Edit priority: %(title)s") % {"title": priority.title},
        save=lambda data: services.priority_update(actor=request.user, priority=priority, **data),
        back=back,
        success=_("Priority saved."),
    )


@login_required
@GET_POST
def priority_retire(request, slug: str, pk: int):
    priority, back = _priority(request, slug, pk)
    retire = _beside_confirmation(services.priority_retire)
    return _confirm(
        request,
        partnership=priority.partnership,
        form=edit_forms.RetireForm(*posted(request)),
        save=lambda data: retire(actor=request.user, priority=priority, **data),
        back=back,
        heading=_("Retire the priority “%(title)s”?") % {"title": priority.title},
        explanation=_(
            "It stays on record with its actions, no longer worked on. Every action must be "
            "done first. This cannot be undone here."
        ),
        button=_("Retire the priority"),
        success=_("The priority is retired."),
    )


# --- indicators --------------------------------------------------------------------------


def _indicator(request, slug: str, pk: int):
    indicator = selectors.indicator_get(actor=request.user, slug=slug, pk=pk)
    guard_edit(request, indicator.community, always=True)
    back = reverse("partnerships:indicator_detail", kwargs={"slug": slug, "pk": pk})
    return indicator, back


@login_required
@GET_POST
def indicator_edit(request, slug: str, pk: int):
    indicator, back = _indicator(request, slug, pk)
    names = ("name", "definition", "unit", "baseline", "target", "direction", "source_key")
    initial = {name: getattr(indicator, name) for name in names}
    initial["priority"] = indicator.priority_id
    return _edit(
        request,
        partnership=indicator.partnership,
        form=edit_forms.IndicatorEditForm(
            *posted(request), initial=initial, partnership=indicator.partnership
        ),
        heading=_("Edit indicator: %(name)s") % {"name": indicator.name},
        save=lambda data: services.indicator_update(
            actor=request.user, indicator=indicator, **data
        ),
        back=back,
        success=_("Indicator saved."),
    )


@login_required
@GET_POST
def indicator_retire(request, slug: str, pk: int):
    indicator, back = _indicator(request, slug, pk)
    retire = _beside_confirmation(services.indicator_retire)
    return _confirm(
        request,
        partnership=indicator.partnership,
        form=edit_forms.RetireForm(*posted(request)),
        save=lambda data: retire(actor=request.user, indicator=indicator, **data),
        back=back,
        heading=_("Retire the indicator “%(name)s”?") % {"name": indicator.name},
        explanation=_(
            "It is no longer measured; the values recorded stay on record. This cannot be "
            "undone here."
        ),
        button=_("Retire the indicator"),
        success=_("The indicator is retired."),
    )


# --- workers -----------------------------------------------------------------------------


def _worker(request, slug: str, pk: int):
    worker = selectors.worker_get(actor=request.user, slug=slug, pk=pk)
    guard_edit(request, worker.community, always=True)
    return worker, reverse("partnerships:workers", kwargs={"slug": slug})


@login_required
@GET_POST
def worker_edit(request, slug: str, pk: int):
    worker, back = _worker(request, slug, pk)
    initial = {
        "role_title": worker.role_title,
        "person_name": worker.person_name,
        "organisation": worker.organisation_id,
        "starts_on": worker.starts_on,
    }
    return _edit(
        request,
        partnership=worker.partnership,
        form=edit_forms.WorkerEditForm(*posted(request), initial=initial),
        heading=_("Edit worker: %(role)s") % {"role": worker.role_title},
        save=lambda data: services.worker_update(actor=request.user, worker=worker, **data),
        back=back,
        success=_("Worker saved."),
    )


@login_required
@GET_POST
def worker_end(request, slug: str, pk: int):
    worker, back = _worker(request, slug, pk)
    end = _beside_confirmation(services.worker_end)
    return _confirm(
        request,
        partnership=worker.partnership,
        form=edit_forms.WorkerEndForm(*posted(request)),
        save=lambda data: end(actor=request.user, worker=worker, **data),
        back=back,
        heading=_("End the engagement of %(name)s (%(role)s)?")
        % {"name": worker.person_name, "role": worker.role_title},
        explanation=_(
            "They stay listed as a former worker, with the date it ended. This cannot be "
            "undone here: to take someone on again, add them again."
        ),
        button=_("End the engagement"),
        success=_("The engagement is recorded as ended."),
    )


# --- investments -------------------------------------------------------------------------


def _investment(request, slug: str, pk: int):
    investment = selectors.investment_get(actor=request.user, slug=slug, pk=pk)
    guard_edit(request, investment.community, always=True)
    return investment, reverse("partnerships:investment", kwargs={"slug": slug})


@login_required
@GET_POST
def investment_edit(request, slug: str, pk: int):
    investment, back = _investment(request, slug, pk)
    names = ("financial_year", "purpose", "funder", "amount")
    return _edit(
        request,
        partnership=investment.partnership,
        form=edit_forms.InvestmentEditForm(
            *posted(request), initial={name: getattr(investment, name) for name in names}
        ),
        heading=_("Edit investment: %(purpose)s") % {"purpose": investment.purpose},
        save=lambda data: services.investment_update(
            actor=request.user, investment=investment, **data
        ),
        back=back,
        success=_("Investment saved."),
    )


@login_required
@GET_POST
def investment_withdraw(request, slug: str, pk: int):
    investment, back = _investment(request, slug, pk)
    withdraw = _beside_confirmation(services.investment_retire)
    return _confirm(
        request,
        partnership=investment.partnership,
        form=edit_forms.WithdrawForm(*posted(request)),
        save=lambda data: withdraw(actor=request.user, investment=investment, **data),
        back=back,
        heading=_("Withdraw the investment “%(purpose)s”?") % {"purpose": investment.purpose},
        explanation=_(
            "It stays on record, marked withdrawn, and no longer counts in the yearly totals. "
            "This cannot be undone here."
        ),
        button=_("Withdraw the investment"),
        success=_("The investment is withdrawn."),
    )
