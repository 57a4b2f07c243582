"""Enrolling a second factor: a seed per session, and never trust-on-first-use."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services as account_services
from audit.models import AuditEvent

from .conftest import code_for, sign_in

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

SETUP = "/account/two-factor/setup/"


def _signed_in_before(user) -> None:
    get_user_model().objects.filter(pk=user.pk).update(last_login=timezone.now())


def _pending(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_each_enrolment_session_gets_its_own_seed(world, password):
    person = world.practitioner_a
    watcher, owner = Client(), Client()
    watcher.force_login(person)
    seen = watcher.get(SETUP).context["secret"]
    seen_device = _pending(person)
    assert watcher.get(SETUP).context["secret"] == seen  # a reload keeps the seed
    owner.force_login(person)
    own = owner.get(SETUP).context["secret"]
    assert own != seen
    # The seed the first session showed is gone: it can never be confirmed.
    assert not TOTPDevice.objects.filter(pk=seen_device.pk).exists()
    device = _pending(person)
    ok = owner.post(SETUP, {"code": code_for(device), "password": password})
    assert ok.status_code == 302
    confirmed = TOTPDevice.objects.get(user=person, confirmed=True)
    assert confirmed.pk == device.pk and confirmed.bin_key != bytes.fromhex(seen_device.key)


def test_another_sessions_pending_device_cannot_be_confirmed(world, password):
    person = world.practitioner_a
    first, second = Client(), Client()
    first.force_login(person)
    first.get(SETUP)
    device = _pending(person)
    second.force_login(person)
    # The second session posts the first session's code before opening its own page.
    second.post(SETUP, {"code": code_for(device), "password": password})
    assert not TOTPDevice.objects.filter(user=person, confirmed=True).exists()


def test_signing_out_discards_the_seed(world, client, password):
    client.force_login(world.practitioner_a)
    client.get(SETUP)
    client.post("/logout/")
    assert not TOTPDevice.objects.filter(user=world.practitioner_a).exists()


def test_a_stolen_password_alone_cannot_enrol_a_required_role(world, client, password, mfa_on):
    _signed_in_before(world.teamleader_a)
    sign_in(client, "teamleader.a", password)
    page = client.get(SETUP)
    assert page.status_code == 403
    assert "enrolment link" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=world.teamleader_a).exists()


def test_the_first_sign_in_after_the_welcome_link_may_enrol(world, client, password, mfa_on):
    assert world.teamleader_a.last_login is None
    sign_in(client, "teamleader.a", password)
    page = client.get(SETUP)
    assert page.status_code == 200 and "password" not in page.context["form"].fields
    response = client.post(SETUP, {"code": code_for(_pending(world.teamleader_a))})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=world.teamleader_a, confirmed=True).exists()


def test_a_person_who_may_choose_confirms_with_their_password(world, client, password):
    client.force_login(world.practitioner_a)
    client.get(SETUP)
    device = _pending(world.practitioner_a)
    refused = client.post(SETUP, {"code": code_for(device), "password": "not-my-password"})
    assert refused.status_code == 200
    assert "That is not your password." in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=world.practitioner_a, confirmed=True).exists()


def test_an_administrators_enrolment_link_lets_the_person_enrol_once(
    world, client, password, mfa_on
):
    _signed_in_before(world.teamleader_a)
    link = account_services.enrolment_link_issue(
        actor=world.administrator, user=world.teamleader_a, link_base="http://testserver"
    )
    path = link.removeprefix("http://testserver")
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    sign_in(client, "teamleader.a", password)
    assert client.get(SETUP).status_code == 200
    client.post(SETUP, {"code": code_for(_pending(world.teamleader_a))})
    assert TOTPDevice.objects.filter(user=world.teamleader_a, confirmed=True).exists()
    # Used: the link is no longer valid, in any browser.
    assert "no longer valid" in Client().get(path).content.decode()
    assert AuditEvent.objects.filter(detail__change="enrolment_link_issued").exists()


def test_administrators_reset_a_second_factor_from_the_admin_pages(world, client, mfa_on):
    device = TOTPDevice.objects.create(user=world.teamleader_a, name="old", confirmed=True)
    client.force_login(world.administrator)
    # The administrator's own second factor is not under test here.
    page = f"/account/administration/users/{world.teamleader_a.pk}/second-factor/"
    with override_settings(CWSP_MFA_REQUIRED_ROLES=[]):
        response = client.post(page, {"action": "reset"})
    assert response.status_code == 200
    assert "/account/two-factor/enrol/" in response.content.decode()
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(detail__change="second_factor_reset").exists()


def test_only_administrators_reset_second_factors(world, client):
    client.force_login(world.coordinator_a)
    page = f"/account/administration/users/{world.practitioner_a.pk}/second-factor/"
    assert client.post(page, {"action": "reset"}).status_code == 403
