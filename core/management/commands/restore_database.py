"""Restore a backup made by ``backup_database`` into an empty database.

    python manage.py restore_database /backups/cwsp-2026-12-01.dump --into cwsp_restored

Refuses a database that already holds tables, so a restore never mixes two states. Point
DATABASE_URL at the restored database (or rename it) once it has been checked.
"""

from __future__ import annotations

import hashlib
import subprocess  # noqa: S404 — runs the PostgreSQL client with arguments, no shell
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ._pg import pg_client_arguments, pg_program


class Command(BaseCommand):
    help = "Restore a backup_database file into an empty PostgreSQL database."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--into",
            required=True,
            help="The empty database to restore into (create it first: createdb NAME).",
        )

    def handle(self, *args, path: str, into: str, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f"No backup at {source}.")
        checksum = source.with_suffix(source.suffix + ".sha256")
        if checksum.exists():
            expected = checksum.read_text().split()[0]
            if hashlib.sha256(source.read_bytes()).hexdigest() != expected:
                raise CommandError(f"{source} does not match its checksum: it is damaged.")
        client, env = pg_client_arguments(database=into)
        tables = subprocess.run(  # noqa: S603
            [
                pg_program("psql"),
                *client,
                "--tuples-only",
                "--no-align",
                "--command",
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if tables.returncode != 0:
            raise CommandError(f"Cannot open database {into}: {tables.stderr.strip()}")
        if int(tables.stdout.strip() or 0):
            raise CommandError(f"Database {into} is not empty: restore into a new database.")
        result = subprocess.run(  # noqa: S603
            [
                pg_program("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *client,
                str(source),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        self.stdout.write(f"Restored {source} into {into}.")
