"""Query filters of every API list, validated: a refused value answers 400, never a guess.

django-filter ignores a filter sent empty (``?status=``) and lists everything, which a
client reads as "filtered, and this is all". Here an empty value is refused like an unknown
one, naming the parameter, in the one error body. Ids are whole numbers from 1, typed
``integer`` in the schema (django-filter's ``NumberFilter`` would document ``number``).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

EMPTY_MESSAGE = "Give a value, or leave the parameter out."


@extend_schema_field({"type": "integer", "minimum": 1})
class IdFilter(django_filters.NumberFilter):
    """A record's id (e.g. ``?case=12``): a whole number from 1."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


class FilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that refuses a filter sent with an empty value."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is not None:
            empty = {
                name: [EMPTY_MESSAGE]
                for name in filterset.filters
                if name in request.query_params
                and not any(value.strip() for value in request.query_params.getlist(name))
            }
            if empty:
                raise ValidationError(empty)
        return super().filter_queryset(request, queryset, view)
