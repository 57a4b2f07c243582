"""Page forms for transfers and emergency access. They collect input; the services judge it."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import DATE, text


def _choices(rows) -> list[tuple[str, str]]:
    return [("", _("Choose…")), *((str(pk), label) for pk, label in rows)]


class TransferProposeForm(forms.Form):
    to_community = forms.TypedChoiceField(
        label=_("Receiving community"), coerce=int, help_text=_("Where the child now lives.")
    )
    moves_on = forms.DateField(
        label=_("The day the child moves (or moved)"), widget=DATE, initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Why the child's record moves"),
        widget=text(4),
        help_text=_("The receiving team leader reads this before deciding."),
    )

    def __init__(self, *args, communities: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_community"].choices = _choices(communities)


class TransferAcceptForm(forms.Form):
    practitioner = forms.TypedChoiceField(
        label=_("Practitioner who takes the child on"),
        coerce=int,
        help_text=_("They take the child's open cases; you become the team leader on them."),
    )

    def __init__(self, *args, staff: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = _choices(staff)


class TransferDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the transfer is declined"),
        widget=text(3),
        help_text=_("The sending team leader reads this."),
    )


class EmergencySearchForm(forms.Form):
    community = forms.TypedChoiceField(label=_("The child's home community"), coerce=int)
    given_name = forms.CharField(
        label=_("Given name, in full"),
        max_length=100,
        help_text=_("Or the name the child goes by."),
    )
    family_name = forms.CharField(label=_("Family name, in full"), max_length=100)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DATE)

    def __init__(self, *args, communities: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = _choices(communities)

    def clean_date_of_birth(self) -> datetime.date:
        value = self.cleaned_data["date_of_birth"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A date of birth is not in the future."))
        return value


class EmergencyGrantForm(EmergencySearchForm):
    child = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why you need this child's record now"),
        widget=text(3),
        help_text=_("Recorded with every page you read, and sent to the home team leader."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What was searched travels with the request: the service searches again.
        for name in ("community", "given_name", "family_name", "date_of_birth"):
            self.fields[name].widget = forms.HiddenInput()


class EmergencyRevokeForm(forms.Form):
    confirm = forms.BooleanField(label=_("End this emergency access now"))
