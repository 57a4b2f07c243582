from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    daily_digest = forms.BooleanField(
        required=False,
        label=_("Send me one email each morning listing my reminders, instead of one email each"),
    )
