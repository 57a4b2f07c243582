"""Page forms for looking after a record after its first entry: correcting a child,
the case's details and who works it, families and their members. They only collect
input; the services apply the rules, keep the history and raise the errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partnerships.models import Community, Organisation

from .forms import DATE, text
from .models import Case, Child, FamilyMember

REASON_HELP = _("Kept in the record's history with your name and the time.")


def _reason(label: str | None = None, required: bool = True) -> forms.CharField:
    label = label or _("Why is this being changed?")
    return forms.CharField(label=label, required=required, widget=text(2), help_text=REASON_HELP)


def _people(ids: list[int | None]) -> dict[int, Any]:
    return get_user_model().objects.in_bulk([pk for pk in ids if pk])


class ChildEditForm(forms.Form):
    reason = _reason(_("Why is this being corrected?"))
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    preferred_name = forms.CharField(label=_("Preferred name"), required=False, max_length=100)
    alternative_names = forms.CharField(
        label=_("Other names and spellings"),
        required=False,
        max_length=300,
        help_text=_("Separate them with commas."),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DATE)
    gender = forms.ChoiceField(label=_("Gender"), choices=Child.Gender.choices)
    aboriginal_status = forms.ChoiceField(
        label=_("Aboriginal and/or Torres Strait Islander status"),
        choices=Child.AboriginalStatus.choices,
    )
    languages = forms.CharField(label=_("Languages"), required=False, max_length=200)
    interpreter_needs = forms.CharField(
        label=_("Interpreter needs"), required=False, max_length=200
    )
    kinship_group = forms.CharField(
        label=_("Kinship group or skin name (optional)"), required=False, max_length=120
    )
    residence = forms.ChoiceField(
        label=_("Where the child lives now"), choices=Child.Residence.choices
    )
    residence_changed_on = forms.DateField(
        label=_("The day the child moved"),
        required=False,
        widget=DATE,
        help_text=_("Only when where the child lives has changed. Empty means today."),
    )
    placement = forms.ChoiceField(
        label=_("Placement (child in care)"), choices=Child.Placement.choices, required=False
    )
    carer_name = forms.CharField(label=_("Carer"), required=False, max_length=160)

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("residence_changed_on") is None:
            data.pop("residence_changed_on", None)  # the service dates a move today
        return data


class CaseEditForm(forms.Form):
    reason = _reason(required=False)
    practitioner = forms.TypedChoiceField(label=_("Practitioner"), coerce=int)
    team_leader = forms.TypedChoiceField(
        label=_("Team leader"), coerce=int, required=False, empty_value=None
    )
    family = forms.TypedChoiceField(
        label=_("Household"), coerce=int, required=False, empty_value=None
    )
    parents_agreed_on = forms.DateField(
        label=_("Date the parents agreed to work with the department"),
        required=False,
        widget=DATE,
        help_text=_("Strengthening Families: required while the case is open."),
    )
    safe_at_home_judgement = forms.CharField(
        label=_("Why the child can safely remain at home"), required=False, widget=text(3)
    )
    dfv_risk = forms.BooleanField(label=_("Family and domestic violence risk"), required=False)
    dfv_safety_plan = forms.CharField(label=_("DFV safety plan"), required=False, widget=text(4))
    youth_justice_involved = forms.BooleanField(label=_("Youth Justice involved"), required=False)
    youth_justice_officer = forms.CharField(
        label=_("Youth Justice officer"), required=False, max_length=160
    )
    youth_justice_team = forms.ChoiceField(
        label=_("Youth Justice team"), choices=Case.YouthJusticeTeam.choices, required=False
    )
    youth_justice_contacts = forms.CharField(
        label=_("Youth Justice contacts"), required=False, widget=text(2)
    )
    court_order_conditions = forms.CharField(
        label=_("Court-order conditions"), required=False, widget=text(3)
    )
    court_order_starts_on = forms.DateField(
        label=_("Court order starts"), required=False, widget=DATE
    )
    court_order_ends_on = forms.DateField(label=_("Court order ends"), required=False, widget=DATE)
    release_reintegration_plan = forms.CharField(
        label=_("Release and reintegration plan"), required=False, widget=text(3)
    )
    aboriginal_community_worker = forms.CharField(
        label=_("Aboriginal Community Worker involved"), required=False, max_length=160
    )
    aboriginal_practice_advisor = forms.CharField(
        label=_("Aboriginal Practice Advisor involved"), required=False, max_length=160
    )
    cultural_language_needs = forms.CharField(
        label=_("Cultural and language needs"), required=False, widget=text(3)
    )

    def __init__(self, *args, case: Case, staff, leaders, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.families = {family.pk: family for family in families}
        self.fields["practitioner"].choices = staff
        self.fields["team_leader"].choices = [("", _("None"))] + leaders
        self.fields["family"].choices = [("", _("None"))] + [
            (family.pk, family.name) for family in families
        ]
        if not case.is_strengthening_families:
            del self.fields["parents_agreed_on"]
            del self.fields["safe_at_home_judgement"]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        people = _people([data["practitioner"], data.get("team_leader")])
        data["practitioner"] = people.get(data["practitioner"])
        data["team_leader"] = people.get(data.get("team_leader") or 0)
        data["family"] = self.families.get(data.get("family") or 0)
        return data


class CaseloadReassignForm(forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int)
    from_practitioner = forms.TypedChoiceField(label=_("Practitioner leaving"), coerce=int)
    to_practitioner = forms.TypedChoiceField(label=_("Practitioner taking the cases"), coerce=int)
    reason = _reason(_("Why are the cases moving?"))

    def __init__(self, *args, communities, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.communities = {community.pk: community for community in communities}
        self.fields["community"].choices = [(c.pk, c.name) for c in communities]
        if len(communities) == 1:
            self.fields["community"].initial = communities[0].pk
        self.fields["from_practitioner"].choices = staff
        self.fields["to_practitioner"].choices = staff

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        people = _people([data["from_practitioner"], data["to_practitioner"]])
        return {
            "community": self.communities[data["community"]],
            "from_practitioner": people.get(data["from_practitioner"]),
            "to_practitioner": people.get(data["to_practitioner"]),
            "reason": data["reason"],
        }


class FamilyForm(forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int)
    name = forms.CharField(label=_("How the household is known"), max_length=160)
    nominated_people = forms.CharField(
        label=_("People the family nominates to take part in decisions"),
        required=False,
        widget=text(3),
        help_text=_("One per line (s12 of the Care and Protection of Children Act)."),
    )
    nominated_kinship_group = forms.CharField(
        label=_("Kinship group nominated by the family"), required=False, max_length=160
    )
    nominated_organisation = forms.TypedChoiceField(
        label=_("Representative organisation nominated by the family"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    nominated_community = forms.TypedChoiceField(
        label=_("Community nominated by the family"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]  # a household stays in its community
            self.fields["reason"] = _reason(required=False)
            self.order_fields(["reason"])
            self.communities: dict[int, Community] = {}
        else:
            self.communities = {c.pk: c for c in communities}
            self.fields["community"].choices = [(c.pk, c.name) for c in communities]
        self.fields["nominated_organisation"].choices = [("", _("None"))] + [
            (o.pk, o.name) for o in Organisation.objects.order_by("name")
        ]
        self.fields["nominated_community"].choices = [("", _("None"))] + [
            (c.pk, c.name) for c in Community.objects.order_by("name")
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "community" in data:
            data["community"] = self.communities[data["community"]]
        organisation = data.get("nominated_organisation")
        data["nominated_organisation"] = (
            Organisation.objects.filter(pk=organisation).first() if organisation else None
        )
        community = data.get("nominated_community")
        data["nominated_community"] = (
            Community.objects.filter(pk=community).first() if community else None
        )
        return data


class FamilyMemberForm(forms.Form):
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=[("", _("Choose…")), *FamilyMember.Relationship.choices]
    )
    child = forms.TypedChoiceField(
        label=_("A child of the community"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For a child with a record here; otherwise name the person."),
    )
    person_name = forms.CharField(label=_("Name"), required=False, max_length=160)
    takes_part_in_decisions = forms.BooleanField(
        label=_("Takes part in decisions (nominated by the family)"), required=False
    )

    def __init__(self, *args, children, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {child.pk: child for child in children}
        self.fields["child"].choices = [("", _("Not a child with a record"))] + [
            (child.pk, f"{child.display_name} ({date_format(child.date_of_birth, 'DATE_FORMAT')})")
            for child in children
        ]
        if editing:
            self.fields["reason"] = _reason(required=False)
            self.order_fields(["reason"])

    def clean(self):
        data = super().clean()
        if not data.get("child") and not (data.get("person_name") or "").strip():
            self.add_error("person_name", _("Choose the child or name the person."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["child"] = self.children.get(data.get("child") or 0)
        return data
