"""Time the quarterly report (figures for every partnership and the PDF) and its peak memory.

Runs the same path as ``manage.py generate_quarterly_report`` (a request row, then the
job body, synchronously) against the benchmark database and prints the wall time, the
CPU time and the process's peak resident memory (WeasyPrint renders in-process):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cwsp_bench_national \\
    DJANGO_SECRET_KEY=bench-only-secret-key-0123456789abcdefghijklmnop \\
    CWSP_MEDIA_ROOT=/tmp/cwsp-bench-media \\
    .venv/bin/python scripts/bench_report.py --quarter 2026-27Q1

Not a test: it prints figures.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarter", required=True, help="Like 2026-27Q1.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from oversight import services
    from oversight.models import ReportRequest
    from oversight.quarters import Quarter
    from partnerships.models import Community

    label = Quarter.parse(args.quarter).label
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        request = ReportRequest.objects.create(quarter=label)
        report = services.report_request_run(request_id=request.pk, worker="bench")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    if report is None:
        request.refresh_from_db()
        raise SystemExit(f"not generated: {request.error_message}")
    print(
        json.dumps(
            {
                "quarter": report.quarter,
                "partnerships": Community.objects.filter(runs_maccst=True).count(),
                "seconds": round(wall, 2),
                "cpu_seconds": round(
                    (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2
                ),
                "peak_rss_mb": round(after.ru_maxrss / 1024, 1),
                "queries": len(queries),
                "pages": report.page_count,
                "pdf_kb": round(report.size_bytes / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
