"""Lighthouse 12 accessibility and best-practices scores of the seven main pages, signed in.

Starts the demo (SQLite in a temporary folder, ``seed_demo``) on a free port on 127.0.0.1,
signs in over HTTP as the team leader (and the oversight member for the reports list),
passes the session cookie to Lighthouse and prints one line per page with both scores and
what kept a score under 100. Not a test: a measurement (see docs/benchmarks.md).

    CHROME_PATH=/usr/bin/chromium .venv/bin/python scripts/lighthouse.py [--json-dir DIR]

Needs Chromium and npx (Lighthouse is fetched by ``npx --yes lighthouse@12``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.bench_pages import Session  # noqa: E402

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-password-2026")
CATEGORIES = ("accessibility", "best-practices")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_env(folder: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "CWSP_CACHE_URL", "CI")
    }
    env.update(CWSP_DEMO="1", CWSP_SQLITE_PATH=str(Path(folder) / "demo.sqlite3"))
    return env


def start_demo(folder: str, port: int) -> subprocess.Popen:
    env = demo_env(folder)
    python = str(ROOT / ".venv" / "bin" / "python")
    for command in (["migrate", "--noinput"], ["seed_demo", "--force"]):
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [python, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(60):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the demo server did not start")


def first_link(session: Session, path: str, pattern: str) -> str:
    status, page = session.request("GET", path)
    found = re.search(pattern.encode(), page)
    if status != 200 or not found:
        raise SystemExit(f"no link matching {pattern} on {path} ({status})")
    return found.group(0).decode()


def signed_in(port: int, username: str) -> Session:
    session = Session("127.0.0.1", port)
    session.sign_in(username, DEMO_PASSWORD)
    return session


def pages(port: int) -> list[tuple[str, str, Session]]:
    leader = signed_in(port, "teamleader.wadeye")
    child = first_link(leader, "/casework/team/", r"/casework/children/\d+/")
    contact = first_link(leader, child, r"/casework/cases/\d+/contacts/new/")
    oversight = signed_in(port, "oversight.member")
    return [
        ("Home", "/", leader),
        ("My caseload", "/casework/my-caseload/", leader),
        ("Team caseload", "/casework/team/", leader),
        ("Child page", child, leader),
        ("Log a contact", contact, leader),
        ("Escalations list", "/escalations/", leader),
        ("Reports list", "/oversight/reports/", oversight),
    ]


def lighthouse(url: str, cookies: dict[str, str], out: Path) -> dict:
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    command = [
        "npx",
        "--yes",
        "lighthouse@12",
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    return json.loads(out.read_text())


def failing_audits(report: dict, category: str) -> list[str]:
    audits = report["audits"]
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            failing.append(f"{ref['id']}: {audit['title']}")
    return failing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json-dir", help="keep each page's Lighthouse report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out_dir = Path(args.json_dir or folder)
        out_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        server = start_demo(folder, port)
        try:
            print("| Page | Path | Accessibility | Best practices |\n|---|---|---:|---:|")
            problems = []
            for n, (name, path, session) in enumerate(pages(port)):
                report = lighthouse(
                    f"http://127.0.0.1:{port}{path}", session.cookies, out_dir / f"page-{n}.json"
                )
                scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
                print(f"| {name} | `{path}` | {scores[0]} | {scores[1]} |", flush=True)
                if report.get("finalDisplayedUrl", "").rstrip("/").endswith("/login"):
                    problems.append(f"{name}: Lighthouse was sent to the sign-in page")
                for category in CATEGORIES:
                    problems += [
                        f"{name} ({category}) {a}" for a in failing_audits(report, category)
                    ]
            for problem in problems:
                print(f"  - {problem}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
