"""Back up the whole database (records, generated report files, audit log) to one file.

    python manage.py backup_database /backups/cwsp-2026-12-01.dump

pg_dump's custom format, compressed, restorable with ``restore_database``. Report PDFs
live in the database (core.StoredFile), so this one file is the whole backup.
"""

from __future__ import annotations

import hashlib
import subprocess  # noqa: S404 — runs the PostgreSQL client with arguments, no shell
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ._pg import pg_client_arguments, pg_program


class Command(BaseCommand):
    help = "Write a pg_dump (custom format) of the database to a file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write (it must not exist yet).")

    def handle(self, *args, path: str, **options):
        target = Path(path)
        if target.exists():
            raise CommandError(f"{target} exists already: choose a new file name.")
        target.parent.mkdir(parents=True, exist_ok=True)
        client, env = pg_client_arguments()
        partial = target.with_suffix(target.suffix + ".partial")
        result = subprocess.run(  # noqa: S603 — fixed program, arguments from settings
            [
                pg_program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *client,
                "--file",
                str(partial),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        # Renamed only when complete: a half-written dump never looks like a backup.
        partial.rename(target)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        target.with_suffix(target.suffix + ".sha256").write_text(f"{digest}  {target.name}\n")
        self.stdout.write(
            f"Backed up to {target} ({target.stat().st_size:,} bytes, sha256 {digest})."
        )
