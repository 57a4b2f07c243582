"""API rate limits that read their rates when used, so configuration changes apply at once."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import throttling
from rest_framework.settings import api_settings

from .client_address import client_address


class _RateFromSettings:
    scope: str | None

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        try:
            return rates[self.scope or ""]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}.") from None


class UserRateThrottle(_RateFromSettings, throttling.UserRateThrottle):
    """Per signed-in user across the whole API."""


class AnonRateThrottle(_RateFromSettings, throttling.AnonRateThrottle):
    """Per address for calls without a user."""


class SignInRateThrottle(_RateFromSettings, throttling.SimpleRateThrottle):
    """Sign-in attempts per address, for the sign-in page and the token endpoint."""

    scope = "sign_in"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "-"}
