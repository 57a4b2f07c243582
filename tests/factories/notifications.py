import factory

from notifications.models import Notification

from .partnerships import CommunityFactory, UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityFactory)
    case_id = factory.Sequence(lambda n: 1000 + n)
    kind = Notification.Kind.CONTACT_OVERDUE
    message = factory.LazyAttribute(
        lambda o: f"Case #{o.case_id} in {o.community.name}: face-to-face contact overdue"
    )
    url = "/casework/"
