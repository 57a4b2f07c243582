"""The fence fails closed: community data cannot be read without a scope."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from django_scopes import ScopeError

from partnerships.fence import community_scope
from partnerships.models import PartnershipMember

from .factories import PartnershipMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(world):
    return [
        PartnershipMemberFactory(partnership=world.community_a.partnership),
        PartnershipMemberFactory(partnership=world.community_b.partnership),
    ]


@pytest.mark.parametrize(
    "query",
    [
        lambda qs: list(qs.all()),
        lambda qs: qs.filter(role="x").first(),
        lambda qs: qs.count(),
        lambda qs: qs.exists(),
        lambda qs: qs.exclude(role="x").exists(),
        lambda qs: qs.explain(),
        lambda qs: list(qs.values_list("id", flat=True)),
        lambda qs: list(qs.iterator()),
        lambda qs: qs.get(pk=1),
    ],
    ids=[
        "all",
        "filter",
        "count",
        "exists",
        "exclude-exists",
        "explain",
        "values",
        "iterator",
        "get",
    ],
)
def test_every_read_raises_outside_a_scope(members, query):
    with pytest.raises(ScopeError):
        query(PartnershipMember.objects)


def test_async_iteration_raises_outside_a_scope(members):
    async def read():
        return [m async for m in PartnershipMember.objects.select_related("partnership")]

    # A thread of its own: the browser tests' event loop may be running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool, pytest.raises(ScopeError):
        pool.submit(asyncio.run, read()).result()


def test_scope_returns_only_its_communities(world, members):
    with community_scope([world.community_a.pk]):
        assert list(PartnershipMember.objects.all()) == [members[0]]
        assert PartnershipMember.objects.filter(pk=members[1].pk).exists() is False


def test_empty_scope_matches_nothing(members):
    with community_scope([]):
        assert PartnershipMember.objects.count() == 0


def test_reverse_relation_is_fenced(world, members):
    partnership_b = world.community_b.partnership
    with community_scope([world.community_a.pk]):
        assert list(partnership_b.members.all()) == []
