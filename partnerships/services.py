"""Writes to partnership and access data. Every entry point (pages, API, commands) calls these."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from guardian.shortcuts import assign_perm, remove_perm

from audit.models import AuditEvent
from audit.services import audit_record

from . import indicator_sources
from .fence import community_scope
from .models import (
    COMMUNITY_ROLES,
    Community,
    GovernanceTier,
    Indicator,
    IndicatorValue,
    Investment,
    LocalPriority,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    PartnershipWorker,
    PriorityAction,
    Region,
    Role,
    TierMember,
)
from .selectors import can_change_governance, forget_access, is_administrator

# Permissions on the Community row that each role grants (kept in step by
# ``_sync_community_permissions``).
ROLE_PERMISSIONS = {
    Role.PRACTITIONER: {"work_in_community", "work_casework"},
    Role.TEAM_LEADER: {"work_in_community", "work_casework", "lead_team"},
    Role.COORDINATOR: {"work_in_community", "coordinate_partnership"},
}
ALL_COMMUNITY_PERMISSIONS = set().union(*ROLE_PERMISSIONS.values())


def _require_administrator(actor) -> None:
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied("Only an administrator can change who has access.")


def _sync_community_permissions(user, community: Community | None) -> None:
    """Make the user's guardian permissions on the community match their active memberships."""
    if community is None:
        return
    roles = set(
        Membership.objects.active()
        .filter(user=user, community=community)
        .values_list("role", flat=True)
    )
    wanted = set().union(*(ROLE_PERMISSIONS.get(role, set()) for role in roles))
    for perm in ALL_COMMUNITY_PERMISSIONS:
        if perm in wanted:
            assign_perm(f"partnerships.{perm}", user, community)
        else:
            remove_perm(f"partnerships.{perm}", user, community)
    # Guardian caches permissions on the user object.
    if hasattr(user, "_guardian_perms_cache"):
        delattr(user, "_guardian_perms_cache")
    forget_access(user)


def _audit_access(actor, membership: Membership, change: str) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        obj=membership,
        detail={
            "change": change,
            "user_id": membership.user_id,
            "role": membership.role,
            "community_id": membership.community_id,
            "starts_on": membership.starts_on.isoformat(),
            "ends_on": membership.ends_on.isoformat() if membership.ends_on else None,
        },
    )


