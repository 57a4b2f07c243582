"""Onboarding a community at the request of its leaders and ACCOs, all or nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor

from ..models import (
    COMMUNITY_ROLES,
    Community,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Region,
)
from ..permissions import require_access_manager
from .access import membership_grant
from .base import save_checked
from .people import user_create

if TYPE_CHECKING:
    from accounts.models import User


def community_duplicate_of(name: str, slug: str, alternative_names: list[str]) -> Community | None:
    """An existing community known by any of these names (case-insensitive), if any."""
    wanted = {n.strip().casefold() for n in [name, slug, *alternative_names] if n and n.strip()}
    for community in Community.objects.only("name", "slug", "alternative_names"):
        known = {community.name, community.slug, *(community.alternative_names or [])}
        if wanted & {n.casefold() for n in known if n}:
            return community
    return None


@dataclass
class OnboardedStaff:
    user: User
    membership: Membership
    password_link: str


@dataclass
class OnboardingResult:
    community: Community
    partnership: Partnership
    members: list[PartnershipMember]
    staff: list[OnboardedStaff]


def _organisation_for(name: str, kind: str) -> Organisation:
    organisation = Organisation.objects.filter(name__iexact=name.strip()).first()
    if organisation is not None:
        return organisation
    return save_checked(
        Organisation(name=name.strip(), kind=kind or Organisation.Kind.COMMUNITY_GROUP)
    )


@transaction.atomic
def community_onboard(
    *,
    actor: Actor,
    name: str,
    region: Region,
    slug: str = "",
    alternative_names: list[str] | None = None,
    runs_maccst: bool = False,
    requested_by: str,
    requested_on: datetime.date,
    partnership_name: str = "",
    partnership_status: str = Partnership.Status.PROPOSED,
    established_on: datetime.date | None = None,
    keeps_case_records: bool = True,
    members: list[dict[str, Any]] | None = None,
    staff: list[dict[str, Any]] | None = None,
    link_base: str = "",
) -> OnboardingResult:
    """Set up a community at the request of its leaders and ACCOs, all or nothing.

    ``members``: dicts with ``organisation`` (name) and ``organisation_kind``, and/or
    ``person_name``, ``role``, ``is_community_leader``, ``is_aboriginal``.
    ``staff``: dicts with ``username``, ``display_name``, ``email``, ``role``.
    Any error rolls everything back: no community, partnership, user or membership stays.
    """
    require_access_manager(actor)
    name = (name or "").strip()
    alternative_names = [n.strip() for n in (alternative_names or []) if n and n.strip()]
    slug = slugify(slug or name)
    if not name or not slug:
        raise ValidationError({"name": _("Give the community's name.")})
    if not (requested_by or "").strip():
        raise ValidationError({"requested_by": _("Say which leaders and ACCOs asked.")})
    duplicate = community_duplicate_of(name, slug, alternative_names)
    if duplicate is not None:
        raise ValidationError(
            {
                "name": _("%(name)s is already a community here (same name or spelling).")
                % {"name": duplicate.name}
            }
        )
    community = save_checked(
        Community(
            name=name,
            slug=slug,
            alternative_names=alternative_names,
            region=region,
            runs_maccst=runs_maccst,
        )
    )
    partnership = save_checked(
        Partnership(
            community=community,
            name=(partnership_name or "").strip()
            or f"{name} Child Wellbeing and Safety Partnership",
            status=partnership_status,
            established_on=established_on,
            keeps_case_records=keeps_case_records,
            requested_by=requested_by.strip(),
            requested_on=requested_on,
        )
    )
    created_members = []
    for number, row in enumerate(members or [], start=1):
        try:
            organisation = (
                _organisation_for(row["organisation"], row.get("organisation_kind", ""))
                if (row.get("organisation") or "").strip()
                else None
            )
            created_members.append(
                save_checked(
                    PartnershipMember(
                        partnership=partnership,
                        community=community,
                        organisation=organisation,
                        person_name=(row.get("person_name") or "").strip(),
                        role=(row.get("role") or "").strip(),
                        is_community_leader=bool(row.get("is_community_leader")),
                        is_aboriginal=bool(row.get("is_aboriginal")),
                        starts_on=requested_on,
                    )
                )
            )
        except ValidationError as error:
            raise ValidationError(
                _("Partnership member %(number)s: %(join)s")
                % {"number": number, "join": " ".join(error.messages)}
            ) from None
    onboarded = []
    for number, row in enumerate(staff or [], start=1):
        role = row.get("role")
        try:
            if role not in COMMUNITY_ROLES:
                raise ValidationError(_("choose practitioner, team leader or coordinator."))
            user, link = user_create(
                actor=actor,
                username=row.get("username", ""),
                display_name=row.get("display_name", ""),
                email=row.get("email", ""),
                link_base=link_base,
            )
            membership = membership_grant(actor=actor, user=user, role=role, community=community)
        except ValidationError as error:
            raise ValidationError(
                _("Staff member %(number)s: %(join)s")
                % {"number": number, "join": " ".join(error.messages)}
            ) from None
        onboarded.append(OnboardedStaff(user=user, membership=membership, password_link=link))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=community,
        community_id=community.pk,
        detail={
            "change": "community_onboarded",
            "partnership_id": partnership.pk,
            "members": len(created_members),
            "staff_user_ids": [s.user.pk for s in onboarded],
        },
    )
    return OnboardingResult(
        community=community, partnership=partnership, members=created_members, staff=onboarded
    )
