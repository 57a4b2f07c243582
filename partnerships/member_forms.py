"""Forms for a Partnership's members after onboarding, its status, and ending a membership."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import GrantAccessForm
from .models import Organisation, Role

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnershipMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("An organisation already known here; or name a new one below."),
    )
    organisation_name = forms.CharField(
        max_length=200, required=False, label=_("New organisation's name")
    )
    organisation_kind = forms.ChoiceField(
        choices=[("", "—"), *Organisation.Kind.choices],
        required=False,
        label=_("New organisation's kind"),
    )
    person_name = forms.CharField(
        max_length=160,
        required=False,
        label=_("Person"),
        help_text=_("A community leader, a family."),
    )
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    is_community_leader = forms.BooleanField(required=False, label=_("Community leader"))
    is_aboriginal = forms.BooleanField(
        required=False, label=_("Aboriginal and/or Torres Strait Islander person or organisation")
    )
    starts_on = forms.DateField(widget=DATE, label=_("Joined on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class EndMembershipForm(forms.Form):
    """The date a membership ends, default today, asked on a confirmation page."""

    ends_on = forms.DateField(widget=DATE, label=_("Date they left"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("ends_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class PartnershipStatusForm(forms.Form):
    status = forms.ChoiceField(choices=(), label=_("New status"))
    on = forms.DateField(
        widget=DATE, label=_("From"), required=False, help_text=_("Default today.")
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, moves: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = moves


TERRITORY_WIDE_ROLE_CHOICES = [
    (Role.OVERSIGHT_MEMBER.value, Role.OVERSIGHT_MEMBER.label),
    (Role.OVERSIGHT_COCHAIR.value, Role.OVERSIGHT_COCHAIR.label),
    (Role.ADMINISTRATOR.value, Role.ADMINISTRATOR.label),
]


class TerritoryWideAccessForm(GrantAccessForm):
    """The roles that work in no community: the Oversight Group's and administrators'."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = TERRITORY_WIDE_ROLE_CHOICES
