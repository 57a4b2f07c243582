"""Sign-ins, failed sign-ins and sign-outs go to the audit log.

Django announces these through its own authentication signals, whichever door was
used (the sign-in page, the operators' admin, a test client); listening to them is
the one place that sees every attempt. Failures keep the account id when the typed
name matches an account, otherwise only a keyed hash of it: never the typed text.

API tokens are rotated here too, whichever door changed the account: every token of
a person is revoked when their password changes (the change page, the reset link, the
operators' admin or a command), when they are deactivated, and when a confirmed second
factor is removed.
"""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import system_actor

from . import tokens, two_factor
from .middleware import LAST_SEEN_SESSION_KEY, SIGNED_IN_AT_SESSION_KEY
from .signin import username_digest


def on_signed_in(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        now = time.time()
        session[SIGNED_IN_AT_SESSION_KEY] = now
        session[LAST_SEEN_SESSION_KEY] = now
        session[two_factor.HAS_DEVICE_SESSION_KEY] = two_factor.has_confirmed_device(user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.SIGN_IN,
        object_type="accounts.user",
        object_id=user.pk,
        detail={"step": "password"},
        request=request,
    )


def on_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    User = get_user_model()
    typed = str(credentials.get(User.USERNAME_FIELD) or "")
    user_id = (
        User._default_manager.filter(**{User.USERNAME_FIELD: typed})
        .values_list("pk", flat=True)
        .first()
        if typed
        else None
    )
    detail: dict = {"step": "password"}
    if user_id is not None:
        detail["user_id"] = user_id
    elif typed:
        detail["username_hash"] = username_digest(typed)
    if request is not None and getattr(request, "axes_locked_out", False):
        detail["locked_out"] = True
    audit_record(
        # Nobody is signed in yet: the door that refused records it.
        actor=system_actor("sign_in:password"),
        action=AuditEvent.Action.SIGN_IN_FAILED,
        object_type="accounts.user" if user_id is not None else "",
        object_id=user_id or "",
        detail=detail,
        request=request,
    )


def on_signed_out(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    # A seed shown in this session must not outlive it.
    two_factor.discard_pending_devices(user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.SIGN_OUT,
        object_type="accounts.user",
        object_id=user.pk,
        detail={"reason": getattr(request, "cwsp_sign_out_reason", "signed_out")},
        request=request,
    )


def on_user_saving(sender, instance, **kwargs) -> None:
    """Note, before the row changes, whether the password changes or the account ends."""
    reasons = []
    if getattr(instance, "_password", None) is not None and instance.pk is not None:
        reasons.append(_("password_changed"))
    if instance.pk is not None and not instance.is_active:
        was_active = (
            sender._default_manager.filter(pk=instance.pk).values_list("is_active", flat=True)
        ).first()
        if was_active:
            reasons.append(_("deactivated"))
    instance._cwsp_rotate_tokens = reasons


def on_user_saved(sender, instance, created, **kwargs) -> None:
    reasons = getattr(instance, "_cwsp_rotate_tokens", [])
    instance._cwsp_rotate_tokens = []
    for reason in reasons:
        tokens.tokens_rotate(user_id=instance.pk, reason=reason)


def on_device_deleted(sender, instance, **kwargs) -> None:
    if instance.confirmed:
        tokens.tokens_rotate(user_id=instance.user_id, reason="second_factor_reset")


def connect() -> None:
    User = get_user_model()
    pre_save.connect(on_user_saving, sender=User, dispatch_uid="cwsp_tokens_user_saving")
    post_save.connect(on_user_saved, sender=User, dispatch_uid="cwsp_tokens_user_saved")
    post_delete.connect(on_device_deleted, sender=TOTPDevice, dispatch_uid="cwsp_tokens_device")
    user_logged_in.connect(on_signed_in, dispatch_uid="cwsp_audit_sign_in")
    user_login_failed.connect(on_sign_in_failed, dispatch_uid="cwsp_audit_sign_in_failed")
    user_logged_out.connect(on_signed_out, dispatch_uid="cwsp_audit_sign_out")
