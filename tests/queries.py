"""Query counts that depend on the settings the suite runs with."""

from django.conf import settings


def session_reads() -> int:
    """Queries a signed-in request spends reading its session: none when sessions are
    read from the shared cache (``cached_db``, with ``CWSP_CACHE_URL``), else one."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
