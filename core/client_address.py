"""Who is asking: the caller's address, as the one trusted hop (the TLS proxy) saw it."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The caller's address: behind the TLS proxy, the last address the proxy appended.

    Anything before that last entry was written by the client and cannot be trusted.
    """
    meta = request.META
    if getattr(settings, "CWSP_BEHIND_PROXY", False):
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            return forwarded[-1]
    return meta.get("REMOTE_ADDR") or None
