"""A PostgreSQL cluster of the benchmark's own, configured as production would be.

The machine's PostgreSQL runs its default configuration (128 MB of shared buffers, 4 GB
effective cache size, JIT on), which is what CI uses. A production database server keeps
a national tier's hot tables and indexes in its own buffers and writes its WAL in larger,
calmer checkpoints. This script starts a second cluster beside the machine's one, on its
own port and data directory, with the settings below, and copies a benchmark database into
it, so ``scripts/bench_pages.py`` can measure the same data on both:

    .venv/bin/python scripts/bench_pg_cluster.py start            # initdb once, then start
    .venv/bin/python scripts/bench_pg_cluster.py copy cwsp_bench_national
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/cwsp_bench_national \\
        .venv/bin/python scripts/bench_pages.py --users 20 --think 2
    .venv/bin/python scripts/bench_pg_cluster.py stop

Not a test and never for real people's data: the cluster trusts every local connection.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DATA_DIR = Path(os.environ.get("CWSP_BENCH_PGDATA", "/var/tmp/cwsp-bench-pg"))  # noqa: S108
PORT = int(os.environ.get("CWSP_BENCH_PGPORT", "5433"))
SOURCE_URL = "postgres://postgres@127.0.0.1:5432"

# What production would set on a database server of 24 GiB and SSD storage that serves
# only this application (the values follow PostgreSQL's documentation on resource
# consumption and WAL configuration). Durability is never traded: synchronous_commit and
# fsync stay on, because a contact acknowledged to a practitioner must survive a crash.
PRODUCTION_SETTINGS = {
    # A quarter of memory: the national tier's contacts table and its indexes (1.3 GB
    # in all) stay in PostgreSQL's own buffers rather than depending on the page cache.
    "shared_buffers": "6GB",
    # What the planner may assume PostgreSQL's buffers and the OS cache hold together.
    "effective_cache_size": "16GB",
    "work_mem": "16MB",
    "maintenance_work_mem": "1GB",
    # WAL: larger segments between checkpoints, spread out, compressed full-page writes.
    "wal_buffers": "64MB",
    "max_wal_size": "8GB",
    "min_wal_size": "2GB",
    "checkpoint_timeout": "15min",
    "checkpoint_completion_target": "0.9",
    "wal_compression": "on",
    # SSD: a random page costs little more than a sequential one.
    "random_page_cost": "1.1",
    "effective_io_concurrency": "200",
    # The product's queries are short; compiling them costs more than it saves.
    "jit": "off",
    "max_connections": "100",
    "synchronous_commit": "on",
    "fsync": "on",
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "'/tmp'",
    "shared_preload_libraries": "'pg_prewarm'",
}


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise SystemExit(f"{name} not found: install the PostgreSQL server package.")
    return found[-1]


def _as_postgres(*command: str) -> None:
    """Run as the postgres user (initdb and the server refuse root)."""
    if os.geteuid() == 0:
        command = ("runuser", "-u", "postgres", "--", *command)
    subprocess.run(command, check=True)  # noqa: S603


def start() -> None:
    if not (DATA_DIR / "PG_VERSION").exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(DATA_DIR, "postgres", "postgres")
        _as_postgres(
            _bin("initdb"), "-D", str(DATA_DIR), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
    conf = DATA_DIR / "postgresql.auto.conf"
    lines = [f"{key} = {value}" for key, value in PRODUCTION_SETTINGS.items()]
    lines.append(f"port = {PORT}")
    conf.write_text("\n".join(lines) + "\n")
    if os.geteuid() == 0:
        shutil.chown(conf, "postgres", "postgres")
    _as_postgres(
        _bin("pg_ctl"), "-D", str(DATA_DIR), "-l", str(DATA_DIR / "server.log"), "-w", "start"
    )
    print(f"started on 127.0.0.1:{PORT}, data in {DATA_DIR}")


def stop() -> None:
    _as_postgres(_bin("pg_ctl"), "-D", str(DATA_DIR), "-m", "fast", "-w", "stop")


def copy(database: str) -> None:
    """Dump ``database`` from the machine's cluster and restore it here (indexes in
    parallel), then analyse it and load its tables and indexes into the buffers, as a
    server that has been serving for a while holds them."""
    target = f"postgres://postgres@127.0.0.1:{PORT}"
    where = ["-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres"]
    subprocess.run([_bin("dropdb"), *where, "--if-exists", database], check=True)  # noqa: S603
    subprocess.run([_bin("createdb"), *where, database], check=True)  # noqa: S603
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "dump"
        subprocess.run(  # noqa: S603
            [_bin("pg_dump"), "-Fd", "-j", "2", "-f", str(dump), f"{SOURCE_URL}/{database}"],
            check=True,
        )
        subprocess.run(  # noqa: S603
            [_bin("pg_restore"), "-j", "2", "-d", f"{target}/{database}", str(dump)],
            check=True,
        )
    psql = ["psql", "-q", "-d", f"{target}/{database}", "-c"]
    subprocess.run([*psql, "VACUUM (ANALYZE)"], check=True)  # noqa: S603
    subprocess.run([*psql, "CREATE EXTENSION IF NOT EXISTS pg_prewarm"], check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [
            *psql,
            "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')",
        ],
        check=True,
    )
    print(f"copied {database} to 127.0.0.1:{PORT}")


def settings_table() -> None:
    """The settings as a Markdown table, for docs/benchmarks.md."""
    print("| setting | production cluster |")
    print("|---|---|")
    for key, value in PRODUCTION_SETTINGS.items():
        if key not in {"listen_addresses", "unix_socket_directories"}:
            print(f"| `{key}` | {value.strip(chr(39))} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start")
    sub.add_parser("stop")
    sub.add_parser("settings")
    copy_parser = sub.add_parser("copy")
    copy_parser.add_argument("database")
    args = parser.parse_args()
    if args.command == "start":
        start()
    elif args.command == "stop":
        stop()
    elif args.command == "settings":
        settings_table()
    else:
        copy(args.database)


if __name__ == "__main__":
    sys.exit(main())
