"""Django's development server gives each request a thread: it keeps no connection open
after one, or concurrent requests exhaust PostgreSQL's connections (500s in the soak)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The settings module read under two command lines, in a fresh interpreter (the test
# settings are already loaded here).
CODE = """
import importlib, json, sys
ages = {}
for argv in (["manage.py", "runserver", "127.0.0.1:8000"], ["gunicorn", "config.wsgi"]):
    sys.argv = argv
    module = importlib.import_module("config.settings")
    module = importlib.reload(module)
    ages[argv[0]] = module.DATABASES["default"]["CONN_MAX_AGE"]
print(json.dumps(ages))
"""


def test_only_the_development_server_closes_each_requests_connection():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_CONN_MAX_AGE"}
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/unused"
    env.setdefault("DJANGO_SECRET_KEY", "dev-only-secret-key-0123456789abcdefghij")
    result = subprocess.run(  # noqa: S603 — a fixed argv of this interpreter
        [sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout) == {"manage.py": 0, "gunicorn": 60}
