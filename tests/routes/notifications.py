from tests.factories import NotificationFactory

from . import OUTSIDERS_OF_B, Route


def _own(world):
    """A notification of practitioner_a in community A."""
    if "notification_a" not in world.extra:
        world.extra["notification_a"] = NotificationFactory(
            user=world.practitioner_a, community=world.community_a
        )
    return {"pk": world.extra["notification_a"].pk}


def _foreign(world):
    """A notification of practitioner_b in community B: nobody else may touch it."""
    if "notification_b" not in world.extra:
        world.extra["notification_b"] = NotificationFactory(
            user=world.practitioner_b, community=world.community_b
        )
    return {"pk": world.extra["notification_b"].pk}


# Everyone has notifications of their own: no role is refused these routes.
ROUTES = {
    "notifications:list": Route(allowed="practitioner_a", everyone_signed_in=True),
    "notifications:preferences": Route(allowed="teamleader_a", everyone_signed_in=True),
    "notifications:mark_all_read": Route(
        allowed="practitioner_a", method="post", expect=302, everyone_signed_in=True
    ),
    "notifications:mark_read": Route(
        allowed="practitioner_a",
        method="post",
        expect=302,
        kwargs=_own,
        foreign_kwargs=_foreign,
        # Everyone but its own user: the same community's team leader included.
        outsiders=(*OUTSIDERS_OF_B, "teamleader_b", "coordinator_b"),
        # Anyone may mark their own; someone else's notification is not found (404), not refused.
        everyone_signed_in=True,
    ),
}
