"""Shared fixtures: the personas of every access test and the data that could leak.

Two communities, A ("Wadeye") and B ("Yuendumu"). Each persona works in A unless
its name says otherwise; oversight personas work in none.
"""

import copy
import dataclasses
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings, utils
from django_scopes import scopes_disabled

from partnerships.fence import community_scope
from partnerships.models import Role

from .factories import CommunityFactory, RegionFactory, UserFactory, grant
from .factories.partnerships import TEST_PASSWORD


def pytest_configure(config):
    # Pages render {% static %} through a manifest storage as in production, so a missing
    # file fails a test. WhiteNoise's compression is left out: it costs ~45 s a run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)


# Migrations that touch real models run without a scope (django-scopes' documented patch).
utils.setup_databases = scopes_disabled()(utils.setup_databases)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    yield
    if connection.vendor == "postgresql":
        # Threads (live server, async ORM) and worker processes may still hold connections,
        # which would stop the test database from being dropped.
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@dataclass
class World:
    community_a: object
    community_b: object
    users: dict = field(default_factory=dict)
    # Anything a test module wants to keep next to the personas (objects made for routes).
    extra: dict = field(default_factory=dict)

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


PERSONAS = {
    # name: (role, community "a" | "b" | None)
    "practitioner_a": (Role.PRACTITIONER, "a"),
    "teamleader_a": (Role.TEAM_LEADER, "a"),
    "coordinator_a": (Role.COORDINATOR, "a"),
    "practitioner_b": (Role.PRACTITIONER, "b"),
    "teamleader_b": (Role.TEAM_LEADER, "b"),
    "coordinator_b": (Role.COORDINATOR, "b"),
    "oversight_member": (Role.OVERSIGHT_MEMBER, None),
    "cochair": (Role.OVERSIGHT_COCHAIR, None),
    "administrator": (Role.ADMINISTRATOR, None),
}


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is not under test here; PBKDF2 would make each persona cost ~0.3 s.
    settings.PASSWORD_HASHERS = FAST_HASHERS


def build_world() -> World:
    """Two communities in two regions and every persona, granted through the one service."""
    top_end = RegionFactory(name="Top End", slug="top-end")
    central = RegionFactory(name="Central Australia", slug="central-australia")
    a = CommunityFactory(name="Wadeye", slug="wadeye", region=top_end)
    b = CommunityFactory(name="Yuendumu", slug="yuendumu", region=central)
    w = World(community_a=a, community_b=b)
    for name, (role, where) in PERSONAS.items():
        user = UserFactory(username=name.replace("_", "."), display_name=name)
        community = {"a": a, "b": b, None: None}[where]
        grant(user, role, community)
        w.users[name] = user
    w.users["nobody"] = UserFactory(username="nobody")
    return w


@pytest.fixture
def world(request, db) -> World:
    """The personas and their communities: built for the test, or, in a module that sets
    ``SHARED_WORLD = True``, the module's one world (``module_world``) in fresh copies."""
    if getattr(request.module, "SHARED_WORLD", False):
        shared = request.getfixturevalue("module_world")
        return dataclasses.replace(copy.deepcopy(shared), extra={})
    return build_world()


@pytest.fixture(scope="module", autouse=True)
def _shared_world(request):
    # Built before any test's own transaction opens, so that each nests inside it.
    if getattr(request.module, "SHARED_WORLD", False):
        request.getfixturevalue("module_world")


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """One world for a whole module of read-only access tests, built once.

    It lives in a transaction opened here; each test's own transaction nests in it as a
    savepoint, so whatever a test writes is rolled back after it and the world stays as built.
    Each test gets copies of its objects and a fresh ``extra`` (objects a test makes are
    rolled back with it). Only for modules whose tests all use ``db``: a transactional test
    (live server, worker) would empty the tables under it.
    """
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client signed in as ``user``."""

    def _client(user):
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def in_scope():
    """``with in_scope(community, ...):`` read fenced models in a test."""

    def _scope(*communities):
        return community_scope([c.pk for c in communities])

    return _scope
