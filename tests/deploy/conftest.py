from tests.jobs.conftest import celery_workers, pytest_collection_modifyitems  # noqa: F401
