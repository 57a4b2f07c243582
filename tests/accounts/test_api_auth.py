import pytest
from django.urls import reverse

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


def test_token_then_communities_lists_only_the_callers(world, client, password):
    response = client.post(
        reverse("api-token"),
        {"username": "practitioner.a", "password": password},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]

    response = client.get("/api/v1/communities/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    names = [c["name"] for c in response.json()["results"]]
    assert names == ["Wadeye"]


def test_token_user_gets_404_for_another_community(world, client, password):
    token = client.post(
        reverse("api-token"), {"username": "practitioner.a", "password": password}
    ).json()["token"]
    response = client.get("/api/v1/communities/yuendumu/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 404


def test_bad_token_is_401(world, client):
    response = client.get("/api/v1/communities/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401


def test_wrong_password_gets_no_token(world, client):
    response = client.post(reverse("api-token"), {"username": "practitioner.a", "password": "x"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_oversight_member_lists_no_community(world, client):
    client.force_login(world.oversight_member)
    assert client.get("/api/v1/communities/").json()["results"] == []
