import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from core.actors import system_actor
from partnerships.models import (
    Community,
    GovernanceTier,
    Indicator,
    IndicatorValue,
    Investment,
    LocalPriority,
    Organisation,
    Partnership,
    PartnershipMember,
    PartnershipWorker,
    PriorityAction,
    PriorityArea,
    Region,
    TierMember,
)
from partnerships.services import membership_grant

TEST_PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"Test Person {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    region = factory.SubFactory(RegionFactory)
    runs_maccst = True
    partnership = factory.RelatedFactory(
        "tests.factories.partnerships.PartnershipFactory", factory_related_name="community"
    )


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    community = factory.SubFactory(CommunityFactory, partnership=None)
    name = factory.LazyAttribute(lambda o: f"{o.community.name} Partnership")
    status = Partnership.Status.ACTIVE
    established_on = datetime.date(2024, 1, 1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.NGO
    service_areas = factory.LazyFunction(lambda: ["family_support"])


class PartnershipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    community = factory.LazyAttribute(lambda o: o.partnership.community)
    person_name = factory.Sequence(lambda n: f"Leader {n}")
    role = "Community leader"
    is_community_leader = True
    starts_on = datetime.date(2024, 1, 1)


def grant(user, role, community=None, **kwargs):
    """Give ``user`` a role through the one membership service (as the system)."""
    return membership_grant(
        actor=system_actor("tests:factories"),
        user=user,
        role=role,
        community=community,
        starts_on=kwargs.pop("starts_on", datetime.date(2024, 1, 1)),
        **kwargs,
    )


class GovernanceTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceTier

    partnership = factory.SubFactory(PartnershipFactory)
    community = factory.LazyAttribute(lambda o: o.partnership.community)
    kind = GovernanceTier.Kind.WORKING_GROUP
    name = factory.Sequence(lambda n: f"Working group {n}")


class TierMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TierMember

    tier = factory.SubFactory(GovernanceTierFactory)
    community = factory.LazyAttribute(lambda o: o.tier.community)
    person_name = factory.Sequence(lambda n: f"Tier member {n}")
    position = "Member"
    starts_on = datetime.date(2024, 1, 1)


class LocalPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalPriority

    partnership = factory.SubFactory(PartnershipFactory)
    community = factory.LazyAttribute(lambda o: o.partnership.community)
    title = factory.Sequence(lambda n: f"Priority {n}")
    area = PriorityArea.SAFE_SUPPORTIVE


class PriorityActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityAction

    priority = factory.SubFactory(LocalPriorityFactory)
    community = factory.LazyAttribute(lambda o: o.priority.community)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = "Coordinator"
    due_on = datetime.date(2030, 1, 1)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    partnership = factory.SubFactory(PartnershipFactory)
    community = factory.LazyAttribute(lambda o: o.partnership.community)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    definition = "What is counted."
    unit = "%"
    baseline = Decimal("10")
    target = Decimal("50")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    community = factory.LazyAttribute(lambda o: o.indicator.community)
    period_end = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    value = Decimal("20")


class PartnershipWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipWorker

    partnership = factory.SubFactory(PartnershipFactory)
    community = factory.LazyAttribute(lambda o: o.partnership.community)
    role_title = "Family connector"
    person_name = factory.Sequence(lambda n: f"Worker {n}")
    starts_on = datetime.date(2024, 1, 1)


class InvestmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investment

    partnership = factory.SubFactory(PartnershipFactory)
    community = factory.LazyAttribute(lambda o: o.partnership.community)
    financial_year = 2025
    purpose = factory.Sequence(lambda n: f"Purpose {n}")
    amount = Decimal("1000.00")
