"""How cost grows with the work: page time and query count against size.

Builds its own database (``cwsp_growth``, dropped first when it exists) with the test
factories, then grows, for each of ``--sizes``:
- one team leader's open cases, and times the team caseload (its first page of 50);
- one child's contacts on one open case in care, and times the child page (with the
  per-case contacts fragment cached, and with the fragments dropped before each request) and
  the case's contact history.

Each page is requested in-process (Django's test client, signed in, the settings the
server runs with), 3 times to warm up and then ``--requests`` times; the table gives the
median and 95th percentile of those requests and the queries of one of them. The query
counts should not move with the size.

    cd /work/main && .venv/bin/python scripts/bench_growth.py [--requests 30] [--sizes 10,100,1000]

Not a test: it prints figures. Never point it at a database holding real people.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "cwsp_growth"
SERVER = "postgres://postgres@127.0.0.1:5432"
WARM_UP = 3


def _fresh_database() -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DATABASE)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def _environment() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnop")
    os.environ.update(
        {
            "DJANGO_DEBUG": "0",
            # The test client speaks plain HTTP: without this every page is a redirect.
            "DJANGO_SECURE_HTTPS": "0",
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
            # force_login cannot pass a second factor; team leaders would need one.
            "CWSP_MFA_REQUIRED_ROLES": "",
            "CWSP_LOG_LEVEL": "WARNING",
        }
    )
    # The fragments must live where production keeps them (Redis), in a database of
    # their own so that emptying it for the cold rows touches nothing else.
    os.environ.setdefault("CWSP_CACHE_URL", "redis://127.0.0.1:6379/8")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class World:
    """The people and records the sizes grow on."""

    def __init__(self, most_contacts: int) -> None:
        from django.utils import timezone

        from partnerships.models import Role
        from tests.factories import CaseFactory, CommunityFactory, UserFactory, grant

        self.team_community = CommunityFactory()
        self.leader = UserFactory(username="growth.leader")
        grant(self.leader, Role.TEAM_LEADER, self.team_community)
        self.practitioners = []
        for n in range(3):
            user = UserFactory(username=f"growth.practitioner{n}")
            grant(user, Role.PRACTITIONER, self.team_community)
            self.practitioners.append(user)
        self.cases = 0

        # Another community, so that the contacts case is not one of the leader's cases.
        child_community = CommunityFactory()
        self.child_practitioner = UserFactory(username="growth.child-practitioner")
        grant(self.child_practitioner, Role.PRACTITIONER, child_community)
        today = timezone.localdate()
        self.contact_case = CaseFactory(
            child__community=child_community,
            practitioner=self.child_practitioner,
            team_leader=None,
            # Opened before its oldest contact (they are an hour apart, back from now).
            opened_on=today - datetime.timedelta(days=most_contacts // 24 + 30),
        )
        self.contacts = 0

    def grow_cases(self, size: int) -> None:
        from django.utils import timezone

        from tests.factories import CaseFactory

        today = timezone.localdate()
        for n in range(self.cases, size):
            CaseFactory(
                child__community=self.team_community,
                practitioner=self.practitioners[n % len(self.practitioners)],
                team_leader=self.leader,
                # Spread over two months, so the cases fall due on different days.
                opened_on=today - datetime.timedelta(days=5 + n % 60),
            )
        self.cases = max(self.cases, size)

    def grow_contacts(self, size: int) -> None:
        from django.utils import timezone

        from casework.contact_due import case_refresh_contact_due
        from casework.models import Contact
        from tests.factories import ContactFactory

        case = self.contact_case
        now = timezone.now()
        # Built by the factory but saved in one statement: saving each one would refresh
        # the case's due date once a contact, which is the slow part and not measured.
        rows = [
            ContactFactory.build(case=case, occurred_at=now - datetime.timedelta(hours=n + 1))
            for n in range(self.contacts, size)
        ]
        Contact.objects.bulk_create(rows)
        case_refresh_contact_due(case)
        self.contacts = max(self.contacts, size)


def _shape(sql: str) -> str:
    """A query with its values taken out, to find the same query run again."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _check(response, path: str) -> None:
    if response.status_code != 200:
        body = response.content[:600].decode("utf-8", "replace")
        raise SystemExit(f"GET {path} answered {response.status_code}:\n{body}")


