"""Django's development server gives each request a thread: it keeps no connection open
after one, or concurrent requests exhaust PostgreSQL's connections (500s in the soak)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = (
    "import sys,django,os;sys.argv=[{argv}];"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings');"
    "django.setup();from django.conf import settings;"
    "print(settings.DATABASES['default']['CONN_MAX_AGE'])"
)


def _conn_max_age(*argv: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_CONN_MAX_AGE"}
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/unused"
    env.setdefault("DJANGO_SECRET_KEY", "dev-only-secret-key-0123456789abcdefghij")
    code = CODE.format(argv=",".join(repr(a) for a in argv))
    return subprocess.run(  # noqa: S603 — a fixed argv of this interpreter
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_development_server_closes_each_requests_connection():
    assert _conn_max_age("manage.py", "runserver", "127.0.0.1:8000") == "0"


def test_other_servers_keep_their_connections():
    assert _conn_max_age("gunicorn", "config.wsgi:application") == "60"
