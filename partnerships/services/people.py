"""People's accounts, as administration manages them: invite, deactivate, reactivate.

These stay in partnerships although they are about accounts: ``accounts`` sits above
``partnerships`` (it reads roles for navigation and two-factor rules), and onboarding a
community here creates its staff and their access in one transaction, from the
administration pages and the ``onboard_community`` command that live here too. Moving
them up would mean moving the whole administration area with them (docs/decisions/0005).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor

from ..permissions import require_access_manager

if TYPE_CHECKING:
    from accounts.models import User


def password_set_path(user: User) -> str:
    """The path of a one-off link where a new person chooses their password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("partnerships:password_set", kwargs={"uidb64": uid, "token": token})


def _send_password_set_email(user: User, link: str) -> None:
    send_mail(
        subject=_("Your CWSP account"),
        message=(
            _(
                "An administrator has given you access to Child Wellbeing and Safety "
                "Partnerships.\n\nChoose your password here:\n%(link)s\n\nThe link works once and "
                "expires in a few days."
            )
            % {"link": link}
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def user_create(
    *, actor: Actor, username: str, display_name: str, email: str, link_base: str = ""
) -> tuple[User, str]:
    """A new person with no password yet: they choose one through the emailed link.

    Returns ``(user, link)``; the link is also shown to the administrator.
    """
    require_access_manager(actor)
    User = get_user_model()
    username = (username or "").strip()
    email = (email or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("The username “%(name)s” is already taken.") % {"name": username}}
        )
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    user = User(username=username, display_name=(display_name or "").strip(), email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    link = link_base.rstrip("/") + password_set_path(user)
    if email:
        transaction.on_commit(lambda: _send_password_set_email(user, link))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        obj=user,
        detail={"change": "user_created", "user_id": user.pk},
    )
    return user, link


def _user_session_keys(user: User) -> list[str]:
    # Session data is signed and encoded: the user id is only readable after decoding.
    return [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]


@transaction.atomic
def user_deactivate(*, actor: Actor, user: User) -> User:
    """Stop a person signing in, and end the sessions they have open now."""
    require_access_manager(actor)
    if actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    keys = _user_session_keys(user)
    # Through the session engine, so a session kept in the cache ends there too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()
    ended = len(keys)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        obj=user,
        detail={"change": "user_deactivated", "user_id": user.pk, "sessions_ended": ended},
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: Actor, user: User) -> User:
    require_access_manager(actor)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        obj=user,
        detail={"change": "user_reactivated", "user_id": user.pk},
    )
    return user
