import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from core.actors import system_actor
from notifications import services
from notifications.models import Notification, NotificationPreference
from tests.factories import NotificationFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True


def own(world, n=1, **kwargs):
    return [
        NotificationFactory(user=world.practitioner_a, community=world.community_a, **kwargs)
        for _ in range(n)
    ]


@pytest.mark.django_db
def test_list_shows_only_my_notifications_newest_first(world, client_for):
    older, newer = own(world, 2)
    with scopes_disabled():
        Notification.objects.filter(pk=older.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=1)
        )
    NotificationFactory(user=world.teamleader_a, community=world.community_a, message="leader's")
    response = client_for(world.practitioner_a).get(reverse("notifications:list"))
    assert response.status_code == 200
    items = list(response.context["page"].object_list)
    assert [n.pk for n in items] == [newer.pk, older.pk]
    assert b"leader&#x27;s" not in response.content


@pytest.mark.django_db
def test_mark_read_and_unread_count(world, client_for):
    first, second = own(world, 2)
    client = client_for(world.practitioner_a)
    response = client.get(reverse("notifications:list"))
    assert b'<span class="count">2</span>' in response.content
    response = client.post(reverse("notifications:mark_read", kwargs={"pk": first.pk}))
    assert response.status_code == 302
    response = client.get(reverse("notifications:list"))
    assert b'<span class="count">1</span>' in response.content
    with scopes_disabled():
        first.refresh_from_db()
    assert first.read_at is not None


@pytest.mark.django_db
def test_mark_all_read_touches_only_mine(world, client_for):
    own(world, 3)
    theirs = NotificationFactory(user=world.teamleader_a, community=world.community_a)
    client = client_for(world.practitioner_a)
    client.post(reverse("notifications:mark_all_read"))
    with scopes_disabled():
        assert not Notification.objects.filter(user=world.practitioner_a, read_at=None).exists()
        theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["teamleader_a", "practitioner_b", "coordinator_a"])
def test_another_users_notification_is_404(world, client_for, persona):
    [mine] = own(world)
    client = client_for(world.users[persona])
    response = client.post(reverse("notifications:mark_read", kwargs={"pk": mine.pk}))
    assert response.status_code == 404
    with scopes_disabled():
        mine.refresh_from_db()
    assert mine.read_at is None


@pytest.mark.django_db
def test_mark_read_needs_post(world, client_for):
    [mine] = own(world)
    response = client_for(world.practitioner_a).get(
        reverse("notifications:mark_read", kwargs={"pk": mine.pk})
    )
    assert response.status_code == 405


@pytest.mark.django_db
def test_list_query_count_does_not_grow(world, client_for):
    client = client_for(world.practitioner_a)
    own(world, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:list"))
    own(world, 30)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:list"))
    assert len(one.captured_queries) == len(many.captured_queries)


@pytest.mark.django_db
def test_preference_page_saves_the_digest_choice(world, client_for):
    client = client_for(world.teamleader_a)
    url = reverse("notifications:preferences")
    assert client.get(url).context["form"].initial == {"daily_digest": False}
    response = client.post(url, {"daily_digest": "on"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=world.teamleader_a).daily_digest is True
    assert client.get(url).context["form"].initial == {"daily_digest": True}
    client.post(url, {})
    assert NotificationPreference.objects.get(user=world.teamleader_a).daily_digest is False


@pytest.mark.django_db
def test_header_badge_links_to_the_list(world, client_for):
    own(world, 2)
    request = RequestFactory().get("/")
    request.user = world.practitioner_a
    with scopes_disabled():
        html = render_to_string("notifications/_header_badge.html", request=request)
    assert reverse("notifications:list") in html
    assert ">2<" in html


@pytest.mark.django_db
def test_unread_count_is_counted_once_per_page(world, client_for):
    own(world, 2)
    client = client_for(world.practitioner_a)
    client.get(reverse("casework:my_caseload"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("casework:my_caseload"))
    assert b'<span class="count">2</span>' in response.content
    counts = [q for q in captured if "notifications_notification" in q["sql"]]
    assert len(counts) == 1, [q["sql"] for q in counts]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", [None, system_actor("demo")])
def test_services_refuse_no_actor_and_system_actors(world, actor):
    [note] = own(world)
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(actor=actor, notification=note)
    with pytest.raises(PermissionDenied):
        services.notifications_mark_all_read(actor=actor)
    with pytest.raises(PermissionDenied):
        services.notification_preference_set(actor=actor, daily_digest=True)
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(actor=world.teamleader_a, notification=note)
    assert not NotificationPreference.objects.exists()
    with scopes_disabled():
        assert Notification.objects.filter(read_at__isnull=True).count() == 1
