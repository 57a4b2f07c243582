"""Structured logs: one JSON object per line with ids, path without query, status, duration."""

import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from core.request_log import JsonFormatter, RequestContextFilter

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def json_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@pytest.mark.django_db
def test_request_line(world, client, json_lines):
    client.force_login(world.practitioner_a)
    response = client.get("/communities/", {"q": "secret-search"}, HTTP_X_REQUEST_ID="req-12345678")
    lines = [entry for entry in json_lines() if entry["logger"] == "cwsp.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["path"] == "/communities/"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert line["user_id"] == world.practitioner_a.pk
    assert line["request_id"] == "req-12345678" == response["X-Request-ID"]
    assert isinstance(line["duration_ms"], float)
    assert "secret-search" not in json.dumps(lines)


@pytest.mark.django_db
def test_not_found_lines_carry_the_request_id(world, client, json_lines):
    client.force_login(world.practitioner_a)
    response = client.get("/communities/yuendumu/", {"name": "x"})
    assert response.status_code == 404
    warnings = [e for e in json_lines() if e["logger"] == "django.request"]
    assert warnings and warnings[0]["request_id"] == response["X-Request-ID"]
    assert warnings[0]["message"] == "Not Found: /communities/yuendumu/"


def test_exception_message_is_left_out():
    formatter = JsonFormatter()
    name = "Zz" + "canary"  # built at run time: the stack quotes source lines, not values
    try:
        raise ValueError(f"Key (name)=({name}) already exists")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    entry = json.loads(formatter.format(record))
    assert entry["exc_type"] == "ValueError"
    assert "test_exception_message_is_left_out" in entry["stack"]
    assert "Zzcanary" not in json.dumps(entry)


def test_runserver_lines_lose_their_query_string():
    record = logging.getLogger("django.server").makeRecord(
        "django.server",
        logging.WARNING,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /children/?name=Zzcanary HTTP/1.1", "404", "12"),
        None,
    )
    message = json.loads(JsonFormatter().format(record))["message"]
    assert message == '"GET /children/ HTTP/1.1" 404 12'


@pytest.mark.django_db
def test_api_paths_answer_json_even_for_unknown_urls(world, client):
    client.force_login(world.practitioner_a)
    response = client.get("/api/v1/communities/not.a.slug/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "errors": {}}


def test_production_defaults_require_two_factor_for_three_roles():
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://cwsp@127.0.0.1:5432/cwsp",
        "DJANGO_SECRET_KEY": "x" * 64,
    }
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(','.join(s.CWSP_MFA_REQUIRED_ROLES), s.CWSP_SESSION_IDLE_MINUTES, "
        "s.CWSP_SESSION_MAX_HOURS, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds, "
        "s.CWSP_AUDIT_RETENTION_DAYS)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [
        "team_leader,oversight_cochair,administrator",
        "30",
        "12",
        "5",
        "1800",
        "2555",
    ]


def test_embedded_demo_requires_no_second_factor():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(repr(s.CWSP_MFA_REQUIRED_ROLES))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
