"""Structured logs: one JSON object per line, with ids and never personal data.

Every record carries the request id and the signed-in user's id (never a name or
username), or in a Celery worker the task's id and name; the request line carries the
path without its query string, the status and the duration. Exceptions keep their type
and stack but not their message, which may quote a record's values.

Paths that carry a secret (a password-set, password-reset or enrolment link: any route
with a ``token`` or ``uidb64`` argument) are written with those segments replaced, in the
request line and in every message that quotes the path: a logged link must not work.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import traceback
import uuid

from celery import current_task
from django.urls import Resolver404, resolve
from django.utils.functional import LazyObject, empty

# The request being served on this thread or task. Not reset when the middleware returns:
# Django logs 4xx/5xx responses after the middleware chain, and those lines need the ids too.
_current_request: contextvars.ContextVar = contextvars.ContextVar("cwsp_request", default=None)

logger = logging.getLogger("cwsp.request")

# Attributes a record may carry that we write out (everything else is left out).
EXTRA_FIELDS = (
    "method",
    "path",
    "status",
    "duration_ms",
    "task",
    "task_id",
    "task_name",
    "count",
)
_QUERY = re.compile(r"(\S*?)\?\S*")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
# URL arguments that are secrets: whoever holds the path can use it.
SECRET_URL_KWARGS = frozenset({"token", "uidb64", "key"})
REDACTED = "[redacted]"
# Something that looks like a path inside a log message ("Not Found: /x/", '"GET /x/ ...').
_PATH_IN_TEXT = re.compile(r"(?<![\w/:])/[^\s\"'?]*")


def _resolved_kwargs(path: str, resolver_match=None) -> dict:
    if resolver_match is not None:
        return dict(resolver_match.kwargs)
    for candidate in (path, path if path.endswith("/") else path + "/"):
        try:
            return dict(resolve(candidate).kwargs)
        except Resolver404:
            continue
        except Exception:  # noqa: BLE001 — a log line must never fail a request
            return {}
    return {}


def redact_path(path: str, resolver_match=None) -> str:
    """The path with every secret URL argument replaced by ``[redacted]``."""
    kwargs = _resolved_kwargs(path, resolver_match)
    secrets = [str(v) for k, v in kwargs.items() if k in SECRET_URL_KWARGS and v]
    if not secrets:
        return path
    segments = path.split("/")
    return "/".join(REDACTED if segment in secrets else segment for segment in segments)


def redact_text(text: str) -> str:
    """Every path quoted in a message, redacted the same way."""
    if "/" not in text:
        return text
    return _PATH_IN_TEXT.sub(lambda match: redact_path(match.group(0)), text)


def _user_id_of(request) -> int | None:
    user = getattr(request, "__dict__", {}).get("user")
    if user is None:
        return None
    # Only read a user already loaded: logging must not query the database.
    if isinstance(user, LazyObject) and user._wrapped is empty:
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


class RequestContextFilter(logging.Filter):
    """Stamp each record with the current request's id and user id."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None) or _current_request.get()
        record.request_id = getattr(request, "request_id", None)
        record.user_id = _user_id_of(request) if request is not None else None
        return True


class TaskContextFilter(logging.Filter):
    """In a Celery worker, stamp each record with the running task's id and name.

    Only ids and the task's registered name: never its arguments or return value.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        task = current_task
        request = getattr(task, "request", None) if task else None
        task_id = getattr(request, "id", None)
        if task_id:
            record.task_id = task_id
            record.task_name = getattr(task, "name", None)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.name == "django.server":
            # runserver's request line quotes the full URL; keep the path only.
            message = _QUERY.sub(r"\1", message)
        message = redact_text(message)
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["exc_type"] = record.exc_info[0].__name__
            entry["stack"] = "".join(traceback.format_tb(record.exc_info[2]))
        return json.dumps(entry, default=str)


class RequestLogMiddleware:
    """Give each request an id (echoed as ``X-Request-ID``) and log one line when it ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
        _current_request.set(request)
        started = time.monotonic()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": redact_path(request.path, getattr(request, "resolver_match", None)),
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        response.headers["X-Request-ID"] = request.request_id
        return response
