"""Shared measurement: indicators, their values by hand, from CSV, or computed."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor

from .. import indicator_sources
from ..fence import community_scope
from ..models import Indicator, IndicatorValue, LocalPriority, Partnership
from ..permissions import require_governance_editor
from .base import audit_governance, person_of, save_checked


@transaction.atomic
def indicator_create(
    *,
    actor: Actor,
    partnership: Partnership,
    name: str,
    definition: str,
    unit: str,
    target: Decimal,
    baseline: Decimal | None = None,
    direction: str = Indicator.Direction.INCREASE,
    priority: LocalPriority | None = None,
    source_key: str = "",
) -> Indicator:
    require_governance_editor(actor, partnership.community)
    if source_key and source_key not in indicator_sources.SOURCES:
        raise ValidationError({"source_key": _("Choose one of the listed sources.")})
    if priority is not None and priority.partnership_id != partnership.pk:
        raise ValidationError({"priority": _("Choose one of this partnership's priorities.")})
    indicator = save_checked(
        Indicator(
            partnership=partnership,
            community=partnership.community,
            name=name,
            definition=definition,
            unit=unit,
            baseline=baseline,
            target=target,
            direction=direction,
            priority=priority,
            source_key=source_key,
        )
    )
    audit_governance(actor, indicator, AuditEvent.Action.CREATE)
    return indicator


@transaction.atomic
def indicator_value_record(
    *,
    actor: Actor,
    indicator: Indicator,
    period_end: datetime.date,
    value: Decimal,
    source: str = IndicatorValue.Source.MANUAL,
    source_note: str = "",
) -> IndicatorValue:
    require_governance_editor(actor, indicator.community)
    if indicator.retired_on is not None and period_end > indicator.retired_on:
        raise ValidationError(
            {
                "period_end": f"This indicator was retired on {indicator.retired_on}: record "
                "values only for periods up to then."
            }
        )
    record = save_checked(
        IndicatorValue(
            indicator=indicator,
            community=indicator.community,
            period_end=period_end,
            value=value,
            source=source,
            source_note=source_note,
            recorded_by=person_of(actor),
        )
    )
    audit_governance(actor, record, AuditEvent.Action.CREATE, detail={"indicator_id": indicator.pk})
    return record


@transaction.atomic
def indicator_compute(
    *, actor: Actor, indicator: Indicator, start: datetime.date, end: datetime.date
) -> IndicatorValue:
    """Record the value of a computed indicator for the period ``start``–``end``."""
    require_governance_editor(actor, indicator.community)
    if not indicator.source_key:
        raise ValidationError(_("This indicator is entered by hand, not computed."))
    if end < start:
        raise ValidationError(_("The period must end on or after its start."))
    if indicator.source_key not in indicator_sources.SOURCES:
        raise ValidationError(_("This indicator's source is no longer offered: enter its values."))
    value = indicator_sources.compute(indicator.source_key, indicator.community_id, start, end)
    if value is None:
        raise ValidationError(_("There is nothing to compute this indicator from for that period."))
    return indicator_value_record(
        actor=actor,
        indicator=indicator,
        period_end=end,
        value=Decimal(value).quantize(Decimal("0.01")),
        source=IndicatorValue.Source.COMPUTED,
        source_note=indicator.source_key,
    )


IMPORT_COLUMNS = ("indicator", "period_end", "value", "source")


@dataclass
class ImportReport:
    """What a CSV import did: nothing at all when any row was rejected."""

    rows: int = 0
    imported: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def _unreadable(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        limit = csv.field_size_limit() // 1024
        return (
            f"A field is longer than {limit} KiB: this is not a file of indicator values "
            "(check for an unclosed quotation mark)."
        )
    return f"The file cannot be read as CSV ({error})."


def indicator_values_import(
    *, actor: Actor, partnership: Partnership, csv_text: str
) -> ImportReport:
    """Import a time series from CSV: every row or none.

    Columns: ``indicator`` (name), ``period_end`` (YYYY-MM-DD), ``value``, ``source``
    (optional note). Every row is checked first; if any is rejected nothing is written
    and the report names each rejected row (line numbers as in the file, header = 1).
    """
    require_governance_editor(actor, partnership.community)
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    try:
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        report.rejected.append((1, _unreadable(error)))
        return report
    missing = [name for name in IMPORT_COLUMNS[:3] if name not in header]
    if missing:
        report.rejected.append((1, f"Missing column(s): {', '.join(missing)}."))
        return report
    reader.fieldnames = header
    with community_scope([partnership.community_id]):
        indicators = {
            i.name.strip().lower(): i for i in Indicator.objects.filter(partnership=partnership)
        }
        existing = set(
            IndicatorValue.objects.filter(indicator__partnership=partnership).values_list(
                "indicator_id", "period_end"
            )
        )
    seen: set[tuple[int, datetime.date]] = set()
    parsed: list[tuple[Indicator, datetime.date, Decimal, str]] = []
    try:
        rows = list(enumerate(reader, start=2))
    except csv.Error as error:
        # A field over the csv module's limit (128 KiB), a stray NUL...: name the line.
        report.rejected.append((reader.line_num + 1, _unreadable(error)))
        return report
    for line, row in rows:
        report.rows += 1
        problems = []
        indicator = indicators.get((row.get("indicator") or "").strip().lower())
        if indicator is None:
            problems.append(f"no indicator named {(row.get('indicator') or '').strip()!r}")
        try:
            period_end = datetime.date.fromisoformat((row.get("period_end") or "").strip())
        except ValueError:
            period_end = None
            problems.append(_("period_end is not a date (YYYY-MM-DD)"))
        try:
            value = Decimal((row.get("value") or "").strip().replace(",", ""))
            if not value.is_finite() or abs(value) >= Decimal("1e10"):
                raise InvalidOperation
        except InvalidOperation:
            value = None
            problems.append(_("value is not a number"))
        if indicator and period_end:
            key = (indicator.pk, period_end)
            if key in existing:
                problems.append(_("a value for this indicator and period already exists"))
            elif key in seen:
                problems.append(_("the same indicator and period appear twice in the file"))
            seen.add(key)
        if problems:
            message = "; ".join(problems)
            report.rejected.append((line, message[0].upper() + message[1:] + "."))
        elif indicator is not None and period_end is not None and value is not None:
            parsed.append((indicator, period_end, value, (row.get("source") or "").strip()))
    if report.rows == 0:
        report.rejected.append((1, "The file has no rows."))
    if report.rejected:
        return report
    with transaction.atomic():
        for indicator, period_end, value, note in parsed:
            IndicatorValue.objects.create(
                indicator=indicator,
                community=indicator.community,
                period_end=period_end,
                value=value.quantize(Decimal("0.01")),
                source=IndicatorValue.Source.IMPORT,
                source_note=note[:200],
                recorded_by=person_of(actor),
            )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            object_type="partnerships.indicatorvalue",
            community_id=partnership.community_id,
            detail={"change": "indicator_import", "rows": len(parsed)},
        )
    report.imported = len(parsed)
    return report
