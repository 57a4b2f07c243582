"""The embedded default (SQLite, no DATABASE_URL) takes concurrent contact POSTs without a 500.

The soak script starts the app as ``make run`` does (no DATABASE_URL, a temporary SQLite
file named by CWSP_SQLITE_PATH, the demo data) and sends contacts from eight threads at
once, with duplicates and cut connections.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_sqlite_options_take_concurrent_writes():
    # Read from a fresh interpreter: the test settings run on PostgreSQL.
    code = (
        "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings');"
        "django.setup();from django.conf import settings;"
        "print(settings.DATABASES['default'].get('OPTIONS'))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SECRET_KEY")}
    out = subprocess.run(  # noqa: S603 — a fixed argv of this interpreter
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "'transaction_mode': 'IMMEDIATE'" in out
    assert "journal_mode=WAL" in out
    assert "'timeout': 20" in out


def test_concurrent_contact_posts_on_sqlite_never_answer_500(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY")
    }
    env["CWSP_SQLITE_PATH"] = str(tmp_path / "embedded.sqlite3")
    result = subprocess.run(  # noqa: S603 — a fixed argv of this interpreter
        [
            sys.executable,
            "scripts/soak_contacts.py",
            "--start-server",
            "--port",
            str(_free_port()),
            "--contacts",
            "60",
            "--concurrency",
            "8",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["server_errors"] == 0
    assert report["lost"] == report["duplicated"] == 0
    assert report["submissions"] == 60
