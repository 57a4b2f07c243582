"""The one form-page helper: validate, call the service, and on any refusal show the same
form with what was typed and the service's messages beside the fields."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict

from .errors import Conflict, IdempotencyMismatch, apply_service_errors
from .idempotency import FIELD as IDEMPOTENCY_FIELD
from .idempotency import claim, form_fingerprint, parse_key, record_outcome
from .models import IdempotentRequest

ALREADY_SAVED = "Already saved — this was recorded earlier."
RESCUED_FORM_SESSION_KEY = "cwsp_rescued_form"
RESCUED_MESSAGE = (
    "You were signed out before this was saved. What you typed is back: check it and "
    "submit it to save it."
)


def posted(request: HttpRequest) -> tuple[Any, ...]:
    """Form arguments: the POST data and files on a POST, nothing on a GET."""
    if request.method == "POST":
        return (request.POST, request.FILES)
    return ()


def rescue_posted_form(request: HttpRequest, *, user_id: int) -> bool:
    """Keep a POST that met an expired session, for the same person once signed in again.

    Called after the session was ended (the new, anonymous session receives it): the typed
    fields (never the CSRF token), the path and who typed them. ``form_page`` gives them
    back on that path to that person only, as a form to check and submit, never saved.
    """
    if request.method != "POST" or request.FILES:
        return False
    data = {
        name: request.POST.getlist(name) for name in request.POST if name != "csrfmiddlewaretoken"
    }
    if not data:
        return False
    request.session[RESCUED_FORM_SESSION_KEY] = {
        "path": request.path,
        "user_id": user_id,
        "data": data,
    }
    return True


def _take_rescued(request: HttpRequest) -> QueryDict | None:
    """What this person typed on this path before their session ended, once."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    rescued = session.get(RESCUED_FORM_SESSION_KEY)
    if not rescued or rescued.get("path") != request.path:
        return None
    del session[RESCUED_FORM_SESSION_KEY]
    if rescued.get("user_id") != getattr(request.user, "pk", None):
        return None
    data = QueryDict(mutable=True)
    for name, values in rescued["data"].items():
        data.setlist(name, values)
    return data


def _refill(form: forms.BaseForm, data: QueryDict) -> None:
    """Show ``data`` in an unbound form, as initial values, without judging it yet."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if key in data or isinstance(field.widget, forms.CheckboxInput):
            form.initial[name] = field.widget.value_from_datadict(data, MultiValueDict(), key)


def _new_key() -> str:
    return str(uuid.uuid4())


def _replay(request: HttpRequest, earlier: IdempotentRequest, replayed: str) -> HttpResponse:
    messages.info(request, replayed)
    return redirect(earlier.redirect_url or request.path)


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    template: str,
    context: dict[str, Any] | None = None,
    save: Callable[[dict[str, Any]], object],
    success: str | None = None,
    next_url: str | Callable[[object], str],
    replayed: str = ALREADY_SAVED,
) -> HttpResponse:
    """GET renders ``form``; a valid POST calls ``save`` and redirects to ``next_url``.

    ``save`` receives the form's ``service_arguments()`` when it has one, else its
    ``cleaned_data``. ``next_url`` may be a callable given what ``save`` returned.
    Several services called by one ``save`` run all or nothing.

    Every render carries a fresh idempotency key (the template includes
    ``includes/idempotency_key.html``); a POST repeating a key already saved redirects to
    the first outcome with ``replayed`` and saves nothing. A GET after an expired session
    shows what the same person had typed on this path.
    """
    key: uuid.UUID | None = None
    person = getattr(request.user, "is_authenticated", False)
    if request.method == "POST":
        try:
            key = parse_key(request.POST.get(IDEMPOTENCY_FIELD))
        except ValidationError:
            key = None
        if key is not None and person:
            earlier = IdempotentRequest.objects.filter(actor_id=request.user.pk, key=key).first()
            if earlier is not None:
                if earlier.fingerprint == form_fingerprint(request.path, request):
                    return _replay(request, earlier, replayed)
                form.is_valid()
                form.add_error(None, IdempotencyMismatch().message)
                key = None
    else:
        rescued = _take_rescued(request)
        if rescued is not None:
            _refill(form, rescued)
            try:
                key = parse_key(rescued.get(IDEMPOTENCY_FIELD))
            except ValidationError:
                key = None
            messages.info(request, RESCUED_MESSAGE)
    if request.method == "POST" and not form.errors and form.is_valid():
        arguments = (
            form.service_arguments() if hasattr(form, "service_arguments") else form.cleaned_data
        )
        try:
            # All or nothing: a page that calls several services (a case and its first risk
            # assessment) must not leave half its records behind when a later one refuses.
            # The key's row is written first in the same transaction (core.idempotency).
            with transaction.atomic():
                if key is not None and person:
                    earlier = claim(
                        actor=request.user,
                        key=key,
                        purpose=request.path,
                        request_fingerprint=form_fingerprint(request.path, request),
                    )
                    if earlier is not None:
                        return _replay(request, earlier, replayed)
                result = save(arguments)
                target = next_url(result) if callable(next_url) else next_url
                if key is not None and person:
                    record_outcome(
                        actor=request.user, key=key, status=302, redirect_url=target, obj=result
                    )
        except ValidationError as error:
            apply_service_errors(form, error)
        except Conflict as conflict:
            form.add_error(None, conflict.message)
            key = None
        else:
            if success:
                messages.success(request, success)
            return redirect(target)
    return render(
        request,
        template,
        {**(context or {}), "form": form, "idempotency_key": str(key) if key else _new_key()},
    )
