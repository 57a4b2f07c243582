import datetime

import factory
from django.contrib.auth import get_user_model

from partnerships.models import (
    Community,
    Organisation,
    Partnership,
    PartnershipMember,
    Region,
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
        actor=None,
        user=user,
        role=role,
        community=community,
        starts_on=kwargs.pop("starts_on", datetime.date(2024, 1, 1)),
        **kwargs,
    )
