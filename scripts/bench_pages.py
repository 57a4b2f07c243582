"""Serve CWSP with gunicorn on PostgreSQL and drive its hot pages at 20 concurrent users.

Reports p50 / p95 / p99 latency and throughput per page or endpoint, and for each GET the
time of the page's own SQL run alone, with the ratio of page time to SQL time. Run it
against a database filled by ``manage.py generate_load_data`` (see docs/benchmarks.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cwsp_bench_national \\
    DJANGO_SECRET_KEY=bench-only-secret-key-0123456789 \\
    .venv/bin/python scripts/bench_pages.py --seconds 20 --users 20

Not a test: it prints figures. The load stays on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts import bench_wrk  # noqa: E402

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - synthetic bench users only


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Session:
    """A signed-in browser-like session over one keep-alive connection."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=60)

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Encoding": "gzip"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        try:
            self.conn.request(method, path, body=body, headers=self._headers(headers))
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.conn.request(method, path, body=body, headers=self._headers(headers))
            response = self.conn.getresponse()
        data = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            # Browsers on slow links ask for gzip; unpacking is part of reading the page.
            data = gzip.decompress(data)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def sign_in(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            }
        ).encode()
        status, _ = self.request(
            "POST",
            "/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}/login/",
            },
        )
        if status != 302:
            raise SystemExit(f"sign-in as {username} failed with {status}")


def drive(
    host, port, username, make_request, users: int, seconds: float, think: float = 0.0
) -> dict:
    """``users`` threads, each signed in, repeating ``make_request(session, i)``.

    With ``think`` each session pauses a random time (exponential, that mean) between
    requests, as a person reading the page would.
    """
    pauses = random.Random(8)  # noqa: S311 - pauses, not secrets
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    # Sign-in (a deliberately slow password hash) is not part of the figures: every
    # session signs in first, then all start together.
    deadline = [0.0]

    def start_clock() -> None:
        # Runs once, before any thread is released, so every thread sees the deadline.
        deadline[0] = time.monotonic() + seconds

    ready = threading.Barrier(users + 1, action=start_clock)

    def worker(n: int) -> None:
        session = Session(host, port)
        try:
            for attempt in range(3):
                try:
                    session.sign_in(username, BENCH_PASSWORD)
                    break
                except (SystemExit, OSError, http.client.HTTPException) as exc:
                    print(f"sign-in attempt {attempt + 1}: {exc}", file=sys.stderr, flush=True)
                    session = Session(host, port)
            if hasattr(make_request, "prepare"):
                make_request.prepare(session)
        finally:
            ready.wait()
        i = 0
        if think:
            # People do not all press at the same instant: each session starts after a
            # pause of its own, so the first round is not a burst of ``users`` requests
            # at once (which queued behind each other and was most of every p95).
            time.sleep(min(pauses.expovariate(1 / think), max(0.0, deadline[0] - time.monotonic())))
        while time.monotonic() < deadline[0]:
            started = time.perf_counter()
            status = make_request(session, n * 100_000 + i)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status >= 400:
                    errors[0] += 1
            i += 1
            if think:
                left = max(0.0, deadline[0] - time.monotonic())
                time.sleep(min(pauses.expovariate(1 / think), left))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = deadline[0] - seconds
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    if not latencies:
        raise SystemExit(f"no request completed as {username}: did sign-in fail?")
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "per_second": round(len(latencies) / wall, 1),
    }


def signed_in_sessions(port: int, username: str, count: int) -> list[dict]:
    """``count`` separate sessions of one user: their session and CSRF cookies."""
    sessions = []
    for _ in range(count):
        session = Session("127.0.0.1", port)
        session.sign_in(username, BENCH_PASSWORD)
        session.request("GET", "/")  # the CSRF cookie, as a browser would hold it
        sessions.append(
            {"sessionid": session.cookies["sessionid"], "csrftoken": session.cookies["csrftoken"]}
        )
        session.conn.close()
    return sessions


