"""Structured logs: one JSON object per line, with ids and never personal data.

Every record carries the request id and the signed-in user's id (never a name or
username); the request line carries the path without its query string, the status
and the duration. Exceptions keep their type and stack but not their message, which
may quote a record's values.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import traceback
import uuid

from django.utils.functional import LazyObject, empty

# The request being served on this thread or task. Not reset when the middleware returns:
# Django logs 4xx/5xx responses after the middleware chain, and those lines need the ids too.
_current_request: contextvars.ContextVar = contextvars.ContextVar("cwsp_request", default=None)

logger = logging.getLogger("cwsp.request")

# Attributes a record may carry that we write out (everything else is left out).
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "task", "task_id", "count")
_QUERY = re.compile(r"(\S*?)\?\S*")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


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


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.name == "django.server":
            # runserver's request line quotes the full URL; keep the path only.
            message = _QUERY.sub(r"\1", message)
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
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        response.headers["X-Request-ID"] = request.request_id
        return response
