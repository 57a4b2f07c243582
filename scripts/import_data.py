"""Synthetic files for the records import (docs/import.md): households, children, cases and
contacts of one community, every name made up.

    .venv/bin/python scripts/import_data.py out/ --children 10000 \
        --practitioner bench.practitioner --team-leader bench.teamleader

For every child: a household shared by two children, one open case (60% children in care,
40% Strengthening Families at low to very high risk, with the parents' agreement and, at
high risk, the judgement that the child can stay home) and one contact per child on
average, face to face, by phone or by a named third party. Dates are before ``--today``.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEVELS = ("low", "moderate", "high", "very_high")
GENDERS = ("female", "male", "other", "not_stated")
STATUSES = ("aboriginal", "torres_strait_islander", "both", "neither", "not_stated")


def import_rows(
    *,
    children: int,
    practitioner: str,
    team_leader: str,
    today: datetime.date,
    seed: int = 22,
) -> dict[str, list[dict[str, str]]]:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    rows: dict[str, list[dict[str, str]]] = {
        "families": [],
        "children": [],
        "cases": [],
        "contacts": [],
    }

    def day(days_ago: int) -> str:
        return (today - datetime.timedelta(days=days_ago)).isoformat()

    for i in range(children):
        if i % 2 == 0:
            rows["families"].append({"external_id": f"F{i // 2}", "name": f"Household {i // 2}"})
        rows["children"].append(
            {
                "external_id": f"C{i}",
                "given_name": f"Synthetic{i}",
                "family_name": rng.choice(("Example", "Sample", "Placeholder")),
                "date_of_birth": day(rng.randint(365, 17 * 365)),
                "gender": rng.choice(GENDERS),
                "aboriginal_status": rng.choice(STATUSES),
                "languages": rng.choice(("", "Murrinh-Patha", "Warlpiri", "Kriol")),
                "family_external_id": f"F{i // 2}",
            }
        )
        opened = rng.randint(30, 700)
        level = rng.choice(LEVELS)
        case = {
            "external_id": f"K{i}",
            "child_external_id": f"C{i}",
            "opened_on": day(opened),
            "practitioner": practitioner,
            "team_leader": team_leader,
            "family_external_id": f"F{i // 2}",
            "risk_level": level,
            "assessed_on": day(opened + 1),
            "next_reassessment_due_on": day(opened - 90),
        }
        if rng.random() < 0.6:
            case["kind"] = "in_care"
        else:
            case.update(kind="strengthening_families", parents_agreed_on=day(opened))
            if level in ("high", "very_high"):
                case["safe_at_home_judgement"] = "Protective carer present; safety plan agreed."
        rows["cases"].append(case)
        ago = rng.randint(0, opened - 1)
        kind = rng.choices(("f2f_practitioner", "f2f_third_party", "phone"), (6, 2, 2))[0]
        contact = {
            "external_id": f"V{i}",
            "case_external_id": f"K{i}",
            "occurred_at": f"{day(ago)} {rng.randint(8, 16):02d}:{rng.choice(('00', '30'))}",
            "kind": kind,
            "who_was_seen": "The child and carer",
            "note": "Visited at home; the child is settled.",
        }
        if kind == "f2f_third_party":
            contact.update(third_party_name="A. Worker", third_party_organisation="Local ACCO")
        rows["contacts"].append(contact)
    return rows


def write_files(directory: Path, rows: dict[str, list[dict[str, str]]]) -> dict[str, Path]:
    from casework.imports import FILES  # noqa: PLC0415 - Django is set up by the caller

    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, records in rows.items():
        names = [column.name for column in FILES[kind]]
        paths[kind] = directory / f"{kind}.csv"
        with paths[kind].open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=names)
            writer.writeheader()
            for record in records:
                writer.writerow({name: record.get(name, "") for name in names})
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--children", type=int, default=10000)
    parser.add_argument("--practitioner", required=True, help="A username in the community.")
    parser.add_argument("--team-leader", required=True, help="A username in the community.")
    parser.add_argument("--today", default=datetime.date.today().isoformat())  # noqa: DTZ011
    args = parser.parse_args()
    import os  # noqa: PLC0415 - only the command line needs Django set up here

    import django  # noqa: PLC0415 - as above

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    rows = import_rows(
        children=args.children,
        practitioner=args.practitioner,
        team_leader=args.team_leader,
        today=datetime.date.fromisoformat(args.today),
    )
    for kind, path in write_files(args.directory, rows).items():
        print(f"{path}: {len(rows[kind])} rows")  # noqa: T201


if __name__ == "__main__":
    main()
