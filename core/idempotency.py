"""One mechanism for every create a person or a client may retry.

The client makes a key once (a hidden ``idempotency_key`` field on a page form, the
``Idempotency-Key`` header on the API, as in the IETF httpapi draft) and sends it with every
attempt. The first attempt writes an ``IdempotentRequest`` row before the record, in the same
transaction; a concurrent duplicate waits on the unique index and then finds the committed
row. A replay returns the original outcome (the same status and body, or the same redirect);
the same key with a different body is refused (``IdempotencyMismatch``, 422). A refusal rolls
back with the row, so a corrected retry under the same key goes through.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.response import Response

from .errors import IdempotencyMismatch
from .models import IdempotentRequest

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Set on every action ``idempotent_create`` wraps; the schema documents the header, the
# replay header and the 409/422 answers from it (core.schema.AutoSchema).
MARKER = "cwsp_idempotent"
# Fields of a posted page form that are not part of what was typed.
_NOT_TYPED = {"csrfmiddlewaretoken", FIELD}


# The UUID's canonical text (as crypto.randomUUID() and str(uuid4()) make it), the one
# form the schema documents: braces, "urn:uuid:" or bare hex are refused, not guessed at.
KEY_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_KEY = re.compile(KEY_PATTERN)


def parse_key(value: object, *, field: str = FIELD) -> uuid.UUID | None:
    """The key as a UUID; None when absent; a 400 naming ``field`` when malformed.

    A page form's hidden field may come back empty (no key: the form is as before); a
    header sent empty is a malformed key.
    """
    if value is None or (value == "" and field == FIELD):
        return None
    if not _KEY.fullmatch(str(value)):
        raise ValidationError(
            {field: [_("The idempotency key must be a UUID made once per submission.")]}
        )
    return uuid.UUID(str(value))


def posted_key(request: HttpRequest) -> uuid.UUID | None:
    """The key a page form posted (its hidden field), or an API request's header."""
    if HEADER.lower() in {name.lower() for name in request.headers}:
        return parse_key(request.headers.get(HEADER), field=HEADER)
    if request.method == "POST":
        return parse_key(request.POST.get(FIELD))
    return None


def fingerprint(purpose: str, body: Any) -> str:
    """sha256 of the route and the body in canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(
        {"purpose": purpose, "body": body}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def form_fingerprint(purpose: str, request: HttpRequest) -> str:
    typed = {
        name: request.POST.getlist(name) for name in sorted(request.POST) if name not in _NOT_TYPED
    }
    return fingerprint(purpose, typed)


def _is_person(actor: object) -> bool:
    signed_in = bool(getattr(actor, "is_authenticated", False))
    return signed_in and getattr(actor, "pk", None) is not None


def claim(
    *, actor: Any, key: uuid.UUID, purpose: str, request_fingerprint: str
) -> IdempotentRequest | None:
    """Inside the caller's transaction: None when this request is the first with ``key``
    (its row is now written), else the earlier request's row to replay.

    Raises ``IdempotencyMismatch`` when the key was used for another request.
    """
    try:
        with transaction.atomic():
            IdempotentRequest.objects.create(
                actor=actor, key=key, purpose=purpose, fingerprint=request_fingerprint
            )
    except IntegrityError:
        # Another request holds the key: the unique index made us wait for its commit.
        earlier = IdempotentRequest.objects.get(actor=actor, key=key)
        if earlier.fingerprint != request_fingerprint or earlier.purpose != purpose:
            raise IdempotencyMismatch() from None
        return earlier
    return None


def record_outcome(
    *,
    actor: Any,
    key: uuid.UUID,
    status: int | None = None,
    body: Any = None,
    redirect_url: str = "",
    obj: object = None,
) -> None:
    """Keep the first attempt's outcome on its row, for the replays."""
    updates: dict[str, Any] = {
        "response_status": status,
        "response_body": json.loads(json.dumps(body, default=str)) if body is not None else None,
        "redirect_url": redirect_url[:500],
    }
    pk = getattr(obj, "pk", None)
    if pk is not None:
        meta = getattr(obj, "_meta", None)
        updates["object_type"] = meta.label_lower if meta is not None else type(obj).__name__
        updates["object_id"] = str(pk)
    IdempotentRequest.objects.filter(actor=actor, key=key).update(**updates)


def idempotent_create(purpose: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """For a DRF create action: honour ``Idempotency-Key``; one line per action.

    Without the header the action runs as before. With it, the first request runs in a
    transaction that also records its outcome; a replay answers the stored status and body
    with ``Idempotent-Replayed: true``; the key with another body answers 422.
    """

    def decorator(action: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(action)
        def wrapper(view: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            key = parse_key(request.headers.get(HEADER), field=HEADER)
            if key is None or not _is_person(request.user):
                return action(view, request, *args, **kwargs)
            route = f"{purpose}:{','.join(str(v) for v in kwargs.values())}"
            request_print = fingerprint(route, request.data)
            with transaction.atomic():
                earlier = claim(
                    actor=request.user, key=key, purpose=route, request_fingerprint=request_print
                )
                if earlier is not None:
                    return _replay(earlier)
                response = action(view, request, *args, **kwargs)
                if response.status_code >= 400:
                    # Not kept: a corrected retry under the same key must go through.
                    transaction.set_rollback(True)
                    return response
                record_outcome(
                    actor=request.user,
                    key=key,
                    status=response.status_code,
                    body=response.data,
                )
            return response

        setattr(wrapper, MARKER, True)
        return wrapper

    return decorator


def is_idempotent(handler: object) -> bool:
    """Whether a view's action honours ``Idempotency-Key`` (it is ``idempotent_create``'s)."""
    return bool(getattr(handler, MARKER, False))


def _replay(earlier: IdempotentRequest) -> Any:
    response = Response(earlier.response_body, status=earlier.response_status or 200)
    response[REPLAYED_HEADER] = "true"
    return response
