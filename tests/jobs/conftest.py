"""Real Celery workers on the real Redis, for tests of what a worker actually does.

``celery_workers`` starts workers as subprocesses (``celery -A config worker --pool=solo``)
on a queue of their own, against the pytest test database (tests must use
``@pytest.mark.django_db(transaction=True)`` so the worker sees committed rows) and the
broker in CELERY_BROKER_URL. Workers write emails to files (``worker.sent_emails()``)
because a subprocess's mail never reaches pytest's outbox. Every worker is killed in
teardown, before the test database is flushed.

Usage::

    @pytest.mark.celery_worker
    @pytest.mark.django_db(transaction=True)
    def test_something(celery_workers):
        worker = celery_workers.start()
        task_id = celery_workers.send("notifications.tasks.contact_reminders_send", ["2026-11-23"])
        celery_workers.wait_for(task_id)
        worker.kill()  # SIGKILL, e.g. in the middle of a job

``start(env={...})`` adds environment variables for that worker (for example
``CWSP_VISIBILITY_TIMEOUT`` so a killed job is redelivered quickly).
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
READY_TIMEOUT = 60
TASK_TIMEOUT = 90


def _database_url() -> str:
    """The URL of the database this test runs on (the pytest test database)."""
    s = connection.settings_dict
    user = quote(s.get("USER") or "")
    password = f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = s.get("HOST") or "127.0.0.1"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{s['NAME']}"


@dataclass
class Worker:
    name: str
    queue: str
    process: subprocess.Popen
    log: Path
    mail_dir: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log_text():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited:\n{self.log_text()[-4000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"worker {self.name} not ready:\n{self.log_text()[-4000:]}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Kill the worker (its whole process group), by default without any warning."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)

    def sent_emails(self) -> list[str]:
        """Every email this worker sent (the file email backend), one string each."""
        messages: list[str] = []
        for path in sorted(self.mail_dir.glob("*")):
            text = path.read_text(errors="replace")
            # The file backend writes each message followed by a line of 79 dashes.
            messages.extend(part for part in text.split("-" * 79) if "Subject:" in part)
        return messages


@dataclass
class Workers:
    tmp_path: Path
    queue: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    started: list[Worker] = field(default_factory=list)

    def start(self, *, env: dict | None = None, wait: bool = True) -> Worker:
        name = f"w{len(self.started) + 1}-{uuid.uuid4().hex[:6]}"
        log = self.tmp_path / f"{name}.log"
        mail_dir = self.tmp_path / "mail" / name
        mail_dir.mkdir(parents=True)
        worker_env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
            "DJANGO_CONN_MAX_AGE": "0",
            **(env or {}),
        }
        with log.open("w") as out:
            process = subprocess.Popen(  # noqa: S603 - our own worker command
                [
                    str(CELERY),
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "-Q",
                    self.queue,
                    "-n",
                    f"{name}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                ],
                cwd=ROOT,
                env=worker_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(name=name, queue=self.queue, process=process, log=log, mail_dir=mail_dir)
        self.started.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    def send(self, task_name: str, args: list | None = None, **options) -> str:
        """Queue a task by name for these workers; returns its id."""
        result = app.send_task(task_name, args=args or [], queue=self.queue, **options)
        return result.id

    def logs(self) -> str:
        return "\n".join(w.log_text() for w in self.started)

    def wait_for(self, *task_ids: str, timeout: float = TASK_TIMEOUT) -> None:
        """Wait until each task succeeded on some worker; fail on a task error."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.logs()
            for task_id in task_ids:
                if re.search(rf"\[{task_id}\] (raised|failed)", text):
                    raise AssertionError(f"task {task_id} failed:\n{text[-4000:]}")
            if all(f"[{task_id}] succeeded" in text for task_id in task_ids):
                return
            time.sleep(0.1)
        raise TimeoutError(f"tasks {task_ids} did not finish:\n{self.logs()[-4000:]}")

    def sent_emails(self) -> list[str]:
        return [message for w in self.started for message in w.sent_emails()]

    def stop_all(self) -> None:
        for worker in self.started:
            worker.kill()
        self._drop_queue()

    def _drop_queue(self) -> None:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        client.delete(self.queue)


def real_worker_skip_reason() -> str | None:
    if not os.environ.get("CELERY_BROKER_URL"):
        return "CELERY_BROKER_URL is not set: real-worker tests need Redis"
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL is not PostgreSQL: a worker subprocess cannot share the test database"
    return None


def pytest_collection_modifyitems(config, items):
    # Skipped at collection, before any database fixture runs for them.
    reason = real_worker_skip_reason()
    if reason:
        for item in items:
            if item.get_closest_marker("celery_worker"):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def celery_workers(transactional_db, tmp_path):
    reason = real_worker_skip_reason()
    if reason:
        pytest.skip(reason)
    workers = Workers(tmp_path=tmp_path)
    yield workers
    workers.stop_all()
