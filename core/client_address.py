"""Who is asking: the caller's address, as the first hop we trust saw it.

``X-Forwarded-For`` is written by whoever sends the request. It is read only when the
direct peer (``REMOTE_ADDR``) is one of ``CWSP_TRUSTED_PROXIES`` (the TLS proxy); a client
that reaches the app directly cannot choose the address recorded for it, nor the
address its sign-in failures and rate limits count against.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(part, strict=False) for part in spec if part)


def trusted_networks() -> tuple[_Network, ...]:
    configured = getattr(settings, "CWSP_TRUSTED_PROXIES", ()) or ()
    if isinstance(configured, str):
        configured = [part.strip() for part in configured.split(",")]
    return _networks(tuple(configured))


def is_trusted_proxy(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in trusted_networks())


def client_address(request: HttpRequest) -> str | None:
    """The caller's address: the peer, or what trusted proxies say the peer was.

    Walking ``X-Forwarded-For`` from the right, each trusted proxy vouches for the entry
    before it; the first address that is not a trusted proxy is the client. Entries left
    of that were written by the client and are ignored.
    """
    meta = request.META
    peer = meta.get("REMOTE_ADDR") or None
    if not is_trusted_proxy(peer):
        return peer
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    address = peer
    for entry in reversed(forwarded):
        try:
            ipaddress.ip_address(entry)
        except ValueError:
            break
        address = entry
        if not is_trusted_proxy(entry):
            break
    return address
