from django import forms
from django.core.exceptions import ValidationError

from .models import AuditEvent


class AuditSearchForm(forms.Form):
    user = forms.CharField(
        label="User (username or id)", required=False, max_length=150, strip=True
    )
    child_id = forms.IntegerField(label="Child id", required=False, min_value=1)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditEvent.Action.choices]
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise ValidationError("The end date must be on or after the start date.")
        return cleaned
