"""How the product writes money and dates, the same on every page and in the report.

``{% load cwsp_format %}`` then ``{{ amount|money }}`` → "$430,000" (cents only when there
are any: "$1,250.50") and ``{{ day|long_date }}`` → "1 December 2026", for a date or the
ISO text the stored report figures keep.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import dateformat

register = template.Library()


@register.filter
def money(value: object) -> str:
    """Whole dollars with thousands separators; the blank stays blank."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral():
        return f"{sign}${int(amount):,}"
    return f"{sign}${amount:,.2f}"


@register.filter
def long_date(value: object) -> str:
    """ "1 December 2026" from a date, a datetime or ISO text; anything else as it is."""
    if value is None or value == "":
        return ""
    day: datetime.date
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    elif isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        return str(value)
    # Django's own month names, so the month reads in the page's language.
    return dateformat.format(day, "j F Y")
