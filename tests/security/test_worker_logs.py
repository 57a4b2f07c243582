"""The Celery worker and beat log JSON lines with ids: never a task's arguments or result."""

import io
import json
import logging

import pytest
from celery import signals
from celery.app import trace

from config.celery import app, configure_logging
from core.request_log import JsonFormatter, RequestContextFilter, TaskContextFilter

CANARY = "Zz" + "canary-child-name"


@pytest.fixture
def worker_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    handler.addFilter(TaskContextFilter())
    logger = logging.getLogger("cwsp.test.worker")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield logger, lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_celery_logging_is_the_projects(settings):
    # Connected: Celery then leaves logging to us instead of installing its own handlers.
    assert signals.setup_logging.receivers
    root = logging.getLogger()
    saved = root.handlers[:]
    try:
        configure_logging()
        formatters = [type(h.formatter).__name__ for h in logging.getLogger().handlers]
        assert "JsonFormatter" in formatters
    finally:
        root.handlers[:] = saved


def test_lines_logged_inside_a_task_carry_its_id_and_name(worker_log):
    logger, lines = worker_log

    @app.task(name="tests.worker_logs.say")
    def say(secret):
        logger.info("working")
        return secret

    result = say.apply(args=[CANARY])
    (entry,) = lines()
    assert entry["task_id"] == result.id
    assert entry["task_name"] == "tests.worker_logs.say"
    assert CANARY not in json.dumps(entry)


def test_worker_messages_leave_out_arguments_results_and_errors():
    context = {
        "id": "abc-123",
        "name": "casework.tasks.x",
        "runtime": 0.01,
        "return_value": CANARY,
        "args": f"['{CANARY}']",
        "kwargs": "{}",
        "exc": f"ValueError('{CANARY}')",
        "description": "raised unexpected",
        "hostname": "celery@host",
        "traceback": "",
        "internal": False,
    }
    success = trace.LOG_SUCCESS % context
    assert "[abc-123] succeeded" in success  # what the job tests wait for
    for template in (
        trace.LOG_SUCCESS,
        trace.LOG_FAILURE,
        trace.LOG_RETRY,
        trace.log_policy_unexpected.format,
        trace.log_policy_expected.format,
        trace.log_policy_internal.format,
    ):
        assert CANARY not in template % context
