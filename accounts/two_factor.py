"""Two-factor sign-in (TOTP): who needs it, enrolment and verification.

Users holding a role in ``CWSP_MFA_REQUIRED_ROLES`` (superusers count as administrators)
must verify a one-time code in every session before reaching any page or API call.
Anyone else may enrol; once enrolled, they are asked for a code too.

Enrolment is not trust-on-first-use (docs/security.md, "Enrolling a second factor"):
a session may enrol a device only with an enrolment grant, which comes from the first
sign-in after the welcome link set the password, or from an enrolment link an
administrator issued. People whose role does not oblige them to use a second factor
may also enrol by re-typing their password in the enrolment form (their password alone
already lets them in, so it grants nothing more). Each enrolment session gets its own
seed, kept only for that session: whoever saw another session's setup page holds a seed
that is deleted before anyone can confirm it.
"""

import base64
import time

import segno
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import audit_record
from partnerships.access import roles_for
from partnerships.models import Role

# Session flag: does the signed-in user have a confirmed device (saves a query per request).
HAS_DEVICE_SESSION_KEY = "cwsp_has_second_factor"
# The pending device this session shows on its enrolment page (its seed is this session's).
PENDING_DEVICE_SESSION_KEY = "cwsp_pending_device"
# {"user_id": ..., "until": epoch seconds}: this session may enrol a device for that user.
ENROLMENT_GRANT_SESSION_KEY = "cwsp_enrolment_grant"
ENROLMENT_GRANT_SECONDS = 30 * 60


class EnrolmentLinkTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for administrator-issued enrolment links.

    Valid for ``PASSWORD_RESET_TIMEOUT`` and only until a device is enrolled: the hash
    covers the person's confirmed devices, so enrolling (or a later reset) ends the link.
    """

    key_salt = "cwsp.accounts.two_factor.EnrolmentLinkTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        devices = ",".join(
            str(pk)
            for pk in TOTPDevice.objects.filter(user=user, confirmed=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return f"{user.pk}{user.password}{timestamp}{devices}{user.is_active}"


enrolment_token_generator = EnrolmentLinkTokenGenerator()


def grant_enrolment(request, user) -> None:
    """Let this session enrol a device for ``user`` for the next half hour."""
    request.session[ENROLMENT_GRANT_SESSION_KEY] = {
        "user_id": user.pk,
        "until": time.time() + ENROLMENT_GRANT_SECONDS,
    }


def has_enrolment_grant(request) -> bool:
    grant = request.session.get(ENROLMENT_GRANT_SESSION_KEY) or {}
    return grant.get("user_id") == request.user.pk and grant.get("until", 0) > time.time()


def enrolment_needs_password(request) -> bool:
    """Without a grant, people who may choose a second factor confirm with their password."""
    return not has_enrolment_grant(request) and not mfa_required(request.user)


def may_enrol(request) -> bool:
    """Whether this session may see a seed and enrol a device at all."""
    return has_enrolment_grant(request) or not mfa_required(request.user)


def mfa_required(user) -> bool:
    """Whether this user's roles oblige them to use a second factor."""
    required = set(settings.CWSP_MFA_REQUIRED_ROLES)
    if not required or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and Role.ADMINISTRATOR in required:
        return True
    return bool(required & roles_for(user))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_needed(user) -> bool:
    return mfa_required(user) or has_confirmed_device(user)


def session_has_device(request) -> bool:
    """The session's note of whether the user has a device, read from the database once."""
    session = request.session
    if HAS_DEVICE_SESSION_KEY not in session:
        session[HAS_DEVICE_SESSION_KEY] = has_confirmed_device(request.user)
    return bool(session[HAS_DEVICE_SESSION_KEY])


def pending_device(request) -> TOTPDevice:
    """This session's unconfirmed device: a new seed for each enrolment session.

    A reload in the same session shows the same seed; a new session (another browser,
    or after signing in again) discards every earlier pending device and its seed.
    """
    user = request.user
    device_id = request.session.get(PENDING_DEVICE_SESSION_KEY)
    device = (
        TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if device_id
        else None
    )
    if device is None:
        discard_pending_devices(user)
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[PENDING_DEVICE_SESSION_KEY] = device.pk
    return device


def discard_pending_devices(user) -> None:
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()


def device_secret(device: TOTPDevice) -> str:
    """The secret in the base32 form authenticator apps accept for manual entry."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def device_qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, drawn here: no image is fetched from elsewhere."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title=_("QR code for your authenticator app")
    )


@transaction.atomic
def device_confirm(*, request, device: TOTPDevice, code: str) -> bool:
    """Confirm a pending device with its first code and mark this session verified."""
    if (
        device.user_id != request.user.pk
        or request.session.get(PENDING_DEVICE_SESSION_KEY) != device.pk
        or not may_enrol(request)
        or not device.verify_token(code)
    ):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Only one confirmed device per person: drop any other pending ones.
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    otp_login(request, device)
    request.session[HAS_DEVICE_SESSION_KEY] = True
    request.session.pop(PENDING_DEVICE_SESSION_KEY, None)
    request.session.pop(ENROLMENT_GRANT_SESSION_KEY, None)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.ACCESS_CHANGE,
        object_type="accounts.user",
        object_id=request.user.pk,
        detail={"change": "two_factor_enrolled", "user_id": request.user.pk},
        request=request,
    )
    return True


def session_verify(*, request, code: str) -> bool:
    """Check a code against the user's device; on success this session counts as verified."""
    device = confirmed_device(request.user)
    if device is None:
        return False
    matched = verify_token(request.user, device.persistent_id, code)
    if matched is None:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.SIGN_IN_FAILED,
            object_type="accounts.user",
            object_id=request.user.pk,
            detail={"step": "second_factor", "user_id": request.user.pk},
            request=request,
        )
        return False
    otp_login(request, matched)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.SIGN_IN,
        object_type="accounts.user",
        object_id=request.user.pk,
        detail={"step": "second_factor"},
        request=request,
    )
    return True


def code_matches(user, code: str | None) -> bool:
    """For the token endpoint: does this code match the user's confirmed device?"""
    device = confirmed_device(user)
    if device is None or not code:
        return False
    return verify_token(user, device.persistent_id, str(code).strip()) is not None
