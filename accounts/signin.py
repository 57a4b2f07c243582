"""Sign-in protection: who is asking (address), what they typed (as a keyed hash), lockouts.

django-axes counts failures per account name and per address; the helpers here keep
the typed name out of its table and out of the logs, and make a locked sign-in answer
exactly like a wrong password so nobody can learn which accounts exist.
"""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# One message for an unknown name, a wrong password, an inactive account and a lockout.
SIGN_IN_REFUSED = (
    "Please enter a correct username and password. Note that both fields may be "
    "case-sensitive. After 5 failed attempts, signing in is paused for 30 minutes."
)


def client_address(request: HttpRequest) -> str | None:
    """The caller's address: behind the TLS proxy, the last address the proxy appended."""
    meta = request.META
    if getattr(settings, "CWSP_BEHIND_PROXY", False):
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            return forwarded[-1]
    return meta.get("REMOTE_ADDR") or None


def username_digest(username: str) -> str:
    """A keyed hash of a typed account name: equal names match, the name cannot be read back."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, username.strip().casefold().encode(), hashlib.sha256).hexdigest()
    return f"h:{digest[:40]}"


def _typed_username(request, credentials) -> str | None:
    field = "username"
    if credentials and credentials.get(field):
        return str(credentials[field])
    data = getattr(request, "data", None)
    if data is None:
        data = getattr(request, "POST", {})
    value = data.get(field) if hasattr(data, "get") else None
    return str(value) if value else None


def axes_username(request, credentials) -> str | None:
    """What axes counts failures against: the hash of the typed name."""
    typed = _typed_username(request, credentials)
    return username_digest(typed) if typed else None


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """What axes writes to the log about a caller: the path only, nothing personal."""
    if isinstance(path_info, list | tuple):
        path_info = path_info[0] if path_info else ""
    return f'{{path_info: "{path_info}"}}'


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """While locked out, answer as a wrong password would: the same page or the same 400."""
    if original_response is not None:
        return original_response
    from .forms import SignInForm

    form = SignInForm(request, data=request.POST or None)
    form.is_valid()
    return render(request, "registration/login.html", {"form": form})
