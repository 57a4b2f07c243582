from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .signin import sign_in_refused


class SignInForm(AuthenticationForm):
    """Django's sign-in form with one refusal message for every kind of failure."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refused = sign_in_refused()
        self.error_messages = {
            **self.error_messages,
            "invalid_login": refused,
            # Django refuses inactive users before this message could show; keep it identical.
            "inactive": refused,
        }


class OneTimeCodeForm(forms.Form):
    code = forms.RegexField(
        label="Six-digit code",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": "Enter the six digits your authenticator app shows."},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()
