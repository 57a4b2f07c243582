from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from casework.models import Child, Family
from partnerships.models import Community, Organisation

from .models import Escalation, Theme


class DateInput(forms.DateInput):
    """A browser date picker: its value must be ISO (YYYY-MM-DD) or the browser discards it."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs, format="%Y-%m-%d")


class ThemeForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    title = forms.CharField(label=_("Title"), max_length=160)
    category = forms.ChoiceField(label=_("Category"), choices=Theme.Category.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    identified_on = forms.DateField(label=_("Identified on"), widget=DateInput)
    status = forms.ChoiceField(
        label=_("Status"), choices=Theme.Status.choices, initial=Theme.Status.OPEN
    )
    children = SafeModelMultipleChoiceField(
        label=_("Children"),
        queryset=Child.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    families = SafeModelMultipleChoiceField(
        label=_("Families"),
        queryset=Family.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    seen_across = forms.IntegerField(
        min_value=0,
        max_value=999,
        required=False,
        initial=0,
        label=_("Seen across how many children and families (not linked here)"),
        help_text=_("A count only. A team leader links the children and families themselves."),
    )

    def __init__(self, *args, communities, community=None, named_in=(), **kwargs):
        """``named_in``: the communities whose children and families the actor may see by
        name (where they do casework). Elsewhere (a coordinator) no name is offered: the
        form asks for a count instead and keeps the links a team leader made."""
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        if community is not None:
            # The community of an existing theme never changes.
            del self.fields["community"]
            ids = [community.pk]
            self.fields["reason"] = forms.CharField(
                label=_("Why is it changing?"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Kept in the theme's history with your name and the time."),
            )
        else:
            del self.fields["status"]
            ids = list(communities.values_list("pk", flat=True))
        ids = [i for i in ids if i in set(named_in)]
        if ids:
            # Only the actor's own communities' children and families are offered (and fenced).
            self.fields["children"].queryset = Child.objects.filter(community_id__in=ids)
            self.fields["families"].queryset = Family.objects.filter(community_id__in=ids)
        else:
            del self.fields["children"]
            del self.fields["families"]

    def service_arguments(self) -> dict[str, Any]:
        """``theme_create``'s or ``theme_update``'s arguments: links as ids.

        Without the link fields (an actor who sees no names), the links stay as they are.
        """
        data = dict(self.cleaned_data)
        if "children" in self.fields:
            data["child_ids"] = [child.pk for child in data.pop("children")]
            data["family_ids"] = [family.pk for family in data.pop("families")]
        else:
            data["child_ids"] = list(self.initial.get("children", []))
            data["family_ids"] = list(self.initial.get("families", []))
        data["seen_across"] = data.get("seen_across") or 0
        return data


class LeadersMeetingForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    themes = SafeModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendee_people = forms.CharField(widget=forms.Textarea, required=False, label=_("People"))
    attendee_organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Organisations"),
    )
    discussion = forms.CharField(label=_("Discussion"), widget=forms.Textarea)
    responses_agreed = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label=_("Responses agreed (place-based, culturally appropriate)"),
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["themes"].queryset = Theme.objects.filter(
            community_id__in=list(communities.values_list("pk", flat=True))
        )

    def service_arguments(self) -> dict[str, Any]:
        """``leaders_meeting_create``'s arguments: themes as ids."""
        data = dict(self.cleaned_data)
        data["attendee_organisations"] = list(data["attendee_organisations"])
        data["theme_ids"] = [theme.pk for theme in data.pop("themes")]
        return data


class MeetingActionForm(forms.Form):
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    owner = forms.CharField(label=_("Owner"), max_length=160)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)


class EscalationForm(forms.Form):
    theme = SafeModelChoiceField(label=_("Theme"), queryset=Theme.objects.none())
    level = forms.ChoiceField(label=_("Level"), choices=Escalation.Level.choices)
    body = forms.CharField(max_length=200, label=_("Escalated to (body or authority)"))
    requested_action = forms.CharField(
        label=_("Requested action"),
        widget=forms.Textarea,
        help_text=_("The systemic change or resources asked for. Name no child."),
    )
    raised_on = forms.DateField(label=_("Raised on"), widget=DateInput)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes


class EscalationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Escalation.Status.choices)
    on = forms.DateField(widget=DateInput, label=_("Date"))


class EscalationResponseForm(forms.Form):
    responded_on = forms.DateField(widget=DateInput, label=_("Date of the response"))
    summary = forms.CharField(widget=forms.Textarea, label=_("What the body answered"))
