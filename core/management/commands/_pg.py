"""The PostgreSQL connection of a Django database, as arguments and environment for the
pg_dump / pg_restore / psql clients."""

from __future__ import annotations

import os
import shutil
from typing import Any

from django.core.management.base import CommandError
from django.db import connections


def pg_client_arguments(
    alias: str = "default", *, database: str | None = None
) -> tuple[list[str], dict[str, str]]:
    settings: dict[str, Any] = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise CommandError(
            "Backups use pg_dump and pg_restore: set DATABASE_URL to the PostgreSQL database. "
            "The embedded SQLite demo is backed up by copying its file."
        )
    args = ["--dbname", database or settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        # Through the environment, never the command line (which other users can read).
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def pg_program(name: str) -> str:
    """The full path of a PostgreSQL client program (pg_dump, pg_restore, psql)."""
    path = shutil.which(name)
    if not path:
        raise CommandError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path
