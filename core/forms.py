"""The one form-page helper: validate, call the service, and on any refusal show the same
form with what was typed and the service's messages beside the fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .errors import apply_service_errors


def posted(request: HttpRequest) -> tuple[Any, ...]:
    """Form arguments: the POST data and files on a POST, nothing on a GET."""
    if request.method == "POST":
        return (request.POST, request.FILES)
    return ()


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    template: str,
    context: dict[str, Any] | None = None,
    save: Callable[[dict[str, Any]], object],
    success: str | None = None,
    next_url: str | Callable[[object], str],
) -> HttpResponse:
    """GET renders ``form``; a valid POST calls ``save`` and redirects to ``next_url``.

    ``save`` receives the form's ``service_arguments()`` when it has one, else its
    ``cleaned_data``. ``next_url`` may be a callable given what ``save`` returned.
    Several services called by one ``save`` run all or nothing.
    """
    if request.method == "POST" and form.is_valid():
        arguments = (
            form.service_arguments() if hasattr(form, "service_arguments") else form.cleaned_data
        )
        try:
            # All or nothing: a page that calls several services (a case and its first risk
            # assessment) must not leave half its records behind when a later one refuses.
            with transaction.atomic():
                result = save(arguments)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if success:
                messages.success(request, success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    return render(request, template, {**(context or {}), "form": form})
