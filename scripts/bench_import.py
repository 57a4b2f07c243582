"""Benchmark the records import on PostgreSQL (not a test: figures to record).

Builds a fresh database with the 24 reference communities and two staff of Wadeye,
writes synthetic import files (``scripts/import_data.py``), then times, through the
``import_records`` command's service: the dry run, the import, and the same files again
(which must change nothing).

    .venv/bin/python scripts/bench_import.py                    # 10,003 rows
    .venv/bin/python scripts/bench_import.py --children 10000   # 35,000 rows

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cwsp_import_bench).
The database is dropped and created again on every run; it never touches the app's own.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cwsp_import_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 2,858 children: 1,429 households and 2,858 each of children, cases and contacts.
    parser.add_argument("--children", type=int, default=2858)
    args = parser.parse_args()

    from scripts.bench_reminders import _ensure_database

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    _ensure_database(url, fresh=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnop")
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from accounts.models import User
    from casework.imports import records_import
    from casework.models import Case, Child, Contact, Family
    from core.actors import system_actor
    from partnerships.models import Community, Role
    from partnerships.services import membership_grant
    from scripts.import_data import import_rows, write_files

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    community = Community.objects.get(slug="wadeye")
    system = system_actor("bench:import")
    for username, role in (
        ("bench.import.practitioner", Role.PRACTITIONER),
        ("bench.import.teamleader", Role.TEAM_LEADER),
    ):
        user = User.objects.create(username=username, display_name=username)
        membership_grant(actor=system, user=user, role=role, community=community)

    rows = import_rows(
        children=args.children,
        practitioner="bench.import.practitioner",
        team_leader="bench.import.teamleader",
        today=timezone.localdate(),
    )
    total = sum(len(r) for r in rows.values())
    with tempfile.TemporaryDirectory() as directory:
        paths = write_files(Path(directory), rows)
        files = {kind: path.read_text(encoding="utf-8") for kind, path in paths.items()}
    print(  # noqa: T201
        "rows: " + ", ".join(f"{kind} {len(r):,}" for kind, r in rows.items()) + f" ({total:,})"
    )

    def timed(label: str, dry_run: bool) -> None:
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            report = records_import(
                actor=system_actor("command:import_records"),
                community=community,
                files=files,
                dry_run=dry_run,
            )
            seconds = time.perf_counter() - started
        assert report.ok, report.rejected[:5]  # noqa: S101 - the generated rows must pass
        new = sum(report.created_count(kind) for kind in files)
        unchanged = sum(report.unchanged.values())
        print(  # noqa: T201
            f"{label:<22} {seconds:7.1f} s  {total / seconds:7.0f} rows/s  "
            f"new {new:,}  unchanged {unchanged:,}  queries {len(queries):,}"
        )

    timed("dry run", dry_run=True)
    timed("import", dry_run=False)
    with scopes_disabled():
        counted = [m.objects.count() for m in (Family, Child, Case, Contact)]
    timed("same files again", dry_run=False)
    with scopes_disabled():
        assert [m.objects.count() for m in (Family, Child, Case, Contact)] == counted  # noqa: S101
        overdue = Case.objects.in_care().contact_overdue(timezone.localdate()).count()
    print(f"records: {counted}; in-care cases overdue after the import: {overdue:,}")  # noqa: T201


if __name__ == "__main__":
    main()
