from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

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
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the six digits your authenticator app shows.")},
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


class EnrolmentForm(OneTimeCodeForm):
    """The first code from a new device; without an enrolment grant, the password too."""

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        help_text=_("Type your password again to confirm it is you setting this up."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user=None, needs_password: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_password = needs_password
        if not needs_password:
            del self.fields["password"]
        else:
            self.fields["password"].required = True
            self.fields["code"].widget.attrs.pop("autofocus", None)

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password", "")
        if self.needs_password and not (self.user and self.user.check_password(password)):
            raise forms.ValidationError(_("That is not your password."))
        return password


class RevokeTokenForm(forms.Form):
    token_id = forms.RegexField(
        label=_("Token id"), regex=r"^[0-9a-f]{16}$", widget=forms.HiddenInput
    )


class SecondFactorActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("enrolment_link", _("Issue an enrolment link")),
            ("reset", _("Reset the second factor and issue an enrolment link")),
        ],
        widget=forms.RadioSelect,
    )
