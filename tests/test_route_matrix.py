"""Every route × persona: anonymous signs in first, outsiders get 404, the allowed persona works,
and a persona who reaches the route but whose role cannot use it gets 403.

The one rule, pages and API alike: a record outside the actor's communities is not found
(404); inside them, a role that may not do it is refused (403).

The list of routes comes from the URL resolver, so a new route without an entry in
``tests/routes/`` fails here, and so does an entry that does not say which roles it refuses.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .routes import COMMUNITY_A, TERRITORY_WIDE, all_routes

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

# ~600 tests read the same personas: one world for the module (tests/conftest.py).
SHARED_WORLD = True


def _expected(route, status):
    return status in (route.expect if isinstance(route.expect, tuple) else (route.expect,))


def _url(route, world, which="kwargs"):
    make = getattr(route, which)
    return make(world) if make else {}


def _request(client, route, world, url):
    """The route's own request: its method, with its data when it has some."""
    data = route.data(world) if route.data else None
    return getattr(client, route.method)(url, data) if data else getattr(client, route.method)(url)


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
    response = _request(client, route, world, url)
    assert _expected(route, response.status_code), (route.allowed, url, response.status_code)


def test_every_route_says_which_roles_it_refuses():
    """A route names its wrong-role personas, or says that it refuses no role, and only one."""
    undeclared, twice, misplaced = [], [], []
    for name in NAMES:
        route = ROUTES[name]
        said = [
            bool(route.wrong_role),
            route.everyone_signed_in,
            route.everyone_in_community,
            route.anonymous == "public",
        ]
        if not any(said):
            undeclared.append(name)
        elif sum(said) > 1:
            twice.append(name)
        wrong = set(route.wrong_role)
        if route.allowed in wrong or not wrong <= {*COMMUNITY_A, *TERRITORY_WIDE}:
            misplaced.append((name, "wrong_role names the allowed persona or an unknown one"))
        # On a community's object the Territory-wide roles are outsiders (404), as on B's.
        if route.foreign_kwargs and wrong & set(TERRITORY_WIDE):
            misplaced.append((name, "Territory-wide personas are outsiders of a community object"))
        if route.everyone_in_community and not route.foreign_kwargs:
            misplaced.append((name, "everyone_in_community is for a community's object"))
    assert not undeclared, (
        "routes that name no wrong_role personas and do not say everyone_signed_in or "
        f"everyone_in_community: {undeclared}"
    )
    assert not twice, f"routes that say more than one of these: {twice}"
    assert not misplaced, misplaced


@pytest.mark.parametrize("name", [n for n in NAMES if ROUTES[n].wrong_role])
def test_wrong_role(name, world, client):
    """Signed in, in the route's community (or Territory-wide), without the role: 403."""
    route = ROUTES[name]
    url = reverse(name, kwargs=_url(route, world))
    answered = {}
    for persona in route.wrong_role:
        client.force_login(world.users[persona])
        answered[persona] = _request(client, route, world, url).status_code
    answered_otherwise = {persona: status for persona, status in answered.items() if status != 403}
    assert not answered_otherwise, f"{url} answered, instead of 403: {answered_otherwise}"


API_PREFIX = "api/v1/"
# Every API route is also tried with the methods that change or remove a record.
API_WRITE_METHODS = ("put", "patch", "delete")


def _walk_paths(patterns, namespace="", prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk_paths(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


API_NAMES = sorted(
    {name for name, path in _walk_paths(get_resolver().url_patterns) if path.startswith(API_PREFIX)}
)


def _methods(name, route) -> tuple[str, ...]:
    extra = API_WRITE_METHODS if name in API_NAMES else ()
    return tuple(dict.fromkeys(("get", "post", *route.extra_methods, *extra)))


def _call(client, method, url):
    if method in ("put", "patch"):
        return getattr(client, method)(url, data="{}", content_type="application/json")
    return getattr(client, method)(url)


@pytest.mark.parametrize("name", [n for n in NAMES if ROUTES[n].foreign_kwargs])
def test_outsiders_get_404_for_another_communitys_object(name, world, client):
    route = ROUTES[name]
    url = reverse(name, kwargs=route.foreign_kwargs(world))
    for persona in route.outsiders:
        client.force_login(world.users[persona])
        for method in _methods(name, route):
            response = _call(client, method, url)
            assert response.status_code in (404, 405), (persona, method, url, response.status_code)


def test_oversight_personas_are_outsiders_of_every_object_route():
    for name in NAMES:
        route = ROUTES[name]
        # Oversight's own Territory-wide routes are the exception: they choose their outsiders.
        if route.foreign_kwargs and route.allowed not in ("oversight_member", "cochair"):
            assert {"oversight_member", "cochair"} <= set(route.outsiders), name


@pytest.mark.parametrize("name", API_NAMES)
def test_api_routes_refuse_writes_they_do_not_offer(name, world, client):
    """PUT, PATCH and DELETE by outsiders and by anonymous callers: refused, never 2xx or 5xx.

    Outsiders are the route's outsiders (on another community's object) and, everywhere,
    a signed-in person with no role at all.
    """
    route = ROUTES[name]
    which = "foreign_kwargs" if route.foreign_kwargs else "kwargs"
    url = reverse(name, kwargs=_url(route, world, which))
    personas = (*route.outsiders, "nobody") if route.foreign_kwargs else ("nobody",)
    for persona in personas:
        client.force_login(world.users[persona])
        for method in API_WRITE_METHODS:
            response = _call(client, method, url)
            expected = (404, 405) if route.foreign_kwargs else (403, 404, 405)
            assert response.status_code in expected, (persona, method, url, response.status_code)
    client.logout()
    for method in API_WRITE_METHODS:
        response = _call(client, method, url)
        assert response.status_code in (401, 403, 405), (method, url, response.status_code)
