"""Forms for changing and retiring a Partnership's priorities, indicators, workers and
investments after they are made. The rules (what may change, when a record may be retired)
are the services' (``partnerships.services.governance_edits``)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import DATE, IndicatorForm, InvestmentForm, PriorityForm, WorkerForm

REASON_HELP = _("Kept with the record's history.")


def _reason(
    *, label: Any = None, required: bool = False, help_text: Any = REASON_HELP
) -> forms.CharField:
    return forms.CharField(
        label=label or _("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=required,
        help_text=help_text,
    )


class ChangesOnly:
    """An edit passes the service only the fields that changed, and the reason: the history
    then names exactly what changed."""

    cleaned_data: dict[str, Any]
    changed_data: list[str]
    # The form offers the partnership's own priorities (``IndicatorForm``).
    needs_partnership = False

    def service_arguments(self) -> dict[str, Any]:
        changed = {name: self.cleaned_data[name] for name in self.changed_data if name != "reason"}
        return {"reason": self.cleaned_data.get("reason", ""), **changed}


class PriorityEditForm(ChangesOnly, PriorityForm):
    reason = _reason()


class IndicatorEditForm(ChangesOnly, IndicatorForm):
    needs_partnership = True
    reason = _reason(
        help_text=_("Kept with the history. Values already recorded stay as they are.")
    )


class WorkerEditForm(ChangesOnly, WorkerForm):
    reason = _reason()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The end of an engagement has its own confirmation page.
        del self.fields["ends_on"]


class InvestmentEditForm(ChangesOnly, InvestmentForm):
    reason = _reason()


class ConfirmedForm(forms.Form):
    """A destructive step: a date (default today), a reason and a ticked confirmation."""

    date_field = "on"
    confirm = forms.BooleanField(label=_("Yes, I have checked this"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault(self.date_field, timezone.localdate())
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in (self.date_field, "reason")}


class RetireForm(ConfirmedForm):
    on = forms.DateField(widget=DATE, label=_("Retired from"))
    reason = _reason(label=_("Reason"), help_text=_("Why it is retired: kept with its history."))
    field_order = ["on", "reason", "confirm"]


class WithdrawForm(ConfirmedForm):
    on = forms.DateField(widget=DATE, label=_("Withdrawn from"))
    reason = _reason(
        label=_("Reason"),
        required=True,
        help_text=_("Not made, or recorded in error: kept with its history."),
    )
    field_order = ["on", "reason", "confirm"]


class WorkerEndForm(ConfirmedForm):
    date_field = "ends_on"
    ends_on = forms.DateField(widget=DATE, label=_("Last day"))
    reason = _reason(label=_("Reason"), help_text=_("Kept with the worker's history."))
    field_order = ["ends_on", "reason", "confirm"]
