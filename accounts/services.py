"""Account recovery an administrator starts: second-factor reset and enrolment links.

Both are audited. The link is returned to the administrator (to hand over in person or
by phone) and emailed to the person when they have an address; it is never logged.
"""

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor

from .models import User
from .permissions import require_second_factor_manager
from .two_factor import enrolment_token_generator


def enrolment_link_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = enrolment_token_generator.make_token(user)
    return reverse("accounts:two_factor_enrol_link", kwargs={"uidb64": uid, "token": token})


def _send_enrolment_email(user: User, link: str) -> None:
    send_mail(
        subject=_("Set up two-factor sign-in for CWSP"),
        message=(
            _(
                "An administrator has asked you to set up two-factor sign-in.\n\nOpen this link, "
                "sign in, and scan the code with your authenticator app:\n%(link)s\n\nThe link "
                "works until you have set up a device, for a few days at most."
            )
            % {"link": link}
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def enrolment_link_issue(*, actor: Actor, user: User, link_base: str = "", request=None) -> str:
    """An enrolment link for ``user``: the only way a required role enrols a new device."""
    require_second_factor_manager(actor, user)
    link = link_base.rstrip("/") + enrolment_link_path(user)
    email = user.email
    if email:
        transaction.on_commit(lambda: _send_enrolment_email(user, link))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        object_type="accounts.user",
        object_id=user.pk,
        detail={"change": "enrolment_link_issued", "user_id": user.pk},
        request=request,
    )
    return link


@transaction.atomic
def second_factor_reset(*, actor: Actor, user: User, link_base: str = "", request=None) -> str:
    """Remove the person's devices (their API tokens go too) and issue an enrolment link."""
    require_second_factor_manager(actor, user)
    removed = 0
    # One by one, so each removal announces itself (accounts.auth_events revokes tokens).
    for device in TOTPDevice.objects.filter(user=user):
        device.delete()
        removed += 1
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        object_type="accounts.user",
        object_id=user.pk,
        detail={"change": "second_factor_reset", "user_id": user.pk, "devices": removed},
        request=request,
    )
    return enrolment_link_issue(actor=actor, user=user, link_base=link_base, request=request)
