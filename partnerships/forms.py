"""Forms for partnership governance and administration. Rules live in the services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import indicator_sources
from .models import (
    COMMUNITY_ROLES,
    GovernanceTier,
    Indicator,
    LocalPriority,
    Organisation,
    Partnership,
    PriorityAction,
    PriorityArea,
    Region,
    Role,
)

# ISO format: a type="date" input shows nothing for the en-AU "23/11/2026" rendering.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COMMUNITY_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in COMMUNITY_ROLES]


class CaseRecordsForm(forms.Form):
    keeps_case_records = forms.BooleanField(
        required=False,
        label=_("This partnership keeps individual case records"),
        help_text=_(
            "Untick for a place-based partnership that keeps case management out of "
            "scope: children, cases and contacts then do not appear for this community."
        ),
    )


class TierForm(forms.Form):
    kind = forms.ChoiceField(choices=GovernanceTier.Kind.choices, label=_("Tier"))
    name = forms.CharField(
        label=_("Name"), max_length=160, help_text=_("Working groups are named locally.")
    )
    priority = forms.ModelChoiceField(
        label=_("Priority"),
        queryset=LocalPriority.objects.none(),
        required=False,
        help_text=_("For a working group: the priority it works on."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # The partnership's own priorities only (read inside the request's scope).
        self.fields["priority"].queryset = LocalPriority.objects.filter(partnership=partnership)


class TierMemberForm(forms.Form):
    person_name = forms.CharField(max_length=160, required=False, label=_("Name"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    position = forms.CharField(max_length=160, required=False, label=_("Position or role"))
    is_aboriginal_community_member = forms.BooleanField(
        required=False, label=_("Aboriginal community member")
    )
    is_from_acco = forms.BooleanField(required=False, label=_("From an ACCO"))
    starts_on = forms.DateField(widget=DATE, initial=timezone.localdate, label=_("Since"))


class PriorityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    area = forms.ChoiceField(choices=PriorityArea.choices, label=_("Priority area"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ActionForm(forms.Form):
    description = forms.CharField(max_length=300, label=_("Action"))
    owner = forms.CharField(
        label=_("Owner"), max_length=160, help_text=_("Organisation or role answerable for it.")
    )
    due_on = forms.DateField(widget=DATE, label=_("Due"))
    status = forms.ChoiceField(label=_("Status"), choices=PriorityAction.Status.choices)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PriorityAction.Status.choices)
    due_on = forms.DateField(widget=DATE, required=False, label=_("Due"))


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    definition = forms.CharField(label=_("Definition"), widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.CharField(label=_("Unit"), max_length=40)
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=12, decimal_places=2, required=False
    )
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2)
    direction = forms.ChoiceField(label=_("Direction"), choices=Indicator.Direction.choices)
    priority = forms.ModelChoiceField(
        label=_("Priority"), queryset=LocalPriority.objects.none(), required=False
    )
    source_key = forms.ChoiceField(
        required=False,
        label=_("Computed from"),
        help_text=_("Leave as entered by hand unless the product computes it."),
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = LocalPriority.objects.filter(partnership=partnership)
        self.fields["source_key"].choices = [
            ("", _("Entered by hand or imported")),
            *indicator_sources.source_choices(),
        ]


class IndicatorValueForm(forms.Form):
    period_end = forms.DateField(widget=DATE, label=_("Period ending"))
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    source_note = forms.CharField(max_length=200, required=False, label=_("Source"))


class IndicatorComputeForm(forms.Form):
    start = forms.DateField(widget=DATE, label=_("Period from"))
    end = forms.DateField(widget=DATE, label=_("Period to"))


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: indicator, period_end (YYYY-MM-DD), value, source."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the file as CSV (UTF-8).")) from None


class WorkerForm(forms.Form):
    role_title = forms.CharField(
        max_length=160, label=_("Role"), help_text=_("As the community names it.")
    )
    person_name = forms.CharField(max_length=160, label=_("Name"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    starts_on = forms.DateField(widget=DATE, label=_("From"))
    ends_on = forms.DateField(widget=DATE, required=False, label=_("To"))


class InvestmentForm(forms.Form):
    financial_year = forms.IntegerField(
        label=_("Financial year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year it starts: 2025 for 2025–26."),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    funder = forms.CharField(label=_("Funder"), max_length=200, required=False)
    amount = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, label=_("Amount (AUD)")
    )


# --- Administration -----------------------------------------------------------------------


class OnboardCommunityForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Community name"))
    alternative_names = forms.CharField(
        max_length=400,
        required=False,
        label=_("Other spellings"),
        help_text=_("Separate with commas."),
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    runs_maccst = forms.BooleanField(required=False, label=_("Runs a MACCST"))
    requested_by = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Who asked"),
        help_text=_("Which community leaders and ACCOs asked for the Partnership."),
    )
    requested_on = forms.DateField(widget=DATE, label=_("Asked on"))
    partnership_name = forms.CharField(max_length=160, required=False, label=_("Partnership name"))
    partnership_status = forms.ChoiceField(
        choices=Partnership.Status.choices, initial=Partnership.Status.PROPOSED, label=_("Status")
    )
    established_on = forms.DateField(widget=DATE, required=False, label=_("Established on"))
    keeps_case_records = forms.BooleanField(
        required=False, initial=True, label=_("Keeps individual case records")
    )

    def clean_alternative_names(self):
        raw = self.cleaned_data.get("alternative_names") or ""
        return [part.strip() for part in raw.split(",") if part.strip()]


class OnboardMemberForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    organisation_kind = forms.ChoiceField(
        choices=[("", "—"), *Organisation.Kind.choices], required=False, label=_("Kind")
    )
    person_name = forms.CharField(max_length=160, required=False, label=_("Person"))
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    is_community_leader = forms.BooleanField(required=False, label=_("Community leader"))
    is_aboriginal = forms.BooleanField(required=False, label=_("Aboriginal"))


class StaffForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(max_length=150, label=_("Display name"))
    email = forms.EmailField(label=_("Email"))
    # A blank first choice: otherwise a browser submits the first role for every unused row,
    # which then counts as filled in and demands a username.
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *COMMUNITY_ROLE_CHOICES])


OnboardMemberFormSet = forms.formset_factory(OnboardMemberForm, extra=4, max_num=30)
StaffFormSet = forms.formset_factory(StaffForm, extra=3, max_num=30)


def filled(formset) -> list[dict]:
    """The rows someone typed into (blank extra rows are ignored)."""
    return [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]


class GrantAccessForm(forms.Form):
    existing_user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        label=_("Existing person"),
    )
    username = forms.CharField(max_length=150, required=False, label=_("Or a new person: username"))
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=COMMUNITY_ROLE_CHOICES)
    starts_on = forms.DateField(widget=DATE, initial=timezone.localdate, label=_("From"))
    ends_on = forms.DateField(widget=DATE, required=False, label=_("Until (first day without)"))

    def clean(self):
        data = super().clean()
        if not data.get("existing_user") and not data.get("username"):
            raise forms.ValidationError(_("Choose an existing person or give a new username."))
        if data.get("existing_user") and data.get("username"):
            raise forms.ValidationError(_("Choose an existing person or a new one, not both."))
        return data


class MembershipChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=COMMUNITY_ROLE_CHOICES)
    ends_on = forms.DateField(widget=DATE, required=False, label=_("Until (first day without)"))


class AccountStatusForm(forms.Form):
    """The deactivate / reactivate buttons of a person's page."""

    deactivate = forms.BooleanField(label=_("Deactivate"), required=False, widget=forms.HiddenInput)
    reactivate = forms.BooleanField(label=_("Reactivate"), required=False, widget=forms.HiddenInput)
