"""The shipped deployment: compose validates, only the proxy is published, no secret ships."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = shutil.which("docker-compose")


def _manage_check(secret: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://cwsp@127.0.0.1:5432/cwsp",
        "DJANGO_SECRET_KEY": secret,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "secret", ["replace-with-a-long-random-string", "short", "change-me-" + "x" * 40]
)
def test_a_placeholder_or_short_secret_key_is_refused(secret):
    result = _manage_check(secret)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too short or a placeholder" in result.stderr


def test_the_example_settings_file_ships_no_secret():
    lines = (ROOT / "deploy.env.example").read_text().splitlines()
    secret = [line for line in lines if line.startswith("DJANGO_SECRET_KEY=")]
    assert secret == ["DJANGO_SECRET_KEY="]
    assert "deploy.env" in (ROOT / ".gitignore").read_text().split()


def _compose(tmp_path: Path, *, with_env_file: bool) -> subprocess.CompletedProcess:
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    if with_env_file:
        shutil.copy(ROOT / "deploy.env.example", tmp_path / "deploy.env")
    return subprocess.run(  # noqa: S603
        [COMPOSE, "-f", "docker-compose.yml", "config"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "POSTGRES_PASSWORD": "a-test-password"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(COMPOSE is None, reason="docker-compose is installed by `make test` setup")
def test_compose_validates_and_publishes_only_the_proxy(tmp_path):
    yaml = pytest.importorskip("yaml")
    result = _compose(tmp_path, with_env_file=True)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    published = {name for name, svc in config["services"].items() if svc.get("ports")}
    assert published == {"proxy"}
    web = config["services"]["web"]
    assert web["environment"]["CWSP_TRUSTED_PROXIES"] == "172.28.0.10/32"
    assert config["services"]["proxy"]["networks"]["internal"]["ipv4_address"] == "172.28.0.10"


@pytest.mark.skipif(COMPOSE is None, reason="docker-compose is installed by `make test` setup")
def test_compose_says_clearly_when_deploy_env_is_missing(tmp_path):
    result = _compose(tmp_path, with_env_file=False)
    assert result.returncode != 0
    assert "deploy.env" in result.stderr
