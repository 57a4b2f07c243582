"""Pages of every API list: ``?page=N`` from 1; a number that is not one answers 400.

DRF's own paginator answers a junk ``page`` with 404 ("Invalid page"), the same as a page
past the end. A client that sends ``page=abc`` or ``page=0`` made a mistake it can fix, so
that is a refused parameter (400, in the one error body); a page past the last is still
404, since the list may have shrunk since the client counted it.
"""

from __future__ import annotations

from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

PAGE_MESSAGE = "A page number is a whole number from 1."


def page_number(value: str | None) -> int:
    """The page asked for (1 when absent); a 400 naming ``page`` when it is not a number."""
    if value is None:
        return 1
    text = value.strip()
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ValidationError({"page": [PAGE_MESSAGE]})
    return int(text)


class PageNumberPagination(pagination.PageNumberPagination):
    # No "last": the page is documented as an integer, and the links carry numbers.
    last_page_strings = ()

    def get_page_number(self, request: Any, paginator: Any) -> int:
        return page_number(request.query_params.get(self.page_query_param))

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = "The page, from 1 (past the last page: 404)."
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
