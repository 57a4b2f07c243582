"""The import template: the files, their columns, what each column holds.

One source for the import's parser, the downloadable template files and docs/import.md
(``tests/casework/test_record_import.py`` checks the document lists every column).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..models import Case, Child, ContactKind, RiskLevel


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str
    example: str = ""


def _choices(values) -> str:
    return "One of: " + ", ".join(values)


YES_NO = "yes or no (blank is no)"
DATE = "date, YYYY-MM-DD"

FAMILIES = (
    Column("external_id", True, "The household's id in the legacy system.", "F-1001"),
    Column("name", True, "How the household is known.", "Household of Aunty May"),
    Column("nominated_people", False, "People the family nominates to take part in decisions."),
    Column("nominated_kinship_group", False, "Kinship group nominated by the family."),
)

CHILDREN = (
    Column("external_id", True, "The child's id in the legacy system.", "C-2001"),
    Column("given_name", True, "Given name.", "Synthetic"),
    Column("family_name", True, "Family name.", "Example"),
    Column("date_of_birth", True, f"Date of birth ({DATE}).", "2015-03-09"),
    Column("gender", True, _choices(Child.Gender.values), Child.Gender.NOT_STATED),
    Column(
        "aboriginal_status",
        True,
        _choices(Child.AboriginalStatus.values),
        Child.AboriginalStatus.ABORIGINAL,
    ),
    Column("preferred_name", False, "The name the child goes by."),
    Column("alternative_names", False, "Other names and spellings the child is known by."),
    Column("languages", False, "Languages spoken."),
    Column("interpreter_needs", False, "Whether an interpreter is needed, and for which language."),
    Column("kinship_group", False, "Kinship group or skin name."),
    Column(
        "residence",
        False,
        f"{_choices(Child.Residence.values)} (blank is {Child.Residence.IN_COMMUNITY}).",
    ),
    Column("carer_name", False, "The carer's name."),
    Column("placement", False, f"{_choices(v for v in Child.Placement.values if v)} or blank."),
    Column(
        "family_external_id",
        False,
        "The household the child belongs to: its external_id in families.csv or an earlier import.",
        "F-1001",
    ),
)

CASES = (
    Column("external_id", True, "The case's id in the legacy system.", "K-3001"),
    Column(
        "child_external_id",
        True,
        "The child: its external_id in children.csv or an earlier import.",
        "C-2001",
    ),
    Column("kind", True, _choices(Case.Kind.values), Case.Kind.IN_CARE),
    Column("opened_on", True, f"The day the case opened ({DATE}).", "2026-01-12"),
    Column(
        "practitioner",
        True,
        "Username of the practitioner holding the case (works on cases in the community).",
        "practitioner.username",
    ),
    Column("team_leader", False, "Username of a team leader of the community."),
    Column("family_external_id", False, "The household the case works with."),
    Column(
        "risk_level",
        False,
        f"{_choices(RiskLevel.values)}: the latest risk assessment (required for "
        "Strengthening Families).",
        RiskLevel.MODERATE,
    ),
    Column("assessed_on", False, f"The day of that assessment ({DATE}).", "2026-01-10"),
    Column(
        "next_reassessment_due_on",
        False,
        f"When it is to be reassessed ({DATE}).",
        "2026-04-10",
    ),
    Column("assessor", False, "Username of who assessed (blank: the practitioner)."),
    Column(
        "parents_agreed_on",
        False,
        f"Strengthening Families: the day the parents agreed ({DATE}).",
    ),
    Column(
        "safe_at_home_judgement",
        False,
        "Strengthening Families at high or very high risk: why the child can safely stay home.",
    ),
    Column("dfv_risk", False, f"Family and domestic violence risk: {YES_NO}."),
    Column("youth_justice_involved", False, f"Youth Justice involvement: {YES_NO}."),
)

CONTACTS = (
    Column("external_id", True, "The contact's id in the legacy system.", "V-4001"),
    Column(
        "case_external_id",
        True,
        "The case: its external_id in cases.csv or an earlier import.",
        "K-3001",
    ),
    Column(
        "occurred_at",
        True,
        "When it happened: YYYY-MM-DD HH:MM in Darwin time, or ISO 8601 with an offset.",
        "2026-02-03 10:30",
    ),
    Column("kind", True, _choices(ContactKind.values), ContactKind.FACE_TO_FACE_PRACTITIONER),
    Column("recorded_by", False, "Username of who recorded it (blank: the case's practitioner)."),
    Column("who_was_seen", False, "Who was seen.", "The child and carer"),
    Column("location", False, "Where."),
    Column("note", False, "What happened."),
    Column("child_views", False, "What the child said they think and want."),
    Column("third_party_name", False, "A third-party visit: who saw the child."),
    Column("third_party_organisation", False, "A third-party visit: their organisation."),
    Column("aboriginal_community_worker_present", False, YES_NO),
    Column("aboriginal_practice_advisor_present", False, YES_NO),
)

# In the order they are imported: each file may name records of the files before it.
FILES: dict[str, tuple[Column, ...]] = {
    "families": FAMILIES,
    "children": CHILDREN,
    "cases": CASES,
    "contacts": CONTACTS,
}


def template_csv(kind: str) -> str:
    """The header and one example row of a file, as the downloadable template."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in FILES[kind]])
    writer.writerow([column.example for column in FILES[kind]])
    return out.getvalue()
