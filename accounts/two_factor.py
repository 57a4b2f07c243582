"""Two-factor sign-in (TOTP): who needs it, enrolment and verification.

Users holding a role in ``CWSP_MFA_REQUIRED_ROLES`` (superusers count as administrators)
must verify a one-time code in every session before reaching any page or API call.
Anyone else may enrol; once enrolled, they are asked for a code too.
"""

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import audit_record
from partnerships.access import roles_for
from partnerships.models import Role

# Session flag: does the signed-in user have a confirmed device (saves a query per request).
HAS_DEVICE_SESSION_KEY = "cwsp_has_second_factor"


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


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device shown on the enrolment page (made once, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def device_secret(device: TOTPDevice) -> str:
    """The secret in the base32 form authenticator apps accept for manual entry."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def device_qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, drawn here: no image is fetched from elsewhere."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title="QR code for your authenticator app"
    )


@transaction.atomic
def device_confirm(*, request, device: TOTPDevice, code: str) -> bool:
    """Confirm a pending device with its first code and mark this session verified."""
    if device.user_id != request.user.pk or not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Only one confirmed device per person: drop any other pending ones.
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    otp_login(request, device)
    request.session[HAS_DEVICE_SESSION_KEY] = True
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