def forget_fragments() -> None:
    """Drop the cached contacts sections only (the sessions stay cached, as they would)."""
    from django.core.cache import cache

    get_client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if get_client is None:  # not Redis: the process's own memory
        cache.clear()
        return
    redis = get_client(write=True)
    keys = list(redis.scan_iter(match="*casework:case-contacts:*"))
    if keys:
        redis.delete(*keys)


def measure(client, path: str, requests: int, *, cold: bool = False) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        if cold:
            forget_fragments()
        _check(client.get(path), path)
    times = []
    for _ in range(requests):
        if cold:
            forget_fragments()
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        _check(response, path)
    if cold:
        forget_fragments()
    with CaptureQueriesContext(connection) as captured:
        _check(client.get(path), path)
    return {
        "p50": statistics.median(times),
        "p95": statistics.quantiles(times, n=20, method="inclusive")[18],
        "queries": len(captured.captured_queries),
        "sql": [_shape(query["sql"]) for query in captured.captured_queries],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated sizes")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if args.requests < 2:
        raise SystemExit("--requests must be at least 2 for a 95th percentile.")

    began = time.perf_counter()
    _fresh_database()
    _environment()

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scopes_disabled

    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - began:.1f} s", flush=True)

    with scopes_disabled():
        world = World(most_contacts=sizes[-1])
    leader = Client()
    leader.force_login(world.leader)
    practitioner = Client()
    practitioner.force_login(world.child_practitioner)
    child_page = f"/casework/children/{world.contact_case.child_id}/"
    history = f"/casework/cases/{world.contact_case.pk}/contacts/"

    rows = []
    sql_by_page: dict[str, list[tuple[int, list[str]]]] = {}
    for size in sizes:
        started = time.perf_counter()
        with scopes_disabled():
            world.grow_cases(size)
            world.grow_contacts(size)
        print(
            f"{size:,} cases and {size:,} contacts in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        for what, client, page, path, cold in (
            ("open cases", leader, "team caseload", "/casework/team/", False),
            ("contacts", practitioner, "child page (fragment warm)", child_page, False),
            ("contacts", practitioner, "child page (fragment cold)", child_page, True),
            ("contacts", practitioner, "contact history", history, False),
        ):
            result = measure(client, path, args.requests, cold=cold)
            rows.append((what, size, page, result))
            sql_by_page.setdefault(page, []).append((size, result["sql"]))

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    elapsed = time.perf_counter() - began

    print()
    print("| what | size | page | p50 ms | p95 ms | queries |")
    print("|---|---:|---|---:|---:|---:|")
    for what, size, page, result in rows:
        print(
            f"| {what} | {size:,} | {page} | {result['p50']:.1f} | {result['p95']:.1f} "
            f"| {result['queries']} |"
        )
    print()
    for page, runs in sql_by_page.items():
        counts = [len(sql) for _, sql in runs]
        if len(set(counts)) > 1:
            smallest, largest = runs[0][1], runs[-1][1]
            extra = [sql for sql in largest if largest.count(sql) > smallest.count(sql)]
            print(f"{page}: queries GROW with size {counts}; repeated:")
            for sql in dict.fromkeys(extra):
                print(f"  {largest.count(sql)}x {sql[:300]}")
        else:
            print(f"{page}: {counts[0]} queries at every size")
    print()
    print(
        f"{os.cpu_count()} CPUs; {version}; "
        f"{timezone.localdate().isoformat()}; {args.requests} requests a row; "
        f"whole run {elapsed:.0f} s"
    )


if __name__ == "__main__":
    main()
