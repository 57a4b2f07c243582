"""The soak script explains every 5xx: the server's log line for the same request id."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _soak():
    path = ROOT / "scripts" / "soak_contacts.py"
    spec = importlib.util.spec_from_file_location("soak_contacts", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_server_error_is_matched_to_the_exception_the_server_logged(tmp_path):
    log = tmp_path / "server.log"
    lines = [
        {"logger": "cwsp.request", "request_id": "aaaa1111", "status": 201},
        {
            "logger": "django.request",
            "request_id": "bbbb2222",
            "message": "Internal Server Error: /api/v1/contacts/",
            "exc_type": "OperationalError",
            "stack": '  File "a.py", line 1, in x\n  File "b.py", line 2, in execute\n',
        },
    ]
    log.write_text("not json\n" + "\n".join(json.dumps(line) for line in lines) + "\n")
    failures = [
        {"status": 500, "request_id": "bbbb2222", "body": "<h1>Server error</h1>"},
        {"status": 502, "request_id": "cccc3333", "body": ""},
        {"status": 500, "request_id": "bbbb2222", "body": "<h1>Server error</h1>"},
    ]
    causes = _soak()._causes(failures, str(log))
    assert causes[0]["count"] == 2
    assert causes[0]["exc_type"] == "OperationalError"
    assert causes[0]["where"][-1] == 'File "b.py", line 2, in execute'
    assert causes[0]["body"] == "<h1>Server error</h1>"
    assert causes[0]["request_ids"] == ["bbbb2222", "bbbb2222"]
    # Nothing logged for it (a proxy's answer, a crash before logging): said so, not hidden.
    assert causes[1]["exc_type"] == "" and causes[1]["status"] == 502
