"""Drive one page or endpoint with wrk: 20 keep-alive connections, each its own session.

The load generator is written in C, so it leaves the two cores to the server (a Python
driver spent a large share of them unpacking responses). Each wrk thread holds one
connection and one signed-in session; a contact POST cycles over the practitioner's open
cases with a distinct time for every contact. Used by ``scripts/bench_pages.py``.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

LUA = r"""
local sessions = __SESSIONS__
local bodies = __BODIES__
local paths = __PATHS__
local method = "__METHOD__"
local ok_status = __OK_STATUS__
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  session = sessions[(id - 1) % #sessions + 1]
  errors = 0
  i = id * 7919
end

function request()
  i = i + 1
  local headers = {
    ["Cookie"] = "sessionid=" .. session.sessionid .. "; csrftoken=" .. session.csrftoken,
    ["Accept-Encoding"] = "gzip",
  }
  local path = paths[i % #paths + 1]
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Referer"] = "http://127.0.0.1" .. path
    local body = "csrfmiddlewaretoken=" .. session.csrftoken .. "&" .. bodies[i % #bodies + 1]
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if status ~= ok_status then errors = errors + 1 end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do wrong = wrong + thread:get("errors") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"wrong_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), wrong, e.connect + e.read + e.write + e.timeout))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def _lua_strings(values: list[str]) -> str:
    return "{" + ", ".join(json.dumps(v) for v in values) + "}"


def _contact_bodies(count: int = 5000) -> list[str]:
    """Form bodies for phone contacts at distinct minutes in the past (Darwin time)."""
    from django.utils import timezone

    now = timezone.localtime()
    return [
        urllib.parse.urlencode(
            {
                "occurred_at": (now - datetime.timedelta(minutes=1 + n)).strftime("%Y-%m-%dT%H:%M"),
                "kind": "phone",
                "who_was_seen": "The child",
                "location": "Phone",
                "note": "Bench contact.",
            }
        )
        for n in range(count)
    ]


def drive(port: int, target: dict, sessions: list[dict], seconds: float) -> dict:
    """Run wrk against ``target`` with one connection per session; return the figures."""
    if target.get("contact_case_ids"):
        method, ok_status = "POST", 302  # 200 would mean the form came back with an error
        paths = [f"/casework/cases/{pk}/contacts/new/" for pk in target["contact_case_ids"]]
        bodies = _contact_bodies()
    else:
        method, ok_status, paths, bodies = "GET", 200, [target["path"]], []
    lua_sessions = (
        "{"
        + ", ".join(
            "{{sessionid = {}, csrftoken = {}}}".format(
                json.dumps(s["sessionid"]), json.dumps(s["csrftoken"])
            )
            for s in sessions
        )
        + "}"
    )
    script = (
        LUA.replace("__SESSIONS__", lua_sessions)
        .replace("__BODIES__", _lua_strings(bodies))
        .replace("__PATHS__", _lua_strings(paths))
        .replace("__METHOD__", method)
        .replace("__OK_STATUS__", str(ok_status))
    )
    with tempfile.TemporaryDirectory() as folder:
        lua = Path(folder) / "target.lua"
        lua.write_text(script)
        users = len(sessions)
        result = subprocess.run(  # noqa: S603
            [
                shutil.which("wrk") or "wrk",
                f"--threads={users}",
                f"--connections={users}",
                f"--duration={int(seconds)}s",
                "--timeout=30s",
                f"--script={lua}",
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(x for x in result.stdout.splitlines() if x.startswith("{"))
    raw = json.loads(line)
    return {
        "requests": raw["requests"],
        "errors": raw["wrong_status"] + raw["socket_errors"],
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "per_second": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
    }
