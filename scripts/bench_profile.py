"""Where each benchmarked page spends its time: pyinstrument over repeated requests.

Renders every target of ``scripts/bench_setup.py`` in-process (Django's test client, the
settings the server runs with, signed in as the target's user), warms it, then profiles
``--requests`` requests and prints, per page:
- the time per request;
- the time by layer (waiting for PostgreSQL, the ORM building queries and rows, templates,
  middleware and sessions, CWSP's own code, the rest of Python), from pyinstrument's
  samples, each sample counted once where its innermost frame lies;
- the functions with the most time of their own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cwsp_bench_national \\
    DJANGO_SECRET_KEY=bench-only-secret-key-0123456789abcdefghijklmnop \\
      .venv/bin/python scripts/bench_profile.py --requests 30 [--only "Child page"] [--html DIR]

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# How many functions to list per page.
TOP = int(os.environ.get("CWSP_PROFILE_TOP", "8"))
sys.path.insert(0, str(ROOT))

PROJECT_DIRS = tuple(
    str(ROOT / name) + os.sep
    for name in (
        "accounts",
        "audit",
        "casework",
        "config",
        "core",
        "escalations",
        "notifications",
        "oversight",
        "partnerships",
    )
)

# The innermost frame's file decides the layer (first match wins).
LAYERS = (
    ("PostgreSQL (driver waiting)", ("/psycopg/", "/psycopg_c/", "/psycopg_pool/")),
    ("ORM: compiling SQL", ("/django/db/models/sql/", "/django/db/backends/")),
    ("ORM: querysets, rows, prefetch", ("/django/db/",)),
    ("templates", ("/django/template/", "/django/templatetags/", "/django/forms/")),
    (
        "middleware, sessions, auth",
        ("/django/middleware/", "/django/contrib/", "/django_otp/", "/axes/", "/whitenoise/"),
    ),
    ("DRF", ("/rest_framework/", "/drf_spectacular/", "/django_filters/")),
    ("URLs, requests, i18n", ("/django/urls/", "/django/http/", "/django/utils/", "/django/core/")),
)


def layer_of(path: str) -> str:
    if path.startswith(PROJECT_DIRS):
        return "CWSP code"
    for name, markers in LAYERS:
        if any(marker in path for marker in markers):
            return name
    return "other Python"


def own_times(frame, layers: collections.Counter, functions: collections.Counter, parent=None):
    """Each frame's own time (its time less its children's) by layer and by function.

    pyinstrument keeps a frame's own time in a synthetic "[self]" child: it is counted for
    the real frame above it.
    """
    children = list(frame.children)
    real = parent if frame.is_synthetic and parent is not None else frame
    own = frame.time - sum(child.time for child in children)
    if own > 0:
        path = real.file_path or ""
        layers[layer_of(path)] += own
        where = path.replace(str(ROOT) + os.sep, "").split("site-packages/")[-1]
        functions[f"{real.function} ({where}:{real.line_no})"] += own
    for child in children:
        own_times(child, layers, functions, real)


def profile_target(client, target: dict, requests: int, html_dir: Path | None) -> dict:
    from pyinstrument import Profiler

    method, path, data = target["method"], target["path"], target.get("data")

    def one(i: int) -> int:
        if method == "GET":
            return client.get(path).status_code
        extra = dict(target.get("extra", {}))
        if target.get("fresh_key"):
            extra["HTTP_IDEMPOTENCY_KEY"] = str(uuid.uuid4())
        return client.post(path, data(i), **extra).status_code

    for i in range(3):
        one(-1 - i)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    statuses = [one(i) for i in range(requests)]
    profiler.stop()
    elapsed = time.perf_counter() - started
    layers: collections.Counter = collections.Counter()
    functions: collections.Counter = collections.Counter()
    root = profiler.last_session.root_frame()
    if root is not None:
        own_times(root, layers, functions)
    total = sum(layers.values()) or 1.0
    if html_dir:
        html_dir.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() else "-" for c in target["name"].lower())
        (html_dir / f"{name}.html").write_text(profiler.output_html())
    return {
        "name": target["name"],
        "ms_per_request": elapsed * 1000 / requests,
        "statuses": sorted(set(statuses)),
        "layers": [(k, v / total) for k, v in layers.most_common()],
        "functions": [(k, v * 1000 / requests) for k, v in functions.most_common(TOP)],
    }


def in_process_targets(targets: list[dict]) -> list[dict]:
    """The GETs as they are; the contact POST as the page's form, one case after another."""
    import datetime

    from django.utils import timezone

    out = []
    for target in targets:
        if target.get("sql_path"):
            out.append({**target, "method": "GET", "path": target["sql_path"]})
        elif target.get("contact_case_ids"):
            case_ids = target["contact_case_ids"]

            def data(i, case_ids=case_ids):
                when = timezone.localtime() - datetime.timedelta(minutes=100_000 + i)
                return {
                    "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
                    "kind": "phone",
                    "who_was_seen": "The child",
                    "location": "Phone",
                    "note": "Profiled contact.",
                }

            out.append(
                {
                    **target,
                    "method": "POST",
                    "path": f"/casework/cases/{case_ids[0]}/contacts/new/",
                    "data": data,
                }
            )

            def api_data(i, case_ids=case_ids):
                when = timezone.now() - datetime.timedelta(minutes=300_000 + i)
                return json.dumps(
                    {
                        "case": case_ids[i % len(case_ids)],
                        "occurred_at": when.isoformat(),
                        "kind": "phone",
                        "note": "Queued while offline.",
                    }
                )

            # One contact of an offline sync: the API, under its own Idempotency-Key.
            out.append(
                {
                    **target,
                    "name": "API contact (POST)",
                    "method": "POST",
                    "path": "/api/v1/contacts/",
                    "data": api_data,
                    "extra": {"content_type": "application/json"},
                    "fresh_key": True,
                }
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--html", type=Path, default=None, help="write each profile as HTML")
    parser.add_argument(
        "--markdown", action="store_true", help="also end with one table row a page"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the PostgreSQL benchmark database.")
    os.environ.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECURE_HTTPS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "CWSP_MFA_REQUIRED_ROLES": "",
            "CWSP_API_RATE_USER": "1000000/minute",
            "CWSP_LOG_LEVEL": "WARNING",
        }
    )
    from scripts.bench_setup import bench_targets

    targets = in_process_targets(bench_targets())
    if args.only:
        wanted = set(args.only.split(","))
        targets = [t for t in targets if t["name"] in wanted]

    from django.contrib.auth import get_user_model
    from django.test import Client

    # The contact POST commits its contacts (in the past, a minute apart), as the
    # server benchmark's do: a commit's wait is part of what a practitioner waits for.
    rows = []
    for target in targets:
        client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")
        client.force_login(get_user_model().objects.get(username=target["username"]))
        result = profile_target(client, target, args.requests, args.html)
        rows.append(result)
        print(
            f"\n## {result['name']}: {result['ms_per_request']:.1f} ms a request "
            f"(answers {result['statuses']})"
        )
        for layer, share in result["layers"]:
            print(f"  {share * 100:5.1f}%  {layer}")
        print("  most own time (ms a request):")
        for function, ms in result["functions"]:
            print(f"    {ms:6.2f}  {function}")
    if args.markdown:
        print("\n| page | ms a request (profiled) | where the time goes | most own time |")
        print("|---|---:|---|---|")
        for result in rows:
            layers = ", ".join(f"{name} {share:.0%}" for name, share in result["layers"][:4])
            top = "; ".join(
                f"`{name.split(' (')[0]}` {ms:.1f} ms" for name, ms in result["functions"][:3]
            )
            print(f"| {result['name']} | {result['ms_per_request']:.1f} | {layers} | {top} |")


if __name__ == "__main__":
    main()