@transaction.atomic
def membership_grant(
    *,
    actor,
    user,
    role: str,
    community: Community | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    """Give a user a role, in a community for community roles. ``actor=None`` is the system."""
    _require_administrator(actor)
    if role in COMMUNITY_ROLES and community is None:
        raise ValidationError({"community": "Choose the community this person works in."})
    if role not in COMMUNITY_ROLES and role != Role.ADMINISTRATOR:
        community = None
    duplicate = Membership.objects.active().filter(user=user, community=community, role=role)
    if duplicate.exists():
        raise ValidationError(f"{user} already has this role there.")
    membership = Membership(
        user=user,
        community=community,
        role=role,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        granted_by=actor,
    )
    membership.full_clean()
    membership.save()
    _sync_community_permissions(user, community)
    _audit_access(actor, membership, "granted")
    return membership


@transaction.atomic
def membership_change(
    *, actor, membership: Membership, role: str | None = None, ends_on: datetime.date | None = None
) -> Membership:
    _require_administrator(actor)
    if role is not None:
        membership.role = role
    membership.ends_on = ends_on
    membership.full_clean()
    membership.save()
    _sync_community_permissions(membership.user, membership.community)
    _audit_access(actor, membership, "changed")
    return membership


@transaction.atomic
def membership_end(
    *, actor, membership: Membership, ends_on: datetime.date | None = None
) -> Membership:
    """End access from ``ends_on`` (default today): the user's next request no longer has it."""
    _require_administrator(actor)
    membership.ends_on = max(ends_on or timezone.localdate(), membership.starts_on)
    membership.ended_by = actor
    membership.full_clean()
    membership.save()
    _sync_community_permissions(membership.user, membership.community)
    _audit_access(actor, membership, "ended")
    return membership


def memberships_sync_expired() -> int:
    """Drop guardian permissions left by memberships that ran out on their end date."""
    today = timezone.localdate()
    expired = Membership.objects.filter(
        ends_on__range=(today - datetime.timedelta(days=1), today), community__isnull=False
    ).select_related("user", "community")
    count = 0
    for membership in expired:
        _sync_community_permissions(membership.user, membership.community)
        count += 1
    return count


# --- Governance ---------------------------------------------------------------------------


def _require_governance_editor(actor, community: Community) -> None:
    """``actor=None`` is the system (demo seeding, commands run by operators)."""
    if actor is not None and not can_change_governance(actor, community):
        raise PermissionDenied("Only the Partnership's coordinators change its governance.")


def _save(obj):
    # Uniqueness checks read through the fenced manager: open the record's own scope
    # (the caller's permission on that community has been checked already).
    community_id = getattr(obj, "community_id", None)
    if community_id is not None:
        with community_scope([community_id]):
            obj.full_clean()
    else:
        obj.full_clean()
    obj.save()
    return obj


def _audit_governance(actor, obj, action: str, **detail) -> None:
    audit_record(actor=actor, action=action, obj=obj, detail={"change": "governance", **detail})


@transaction.atomic
def partnership_set_case_records(
    *, actor, partnership: Partnership, keeps_case_records: bool
) -> Partnership:
    """Run the partnership with or without individual case records."""
    _require_governance_editor(actor, partnership.community)
    partnership.keeps_case_records = keeps_case_records
    partnership.save(update_fields=["keeps_case_records"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=partnership,
        community_id=partnership.community_id,
        detail={"field": "keeps_case_records", "value": keeps_case_records},
    )
    return partnership


@transaction.atomic
def tier_create(
    *,
    actor,
    partnership: Partnership,
    kind: str,
    name: str,
    priority: LocalPriority | None = None,
    description: str = "",
) -> GovernanceTier:
    _require_governance_editor(actor, partnership.community)
    if priority is not None and priority.partnership_id != partnership.pk:
        raise ValidationError({"priority": "Choose one of this partnership's priorities."})
    tier = _save(
        GovernanceTier(
            partnership=partnership,
            community=partnership.community,
            kind=kind,
            name=name,
            priority=priority,
            description=description,
        )
    )
    _audit_governance(actor, tier, AuditEvent.Action.CREATE)
    return tier


@transaction.atomic
def tier_member_add(
    *,
    actor,
    tier: GovernanceTier,
    person_name: str = "",
    organisation: Organisation | None = None,
    position: str = "",
    is_aboriginal_community_member: bool = False,
    is_from_acco: bool = False,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> TierMember:
    _require_governance_editor(actor, tier.community)
    member = _save(
        TierMember(
            tier=tier,
            community=tier.community,
            person_name=person_name,
            organisation=organisation,
            position=position,
            is_aboriginal_community_member=is_aboriginal_community_member,
            is_from_acco=is_from_acco,
            starts_on=starts_on or timezone.localdate(),
            ends_on=ends_on,
        )
    )
    _audit_governance(actor, member, AuditEvent.Action.CREATE, tier_id=tier.pk)
    return member


@transaction.atomic
def tier_member_end(
    *, actor, member: TierMember, ends_on: datetime.date | None = None
) -> TierMember:
    _require_governance_editor(actor, member.community)
    member.ends_on = max(ends_on or timezone.localdate(), member.starts_on)
    _save(member)
    _audit_governance(actor, member, AuditEvent.Action.UPDATE, field="ends_on")
    return member


@transaction.atomic
def priority_create(
    *, actor, partnership: Partnership, title: str, area: str, description: str = ""
) -> LocalPriority:
    _require_governance_editor(actor, partnership.community)
    priority = _save(
        LocalPriority(
            partnership=partnership,
            community=partnership.community,
            title=title,
            area=area,
            description=description,
        )
    )
    _audit_governance(actor, priority, AuditEvent.Action.CREATE)
    return priority


@transaction.atomic
def action_create(
    *,
    actor,
    priority: LocalPriority,
    description: str,
    owner: str,
    due_on: datetime.date,
    status: str = PriorityAction.Status.PLANNED,
) -> PriorityAction:
    _require_governance_editor(actor, priority.community)
    action = PriorityAction(
        priority=priority,
        community=priority.community,
        description=description,
        owner=owner,
        due_on=due_on,
        status=status,
        completed_on=timezone.localdate() if status == PriorityAction.Status.DONE else None,
    )
    _save(action)
    _audit_governance(actor, action, AuditEvent.Action.CREATE, priority_id=priority.pk)
    return action


@transaction.atomic
def action_update(
    *,
    actor,
    action: PriorityAction,
    status: str,
    due_on: datetime.date | None = None,
    completed_on: datetime.date | None = None,
) -> PriorityAction:
    _require_governance_editor(actor, action.community)
    action.status = status
    if due_on is not None:
        action.due_on = due_on
    if status == PriorityAction.Status.DONE:
        action.completed_on = completed_on or action.completed_on or timezone.localdate()
    else:
        action.completed_on = None
    _save(action)
    _audit_governance(actor, action, AuditEvent.Action.UPDATE, status=status)
    return action


@transaction.atomic
def indicator_create(
    *,
    actor,
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
    _require_governance_editor(actor, partnership.community)
    if source_key and source_key not in indicator_sources.SOURCES:
        raise ValidationError({"source_key": "Choose one of the listed sources."})
    if priority is not None and priority.partnership_id != partnership.pk:
        raise ValidationError({"priority": "Choose one of this partnership's priorities."})
    indicator = _save(
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
    _audit_governance(actor, indicator, AuditEvent.Action.CREATE)
    return indicator


@transaction.atomic
def indicator_value_record(
    *,
    actor,
    indicator: Indicator,
    period_end: datetime.date,
    value: Decimal,
    source: str = IndicatorValue.Source.MANUAL,
    source_note: str = "",
) -> IndicatorValue:
    _require_governance_editor(actor, indicator.community)
    record = _save(
        IndicatorValue(
            indicator=indicator,
            community=indicator.community,
            period_end=period_end,
            value=value,
            source=source,
            source_note=source_note,
            recorded_by=actor,
        )
    )
    _audit_governance(actor, record, AuditEvent.Action.CREATE, indicator_id=indicator.pk)
    return record


@transaction.atomic
def indicator_compute(
    *, actor, indicator: Indicator, start: datetime.date, end: datetime.date
) -> IndicatorValue:
    """Record the value of a computed indicator for the period ``start``–``end``."""
    _require_governance_editor(actor, indicator.community)
    if not indicator.source_key:
        raise ValidationError("This indicator is entered by hand, not computed.")
    if end < start:
        raise ValidationError("The period must end on or after its start.")
    try:
        value = indicator_sources.compute(indicator.source_key, indicator.community_id, start, end)
    except indicator_sources.SourceUnavailable:
        raise ValidationError(
            "This indicator's source is not available yet in this installation."
        ) from None
    if value is None:
        raise ValidationError("There is nothing to compute this indicator from for that period.")
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


def indicator_values_import(*, actor, partnership: Partnership, csv_text: str) -> ImportReport:
    """Import a time series from CSV: every row or none.

    Columns: ``indicator`` (name), ``period_end`` (YYYY-MM-DD), ``value``, ``source``
    (optional note). Every row is checked first; if any is rejected nothing is written
    and the report names each rejected row (line numbers as in the file, header = 1).
    """
    _require_governance_editor(actor, partnership.community)
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
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
    parsed = []
    for line, row in enumerate(reader, start=2):
        report.rows += 1
        problems = []
        indicator = indicators.get((row.get("indicator") or "").strip().lower())
        if indicator is None:
            problems.append(f"no indicator named {(row.get('indicator') or '').strip()!r}")
        try:
            period_end = datetime.date.fromisoformat((row.get("period_end") or "").strip())
        except ValueError:
            period_end = None
            problems.append("period_end is not a date (YYYY-MM-DD)")
        try:
            value = Decimal((row.get("value") or "").strip().replace(",", ""))
            if not value.is_finite() or abs(value) >= Decimal("1e10"):
                raise InvalidOperation
        except InvalidOperation:
            value = None
            problems.append("value is not a number")
        if indicator and period_end:
            key = (indicator.pk, period_end)
            if key in existing:
                problems.append("a value for this indicator and period already exists")
            elif key in seen:
                problems.append("the same indicator and period appear twice in the file")
            seen.add(key)
        if problems:
            message = "; ".join(problems)
            report.rejected.append((line, message[0].upper() + message[1:] + "."))
        else:
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
                recorded_by=actor,
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


@transaction.atomic
def worker_add(
    *,
    actor,
    partnership: Partnership,
    role_title: str,
    person_name: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    organisation: Organisation | None = None,
) -> PartnershipWorker:
    _require_governance_editor(actor, partnership.community)
    worker = _save(
        PartnershipWorker(
            partnership=partnership,
            community=partnership.community,
            role_title=role_title,
            person_name=person_name,
            organisation=organisation,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    )
    _audit_governance(actor, worker, AuditEvent.Action.CREATE)
    return worker


@transaction.atomic
def investment_record(
    *,
    actor,
    partnership: Partnership,
    financial_year: int,
    purpose: str,
    amount: Decimal,
    funder: str = "",
) -> Investment:
    _require_governance_editor(actor, partnership.community)
    investment = _save(
        Investment(
            partnership=partnership,
            community=partnership.community,
            financial_year=financial_year,
            purpose=purpose,
            amount=amount,
            funder=funder,
        )
    )
    _audit_governance(actor, investment, AuditEvent.Action.CREATE)
    return investment


# --- Administration: onboarding and accounts ----------------------------------------------


def password_set_path(user) -> str:
    """The path of a one-off link where a new person chooses their password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("partnerships:password_set", kwargs={"uidb64": uid, "token": token})


def _send_password_set_email(user, link: str) -> None:
    send_mail(
        subject="Your CWSP account",
        message=(
            "An administrator has given you access to Child Wellbeing and Safety "
            f"Partnerships.\n\nChoose your password here:\n{link}\n\n"
            "The link works once and expires in a few days."
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def user_create(*, actor, username: str, display_name: str, email: str, link_base: str = ""):
    """A new person with no password yet: they choose one through the emailed link.

    Returns ``(user, link)``; the link is also shown to the administrator.
    """
    _require_administrator(actor)
    User = get_user_model()
    username = (username or "").strip()
    email = (email or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The username {username!r} is already taken."})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    user = User(username=username, display_name=(display_name or "").strip(), email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    link = link_base.rstrip("/") + password_set_path(user)
    if email:
        transaction.on_commit(lambda: _send_password_set_email(user, link))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        obj=user,
        detail={"change": "user_created", "user_id": user.pk},
    )
    return user, link


def _user_session_keys(user) -> list[str]:
    # Session data is signed and encoded: the user id is only readable after decoding.
    return [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]


@transaction.atomic
def user_deactivate(*, actor, user):
    """Stop a person signing in, and end the sessions they have open now."""
    _require_administrator(actor)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError("You cannot deactivate your own account.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = Session.objects.filter(session_key__in=_user_session_keys(user)).delete()[0]
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        obj=user,
        detail={"change": "user_deactivated", "user_id": user.pk, "sessions_ended": ended},
    )
    return user


@transaction.atomic
def user_reactivate(*, actor, user):
    _require_administrator(actor)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ACCESS_CHANGE,
        obj=user,
        detail={"change": "user_reactivated", "user_id": user.pk},
    )
    return user


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
    user: object
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
    return _save(Organisation(name=name.strip(), kind=kind or Organisation.Kind.COMMUNITY_GROUP))


@transaction.atomic
def community_onboard(
    *,
    actor,
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
    members: list[dict] | None = None,
    staff: list[dict] | None = None,
    link_base: str = "",
) -> OnboardingResult:
    """Set up a community at the request of its leaders and ACCOs, all or nothing.

    ``members``: dicts with ``organisation`` (name) and ``organisation_kind``, and/or
    ``person_name``, ``role``, ``is_community_leader``, ``is_aboriginal``.
    ``staff``: dicts with ``username``, ``display_name``, ``email``, ``role``.
    Any error rolls everything back: no community, partnership, user or membership stays.
    """
    _require_administrator(actor)
    name = (name or "").strip()
    alternative_names = [n.strip() for n in (alternative_names or []) if n and n.strip()]
    slug = slugify(slug or name)
    if not name or not slug:
        raise ValidationError({"name": "Give the community's name."})
    if not (requested_by or "").strip():
        raise ValidationError({"requested_by": "Say which leaders and ACCOs asked."})
    duplicate = community_duplicate_of(name, slug, alternative_names)
    if duplicate is not None:
        raise ValidationError(
            {"name": f"{duplicate.name} is already a community here (same name or spelling)."}
        )
    community = _save(
        Community(
            name=name,
            slug=slug,
            alternative_names=alternative_names,
            region=region,
            runs_maccst=runs_maccst,
        )
    )
    partnership = _save(
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
                _save(
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
                f"Partnership member {number}: {' '.join(error.messages)}"
            ) from None
    onboarded = []
    for number, row in enumerate(staff or [], start=1):
        role = row.get("role")
        try:
            if role not in COMMUNITY_ROLES:
                raise ValidationError("choose practitioner, team leader or coordinator.")
            user, link = user_create(
                actor=actor,
                username=row.get("username", ""),
                display_name=row.get("display_name", ""),
                email=row.get("email", ""),
                link_base=link_base,
            )
            membership = membership_grant(actor=actor, user=user, role=role, community=community)
        except ValidationError as error:
            raise ValidationError(f"Staff member {number}: {' '.join(error.messages)}") from None
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
