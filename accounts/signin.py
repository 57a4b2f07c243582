"""Sign-in protection: what the caller typed (as a keyed hash), lockouts, one refusal message.

django-axes counts failures per account name and per address; the helpers here keep
the typed name out of its table and out of the logs. A locked sign-in answers exactly
like a wrong password (``accounts.views.lockout_response``) so nobody can learn which
accounts exist.
"""

import datetime
import hashlib
import hmac

from django.conf import settings


def _lockout_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    if isinstance(cooloff, datetime.timedelta):
        return max(1, round(cooloff.total_seconds() / 60))
    # axes also accepts a number of hours.
    return max(1, round(float(cooloff) * 60))


def sign_in_refused() -> str:
    """One message for an unknown name, a wrong password, an inactive account and a lockout.

    The limit and the pause come from the settings (``CWSP_SIGN_IN_FAILURE_LIMIT``,
    ``CWSP_SIGN_IN_LOCKOUT_MINUTES``), so the page never promises other numbers.
    """
    minutes = _lockout_minutes()
    return (
        "Please enter a correct username and password. Note that both fields may be "
        f"case-sensitive. After {settings.AXES_FAILURE_LIMIT} failed attempts, signing in is "
        f"paused for {minutes} minute{'s' if minutes != 1 else ''}."
    )


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
