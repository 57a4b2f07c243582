import pytest
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

MFA_ROLES = ["team_leader", "oversight_cochair", "administrator"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_on(settings):
    """Production's rule: team leaders, co-chairs and administrators need a second factor."""
    settings.CWSP_MFA_REQUIRED_ROLES = MFA_ROLES
    return settings


def enrol(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def code_for(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code the authenticator app shows now (or ``offset_steps`` steps away)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, offset_steps)
    return str(value).zfill(device.digits)


def sign_in(client, username: str, password: str, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)
