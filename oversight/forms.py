from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import Organisation, Region

from .models import OversightMember
from .services import oversight_organisation_for


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's argument name
        # A date input takes ISO dates only: the locale's 01/12/2026 would show empty.
        super().__init__(attrs, format)


class OversightMemberForm(forms.ModelForm):
    class Meta:
        model = OversightMember
        fields = [
            "organisation",
            "service_area",
            "region",
            "representative_name",
            "is_aboriginal_or_torres_strait_islander",
            "term_starts_on",
            "term_ends_on",
            "is_co_chair",
        ]
        widgets = {"term_starts_on": DateInput, "term_ends_on": DateInput}
        labels = {
            "is_aboriginal_or_torres_strait_islander": _("Aboriginal or Torres Strait Islander")
        }

    new_organisation_name = forms.CharField(
        max_length=200,
        required=False,
        label=_("Or a new organisation's name"),
        help_text=_("When the organisation is not in the list yet."),
    )
    new_organisation_kind = forms.ChoiceField(
        choices=[("", "—"), *Organisation.Kind.choices],
        required=False,
        label=_("New organisation's kind"),
    )

    field_order = [
        "organisation",
        "new_organisation_name",
        "new_organisation_kind",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].required = False
        self.fields["region"].queryset = Region.objects.order_by("name")
        if self.instance.pk:
            # Changing a member: the organisation is chosen from the list.
            del self.fields["new_organisation_name"], self.fields["new_organisation_kind"]

    def clean(self):
        data = super().clean()
        if (
            "new_organisation_name" in self.fields
            and not data.get("organisation")
            and not (data.get("new_organisation_name") or "").strip()
        ):
            self.add_error("organisation", _("Choose the organisation or name a new one."))
        elif "new_organisation_name" not in self.fields and not data.get("organisation"):
            self.add_error("organisation", _("Choose the organisation."))
        return data

    def member_arguments(self, data: dict, *, actor) -> dict:
        """The service's arguments: a new organisation is found or created first."""
        data = dict(data)
        name = data.pop("new_organisation_name", "")
        kind = data.pop("new_organisation_kind", "")
        if data.get("organisation") is None:
            data["organisation"] = oversight_organisation_for(actor=actor, name=name, kind=kind)
        return data

    def _post_clean(self):
        # Model validation runs in the service, with the composition rules.
        pass


class MemberEndForm(forms.Form):
    last_day = forms.DateField(widget=DateInput, label=_("Last day of the term"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("last_day", timezone.localdate())
        super().__init__(*args, **kwargs)


class GroupCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=160, help_text=_("The name the group reports under.")
    )


class ReportRequestForm(forms.Form):
    quarter = forms.CharField(
        label=_("Quarter"),
        max_length=12,
        help_text=_("Like 2026-27 Q2 (October to December 2026)."),
    )
