from django import forms
from django.utils import timezone

from partnerships.models import Organisation, Region

from .models import OversightMember


class DateInput(forms.DateInput):
    input_type = "date"


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
        labels = {"is_aboriginal_or_torres_strait_islander": "Aboriginal or Torres Strait Islander"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["region"].queryset = Region.objects.order_by("name")

    def _post_clean(self):
        # Model validation runs in the service, with the composition rules.
        pass


class MemberEndForm(forms.Form):
    last_day = forms.DateField(widget=DateInput, label="Last day of the term")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("last_day", timezone.localdate())
        super().__init__(*args, **kwargs)


class GroupCreateForm(forms.Form):
    name = forms.CharField(max_length=160, help_text="The name the group reports under.")


class ReportRequestForm(forms.Form):
    quarter = forms.CharField(
        max_length=12, help_text="Like 2026-27 Q2 (October to December 2026)."
    )
