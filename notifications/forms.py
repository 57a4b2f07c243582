from django import forms


class PreferenceForm(forms.Form):
    daily_digest = forms.BooleanField(
        required=False,
        label="Send me one email each morning listing my reminders, instead of one email each",
    )
