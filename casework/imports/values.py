"""Reading one cell of an import row: dates, times, yes/no, usernames.

Each reader puts what is wrong under the row's column in ``errors`` and returns None, so
a row's every problem is reported in one pass.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

Errors = dict[str, list[str]]

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


def _add(errors: Errors, column: str, message: str) -> None:
    errors.setdefault(column, []).append(message)


def required(row: dict[str, str], column: str, errors: Errors, message: str) -> str:
    value = row.get(column, "")
    if not value:
        _add(errors, column, message)
    return value


def date(
    row: dict[str, str], column: str, errors: Errors, *, required: bool = False
) -> datetime.date | None:
    value = row.get(column, "")
    if not value:
        if required:
            _add(errors, column, "Enter a date (YYYY-MM-DD).")
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        _add(errors, column, f"{value!r} is not a date (YYYY-MM-DD).")
        return None


def moment(row: dict[str, str], column: str, errors: Errors) -> datetime.datetime | None:
    """A time of day: Darwin time unless the cell names its offset."""
    value = row.get(column, "")
    if not value:
        _add(errors, column, "Enter when it happened (YYYY-MM-DD HH:MM).")
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        _add(errors, column, f"{value!r} is not a date and time (YYYY-MM-DD HH:MM).")
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return parsed


def yes_no(row: dict[str, str], column: str, errors: Errors) -> bool:
    value = row.get(column, "").lower()
    if value in YES:
        return True
    if value not in NO:
        _add(errors, column, f"{row[column]!r} is not yes or no.")
    return False


def choice(
    row: dict[str, str], column: str, errors: Errors, values: list[str], *, default: str = ""
) -> str:
    """One of ``values``; a blank cell is ``default`` (or refused when there is none)."""
    value = row.get(column, "") or default
    if value not in values:
        shown = ", ".join(v for v in values if v)
        _add(
            errors,
            column,
            f"{value!r} is not one of: {shown}." if value else f"Choose one of: {shown}.",
        )
    return value


def future(day: datetime.date | None) -> bool:
    return day is not None and day > timezone.localdate()
