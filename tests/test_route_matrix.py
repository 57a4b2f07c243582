"""Every route × persona: anonymous signs in first, outsiders get 404, the allowed persona works.

The list of routes comes from the URL resolver, so a new route without an entry in
``tests/routes/`` fails here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .routes import all_routes

SKIPPED_NAMESPACES = {"admin"}  # operators' admin: tested in tests/partnerships/test_admin.py


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def resolver_routes() -> dict[str, URLPattern]:
    return dict(_walk(get_resolver().url_patterns))


ROUTES = all_routes()
NAMES = sorted(resolver_routes())


def _expected(route, status):
    return status in (route.expect if isinstance(route.expect, tuple) else (route.expect,))


def _url(route, world, which="kwargs"):
    make = getattr(route, which)
    return make(world) if make else {}


def test_every_route_is_listed():
    missing = [name for name in NAMES if name not in ROUTES]
    assert not missing, f"routes without an entry in tests/routes/: {missing}"
    stale = [name for name in ROUTES if name not in NAMES]
    assert not stale, f"entries in tests/routes/ for routes that no longer exist: {stale}"


def test_every_object_route_has_a_foreign_object():
    patterns = resolver_routes()
    missing = [
        name
        for name, pattern in patterns.items()
        if pattern.pattern.regex.groupindex
        and ROUTES.get(name)
        and ROUTES[name].kwargs
        and not ROUTES[name].foreign_kwargs
        and ROUTES[name].outsiders
    ]
    assert not missing, f"object routes with no other-community object to test: {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_anonymous(name, world, client):
    route = ROUTES[name]
    url = reverse(name, kwargs=_url(route, world))
    response = getattr(client, route.method)(url)
    if route.anonymous == "public":
        assert response.status_code < 500 or _expected(route, response.status_code)
    elif route.anonymous == "api":
        assert response.status_code in (401, 403), response.status_code
    else:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", NAMES)
def test_allowed_persona(name, world, client):
    route = ROUTES[name]
    if route.allowed:
        client.force_login(world.users[route.allowed])
    url = reverse(name, kwargs=_url(route, world))
    data = route.data(world) if route.data else None
    response = (
        getattr(client, route.method)(url, data) if data else getattr(client, route.method)(url)
    )
    assert _expected(route, response.status_code), (route.allowed, url, response.status_code)


@pytest.mark.parametrize("name", [n for n in NAMES if ROUTES[n].foreign_kwargs])
def test_outsiders_get_404_for_another_communitys_object(name, world, client):
    route = ROUTES[name]
    url = reverse(name, kwargs=route.foreign_kwargs(world))
    for persona in route.outsiders:
        client.force_login(world.users[persona])
        for method in ("get", "post", *route.extra_methods):
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), (persona, method, url, response.status_code)
