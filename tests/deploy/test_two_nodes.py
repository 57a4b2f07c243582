"""Two web nodes and a worker, as a scaled-out deployment runs them.

Each web node is its own gunicorn process with its own empty local folder
(CWSP_MEDIA_ROOT), sharing only PostgreSQL and Redis. A report the worker generates
downloads from both nodes; an API throttle hit on one node counts on the other.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django_scopes import scopes_disabled
from rest_framework.authtoken.models import Token

from oversight.models import QuarterlyReport, ReportRequest
from tests.factories import CaseFactory
from tests.jobs.conftest import ROOT, _database_url

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WebNode:
    def __init__(self, folder: Path, env: dict[str, str]):
        self.port = _free_port()
        self.folder = folder
        folder.mkdir(parents=True)
        self.log = folder / "gunicorn.log"
        with self.log.open("w") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own server command
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                ],
                cwd=ROOT,
                env={**os.environ, "CWSP_MEDIA_ROOT": str(folder / "media"), **env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2)  # noqa: S310
                return
            except urllib.error.HTTPError:
                return  # answering, even if a check fails
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.log.read_text()[-3000:]) from None
                time.sleep(0.2)
        raise TimeoutError(self.log.read_text()[-3000:])

    def get(self, path: str, token: str) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(  # noqa: S310 - a local test server
            f"http://127.0.0.1:{self.port}{path}", headers={"Authorization": f"Token {token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=30)


@pytest.fixture
def web_nodes(tmp_path, transactional_db):
    env = {
        "DATABASE_URL": _database_url(),
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_SECURE_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CWSP_FILE_STORAGE": "database",
        # A throttle small enough to reach, counted under a key space of this test alone.
        "CWSP_API_RATE_USER": "8/minute",
        "CWSP_CACHE_KEY_PREFIX": f"two-nodes-{uuid.uuid4().hex[:8]}",
    }
    nodes = [WebNode(tmp_path / f"node{n}", env) for n in (1, 2)]
    yield nodes
    for node in nodes:
        node.stop()


def test_a_report_made_by_the_worker_downloads_from_both_nodes_and_throttles_add_up(
    world, celery_workers, web_nodes
):
    CaseFactory(child__community=world.community_a)
    request = ReportRequest.objects.create(quarter="2026-27 Q1", requested_by=world.cochair)
    celery_workers.start(env={"CWSP_MEDIA_ROOT": str(web_nodes[0].folder.parent / "worker")})
    celery_workers.wait_for(
        celery_workers.send("oversight.tasks.quarterly_report_generate", [request.pk])
    )
    with scopes_disabled():
        report = QuarterlyReport.objects.get(request=request)
    token = Token.objects.create(user=world.cochair).key
    node_one, node_two = web_nodes

    bodies = []
    for node in web_nodes:
        status, body, headers = node.get(f"/api/v1/reports/{report.pk}/download/", token)
        assert status == 200, body[:500]
        assert headers["Content-Type"] == "application/pdf"
        bodies.append(body)
    assert bodies[0] == bodies[1]
    assert bodies[0].startswith(b"%PDF")
    # Neither node nor the worker wrote the file to its own folder.
    assert not any(p.suffix == ".pdf" for p in web_nodes[0].folder.parent.rglob("*"))

    # 8 requests a minute in all: 2 used above, 3 more on each node reach the limit ...
    for node in (node_one, node_two, node_one, node_two, node_one, node_two):
        status, body, _ = node.get("/api/v1/reports/", token)
        assert status == 200, body[:500]
    # ... so the next one is refused on either node.
    status, body, headers = node_two.get("/api/v1/reports/", token)
    assert status == 429, body[:500]
    assert json.loads(body)["code"] == "throttled"
    assert "Retry-After" in headers
