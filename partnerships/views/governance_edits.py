"""Changing and retiring a Partnership's priorities, indicators, workers and investments.

Coordinators only (``guard_edit(always=True)``: 403 for the rest; another community's
record is 404 through its selector). The same services as the API
(``partnerships.services.governance_edits``); nothing is deleted. Retiring, ending and
withdrawing are asked on a confirmation page with a date and a ticked confirmation.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import form_page, posted

from .. import forms_governance_edits as edit_forms
from .. import selectors, services
from .base import GET_POST, governance_context, guard_edit


@dataclass(frozen=True)
class Kind:
    """A kind of governance record: how to find it, the service's name for it, and the page
    to go back to (``back`` takes the slug and the record's pk)."""

    get: Callable[..., Any]
    argument: str
    back: Callable[[str, int], str]


def _back_to(name: str, *, with_pk: bool) -> Callable[[str, int], str]:
    def back(slug: str, pk: int) -> str:
        kwargs: dict[str, Any] = {"slug": slug, "pk": pk} if with_pk else {"slug": slug}
        return reverse(f"partnerships:{name}", kwargs=kwargs)

    return back


PRIORITY = Kind(selectors.priority_get, "priority", _back_to("priority_detail", with_pk=True))
INDICATOR = Kind(selectors.indicator_get, "indicator", _back_to("indicator_detail", with_pk=True))
WORKER = Kind(selectors.worker_get, "worker", _back_to("workers", with_pk=False))
INVESTMENT = Kind(selectors.investment_get, "investment", _back_to("investment", with_pk=False))


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


def _page(kind: Kind, *, template: str, form: Callable, service: Callable, text: Callable):
    """A coordinator's page on one record: ``form(request, record)`` builds the form,
    ``service`` saves it, ``text(record)`` gives the heading (and on a confirmation page the
    explanation, the button) and the success message."""

    @login_required
    @GET_POST
    def view(request, slug: str, pk: int):
        record = kind.get(actor=request.user, slug=slug, pk=pk)
        guard_edit(request, record.community, always=True)
        back = kind.back(slug, pk)
        words = text(record)
        success = words.pop("success")
        return form_page(
            request,
            form=form(request, record),
            template=template,
            context=governance_context(request, record.partnership, back=back, **words),
            save=lambda data: service(actor=request.user, **{kind.argument: record}, **data),
            success=success,
            next_url=back,
        )

    return view


def _edit(kind: Kind, form_class, names: tuple[str, ...], service, text) -> Callable:
    def form(request, record):
        initial = {name: getattr(record, name) for name in names}
        extra = {"partnership": record.partnership} if form_class.needs_partnership else {}
        return form_class(*posted(request), initial=initial, **extra)

    return _page(
        kind, template="partnerships/form_page.html", form=form, service=service, text=text
    )


def _confirm(kind: Kind, form_class, service, text) -> Callable:
    return _page(
        kind,
        template="partnerships/governance_retire_confirm.html",
        form=lambda request, record: form_class(*posted(request)),
        service=_beside_confirmation(service),
        text=text,
    )


priority_edit = _edit(
    PRIORITY,
    edit_forms.PriorityEditForm,
    ("title", "area", "description"),
    services.priority_update,
    lambda priority: {
        "heading": _("Edit priority: %(title)s") % {"title": priority.title},
        "success": _("Priority saved."),
    },
)
priority_retire = _confirm(
    PRIORITY,
    edit_forms.RetireForm,
    services.priority_retire,
    lambda priority: {
        "heading": _("Retire the priority “%(title)s”?") % {"title": priority.title},
        "explanation": _(
            "It stays on record with its actions, no longer worked on. Every action must be "
            "done first. This cannot be undone here."
        ),
        "button": _("Retire the priority"),
        "success": _("The priority is retired."),
    },
)
indicator_edit = _edit(
    INDICATOR,
    edit_forms.IndicatorEditForm,
    ("name", "definition", "unit", "baseline", "target", "direction", "priority", "source_key"),
    services.indicator_update,
    lambda indicator: {
        "heading": _("Edit indicator: %(name)s") % {"name": indicator.name},
        "success": _("Indicator saved."),
    },
)
indicator_retire = _confirm(
    INDICATOR,
    edit_forms.RetireForm,
    services.indicator_retire,
    lambda indicator: {
        "heading": _("Retire the indicator “%(name)s”?") % {"name": indicator.name},
        "explanation": _(
            "It is no longer measured; the values recorded stay on record. This cannot be "
            "undone here."
        ),
        "button": _("Retire the indicator"),
        "success": _("The indicator is retired."),
    },
)
worker_edit = _edit(
    WORKER,
    edit_forms.WorkerEditForm,
    ("role_title", "person_name", "organisation", "starts_on"),
    services.worker_update,
    lambda worker: {
        "heading": _("Edit worker: %(role)s") % {"role": worker.role_title},
        "success": _("Worker saved."),
    },
)
worker_end = _confirm(
    WORKER,
    edit_forms.WorkerEndForm,
    services.worker_end,
    lambda worker: {
        "heading": _("End the engagement of %(name)s (%(role)s)?")
        % {"name": worker.person_name, "role": worker.role_title},
        "explanation": _(
            "They stay listed as a former worker, with the date it ended. This cannot be "
            "undone here: to take someone on again, add them again."
        ),
        "button": _("End the engagement"),
        "success": _("The engagement is recorded as ended."),
    },
)
investment_edit = _edit(
    INVESTMENT,
    edit_forms.InvestmentEditForm,
    ("financial_year", "purpose", "funder", "amount"),
    services.investment_update,
    lambda investment: {
        "heading": _("Edit investment: %(purpose)s") % {"purpose": investment.purpose},
        "success": _("Investment saved."),
    },
)
investment_withdraw = _confirm(
    INVESTMENT,
    edit_forms.WithdrawForm,
    services.investment_retire,
    lambda investment: {
        "heading": _("Withdraw the investment “%(purpose)s”?") % {"purpose": investment.purpose},
        "explanation": _(
            "It stays on record, marked withdrawn, and no longer counts in the yearly totals. "
            "This cannot be undone here."
        ),
        "button": _("Withdraw the investment"),
        "success": _("The investment is withdrawn."),
    },
)
