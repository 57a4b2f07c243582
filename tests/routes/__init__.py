"""What every route expects in the URL × persona matrix (tests/test_route_matrix.py).

Each app lists its routes in ``tests/routes/<app>.py`` as ``ROUTES = {url_name: Route(...)}``.
A route missing from every list fails the matrix: a new route cannot escape it.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

# The personas of community A, and those who work Territory-wide (in no community).
COMMUNITY_A = ("practitioner_a", "teamleader_a", "coordinator_a")
TERRITORY_WIDE = ("oversight_member", "cochair", "administrator")

# Personas that work in community A or Territory-wide: none may reach community B's objects.
OUTSIDERS_OF_B = (*COMMUNITY_A, *TERRITORY_WIDE)


@dataclass(frozen=True)
class Route:
    # The persona who may use the route, and the status it gets (GET unless ``method``).
    allowed: str | None
    expect: int | tuple[int, ...] = 200
    method: str = "get"
    # kwargs for an object the allowed persona may reach (community A).
    kwargs: Callable | None = None
    # kwargs for the same kind of object in community B: outsiders must get 404.
    foreign_kwargs: Callable | None = None
    outsiders: tuple[str, ...] = OUTSIDERS_OF_B
    # "login": anonymous is redirected to sign in; "api": 401; "public": open to all.
    anonymous: str = "login"
    data: Callable | None = None
    extra_methods: tuple[str, ...] = field(default_factory=tuple)
    # Signed-in personas who reach the route but whose role cannot use it: each gets 403,
    # pages and API alike. On a community's object (``foreign_kwargs``) these are community
    # A's personas without the role; Territory-wide personas work in no community, so there
    # they are outsiders (404). On a route with no community object, anyone may be listed.
    wrong_role: tuple[str, ...] = ()
    # A route that refuses no role says so instead, with one of these (tests/test_route_matrix.py
    # checks that every route names its wrong-role personas or sets one of them):
    # every signed-in persona may use it (a public route, ``anonymous="public"``, counts too);
    everyone_signed_in: bool = False
    # every persona of the object's community may use it; everyone else is an outsider (404).
    everyone_in_community: bool = False


def all_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, route in getattr(module, "ROUTES", {}).items():
            assert name not in routes, f"route {name} listed twice"
            routes[name] = route
    return routes
