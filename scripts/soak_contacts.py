"""Soak the contact API with retries, duplicates and cut connections: nothing lost, nothing twice.

Each submission gets one Idempotency-Key and is sent until the server gives a definitive
answer. On the way some are sent twice at once (a double tap), some have their connection
cut after the whole request went out (the server may have saved it: the client never hears)
and some are cut halfway through the body (the server never receives it). At the end every
key must name exactly one contact.

    # the embedded default (SQLite, demo data), started and stopped by the script:
    .venv/bin/python scripts/soak_contacts.py --start-server --contacts 1000
    # the same on PostgreSQL (the demo data is seeded into that database: not a shared one):
    DATABASE_URL=postgres://.../cwsp_soak DJANGO_SECRET_KEY=... \\
        .venv/bin/python scripts/soak_contacts.py --start-server --contacts 1000
    # a server already running on this machine:
    .venv/bin/python scripts/soak_contacts.py --url http://127.0.0.1:8000 \\
        --username practitioner.wadeye --password demo-password-2026

Prints one JSON line: submissions, attempts, duplicates, cuts, lost, duplicated,
server_errors, seconds. Exits non-zero unless lost == duplicated == server_errors == 0.
Every 5xx is explained: its request id, the start of its body, and (for a server the script
started, whose log it keeps: CWSP_SOAK_SERVER_LOG, or a file beside the temporary database)
the exception type and stack the server logged for that request, under "server_error_causes".
Only talks to 127.0.0.1 / localhost.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
KINDS = ["f2f_practitioner", "phone", "f2f_third_party"]


class Client:
    """A signed-in session over plain http.client (one connection per request)."""

    def __init__(self, base: str):
        parsed = urllib.parse.urlsplit(base)
        if parsed.hostname not in LOCAL_HOSTS:
            raise SystemExit("soak_contacts only talks to a server on 127.0.0.1")
        self.host = parsed.hostname
        self.port = parsed.port or 80
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def _cookie_header(self) -> str:
        with self.lock:
            return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                with self.lock:
                    self.cookies[name.strip()] = rest.split(";", 1)[0]

    def request(self, method: str, path: str, body: bytes = b"", headers=None, timeout=30):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        all_headers = {
            "Cookie": self._cookie_header(),
            "Referer": f"http://{self.host}:{self.port}/",
            **(headers or {}),
        }
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
            self._keep_cookies(response)
            return response.status, dict(response.getheaders()), data
        finally:
            connection.close()

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/login/")
        form = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            }
        ).encode()
        status, _headers, _body = self.request(
            "POST",
            "/login/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302:
            raise SystemExit(f"sign-in as {username} answered {status}")

    def api_headers(self, key: str) -> dict[str, str]:
        return {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            "Idempotency-Key": key,
        }

    def cut(self, path: str, body: bytes, headers: dict[str, str], *, halfway: bool) -> None:
        """Send the request (or half of it) and hang up without reading the answer."""
        raw = socket.create_connection((self.host, self.port), timeout=10)
        try:
            lines = [
                f"POST {path} HTTP/1.1",
                f"Host: {self.host}:{self.port}",
                f"Cookie: {self._cookie_header()}",
                f"Referer: http://{self.host}:{self.port}/",
                f"Content-Length: {len(body)}",
                "Connection: close",
                *(f"{k}: {v}" for k, v in headers.items()),
            ]
            raw.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            raw.sendall(body[: len(body) // 2] if halfway else body)
        finally:
            raw.close()


def _open_cases(client: Client) -> list[int]:
    cases: list[int] = []
    path = "/api/v1/cases/?status=open"
    while path:
        status, _h, body = client.request("GET", path, headers={"Accept": "application/json"})
        if status != 200:
            raise SystemExit(f"listing cases answered {status}")
        page = json.loads(body)
        rows = page["results"] if isinstance(page, dict) else page
        cases += [row["id"] for row in rows if row.get("status") == "open"]
        following = page.get("next") if isinstance(page, dict) else None
        path = (
            urllib.parse.urlsplit(following)._replace(scheme="", netloc="").geturl()
            if following
            else ""
        )
    return cases


def _contacts_by_key(client: Client, cases: list[int]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for case in cases:
        path = f"/api/v1/contacts/?case={case}"
        while path:
            status, _h, body = client.request("GET", path, headers={"Accept": "application/json"})
            if status != 200:
                raise SystemExit(f"listing contacts answered {status}")
            page = json.loads(body)
            rows = page["results"] if isinstance(page, dict) else page
            for row in rows:
                key = row.get("idempotency_key")
                if key:
                    counts[key] = counts.get(key, 0) + 1
            following = page.get("next") if isinstance(page, dict) else None
            path = (
                urllib.parse.urlsplit(following)._replace(scheme="", netloc="").geturl()
                if following
                else ""
            )
    return counts


class Soak:
    def __init__(self, client: Client, cases: list[int], *, seed: int):
        self.client = client
        self.cases = cases
        self.random = random.Random(seed)  # noqa: S311 — load variety, not secrets
        self.lock = threading.Lock()
        self.stats = {"attempts": 0, "duplicates": 0, "cuts": 0, "server_errors": 0, "refused": 0}
        self.failures: list[dict[str, object]] = []

    def _count(self, name: str) -> None:
        with self.lock:
            self.stats[name] += 1

    def _body(self, rng: random.Random) -> bytes:
        kind = rng.choice(KINDS)
        occurred = datetime.datetime.now(datetime.UTC) - datetime.timedelta(
            minutes=rng.randint(5, 60)
        )
        body = {
            "case": rng.choice(self.cases),
            "occurred_at": occurred.isoformat(),
            "kind": kind,
            "note": f"Soak contact {rng.random():.8f}",
        }
        if kind == "f2f_third_party":
            body.update(third_party_name="A. Carer", third_party_organisation="Clinic")
        return json.dumps(body).encode()

    def submit(self, index: int) -> str:
        rng = random.Random(f"{index}-{self.random.random()}")  # noqa: S311 — load variety, not secrets
        key = str(uuid.uuid4())
        body = self._body(rng)
        headers = self.client.api_headers(key)
        if rng.random() < 0.15:
            self._count("cuts")
            self.client.cut("/api/v1/contacts/", body, headers, halfway=rng.random() < 0.5)
        if rng.random() < 0.15:
            # A double tap: the same submission twice at once.
            self._count("duplicates")
            threading.Thread(target=self._send, args=(body, headers), daemon=True).start()
        for _attempt in range(20):
            status = self._send(body, headers)
            if status in (200, 201):
                if rng.random() < 0.1:
                    self._count("duplicates")
                    self._send(body, headers)  # a retry after all, answered from the key
                return key
            time.sleep(0.05 * (_attempt + 1))
        return key

    def _send(self, body: bytes, headers: dict[str, str]) -> int:
        self._count("attempts")
        # Our own request id: the server logs it, so a 5xx can be matched to its cause.
        request_id = uuid.uuid4().hex
        try:
            status, answer_headers, answer = self.client.request(
                "POST", "/api/v1/contacts/", body, {**headers, "X-Request-ID": request_id}
            )
        except OSError:
            return 0
        if status >= 500:
            self._count("server_errors")
            with self.lock:
                self.failures.append(
                    {
                        "status": status,
                        "request_id": answer_headers.get("X-Request-ID", request_id),
                        "body": answer[:300].decode("utf-8", "replace"),
                    }
                )
        elif status >= 400 and status != 409:
            self._count("refused")
        return status


def _causes(failures: list[dict[str, object]], log_path: str) -> list[dict[str, object]]:
    """Each 5xx with what the server logged about the same request (its id, echoed back)."""
    logged: dict[str, dict[str, object]] = {}
    if log_path and os.path.exists(log_path):
        with open(log_path, encoding="utf-8", errors="replace") as log:
            for line in log:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if isinstance(entry, dict) and entry.get("exc_type") and entry.get("request_id"):
                    logged[str(entry["request_id"])] = entry
    # One entry per distinct cause (exception and where it was raised), with a count.
    causes: dict[tuple[object, ...], dict[str, object]] = {}
    for failure in failures:
        entry = logged.get(str(failure["request_id"]), {})
        stack = [line for line in str(entry.get("stack", "")).splitlines() if line.strip()]
        tail = [line for line in stack if line.lstrip().startswith("File ")][-3:]
        exc_type = entry.get("exc_type", "")
        cause = causes.setdefault(
            (failure["status"], exc_type, *tail),
            {
                "count": 0,
                "status": failure["status"],
                "exc_type": exc_type,
                "message": entry.get("message", ""),
                "where": [line.strip() for line in tail],
                "body": failure["body"],
                "request_ids": [],
            },
        )
        cause["count"] = int(str(cause["count"])) + 1
        ids = cause["request_ids"]
        if isinstance(ids, list) and len(ids) < 3:
            ids.append(failure["request_id"])
    return sorted(causes.values(), key=lambda c: -int(str(c["count"])))


def _start_server(port: int) -> tuple[subprocess.Popen, str, str, str]:
    env = dict(os.environ)
    workdir = Path(tempfile.mkdtemp(prefix="cwsp-soak-"))
    if not env.get("DATABASE_URL"):
        env.setdefault("CWSP_SQLITE_PATH", str(workdir / "db.sqlite3"))
    else:
        # PostgreSQL (DATABASE_URL: a database of its own, the demo data is seeded into it),
        # served over plain http on 127.0.0.1 like the embedded default.
        env.setdefault("DJANGO_SECURE_HTTPS", "0")
    env.update(
        CWSP_DEMO="1",
        CWSP_API_RATE_USER=env.get("CWSP_API_RATE_USER", "1000000/hour"),
        CWSP_SIGN_IN_RATE=env.get("CWSP_SIGN_IN_RATE", "1000/min"),
    )
    env.pop("CELERY_BROKER_URL", None)
    python = sys.executable
    for command in (["migrate", "--noinput"], ["seed_demo", "--force"]):
        subprocess.run(  # noqa: S603 — a fixed argv of this interpreter
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    # The server's log is always kept: a 5xx without its cause cannot be fixed.
    log_path = os.environ.get("CWSP_SOAK_SERVER_LOG") or str(workdir / "server.log")
    log = open(log_path, "w")  # noqa: SIM115 — lives as long as the server
    server = subprocess.Popen(  # noqa: S603 — a fixed argv of this interpreter
        [python, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    password = env.get("DEMO_PASSWORD", "demo-password-2026")
    return server, "practitioner.wadeye", password, log_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="")
    parser.add_argument("--start-server", action="store_true")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--username", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)

    server = None
    log_path = os.environ.get("CWSP_SOAK_SERVER_LOG", "")
    username, password = args.username, args.password
    if args.start_server:
        server, username, password, log_path = _start_server(args.port)
        base = f"http://127.0.0.1:{args.port}"
    elif args.url:
        base = args.url
    else:
        parser.error("give --url or --start-server")
    try:
        client = Client(base)
        client.sign_in(username, password)
        cases = _open_cases(client)
        if not cases:
            raise SystemExit(f"{username} has no open cases to log contacts for")
        soak = Soak(client, cases, seed=args.seed)
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
            keys = list(pool.map(soak.submit, range(args.contacts)))
        seconds = time.monotonic() - started
        time.sleep(0.5)  # the double taps' second sends finish
        counts = _contacts_by_key(client, cases)
        report = {
            "submissions": len(keys),
            **soak.stats,
            "lost": sum(1 for key in keys if counts.get(key, 0) == 0),
            "duplicated": sum(counts.get(key, 0) - 1 for key in keys if counts.get(key, 0) > 1),
            "seconds": round(seconds, 1),
        }
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            server = None
        if soak.failures:
            report["server_log"] = log_path
            report["server_error_causes"] = _causes(soak.failures, log_path)
        print(json.dumps(report))
        ok = report["lost"] == report["duplicated"] == report["server_errors"] == 0
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
