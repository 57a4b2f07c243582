"""A team's caseload and a case's contacts as CSV: what leaves the product, and how.

Pages and API share these: the rows come from the same selectors as the pages
(``caseloads.team_caseload``, ``selectors.case_get``), the predicates decide who may take
them away (``permissions.require_export_*``), and each export is audited with the ids of
every record in it *before* the first row leaves. The response streams; a streaming
response's rows are produced after the request's fence has closed, so the generator opens
the scope again for the communities the export was allowed to read.

A spreadsheet treats a cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) as a formula: such a cell is written with a leading apostrophe, so a
note typed as ``=HYPERLINK(...)`` stays text (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.http import StreamingHttpResponse
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor
from partnerships.fence import community_scope

from . import caseloads, selectors
from .models import Case, CaseTask, Contact
from .permissions import require_export_case_contacts, require_export_team_caseload, team_leader_ids
from .services.contacts import CONTACT_FIELDS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows read per query while streaming: a large community's caseload never sits in memory.
CHUNK = 500


def neutralise(value: Any) -> str:
    """The cell as text a spreadsheet will not run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).isoformat(timespec="minutes")
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_line(cells: Iterable[Any]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([neutralise(cell) for cell in cells])
    return out.getvalue()


@dataclass
class Export:
    """What a view sends: a file name and its lines, produced inside the fence."""

    filename: str
    ids: list[int]
    lines: Callable[[], Iterator[str]]


def _stream(
    community_ids: list[int],
    header: Sequence[str],
    ids: list[int],
    rows_for: Callable[[list[int]], Iterable[Sequence[Any]]],
) -> Callable[[], Iterator[str]]:
    def lines() -> Iterator[str]:
        with community_scope(community_ids):
            # A byte-order mark: spreadsheet programs then read the file as UTF-8.
            yield "\ufeff" + csv_line(header)
            for start in range(0, len(ids), CHUNK):
                for row in rows_for(ids[start : start + CHUNK]):
                    yield csv_line(row)

    return lines


def _in_order(records: Iterable[Any], ids: list[int]) -> list[Any]:
    by_id = {record.pk: record for record in records}
    return [by_id[pk] for pk in ids if pk in by_id]


# --- the team's caseload ------------------------------------------------------------------

CASELOAD_COLUMNS = (
    "case_id",
    "external_id",
    "child_id",
    "child_name",
    "date_of_birth",
    "community",
    "kind",
    "status",
    "contact_status",
    "last_face_to_face_on",
    "next_contact_due_on",
    "risk_level",
    "next_reassessment_due_on",
    "further_action_to_decide",
    "practitioner",
    "team_leader",
    "opened_on",
)


def _caseload_rows(today: datetime.date) -> Callable[[list[int]], list[list[Any]]]:
    def rows(ids: list[int]) -> list[list[Any]]:
        cases = (
            Case.objects.filter(pk__in=ids)
            .select_related("child", "community", "practitioner", "team_leader")
            .annotate(
                task_open=Exists(
                    CaseTask.objects.filter(case=OuterRef("pk"), status=CaseTask.Status.OPEN)
                )
            )
        )
        return [
            [
                case.pk,
                case.external_id,
                case.child_id,
                case.child.display_name,
                case.child.date_of_birth,
                case.community.name,
                case.get_kind_display(),
                case.get_status_display(),
                case.contact_status(today) or "",
                case.last_face_to_face_on,
                case.next_contact_due_on,
                case.get_risk_level_display(),
                case.next_reassessment_due_on,
                case.task_open,
                case.practitioner.display_name or case.practitioner.username,
                (case.team_leader.display_name or case.team_leader.username)
                if case.team_leader
                else "",
                case.opened_on,
            ]
            for case in _in_order(cases, ids)
        ]

    return rows


def team_caseload_export(
    *, actor: Actor, filters: dict[str, Any], request=None, what: str = "team_caseload_csv"
) -> Export:
    """The team caseload as the page lists it (same filters and order), every page of it."""
    require_export_team_caseload(actor)
    today = timezone.localdate()
    cases = caseloads.team_caseload(actor=actor, today=today, **filters)
    found = list(cases.values_list("pk", "child_id", "community_id"))
    ids = [pk for pk, _, _ in found]
    communities = {community_id for _, _, community_id in found}
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="casework.case",
        community_id=next(iter(communities)) if len(communities) == 1 else None,
        detail={
            "what": what,
            "case_ids": ids,
            "child_ids": list(dict.fromkeys(child_id for _, child_id, _ in found)),
        },
        request=request,
    )
    return Export(
        filename=f"team-caseload-{today.isoformat()}.csv",
        ids=ids,
        lines=_stream(team_leader_ids(actor), CASELOAD_COLUMNS, ids, _caseload_rows(today)),
    )


# --- a case's contacts --------------------------------------------------------------------

CONTACT_COLUMNS = (
    "contact_id",
    "external_id",
    "case_id",
    "child_id",
    *CONTACT_FIELDS,
    "recorded_by",
    "recorded_at",
    "version",
)


def _contact_cell(contact: Contact, field: str) -> Any:
    if field == "kind":
        return contact.get_kind_display()
    if field == "return_visit":
        return str(contact.return_visit) if contact.return_visit else ""
    return getattr(contact, field)


def _contact_rows(ids: list[int]) -> list[list[Any]]:
    contacts = (
        Contact.objects.filter(pk__in=ids)
        .select_related("recorded_by", "return_visit")
        .annotate(amendment_count=Count("amendments"))
    )
    return [
        [
            contact.pk,
            contact.external_id,
            contact.case_id,
            contact.child_id,
            *(_contact_cell(contact, field) for field in CONTACT_FIELDS),
            contact.recorded_by.display_name or contact.recorded_by.username,
            contact.recorded_at,
            # As it reads now, after its corrections (each kept on the contact's page).
            1 + contact.amendment_count,
        ]
        for contact in _in_order(contacts, ids)
    ]


def case_contacts_export(
    *, actor: Actor, case_id: int, request=None, what: str = "case_contacts_csv"
) -> Export:
    """Every contact of one case, oldest first, as each reads after its corrections."""
    case = selectors.case_get(actor=actor, case_id=case_id)
    require_export_case_contacts(actor, case)
    ids = list(
        Contact.objects.filter(case=case).order_by("occurred_at", "id").values_list("pk", flat=True)
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="casework.contact",
        child_id=case.child_id,
        community_id=case.community_id,
        detail={"what": what, "case_id": case.pk, "contact_ids": ids},
        request=request,
    )
    return Export(
        filename=f"case-{case.pk}-contacts-{timezone.localdate().isoformat()}.csv",
        ids=ids,
        lines=_stream([case.community_id], CONTACT_COLUMNS, ids, _contact_rows),
    )


def team_filters(params: Any) -> dict[str, Any]:
    """The team caseload's filters from a page's or the API's query string (unknown values
    fall back as the page's do: ``caseloads.team_caseload`` ignores them)."""
    team = params.get("team", "mine")
    try:
        practitioner_id = int(params.get("practitioner") or 0) or None
    except ValueError:
        practitioner_id = None
    return {
        "team": team if team in caseloads.TEAM_SCOPES else "mine",
        "practitioner_id": practitioner_id,
        **{name: params.get(name, "") for name in ("status", "kind", "risk_level")},
        "sort": params.get("sort", "urgency"),
    }


def csv_response(export: Export) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export.lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
