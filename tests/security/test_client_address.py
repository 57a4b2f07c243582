"""The recorded address: X-Forwarded-For counts only when the peer is a trusted proxy."""

import pytest
from django.test import RequestFactory

from audit.models import AuditEvent
from core.client_address import client_address

from .conftest import sign_in

PROXY = "172.28.0.10"


@pytest.fixture
def behind_proxy(settings):
    settings.CWSP_TRUSTED_PROXIES = ["172.28.0.10/32"]
    return settings


def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_a_direct_client_cannot_choose_its_address(behind_proxy):
    request = _request(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert client_address(request) == "203.0.113.9"


def test_the_header_is_ignored_when_no_proxy_is_trusted(settings):
    settings.CWSP_TRUSTED_PROXIES = []
    request = _request(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert client_address(request) == "203.0.113.9"


def test_the_trusted_proxy_forwards_the_address_it_saw(behind_proxy):
    # The client wrote "10.9.9.9"; the proxy appended the address it really saw.
    request = _request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def test_a_proxy_without_the_header_is_the_address(behind_proxy):
    assert client_address(_request(REMOTE_ADDR=PROXY)) == PROXY


@pytest.mark.django_db
def test_recorded_addresses_follow_the_rule(world, client, password, behind_proxy):
    sign_in(client, "practitioner.a", "wrong-password-123", HTTP_X_FORWARDED_FOR="10.1.2.3")
    sign_in(
        client,
        "practitioner.a",
        "wrong-password-123",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    events = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED).order_by("pk")
    addresses = [event.remote_addr for event in events]
    assert addresses == ["127.0.0.1", "198.51.100.7"]