def sql_alone_ms(username: str, path: str) -> tuple[float, int]:
    """Render the page once in-process, then time its captured SQL run alone."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path)  # warm caches as the server has
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = [q["sql"] for q in captured.captured_queries]
    timings = []
    with connection.cursor() as cursor:
        for _ in range(5):
            started = time.perf_counter()
            for sql in queries:
                if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    cursor.execute(sql)
                    cursor.fetchall()
            timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, len(queries)


def busy_core() -> subprocess.Popen:
    """A CPU-bound process pinned to the machine's last core, until terminated."""
    last = max(os.sched_getaffinity(0))
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-c",
            f"import os; os.sched_setaffinity(0, {{{last}}})\nwhile True: pass",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--warm-up", type=float, default=2, help="untimed seconds first")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause in seconds between a session's requests (people reading the "
        "page), with the python driver (wrk counts a pause as waiting); 0 sends the next "
        "request as soon as the last one is answered",
    )
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument(
        "--cpu-load",
        action="store_true",
        help="keep one core busy with a CPU-bound process (pinned to the last core) while "
        "measuring, as another job sharing the machine would",
    )
    parser.add_argument(
        "--driver",
        choices=("wrk", "python"),
        default="wrk" if bench_wrk.available() else "python",
        help="wrk (apt-get install wrk) leaves the cores to the server; python needs nothing",
    )
    args = parser.parse_args()
    if args.think:
        args.driver = "python"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL benchmark database.")

    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CWSP_MFA_REQUIRED_ROLES": "",
        # Raised for the benchmark only: 20 threads sign in as one user for every target.
        "CWSP_API_RATE_USER": "1000000/minute",
        "CWSP_SIGN_IN_RATE": "1000000/minute",
        "CWSP_SIGN_IN_FAILURE_LIMIT": "1000000",
        "CWSP_LOG_LEVEL": "WARNING",
        # Production runs with Redis as the shared cache (sessions, per-case sections).
        "CWSP_CACHE_URL": os.environ.get("CWSP_CACHE_URL", "redis://127.0.0.1:6379/7"),
    }
    os.environ.update({k: v for k, v in env.items() if k.startswith(("CWSP_", "DJANGO_"))})
    from scripts.bench_setup import bench_targets

    targets = bench_targets()
    if args.only:
        wanted = set(args.only.split(","))
        targets = [t for t in targets if t["name"] in wanted]

    # The server serves hashed static file names from the manifest, as in production.
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request(
                    "GET", "/login/"
                )
                break
            except OSError:
                time.sleep(0.2)
        results = []
        if args.cpu_load:
            load = busy_core()
        for target in targets:
            # A first untimed round warms every worker (templates, URL patterns, database
            # connections), as a server that has been up for a while is.
            if target.get("solo"):
                figures = drive(
                    "127.0.0.1", args.port, target["username"], target["request"], 1, args.seconds
                )
            elif args.driver == "wrk":
                sessions = signed_in_sessions(args.port, target["username"], args.users)
                bench_wrk.drive(args.port, target, sessions, args.warm_up)
                figures = bench_wrk.drive(args.port, target, sessions, args.seconds)
            else:
                for seconds in (args.warm_up, args.seconds):
                    figures = drive(
                        "127.0.0.1",
                        args.port,
                        target["username"],
                        target["request"],
                        args.users,
                        seconds,
                        think=args.think,
                    )
            if target.get("sql_path"):
                sql_ms, query_count = sql_alone_ms(target["username"], target["sql_path"])
                figures["sql_ms"] = round(sql_ms, 1)
                figures["queries"] = query_count
                figures["page_to_sql"] = round(figures["p50_ms"] / sql_ms, 1) if sql_ms else None
            figures["name"] = target["name"]
            results.append(figures)
            print(json.dumps(figures), flush=True)
    finally:
        if args.cpu_load:
            load.terminate()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print()
    print(f"{'page':<28}{'p50':>8}{'p95':>8}{'p99':>8}{'req/s':>8}{'err':>6}{'SQL':>8}{'ratio':>7}")
    for r in results:
        print(
            f"{r['name']:<28}{r['p50_ms']:>8}{r['p95_ms']:>8}{r['p99_ms']:>8}"
            f"{r['per_second']:>8}{r['errors']:>6}{r.get('sql_ms', ''):>8}"
            f"{r.get('page_to_sql') or '':>7}"
        )


if __name__ == "__main__":
    main()
