"""Bring a community's children, households, cases and contacts in from CSV files.

All or nothing, in one transaction inside the community's fence: if any row is rejected,
or the run is a dry run, nothing stays but the audit event saying it was tried. Running
the same files again changes nothing: a row whose external id is already in the community
is left as it is.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor, is_system
from partnerships.fence import community_scope
from partnerships.models import Community, Partnership

from ..permissions import require_import_records
from .report import ImportReport, read_tables
from .rows import MODELS, RowImport


def _keeps_case_records(community: Community) -> bool:
    try:
        return community.partnership.keeps_case_records
    except Partnership.DoesNotExist:
        return True


def _record_events(*, actor: Actor, community: Community, run: RowImport, import_id: str):
    """One create event per record made, as the services write (ids only), in one insert."""
    person = None if is_system(actor) else actor
    system = actor.name if is_system(actor) else ""  # type: ignore[union-attr]
    events = []
    for kind, records in run.made.items():
        label = MODELS[kind]._meta.label_lower
        for record in records.values():
            child_id = record.pk if kind == "children" else getattr(record, "child_id", None)
            events.append(
                AuditEvent(
                    actor=person,
                    system_actor=system,
                    action=AuditEvent.Action.CREATE,
                    object_type=label,
                    object_id=str(record.pk),
                    child_id=child_id,
                    community_id=community.pk,
                    detail={"import": import_id},
                )
            )
    AuditEvent.objects.bulk_create(events, batch_size=2000)


def records_import(
    *,
    actor: Actor,
    community: Community,
    files: Mapping[str, str],
    dry_run: bool = False,
    request=None,
) -> ImportReport:
    """Import ``files`` (``{"children": csv_text, ...}``, any of the four) into ``community``.

    Every row is checked under the services' rules; the report names each rejected row by
    file, line and column. Nothing is written unless every row passes and ``dry_run`` is
    false.
    """
    require_import_records(actor)
    if not _keeps_case_records(community):
        raise ValidationError(
            {"community": [f"{community.name}'s Partnership keeps no case records."]}
        )
    if not files:
        raise ValidationError("Choose at least one file to import.")
    import_id = str(uuid.uuid4())
    report = ImportReport(dry_run=dry_run)
    tables = read_tables(files, report)
    with transaction.atomic(), community_scope([community.pk]):
        if report.ok:
            run = RowImport(actor=actor, community=community, report=report)
            run.run(tables)
        if report.committed:
            _record_events(actor=actor, community=community, run=run, import_id=import_id)
            _audit_import(actor, community, import_id, files, report, request)
        else:
            transaction.set_rollback(True)
    if not report.committed:
        # The attempt is recorded too (after the rollback, on its own).
        _audit_import(actor, community, import_id, files, report, request)
    return report


def _audit_import(actor, community, import_id, files, report, request) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        object_type="casework.import",
        object_id=import_id,
        community_id=community.pk,
        detail={
            "dry_run": report.dry_run,
            "committed": report.committed,
            "rejected": len(report.rejected),
            "files": {
                kind: {
                    "sha256": hashlib.sha256(text.encode()).hexdigest(),
                    "rows": report.rows.get(kind, 0),
                    "created": report.created_count(kind) if report.committed else 0,
                    "unchanged": report.unchanged.get(kind, 0),
                }
                for kind, text in files.items()
            },
        },
        request=request,
    )
