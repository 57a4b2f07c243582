"""Reads for households and for the history of a record: always for an acting user, and
scoped like ``casework.selectors`` (404 outside the user's communities, 403 inside them to
a role that does no casework)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from core.actors import Actor

from .models import Case, Child, Family, FamilyMember, RecordChange
from .selectors import Within, _get, community_ids_within

# --- households --------------------------------------------------------------------------


def _families() -> QuerySet[Family]:
    return Family.objects.select_related(
        "nominated_organisation", "nominated_community", "community"
    ).prefetch_related(
        Prefetch("members", queryset=FamilyMember.objects.select_related("child")),
    )


def families_for(*, actor: Actor, within: Within = "casework") -> QuerySet[Family]:
    return _families().filter(community_id__in=community_ids_within(actor, within))


def family_get(*, actor: Actor, family_id: int) -> Family:
    return _get(_families(), family_id, actor=actor)


def family_member_get(*, actor: Actor, member_id: int) -> FamilyMember:
    return _get(FamilyMember.objects.select_related("family", "child"), member_id, actor=actor)


def families_in(community_id: int) -> list[Family]:
    """A community's households, for choosing one (call inside its scope)."""
    return list(Family.objects.filter(community_id=community_id).order_by("name"))


def children_in(community_id: int) -> list[Child]:
    """A community's children, for linking one to a household (call inside its scope)."""
    return list(
        Child.objects.filter(community_id=community_id).order_by("family_name", "given_name")
    )


def families_of_child(child: Child) -> list[Family]:
    """The households the child is a member of or has a case with.

    Two indexed id lookups in one query: an OR across the two joins made PostgreSQL join
    every case and member of the community (28 ms for one child at the national tier).
    """
    as_member = FamilyMember.objects.filter(child=child).values("family_id")
    by_case = Case.objects.filter(child=child, family__isnull=False).values("family_id")
    return list(_families().filter(Q(pk__in=as_member) | Q(pk__in=by_case)).order_by("name"))


def decision_participants(case: Case) -> list[str]:
    """Who the family nominated to take part in decisions on this case (s12): the
    nominated people, kinship group, representative organisation and community, and the
    members marked as taking part, of the case's household (or the child's households)."""
    families = [case.family] if case.family_id else families_of_child(case.child)
    seen: list[str] = []

    def add(text: str) -> None:
        if text and text not in seen:
            seen.append(text)

    for family in families:
        if family is None:
            continue
        for line in family.nominated_people.splitlines():
            add(line.strip())
        for member in family.members.all():
            if member.takes_part_in_decisions:
                add(f"{member} ({member.get_relationship_display().lower()})")
        if family.nominated_kinship_group:
            add(f"Kinship group: {family.nominated_kinship_group}")
        if family.nominated_organisation_id:
            add(f"Representative organisation: {family.nominated_organisation}")
        if family.nominated_community_id:
            add(f"Nominated community: {family.nominated_community}")
    return seen


# --- history -----------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    change: RecordChange
    record: str
    fields: list[FieldChange] = field(default_factory=list)


def _shown(model: type[Model] | None, name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dict) and "name" in value:
        return str(value["name"])
    if isinstance(value, list):
        return ", ".join(f"#{item}" for item in value)
    if model is not None:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        choices = dict(getattr(model_field, "flatchoices", None) or [])
        if value in choices:
            return str(choices[value])
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            try:
                return datetime.date.fromisoformat(value).strftime("%d %b %Y")
            except ValueError:
                pass
    return str(value)


def _label(model: type[Model] | None, name: str) -> str:
    if model is None:
        return name.replace("_", " ")
    try:
        verbose = getattr(model._meta.get_field(name), "verbose_name", name)
    except FieldDoesNotExist:
        verbose = name.replace("_", " ")
    text = str(verbose)
    return text[:1].upper() + text[1:]


def history_rows(changes: Iterable[RecordChange]) -> list[HistoryRow]:
    """Each change as a page shows it: which record, and every field's before → after."""
    rows = []
    for change in changes:
        try:
            model: type[Model] | None = apps.get_model(change.record_type)
        except (LookupError, ValueError):
            model = None
        name = str(model._meta.verbose_name).capitalize() if model else change.record_type
        row = HistoryRow(change=change, record=f"{name} #{change.record_id}")
        for key, after in change.new_values.items():
            row.fields.append(
                FieldChange(
                    label=_label(model, key),
                    before=_shown(model, key, change.previous_values.get(key)),
                    after=_shown(model, key, after),
                )
            )
        rows.append(row)
    return rows


def child_history(child: Child) -> list[HistoryRow]:
    """Every change to the child's record and its cases, plans, referrals and tasks."""
    return history_rows(
        RecordChange.objects.filter(child=child)
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )


def record_history(obj: Model) -> list[HistoryRow]:
    """Every change to one record (a household, a theme), newest first."""
    return history_rows(
        RecordChange.objects.filter(
            community_id=getattr(obj, "community_id", 0),
            record_type=obj._meta.label_lower,
            record_id=obj.pk,
        )
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )


def family_history(family: Family) -> list[HistoryRow]:
    """Changes to the household and to its members, newest first."""
    member_ids = [member.pk for member in family.members.all()]
    return history_rows(
        RecordChange.objects.filter(community_id=family.community_id)
        .filter(
            Q(record_type=Family._meta.label_lower, record_id=family.pk)
            | Q(record_type=FamilyMember._meta.label_lower, record_id__in=member_ids)
        )
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )
