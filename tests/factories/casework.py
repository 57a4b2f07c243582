import datetime

import factory
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.contact_due import case_refresh_contact_due
from casework.models import (
    Case,
    CaseTask,
    Child,
    Contact,
    ContactKind,
    Family,
    Referral,
    ReturnVisit,
    RiskAssessment,
    RiskLevel,
    SafetyThreat,
)

from .partnerships import CommunityFactory, UserFactory


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    community = factory.SubFactory(CommunityFactory)
    given_name = factory.Sequence(lambda n: f"Synthetic{n}")
    family_name = "Demo-Child"
    date_of_birth = datetime.date(2014, 5, 17)
    aboriginal_status = Child.AboriginalStatus.ABORIGINAL
    residence = Child.Residence.IN_COMMUNITY


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Household {n}")


class CaseFactory(factory.django.DjangoModelFactory):
    """An open in-care case; the six-week due date is computed as the services would."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    community = factory.LazyAttribute(lambda o: o.child.community)
    kind = Case.Kind.IN_CARE
    status = Case.Status.OPEN
    practitioner = factory.SubFactory(UserFactory)
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    risk_level = RiskLevel.MODERATE

    @factory.post_generation
    def refresh_due(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            with scopes_disabled():
                case_refresh_contact_due(obj)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    community = factory.LazyAttribute(lambda o: o.case.community)
    child = factory.LazyAttribute(lambda o: o.case.child)
    occurred_at = factory.LazyFunction(timezone.now)
    kind = ContactKind.FACE_TO_FACE_PRACTITIONER
    who_was_seen = "The child and carer"
    recorded_by = factory.LazyAttribute(lambda o: o.case.practitioner)

    @factory.post_generation
    def refresh_due(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            with scopes_disabled():
                case_refresh_contact_due(obj.case)


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment; it does not update the case (the service does): set case.risk_level too."""

    class Meta:
        model = RiskAssessment

    case = factory.SubFactory(CaseFactory)
    community = factory.LazyAttribute(lambda o: o.case.community)
    assessed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    level = RiskLevel.MODERATE
    assessor = factory.LazyAttribute(lambda o: o.case.practitioner)
    next_reassessment_due_on = factory.LazyAttribute(
        lambda o: o.assessed_on + datetime.timedelta(days=90)
    )


class SafetyThreatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyThreat

    assessment = factory.SubFactory(RiskAssessmentFactory)
    community = factory.LazyAttribute(lambda o: o.assessment.community)
    description = "Unsupervised access by a person who poses a risk"


class ReturnVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnVisit

    case = factory.SubFactory(
        CaseFactory, child__residence=Child.Residence.BOARDING_SCHOOL_INTERSTATE
    )
    community = factory.LazyAttribute(lambda o: o.case.community)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    created_by = factory.LazyAttribute(lambda o: o.case.practitioner)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory, kind=Case.Kind.STRENGTHENING_FAMILIES)
    community = factory.LazyAttribute(lambda o: o.case.community)
    service = Referral.Service.IFPS
    ifps_location = Referral.IfpsLocation.DARWIN
    referred_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.LazyAttribute(lambda o: o.case.practitioner)


class CaseTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseTask

    case = factory.SubFactory(CaseFactory, kind=Case.Kind.STRENGTHENING_FAMILIES)
    community = factory.LazyAttribute(lambda o: o.case.community)
    kind = CaseTask.Kind.CONSIDER_FURTHER_ACTION
    reason = "The parents withdrew their agreement while the risk is high."
