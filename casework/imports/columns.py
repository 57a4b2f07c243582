"""The import template: the files, their columns, what each column holds.

One source for the import's parser, the downloadable template files and docs/import.md
(``tests/casework/test_record_import.py`` checks the document lists every column).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ..models import Case, Child, ContactKind, RiskLevel


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    # Prose for the translator; ``{placeholders}`` stand for the identifiers in ``words``
    # (column names, file names, literal values), which are shown as code, never translated.
    help: str | Promise
    example: str = ""
    words: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def help_html(self) -> SafeString:
        if not self.words:
            return conditional_escape(str(self.help))
        codes = {
            key: format_html_join(", ", "<code>{}</code>", ((value,) for value in values))
            for key, values in self.words
        }
        return format_html(str(self.help), **codes)


def _words(**words) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((key, tuple(str(v) for v in values)) for key, values in words.items())


DATE = _words(format=["YYYY-MM-DD"])
YES_NO = _words(yes=["yes"], no=["no"])


FAMILIES = (
    Column("external_id", True, _("The household's id in the legacy system."), "F-1001"),
    Column("name", True, _("How the household is known."), "Household of Aunty May"),
    Column("nominated_people", False, _("People the family nominates to take part in decisions.")),
    Column("nominated_kinship_group", False, _("Kinship group nominated by the family.")),
)

CHILDREN = (
    Column("external_id", True, _("The child's id in the legacy system."), "C-2001"),
    Column("given_name", True, _("Given name."), "Synthetic"),
    Column("family_name", True, _("Family name."), "Example"),
    Column("date_of_birth", True, _("Date of birth (date, {format})."), "2015-03-09", words=DATE),
    Column(
        "gender",
        True,
        _("One of: {values}"),
        Child.Gender.NOT_STATED,
        words=_words(values=Child.Gender.values),
    ),
    Column(
        "aboriginal_status",
        True,
        _("One of: {values}"),
        Child.AboriginalStatus.ABORIGINAL,
        words=_words(values=Child.AboriginalStatus.values),
    ),
    Column("preferred_name", False, _("The name the child goes by.")),
    Column("alternative_names", False, _("Other names and spellings the child is known by.")),
    Column("languages", False, _("Languages spoken.")),
    Column(
        "interpreter_needs", False, _("Whether an interpreter is needed, and for which language.")
    ),
    Column("kinship_group", False, _("Kinship group or skin name.")),
    Column(
        "residence",
        False,
        _("One of: {values} (blank is {default})."),
        words=_words(values=Child.Residence.values, default=[Child.Residence.IN_COMMUNITY]),
    ),
    Column("carer_name", False, _("The carer's name.")),
    Column(
        "placement",
        False,
        _("One of: {values} or blank."),
        words=_words(values=[v for v in Child.Placement.values if v]),
    ),
    Column(
        "family_external_id",
        False,
        _("The household the child belongs to: its {column} in {file} or an earlier import."),
        "F-1001",
        words=_words(column=["external_id"], file=["families.csv"]),
    ),
)

CASES = (
    Column("external_id", True, _("The case's id in the legacy system."), "K-3001"),
    Column(
        "child_external_id",
        True,
        _("The child: its {column} in {file} or an earlier import."),
        "C-2001",
        words=_words(column=["external_id"], file=["children.csv"]),
    ),
    Column(
        "kind",
        True,
        _("One of: {values}"),
        Case.Kind.IN_CARE,
        words=_words(values=Case.Kind.values),
    ),
    Column(
        "opened_on", True, _("The day the case opened (date, {format})."), "2026-01-12", words=DATE
    ),
    Column(
        "practitioner",
        True,
        _("Username of the practitioner holding the case (works on cases in the community)."),
        "practitioner.username",
    ),
    Column("team_leader", False, _("Username of a team leader of the community.")),
    Column("family_external_id", False, _("The household the case works with.")),
    Column(
        "risk_level",
        False,
        _("One of: {values}: the latest risk assessment (required for Strengthening Families)."),
        RiskLevel.MODERATE,
        words=_words(values=RiskLevel.values),
    ),
    Column(
        "assessed_on",
        False,
        _("The day of that assessment (date, {format})."),
        "2026-01-10",
        words=DATE,
    ),
    Column(
        "next_reassessment_due_on",
        False,
        _("When it is to be reassessed (date, {format})."),
        "2026-04-10",
        words=DATE,
    ),
    Column("assessor", False, _("Username of who assessed (blank: the practitioner).")),
    Column(
        "parents_agreed_on",
        False,
        _("Strengthening Families: the day the parents agreed (date, {format})."),
        words=DATE,
    ),
    Column(
        "safe_at_home_judgement",
        False,
        _("Strengthening Families at high or very high risk: why the child can safely stay home."),
    ),
    Column(
        "dfv_risk",
        False,
        _("Family and domestic violence risk: {yes} or {no} (blank is {no})."),
        words=YES_NO,
    ),
    Column(
        "youth_justice_involved",
        False,
        _("Youth Justice involvement: {yes} or {no} (blank is {no})."),
        words=YES_NO,
    ),
)

CONTACTS = (
    Column("external_id", True, _("The contact's id in the legacy system."), "V-4001"),
    Column(
        "case_external_id",
        True,
        _("The case: its {column} in {file} or an earlier import."),
        "K-3001",
        words=_words(column=["external_id"], file=["cases.csv"]),
    ),
    Column(
        "occurred_at",
        True,
        _("When it happened: {format} in Darwin time, or ISO 8601 with an offset."),
        "2026-02-03 10:30",
        words=_words(format=["YYYY-MM-DD HH:MM"]),
    ),
    Column(
        "kind",
        True,
        _("One of: {values}"),
        ContactKind.FACE_TO_FACE_PRACTITIONER,
        words=_words(values=ContactKind.values),
    ),
    Column(
        "recorded_by", False, _("Username of who recorded it (blank: the case's practitioner).")
    ),
    Column("who_was_seen", False, _("Who was seen."), "The child and carer"),
    Column("location", False, _("Where.")),
    Column("note", False, _("What happened.")),
    Column("child_views", False, _("What the child said they think and want.")),
    Column("third_party_name", False, _("A third-party visit: who saw the child.")),
    Column("third_party_organisation", False, _("A third-party visit: their organisation.")),
    Column(
        "aboriginal_community_worker_present",
        False,
        _("{yes} or {no} (blank is {no})"),
        words=YES_NO,
    ),
    Column(
        "aboriginal_practice_advisor_present",
        False,
        _("{yes} or {no} (blank is {no})"),
        words=YES_NO,
    ),
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
