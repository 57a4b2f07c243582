"""Fixtures of the API contract tests: the committed schema, tokens, the WSGI app."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework.authtoken.models import Token

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


@pytest.fixture(scope="session")
def committed_schema() -> dict:
    """docs/openapi.yaml, parsed (test_schema.py checks it is what /api/schema/ serves)."""
    return yaml.safe_load(SCHEMA_FILE.read_text())


@pytest.fixture
def token_for(db):
    """``token_for(user)``: an API token's key for ``user``."""

    def _token(user) -> str:
        return Token.objects.get_or_create(user=user)[0].key

    return _token


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, sharing the test's database transaction.

    Django closes "old" connections when a request starts and ends; in a test that would
    close the connection holding the test's transaction (Django's own test client
    suspends the same hook).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
