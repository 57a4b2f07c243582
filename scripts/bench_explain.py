"""EXPLAIN (ANALYZE, BUFFERS) the SQL of each benchmarked page, slowest queries first.

Renders each GET target of ``scripts/bench_setup.bench_targets()`` once in-process,
captures its queries with ``CaptureQueriesContext`` and prints the plans of the slowest:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cwsp_bench_national \\
    DJANGO_SECRET_KEY=bench-only-secret-key-0123456789abcdefghijklmnop \\
    .venv/bin/python scripts/bench_explain.py --top 3

Not a test: it prints plans to read.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=3, help="Plans printed per page.")
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    os.environ.update(
        {"DJANGO_DEBUG": "0", "DJANGO_SECURE_HTTPS": "0", "CWSP_MFA_REQUIRED_ROLES": ""}
    )
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    from scripts.bench_setup import bench_targets

    targets = [t for t in bench_targets() if t.get("sql_path")]
    if args.only:
        targets = [t for t in targets if t["name"] in set(args.only.split(","))]
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for target in targets:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=target["username"]))
        client.get(target["sql_path"])
        with CaptureQueriesContext(connection) as captured:
            client.get(target["sql_path"])
        timed = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                timed.append((time.perf_counter() - started, sql))
            timed.sort(reverse=True)
            total = sum(t for t, _ in timed) * 1000
            print(f"=== {target['name']}: {len(captured)} queries, SELECTs {total:.1f} ms")
            for seconds, sql in timed[: args.top]:
                print(f"--- {seconds * 1000:.1f} ms: {sql[:600]}")
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                for (line,) in cursor.fetchall():
                    print("    " + line)
            print(flush=True)


if __name__ == "__main__":
    main()
