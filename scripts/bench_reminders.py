"""Benchmark the morning contact-reminder run on PostgreSQL (not a test: figures to record).

Creates (or reuses) a separate database, fills it with children in care and a year of
contacts (casework's load-data generator), then runs the reminder service at two sizes
and reports the time and the number of queries of each run: the count must not grow
with the number of children.

    .venv/bin/python scripts/bench_reminders.py                 # 5,000 then 50,000 in care
    .venv/bin/python scripts/bench_reminders.py --sizes 1000 5000 --fresh

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cwsp_bench).
The database is created when missing and never touches the app's own database.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cwsp_bench"


def _ensure_database(url: str, fresh: bool) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[5000, 50000])
    parser.add_argument("--fresh", action="store_true", help="Drop and rebuild the database.")
    parser.add_argument("--date", default="2026-11-23", help="The day the run is for.")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    _ensure_database(url, args.fresh)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnop")
    os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import datetime

    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from casework.management.commands.generate_load_data import generate_load_data
    from casework.models import Case
    from notifications.services import contact_reminders_send

    call_command("migrate", verbosity=0)
    today = datetime.date.fromisoformat(args.date)
    mail.outbox = []

    def in_care() -> int:
        with scopes_disabled():
            return Case.objects.in_care().count()

    def reset_reminders() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE notifications_contactreminder, notifications_notification, "
                "notifications_notificationpreference"
            )

    def measure(label: str) -> dict:
        mail.outbox = []
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            summary = contact_reminders_send(today=today)
            seconds = time.perf_counter() - started
        return {
            "label": label,
            "seconds": seconds,
            "queries": len(ctx.captured_queries),
            "cases_due": summary.cases_due,
            "sent": summary.sent,
            "emails": len(mail.outbox),
        }

    results = []
    for size in sorted(args.sizes):
        have = in_care()
        if have < size:
            missing = size - have
            print(f"generating {missing} children in care with a year of contacts ...", flush=True)
            started = time.perf_counter()
            generate_load_data(children=missing, seed=size, today=today, in_care_share=1.0, years=1)
            print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
        children = in_care()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM casework_contact")
            contacts = cursor.fetchone()[0]
        reset_reminders()
        first = measure("first run (claims and sends)")
        second = measure("second run (nothing new)")
        for row in (first, second):
            row.update(children=children, contacts=contacts)
            results.append(row)

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print()
    print(f"PostgreSQL {version}, nproc {os.cpu_count()}, run date {today}")
    print(
        "| Children in care | Contacts | Run | Cases due | Reminders sent | Emails "
        "| Time (s) | Queries |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['children']:,} | {r['contacts']:,} | {r['label']} | {r['cases_due']:,} "
            f"| {r['sent']:,} | {r['emails']:,} | {r['seconds']:.2f} | {r['queries']} |"
        )
    firsts = [r["queries"] for r in results if r["label"].startswith("first")]
    print()
    print(
        "query count "
        + ("does not grow" if len(set(firsts)) == 1 else "CHANGES")
        + f" with the number of children: {firsts}"
    )


if __name__ == "__main__":
    main()
