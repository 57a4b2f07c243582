import pytest
from django.urls import reverse

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


def test_login_page_signs_in_and_shows_who_and_where(world, client, password):
    response = client.post(
        reverse("login"), {"username": "practitioner.a", "password": password}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "practitioner_a" in body
    assert "Practitioner, Wadeye" in body
    assert "Yuendumu" not in body


def test_wrong_password_shows_one_message_for_unknown_and_wrong(world, client):
    wrong = client.post(reverse("login"), {"username": "practitioner.a", "password": "nope"})
    unknown = client.post(reverse("login"), {"username": "nobody-here", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 200
    assert "Please enter a correct username and password" in wrong.content.decode()
    assert "Please enter a correct username and password" in unknown.content.decode()


def test_navigation_matches_the_role(world, client):
    client.force_login(world.cochair)
    body = client.get(reverse("home")).content.decode()
    assert "Communities" not in body
    client.force_login(world.practitioner_a)
    body = client.get(reverse("home")).content.decode()
    assert reverse("partnerships:community_list") in body


def test_community_list_shows_only_own_communities(world, client):
    client.force_login(world.practitioner_a)
    body = client.get(reverse("partnerships:community_list")).content.decode()
    assert "Wadeye" in body
    assert "Yuendumu" not in body


def test_logout(world, client):
    client.force_login(world.practitioner_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
