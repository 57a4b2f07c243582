"""The child's printable summary and its PDF: each is audited as a read of the record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.services import audit_read_child

from .. import summary


@login_required
def child_summary(request: HttpRequest, child_id: int) -> HttpResponse:
    found = summary.child_summary(actor=request.user, child_id=child_id)
    audit_read_child(
        actor=request.user,
        child_id=found.child.pk,
        community_id=found.child.community_id,
        request=request,
        what="child_summary",
    )
    return render(request, "casework/child_summary.html", found.context())


@login_required
def child_summary_pdf(request: HttpRequest, child_id: int) -> HttpResponse:
    found = summary.child_summary(actor=request.user, child_id=child_id)
    pdf = summary.render_child_summary_pdf(found)
    audit_read_child(
        actor=request.user,
        child_id=found.child.pk,
        community_id=found.child.community_id,
        request=request,
        what="child_summary_pdf",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="child-{found.child.pk}-summary-{found.printed_at:%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response
