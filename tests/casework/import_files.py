"""CSV files for import tests: a small, valid migration of one community, and a writer."""

import csv
import datetime
import io

from django.utils import timezone

from casework.imports import FILES


def csv_text(kind: str, rows: list[dict], columns: list[str] | None = None) -> str:
    names = columns or [column.name for column in FILES[kind]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in names})
    return out.getvalue()


def day(days_ago: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()


def migration_rows(n: int = 1, *, practitioner="practitioner.a", team_leader="teamleader.a"):
    """``n`` households, each with a child, an in-care case (odd) or a Strengthening
    Families case (even), and two contacts."""
    rows: dict[str, list[dict]] = {kind: [] for kind in FILES}
    for i in range(n):
        rows["families"].append({"external_id": f"F{i}", "name": f"Household {i}"})
        rows["children"].append(
            {
                "external_id": f"C{i}",
                "given_name": f"Synthetic{i}",
                "family_name": "Imported",
                "date_of_birth": "2015-03-09",
                "gender": "not_stated",
                "aboriginal_status": "aboriginal",
                "family_external_id": f"F{i}",
            }
        )
        case = {
            "external_id": f"K{i}",
            "child_external_id": f"C{i}",
            "opened_on": day(100),
            "practitioner": practitioner,
            "team_leader": team_leader,
            "family_external_id": f"F{i}",
            "risk_level": "moderate",
            "assessed_on": day(101),
            "next_reassessment_due_on": day(-30),
        }
        if i % 2:
            case["kind"] = "in_care"
        else:
            case.update(kind="strengthening_families", parents_agreed_on=day(100))
        rows["cases"].append(case)
        for j, ago in enumerate((60, 10)):
            rows["contacts"].append(
                {
                    "external_id": f"V{i}-{j}",
                    "case_external_id": f"K{i}",
                    "occurred_at": f"{day(ago)} 10:30",
                    "kind": "f2f_practitioner",
                    "who_was_seen": "The child and carer",
                    "note": "Visited at home.",
                }
            )
    return rows


def migration_files(n: int = 1, **kwargs) -> dict[str, str]:
    return {kind: csv_text(kind, rows) for kind, rows in migration_rows(n, **kwargs).items()}
