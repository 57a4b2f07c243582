"""Services enqueue jobs by name; the name resolves in any process, a typo never silently."""

import threading

import pytest

from core.tasks import task_named


def test_a_task_name_resolves_without_its_module_imported_first():
    task = task_named("oversight.tasks.quarterly_report_generate")
    assert task.name == "oversight.tasks.quarterly_report_generate"


def test_a_task_name_resolves_in_a_new_thread():
    found = []
    thread = threading.Thread(
        target=lambda: found.append(task_named("notifications.tasks.notifications_clear").name)
    )
    thread.start()
    thread.join()
    assert found == ["notifications.tasks.notifications_clear"]


@pytest.mark.parametrize(
    "name", ["oversight.tasks.no_such_task", "oversight.services.report_request_create"]
)
def test_a_name_that_is_not_a_task_is_refused(name):
    with pytest.raises(LookupError):
        task_named(name)
