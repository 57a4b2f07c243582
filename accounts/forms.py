from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .signin import SIGN_IN_REFUSED


class SignInForm(AuthenticationForm):
    """Django's sign-in form with one refusal message for every kind of failure."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": SIGN_IN_REFUSED,
        # Django refuses inactive users before this message could show; keep it identical.
        "inactive": SIGN_IN_REFUSED,
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
