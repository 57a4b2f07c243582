"""A child's summary for case conferences and court: on screen (printable) and as a PDF.

It holds the child, the open cases with their current plan and risk history, and the
contacts of the last six months. The PDF is rendered by WeasyPrint from the same
template and carries, in every page's footer, who printed it and when.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.actors import Actor

from . import selectors
from .models import Case, Child, Contact

# The contacts a summary lists: about six months back from the day it is printed.
SUMMARY_CONTACT_DAYS = 183


@dataclass
class ChildSummary:
    child: Child
    open_cases: list[Case]
    contacts: list[Contact]
    contacts_since: datetime.date
    printed_by: str
    printed_at: datetime.datetime

    def context(self) -> dict[str, Any]:
        return {
            "child": self.child,
            "cases": self.open_cases,
            "contacts": self.contacts,
            "contacts_since": self.contacts_since,
            "printed_by": self.printed_by,
            "printed_at": self.printed_at,
        }


def child_summary(*, actor: Actor, child_id: int) -> ChildSummary:
    """What the summary shows (404 outside the actor's communities, 403 without casework)."""
    child = selectors.child_summary_detail(actor=actor, child_id=child_id)
    today = timezone.localdate()
    cases = [case for case in child.cases.all() if case.is_open]
    since = today - datetime.timedelta(days=SUMMARY_CONTACT_DAYS)
    contacts = list(
        # From the first moment of that day in Darwin: a range the index can use, rather
        # than converting every contact's time to a date.
        Contact.objects.filter(
            child=child,
            occurred_at__gte=timezone.make_aware(datetime.datetime.combine(since, datetime.time())),
        )
        .select_related("case", "recorded_by")
        .order_by("-occurred_at", "-id")
    )
    name = getattr(actor, "display_name", "") or getattr(actor, "username", "") or str(actor)
    return ChildSummary(
        child=child,
        open_cases=cases,
        contacts=contacts,
        contacts_since=since,
        printed_by=name,
        printed_at=timezone.localtime(),
    )


def render_child_summary_pdf(summary: ChildSummary) -> bytes:
    """The summary as a PDF, rendered by WeasyPrint from ``child_summary_pdf.html``."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 — heavy; loaded only when a PDF is asked

    html = render_to_string("casework/child_summary_pdf.html", summary.context())
    stylesheet = CSS(filename=str(settings.BASE_DIR / "casework" / "summary_pdf.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet])
