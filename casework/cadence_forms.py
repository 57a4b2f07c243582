"""Page forms for contact cadence and missed-contact reasons (input only: the services
judge it, and their refusals show beside the fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .forms import text
from .models import Case, MissedContactReason, RiskLevel

DAYS_HELP = _(
    "Days between face-to-face contacts: 7 is weekly. For a child in care at most 42 "
    "(the six-week minimum is policy and cannot be loosened)."
)


class CadenceDaysField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("See the child face to face at least every … days"))
        kwargs.setdefault("help_text", DAYS_HELP)
        super().__init__(min_value=1, max_value=rules.CADENCE_LONGEST_DAYS, **kwargs)


class CadenceRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of case"), choices=Case.Kind.choices)
    risk_level = forms.ChoiceField(
        label=_("Risk level"),
        choices=[("", _("Any risk level")), *RiskLevel.choices],
        required=False,
        help_text=_("A cadence for one risk level comes before one for any."),
    )
    cadence_days = CadenceDaysField()
    reason = forms.CharField(
        label=_("Why (shown with the cadence)"), widget=text(2), required=False
    )


class CaseCadenceForm(forms.Form):
    cadence_days = CadenceDaysField(
        required=False,
        help_text=_(
            "Days between face-to-face contacts: 7 is weekly. For a child in care at most 42 "
            "(the six-week minimum is policy and cannot be loosened). "
            "Leave empty to end this case's own cadence."
        ),
    )
    reason = forms.CharField(label=_("Why this case needs it"), widget=text(3))


class MissedContactForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the face-to-face contact late or missed?"),
        choices=MissedContactReason.Reason.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The contact stays overdue: the reason is shown with it. "
            '"Whereabouts unknown" asks the team leader to consider further action.'
        ),
    )
    details = forms.CharField(
        label=_("In words"),
        widget=text(3),
        required=False,
        help_text=_("Required for another reason; helpful for any."),
    )


class AcknowledgeForm(forms.Form):
    confirm = forms.BooleanField(label=_("I have read this reason and acknowledge it"))
