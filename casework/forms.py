"""Page forms. They only collect input; the services apply the rules and raise the errors."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Case, Child, ContactKind, Referral, RiskLevel

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def text(rows: int = 3, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


def now_to_the_minute() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class ContactForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        widget=DATETIME,
        help_text=_("Darwin time. Change it if the contact happened at another time."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        choices=ContactKind.choices,
        initial=ContactKind.FACE_TO_FACE_PRACTITIONER,
        widget=forms.RadioSelect,
        help_text=_("Phone and video calls do not count as face-to-face contact."),
    )
    third_party_name = forms.CharField(
        label=_("Third party's name"),
        required=False,
        max_length=160,
        help_text=_("Only for a face-to-face contact by an appropriate third party."),
    )
    third_party_organisation = forms.CharField(
        label=_("Third party's organisation"), required=False, max_length=200
    )
    who_was_seen = forms.CharField(label=_("Who was seen"), required=False, max_length=300)
    location = forms.CharField(label=_("Where"), required=False, max_length=200)
    return_visit = forms.TypedChoiceField(
        label=_("During a return visit to the NT"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    child_views = forms.CharField(
        label=_("The child's views and wishes"), required=False, widget=text(3)
    )
    aboriginal_community_worker_present = forms.BooleanField(
        label=_("An Aboriginal Community Worker took part"), required=False
    )
    aboriginal_practice_advisor_present = forms.BooleanField(
        label=_("An Aboriginal Practice Advisor took part"), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=text(5))

    def __init__(self, *args, case: Case, return_visits=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        visits = list(return_visits)
        if visits:
            self.fields["return_visit"].choices = [("", _("Not during a return visit"))] + [
                (v.pk, f"{v.starts_on:%d %b} to {v.ends_on:%d %b %Y}") for v in visits
            ]
            self.visits = {v.pk: v for v in visits}
        else:
            del self.fields["return_visit"]
            self.visits = {}

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        if "return_visit" in data:
            data["return_visit"] = self.visits.get(data["return_visit"])
        return data


class ContactAmendForm(ContactForm):
    reason = forms.CharField(
        label=_("Why is this being corrected?"),
        widget=text(2),
        help_text=_("The original stays on record with your name and the time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["reason"])
        # The time shown is the contact's own, as recorded: not the time now.
        self.fields["occurred_at"].help_text = _("Darwin time, as recorded. Correct it if wrong.")


class RiskAssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=DATE)
    level = forms.ChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect
    )
    safety_threats = forms.CharField(
        label=_("Safety threats"),
        required=False,
        widget=text(4),
        help_text=_("One per line. Each stays open until it is resolved."),
    )
    imminent_risk_of_removal = forms.BooleanField(
        label=_("There is an imminent risk that the child will be removed"), required=False
    )
    next_reassessment_due_on = forms.DateField(label=_("Next reassessment due"), widget=DATE)
    summary = forms.CharField(label=_("Summary"), required=False, widget=text(4))

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["safety_threats"] = [
            line.strip() for line in data["safety_threats"].splitlines() if line.strip()
        ]
        return data


class SafetyThreatResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("Resolved on"), widget=DATE)


ACTION_ROWS = 3


class CarePlanForm(forms.Form):
    worries = forms.CharField(label=_("What are we worried about?"), required=False, widget=text())
    working_well = forms.CharField(label=_("What is working well?"), required=False, widget=text())
    needs_to_happen = forms.CharField(
        label=_("What needs to happen?"), required=False, widget=text()
    )
    goals = forms.CharField(label=_("Goals"), required=False, widget=text())
    child_views = forms.CharField(
        label=_("The child's views and wishes"), required=False, widget=text()
    )
    family_views = forms.CharField(
        label=_("The family's views and wishes"), required=False, widget=text()
    )
    decision_participants = forms.CharField(
        label=_("Who took part in decisions"),
        required=False,
        widget=text(2),
        help_text=_(
            "The child, family, kin, carers, and the people and organisation the family nominated."
        ),
    )
    return_visit_arrangements = forms.CharField(
        label=_("Contact on return visits to the NT"),
        required=False,
        widget=text(),
        help_text=_(
            "For a child living or at boarding school interstate: how the practitioner "
            "sees them on each visit home."
        ),
    )
    review_due_on = forms.DateField(label=_("Plan review due"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_description"] = forms.CharField(
                label=_("Action %(n)s") % {"n": n}, required=False, max_length=500
            )
            self.fields[f"action_{n}_owner"] = forms.CharField(
                label=_("Action %(n)s: who") % {"n": n}, required=False, max_length=160
            )
            self.fields[f"action_{n}_due_on"] = forms.DateField(
                label=_("Action %(n)s: by when") % {"n": n}, required=False, widget=DATE
            )

    def action_rows(self):
        return [
            (
                self[f"action_{n}_description"],
                self[f"action_{n}_owner"],
                self[f"action_{n}_due_on"],
            )
            for n in range(1, ACTION_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        for n in range(1, ACTION_ROWS + 1):
            if data.get(f"action_{n}_description") and not (
                data.get(f"action_{n}_owner") and data.get(f"action_{n}_due_on")
            ):
                self.add_error(
                    _("action_%(n)s_description") % {"n": n}, _("Say who will do it and by when.")
                )
        return data

    def service_arguments(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("action_")}
        actions = [
            {
                "description": self.cleaned_data[f"action_{n}_description"],
                "owner": self.cleaned_data[f"action_{n}_owner"],
                "due_on": self.cleaned_data[f"action_{n}_due_on"],
            }
            for n in range(1, ACTION_ROWS + 1)
            if self.cleaned_data.get(f"action_{n}_description")
        ]
        return {**data, "actions": actions}


class ReturnVisitForm(forms.Form):
    starts_on = forms.DateField(label=_("First day in the NT"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day in the NT"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=text(3))


class ReferralForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"), choices=Referral.Service.choices, widget=forms.RadioSelect
    )
    ifps_location = forms.ChoiceField(
        label=_("Intensive Family Preservation Service location"),
        choices=[("", _("Not an IFPS referral"))] + Referral.IfpsLocation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    other_service_name = forms.CharField(
        label=_("Other service's name"), required=False, max_length=200
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Referral.Status.choices, initial=Referral.Status.PROPOSED
    )
    referred_on = forms.DateField(label=_("Date"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=text(3))


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Referral.Status.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=text(3))


class ClosureRequestForm(forms.Form):
    reason = forms.CharField(label=_("Why can the case close?"), widget=text(4))
    parents_capacity_note = forms.CharField(
        label=_("How the parents will keep meeting the child's protective needs"),
        required=False,
        widget=text(4),
    )


class ClosureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the closure")), ("send_back", _("Send it back"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason for sending it back"),
        required=False,
        widget=text(3),
        help_text=_("Shown to the practitioner on the child's page."),
    )


class WithdrawAgreementForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Date the parents withdrew agreement"), widget=DATE)
    note = forms.CharField(label=_("What happened"), required=False, widget=text(4))


class TaskDecideForm(forms.Form):
    decision = forms.CharField(label=_("What was decided, and why"), widget=text(4))


class ChildForm(forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int)
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
    # No choice is made for the person: "Not stated" is chosen, never assumed.
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Choose…")), *Child.Gender.choices]
    )
    aboriginal_status = forms.ChoiceField(
        label=_("Aboriginal and/or Torres Strait Islander status"),
        choices=[("", _("Choose…")), *Child.AboriginalStatus.choices],
    )
    languages = forms.CharField(label=_("Languages"), required=False, max_length=200)
    interpreter_needs = forms.CharField(
        label=_("Interpreter needs"),
        required=False,
        max_length=200,
        help_text=_("Whether an interpreter is needed, and for which language."),
    )
    kinship_group = forms.CharField(
        label=_("Kinship group or skin name (optional)"), required=False, max_length=120
    )
    residence = forms.ChoiceField(
        label=_("Where the child lives now"), choices=Child.Residence.choices
    )
    placement = forms.ChoiceField(
        label=_("Placement (child in care)"), choices=Child.Placement.choices, required=False
    )
    carer_name = forms.CharField(label=_("Carer"), required=False, max_length=160)
    # Asked only when children like this one are already recorded (casework.search).
    not_a_duplicate = forms.BooleanField(
        label=_("This is a different child: add them"), required=False
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.pk, c.name) for c in communities]
        if len(self.fields["community"].choices) == 1:
            self.fields["community"].initial = self.fields["community"].choices[0][0]


class CaseOpenForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of case"), choices=Case.Kind.choices, widget=forms.RadioSelect
    )
    practitioner = forms.TypedChoiceField(label=_("Practitioner"), coerce=int)
    team_leader = forms.TypedChoiceField(
        label=_("Team leader"), coerce=int, required=False, empty_value=None
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)
    parents_agreed_on = forms.DateField(
        label=_("Date the parents agreed to work with the department"),
        required=False,
        widget=DATE,
        help_text=_("Strengthening Families: required."),
    )
    level = forms.ChoiceField(
        label=_("Risk level from the assessment"),
        choices=[("", _("Not assessed yet"))] + RiskLevel.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Strengthening Families opens only after a risk assessment."),
    )
    assessed_on = forms.DateField(label=_("Date of the assessment"), required=False, widget=DATE)
    next_reassessment_due_on = forms.DateField(
        label=_("Next reassessment due"), required=False, widget=DATE
    )
    safety_threats = forms.CharField(
        label=_("Safety threats"), required=False, widget=text(3), help_text=_("One per line.")
    )
    safe_at_home_judgement = forms.CharField(
        label=_("Why the child can safely remain at home"),
        required=False,
        widget=text(3),
        help_text=_("Required at high or very high risk."),
    )
    dfv_risk = forms.BooleanField(label=_("Family and domestic violence risk"), required=False)

    def __init__(self, *args, staff, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = staff
        self.fields["team_leader"].choices = [("", _("None yet"))] + leaders

    def service_arguments(self) -> dict:
        """What ``services.case_open`` takes: the chosen people, and the first assessment."""
        data = self.cleaned_data
        people = get_user_model().objects.in_bulk(
            [data["practitioner"], data.get("team_leader") or 0]
        )
        return {
            "kind": data["kind"],
            "practitioner": people.get(data["practitioner"]),
            "team_leader": people.get(data.get("team_leader") or 0),
            "opened_on": data["opened_on"],
            "dfv_risk": data["dfv_risk"],
            "parents_agreed_on": data.get("parents_agreed_on"),
            "safe_at_home_judgement": data.get("safe_at_home_judgement", ""),
            "assessment": self.assessment(),
        }

    def assessment(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("level"):
            return None
        return {
            "assessed_on": data.get("assessed_on") or data["opened_on"],
            "level": data["level"],
            "next_reassessment_due_on": data.get("next_reassessment_due_on")
            or (data.get("assessed_on") or data["opened_on"]) + datetime.timedelta(days=90),
            "safety_threats": [
                line.strip() for line in data.get("safety_threats", "").splitlines() if line.strip()
            ],
        }
