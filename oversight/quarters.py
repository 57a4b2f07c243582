"""Australian financial-year quarters: ``2026-27 Q2`` is October to December 2026."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2})\s*Q\s*([1-4])\s*$", re.IGNORECASE)
# The calendar month each quarter starts in, counted from the financial year's July.
_START_MONTH = {1: 7, 2: 10, 3: 1, 4: 4}


@dataclass(frozen=True, order=True)
class Quarter:
    # The calendar year the financial year starts in (2026 for 2026-27).
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """Read ``2026-27 Q2`` or ``2026-27Q2``."""
        match = _PATTERN.match(text or "")
        if not match:
            raise ValidationError(
                _(
                    "“%(text)s” is not a quarter: write it like 2026-27 Q2 (October to December "
                    "2026)."
                )
                % {"text": text}
            )
        year, short_next, number = int(match[1]), int(match[2]), int(match[3])
        if (year + 1) % 100 != short_next:
            raise ValidationError(
                _("“%(text)s” is not a financial year: %(year)s is followed by %(next)s.")
                % {"text": text, "year": year, "next": f"{(year + 1) % 100:02d}"}
            )
        return cls(year, number)

    @classmethod
    def containing(cls, day: datetime.date) -> "Quarter":
        year = day.year if day.month >= 7 else day.year - 1
        number = {7: 1, 8: 1, 9: 1, 10: 2, 11: 2, 12: 2, 1: 3, 2: 3, 3: 3}.get(day.month, 4)
        return cls(year, number)

    @property
    def label(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d} Q{self.number}"

    def __str__(self) -> str:
        return self.label

    @property
    def start(self) -> datetime.date:
        month = _START_MONTH[self.number]
        year = self.year if self.number <= 2 else self.year + 1
        return datetime.date(year, month, 1)

    @property
    def end(self) -> datetime.date:
        start = self.start
        last_month = start.month + 2
        return datetime.date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])

    @property
    def months_label(self) -> str:
        return f"{self.start:%B} to {self.end:%B %Y}"

    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )
