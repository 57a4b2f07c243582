"""Each row of an import made into a record, under the same checks as the services.

A row is checked by the services' own validation (``_check_child``, ``_check_staff``,
``_check_family``, ``_check_no_open_case``, ``_assessment_create``, ``_check_contact``,
``require_open``, ``rules.sf_details_unmet``) and model validation. The services
themselves are not called row by row because they attribute what they write to the
actor: an assessment or a contact names the person who made it, and an import is made
by an administrator or an operator's command on behalf of the legacy system's staff.
The row names those people (``practitioner``, ``assessor``, ``recorded_by``), and they
must work on cases in the community, as the services require of the people they name.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError

from accounts.models import User
from core.actors import Actor
from core.tasks import enqueue_on_commit
from partnerships.access import forget_access, remember_access
from partnerships.models import Community

from .. import rules
from ..contact_due import case_refresh_contact_due
from ..models import Case, Child, Contact, ContactKind, Family, RiskLevel
from ..models.imported import EXTERNAL_ID_MAX_LENGTH
from ..permissions import may_hold_cases_in
from ..services.base import clean, require_open
from ..services.cases import (
    _assessment_create,
    _case_create,
    _check_family,
    _check_no_open_case,
    _check_staff,
)
from ..services.children import _check_child, _family_members_add
from ..services.contacts import _check_contact
from . import values
from .columns import FILES
from .report import ImportReport, Row
from .values import Errors

MODELS: dict[str, type[Any]] = {
    "families": Family,
    "children": Child,
    "cases": Case,
    "contacts": Contact,
}


# The columns copied as they are (trimmed; blank is "not recorded").
CHILD_TEXTS = (
    "given_name",
    "family_name",
    "preferred_name",
    "alternative_names",
    "languages",
    "interpreter_needs",
    "kinship_group",
    "carer_name",
    "placement",
)
CONTACT_TEXTS = (
    "who_was_seen",
    "location",
    "note",
    "child_views",
    "third_party_name",
    "third_party_organisation",
)


def texts(row: Row, names: tuple[str, ...]) -> dict[str, str]:
    return {name: row.get(name, "") for name in names}


class RowImport:
    """One import into one community: the rows made so far, by kind and external id."""

    def __init__(self, *, actor: Actor, community: Community, report: ImportReport) -> None:
        self.actor = actor
        self.community = community
        self.report = report
        # Already in the community from an earlier import: external id -> pk.
        self.earlier: dict[str, dict[str, int]] = {
            kind: dict(
                model.objects.filter(community=community)
                .exclude(external_id="")
                .values_list("external_id", "pk")
            )
            for kind, model in MODELS.items()
        }
        self.made: dict[str, dict[str, Any]] = {kind: {} for kind in MODELS}
        self.lines: dict[str, dict[str, int]] = {kind: {} for kind in MODELS}
        self.fetched: dict[str, dict[str, Any]] = {kind: {} for kind in MODELS}
        self.users: dict[str, User | None] = {}
        # Cases whose six-week dates follow from this import (opened, or given contacts).
        self.touched: dict[int, Case] = {}
        self.seen_face_to_face: set[int] = set()
        self.builders = {
            "families": self.family,
            "children": self.child,
            "cases": self.case,
            "contacts": self.contact,
        }

    # --- the run --------------------------------------------------------------------------

    def run(self, tables: dict[str, list[tuple[int, Row]]]) -> None:
        try:
            for kind in FILES:
                for line, row in tables.get(kind, []):
                    try:
                        self.row(kind, line, row)
                    except DatabaseError as error:
                        # Not foreseen by the checks: the transaction cannot go on, so the
                        # import stops here, naming the row, and nothing is written.
                        self.report.reject(
                            kind,
                            line,
                            "",
                            f"The database refused this row: {str(error).splitlines()[0]}",
                        )
                        return
            for case in self.touched.values():
                case_refresh_contact_due(case)
            made = {case.pk for case in self.made["cases"].values()}
            for case_id in sorted(self.seen_face_to_face - made):
                # As contact_log does: reminders about an earlier case's face-to-face
                # contact are answered (once per case, and only if the import commits).
                enqueue_on_commit(
                    "notifications.tasks.notifications_clear",
                    self.community.pk,
                    case_id,
                    "contact_logged",
                )
        finally:
            for user in self.users.values():
                if user is not None:
                    forget_access(user)

    def row(self, kind: str, line: int, row: Row) -> None:
        report = self.report
        external_id = row.get("external_id", "")
        if not external_id:
            report.reject(kind, line, "external_id", "Give the record's id in the legacy system.")
            return
        if len(external_id) > EXTERNAL_ID_MAX_LENGTH:
            report.reject(
                kind, line, "external_id", f"At most {EXTERNAL_ID_MAX_LENGTH} characters."
            )
            return
        if external_id in self.lines[kind]:
            report.reject(
                kind,
                line,
                "external_id",
                f"The same external_id is on line {self.lines[kind][external_id]} of this file.",
            )
            return
        self.lines[kind][external_id] = line
        if external_id in self.earlier[kind]:
            # Imported before: left as it is (a correction goes through the record's page).
            report.unchanged[kind] = report.unchanged.get(kind, 0) + 1
            return
        try:
            record = self.builders[kind](external_id, row)
        except ValidationError as error:
            # Each check runs before the row's first write, so a refused row leaves nothing
            # behind for the rows after it to trip over (and any rejection rolls back all).
            report.reject_error(kind, line, error)
        else:
            self.made[kind][external_id] = record
            report.created.setdefault(kind, []).append(record.pk)

    # --- references -----------------------------------------------------------------------

    def reference(
        self, kind: str, row: Row, column: str, errors: Errors, *, required: bool = False
    ) -> Any:
        """A record of this import or an earlier one, by external id, in this community."""
        external_id = row.get(column, "")
        if not external_id:
            if required:
                errors.setdefault(column, []).append("Give the external_id it belongs to.")
            return None
        if external_id in self.made[kind]:
            return self.made[kind][external_id]
        if external_id in self.earlier[kind]:
            if external_id not in self.fetched[kind]:
                queryset = MODELS[kind].objects.filter(pk=self.earlier[kind][external_id])
                if kind == "cases":
                    queryset = queryset.select_related("child")
                self.fetched[kind][external_id] = queryset.get()
            return self.fetched[kind][external_id]
        where = (
            f"is rejected (line {self.lines[kind][external_id]} of {kind}.csv)"
            if external_id in self.lines[kind]
            else f"is not in {kind}.csv nor imported earlier into {self.community.name}"
        )
        errors.setdefault(column, []).append(f"{external_id!r} {where}.")
        return None

    def person(self, row: Row, column: str, errors: Errors) -> User | None:
        """The account a row names, by username (the memberships read once per person)."""
        username = row.get(column, "")
        if not username:
            return None
        key = username.lower()
        if key not in self.users:
            user = User.objects.filter(username__iexact=username, is_active=True).first()
            if user is not None:
                remember_access(user)
            self.users[key] = user
        user = self.users[key]
        if user is None:
            errors.setdefault(column, []).append(
                f"No active account has the username {username!r}."
            )
        return user

    def caseworker(self, row: Row, column: str, errors: Errors) -> User | None:
        user = self.person(row, column, errors)
        if user is not None and not may_hold_cases_in(user, self.community.pk):
            errors.setdefault(column, []).append(
                f"{row[column]} does not work on cases in {self.community.name}."
            )
            return None
        return user

    # --- the four kinds -------------------------------------------------------------------

    def family(self, external_id: str, row: Row) -> Family:
        family = Family(
            community=self.community,
            external_id=external_id,
            name=row.get("name", ""),
            nominated_people=row.get("nominated_people", ""),
            nominated_kinship_group=row.get("nominated_kinship_group", ""),
        )
        clean(family)
        family.save()
        return family

    def child(self, external_id: str, row: Row) -> Child:
        errors: Errors = {}
        date_of_birth = values.date(row, "date_of_birth", errors, required=True)
        # Chosen, never defaulted, as child_create requires ("not_stated" is a choice).
        gender = values.choice(row, "gender", errors, Child.Gender.values)
        aboriginal_status = values.choice(
            row, "aboriginal_status", errors, Child.AboriginalStatus.values
        )
        family = self.reference("families", row, "family_external_id", errors)
        if errors:
            raise ValidationError(errors)
        child = Child(
            community=self.community,
            external_id=external_id,
            date_of_birth=date_of_birth,
            gender=gender,
            aboriginal_status=aboriginal_status,
            residence=row.get("residence", "") or Child.Residence.IN_COMMUNITY,
            **texts(row, CHILD_TEXTS),
        )
        _check_child(child)
        child.save()
        if family is not None:
            _family_members_add(
                family=family,
                members=[{"child": child, "relationship": "child"}],
            )
        return child

    def case(self, external_id: str, row: Row) -> Case:
        errors: Errors = {}
        child = self.reference("children", row, "child_external_id", errors, required=True)
        kind = values.choice(row, "kind", errors, Case.Kind.values)
        opened_on = values.date(row, "opened_on", errors, required=True)
        if values.future(opened_on):
            errors.setdefault("opened_on", []).append("The opening date cannot be in the future.")
        practitioner = self.person(row, "practitioner", errors)
        if not row.get("practitioner"):
            errors.setdefault("practitioner", []).append("Name the practitioner (username).")
        team_leader = self.person(row, "team_leader", errors)
        family = self.reference("families", row, "family_external_id", errors)
        risk_level = row.get("risk_level", "")
        if risk_level and risk_level not in RiskLevel.values:
            values.choice(row, "risk_level", errors, RiskLevel.values)
        assessed_on = values.date(row, "assessed_on", errors)
        next_due = values.date(row, "next_reassessment_due_on", errors)
        assessor = self.caseworker(row, "assessor", errors) or practitioner
        parents_agreed_on = values.date(row, "parents_agreed_on", errors)
        dfv_risk = values.yes_no(row, "dfv_risk", errors)
        youth_justice = values.yes_no(row, "youth_justice_involved", errors)
        if values.future(assessed_on):
            errors.setdefault("assessed_on", []).append(
                "The assessment date cannot be in the future."
            )
        if assessed_on and next_due and next_due < assessed_on:
            errors.setdefault("next_reassessment_due_on", []).append(
                "The next reassessment is due after this one."
            )
        assessment = (risk_level, assessed_on, next_due)
        if any(assessment) and not all(assessment):
            for column, given in zip(
                ("risk_level", "assessed_on", "next_reassessment_due_on"), assessment, strict=True
            ):
                if not given:
                    errors.setdefault(column, []).append(
                        "A risk assessment gives its level, its day and the next reassessment."
                    )
        strengthening = kind == Case.Kind.STRENGTHENING_FAMILIES
        if strengthening:
            if not risk_level:
                errors.setdefault("risk_level", []).append(
                    "Record the risk assessment that this case follows (its risk level)."
                )
            for column, message in rules.sf_details_unmet(
                risk_level=risk_level or None,
                parents_agreed_on=parents_agreed_on,
                safe_at_home_judgement=row.get("safe_at_home_judgement", ""),
            ).items():
                errors.setdefault(column, []).append(message)
            if values.future(parents_agreed_on):
                errors.setdefault("parents_agreed_on", []).append(
                    "The agreement date cannot be in the future."
                )
        if errors:
            raise ValidationError(errors)
        assert child is not None and opened_on is not None  # noqa: S101 - checked above
        worker = _check_staff(
            community_id=self.community.pk, practitioner=practitioner, team_leader=team_leader
        )
        _check_family(child, family)
        _check_no_open_case(child, kind)
        case = _case_create(
            child,
            kind,
            external_id=external_id,
            family=family,
            practitioner=worker,
            team_leader=team_leader,
            opened_on=opened_on,
            parents_agreed_on=parents_agreed_on if strengthening else None,
            safe_at_home_judgement=row.get("safe_at_home_judgement", "") if strengthening else "",
            dfv_risk=dfv_risk,
            youth_justice_involved=youth_justice,
        )
        if risk_level and assessed_on and next_due and assessor is not None:
            _assessment_create(
                actor=assessor,
                case=case,
                assessed_on=assessed_on,
                level=risk_level,
                next_reassessment_due_on=next_due,
            )
        self.touched[case.pk] = case
        return case

    def contact(self, external_id: str, row: Row) -> Contact:
        errors: Errors = {}
        case = self.reference("cases", row, "case_external_id", errors, required=True)
        occurred_at = values.moment(row, "occurred_at", errors)
        kind = values.choice(row, "kind", errors, ContactKind.values)
        recorder = self.caseworker(row, "recorded_by", errors)
        flags = {
            name: values.yes_no(row, name, errors)
            for name in (
                "aboriginal_community_worker_present",
                "aboriginal_practice_advisor_present",
            )
        }
        if errors:
            raise ValidationError(errors)
        assert case is not None  # noqa: S101 - checked above
        require_open(case)
        contact = Contact(
            community_id=case.community_id,
            external_id=external_id,
            case=case,
            child_id=case.child_id,
            occurred_at=occurred_at,
            kind=kind,
            recorded_by=recorder or case.practitioner,
            **texts(row, CONTACT_TEXTS),
            **flags,
        )
        _check_contact(contact, case)
        contact.save()
        self.touched[case.pk] = case
        if contact.is_face_to_face:
            self.seen_face_to_face.add(case.pk)
        return contact
