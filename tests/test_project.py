"""Project-wide checks: migrations match the models, lint is clean, settings are safe."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_ruff_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(  # noqa: S603
        [str(ruff), "check", str(ROOT), "-q"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_is_clean_with_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://cwsp@127.0.0.1:5432/cwsp",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_SECRET_KEY": "x" * 64 + "production-like-secret-key-for-deploy-check",
        "DJANGO_ALLOWED_HOSTS": "cwsp.example.org",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_is_required_outside_the_embedded_demo():
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://cwsp@127.0.0.1:5432/cwsp"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_templates_are_compiled_once_per_process():
    """The cached template loader wraps the file and app loaders: each template is read
    and compiled once per worker, not on every request."""
    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1 and isinstance(loaders[0], CachedLoader)
    inner = {type(loader).__module__ for loader in loaders[0].loaders}
    assert inner == {
        "django.template.loaders.filesystem",
        "django.template.loaders.app_directories",
    }
