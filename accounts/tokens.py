"""API tokens: issue, expiry, listing, revocation and rotation.

A person holds at most one token (DRF's ``Token``); it ends ``CWSP_API_TOKEN_DAYS`` after
it was issued, and every token of a person is revoked when their password changes, when
they are deactivated and when their second factor is reset (``accounts.auth_events``).
Tokens are named by a digest of their key, never by the key itself, in pages, the API
and the audit log.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor, system_actor

from .models import ApiTokenVerification, User
from .permissions import may_manage_tokens_of


@dataclass(frozen=True)
class TokenInfo:
    token_id: str
    created: datetime.datetime
    expires: datetime.datetime
    second_factor: bool


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CWSP_API_TOKEN_DAYS)


def token_expires(token: Token) -> datetime.datetime:
    return token.created + token_lifetime()


def token_expired(token: Token) -> bool:
    return token_expires(token) <= timezone.now()


def token_id(token: Token) -> str:
    """A stable public name for a token: a digest of its key (the key never leaves)."""
    return hashlib.sha256(token.key.encode()).hexdigest()[:16]


@transaction.atomic
def token_issue(*, user: User, second_factor: bool) -> Token:
    """The person's current token, or a new one when they have none or it expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and token_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    if second_factor:
        ApiTokenVerification.objects.get_or_create(token=token)
    return token


def tokens_of(*, actor: Actor, user: User) -> list[TokenInfo]:
    if not may_manage_tokens_of(actor, user):
        raise PermissionDenied(_("You can only see your own API tokens."))
    verified = set(
        ApiTokenVerification.objects.filter(token__user=user).values_list("token_id", flat=True)
    )
    return [
        TokenInfo(
            token_id=token_id(token),
            created=token.created,
            expires=token_expires(token),
            second_factor=token.pk in verified,
        )
        for token in Token.objects.filter(user=user).order_by("-created")
    ]


@transaction.atomic
def token_revoke(*, actor: Actor, user: User, public_id: str, request=None) -> None:
    """Revoke one of the person's own tokens, named by its public id."""
    if not may_manage_tokens_of(actor, user):
        raise PermissionDenied(_("You can only revoke your own API tokens."))
    match = [t for t in Token.objects.filter(user=user) if token_id(t) == public_id]
    if not match:
        raise Http404("No such token.")
    match[0].delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        object_type="accounts.user",
        object_id=user.pk,
        detail={"change": "api_token_revoked", "user_id": user.pk, "token_id": public_id},
        request=request,
    )


def tokens_rotate(*, user_id: int, reason: str) -> int:
    """Revoke every token of a person; the next call must sign in again."""
    revoked = Token.objects.filter(user_id=user_id).delete()[0]
    if revoked:
        audit_record(
            actor=system_actor(f"accounts:tokens_rotated:{reason}"),
            action=AuditEvent.Action.ACCESS_CHANGE,
            object_type="accounts.user",
            object_id=user_id,
            detail={"change": "api_tokens_revoked", "user_id": user_id, "reason": reason},
        )
    return revoked
