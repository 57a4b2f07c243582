import datetime

import factory

from escalations.models import Escalation, LeadersMeeting, Theme, ThemeLink

from .casework import ChildFactory
from .partnerships import CommunityFactory, UserFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    """A theme linked to two synthetic children of its community (as the service requires)."""

    class Meta:
        model = Theme
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Theme {n}")
    category = Theme.Category.SCHOOL_ENGAGEMENT
    description = "Several children not attending school this term."
    identified_on = datetime.date(2026, 10, 5)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def linked(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        children = (
            extracted
            if extracted is not None
            else ChildFactory.create_batch(2, community=obj.community)
        )
        for child in children:
            ThemeLink.objects.create(theme=obj, community=obj.community, child=child)


class LeadersMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadersMeeting

    community = factory.SubFactory(CommunityFactory)
    held_on = datetime.date(2026, 10, 20)
    discussion = "Leaders talked about school attendance."
    responses_agreed = "Elders to walk children to school on Mondays."
    created_by = factory.SubFactory(UserFactory)


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    theme = factory.SubFactory(ThemeFactory)
    community = factory.LazyAttribute(lambda o: o.theme.community)
    level = Escalation.Level.COMMUNITY
    body = "Department of Education (regional office)"
    requested_action = "A second attendance officer for the school."
    raised_on = datetime.date(2026, 10, 10)
    raised_by = factory.SubFactory(UserFactory)
