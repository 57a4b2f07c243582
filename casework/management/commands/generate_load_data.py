"""Synthetic load data for performance work: ``manage.py generate_load_data --children N``.

Builds, in batches of children, realistic casework across the 24 reference communities:
communities skewed in size (a few large, many small), practitioners and team leaders with
memberships, families, cases of both kinds (about 60% children in care), five years of
contacts (about 40 per child in care, mostly face to face, spaced so some cases are on
track, some due soon and some overdue), risk assessments, care plans, and return visits
for children living interstate. Every name is synthetic.

Speed: rows whose ids later rows need (children, families, cases, return visits) go in
with ``bulk_create`` (PostgreSQL returns the ids); the bulk rows (contacts, family members,
risk assessments, care plans) go in with COPY on PostgreSQL (``bulk_create`` elsewhere).

Consistency kept by construction, not by calling the per-record services:
- ``Case.last_face_to_face_on`` / ``next_contact_due_on`` are computed with the same
  functions the services use (``casework.rules``), from the contacts generated for the case.
- Memberships and guardian permissions: each generated membership gets exactly the
  ``CommunityUserObjectPermission`` rows that ``partnerships.services`` grants for its role
  (``ROLE_PERMISSIONS``), so the fence, selectors and guardian agree.
- Themes, escalations and audit rows belong to other apps: each app may provide
  ``<app>/load_data.py`` with ``generate(context: LoadContext)``, called once casework data
  exists (see ``run_other_apps_load_data``).
"""

import datetime
import importlib
import math
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import rules
from casework.models import (
    CarePlan,
    Case,
    Child,
    Contact,
    ContactKind,
    Family,
    FamilyMember,
    ReturnVisit,
    RiskAssessment,
    RiskLevel,
)
from partnerships.models import Community, CommunityUserObjectPermission, Membership, Role
from partnerships.reference_data import reference_data_load
from partnerships.services import ROLE_PERMISSIONS

BATCH = 5000
CHILDREN_PER_PRACTITIONER = 25
PRACTITIONERS_PER_TEAM_LEADER = 6
IN_CARE_SHARE = 0.6
FIVE_YEARS = 1826
CONTACTS_PER_CHILD_IN_CARE = 40
APPS_WITH_LOAD_DATA = ("escalations", "oversight", "audit")

GIVEN = [
    "Alinta", "Bindi", "Cooper", "Darcy", "Ella", "Frankie", "Georgie", "Harper", "Indi",
    "Jarrah", "Kirra", "Lachlan", "Mia", "Nyah", "Oliver", "Pippa", "Quinn", "Riley", "Sam",
    "Tahlia", "Umi", "Vera", "Willow", "Xavier", "Yindi", "Zac",
]  # fmt: skip
FAMILY = [
    "Synthetic", "Sample", "Example", "Placeholder", "Testcase", "Mockton", "Fabricant",
    "Pretend", "Dummy", "Standin",
]  # fmt: skip


@dataclass
class LoadContext:
    """What other apps' load-data hooks get: ids and the shared random source."""

    rng: random.Random
    today: datetime.date
    community_ids: list[int]
    in_care_share: float = IN_CARE_SHARE
    years: int = 5
    # community id -> [user ids] by role
    practitioners: dict[int, list[int]] = field(default_factory=dict)
    team_leaders: dict[int, list[int]] = field(default_factory=dict)
    # (case id, community id, child id) of every generated case
    cases: list[tuple[int, int, int]] = field(default_factory=list)

    def copy_rows(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        return copy_rows(model, rows)


@dataclass
class LoadSummary:
    children: int = 0
    cases: int = 0
    in_care: int = 0
    contacts: int = 0
    users: int = 0
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)


# --- Writing rows fast ----------------------------------------------------------------


def _column_values(fields: list[models.Field], row: dict, now: datetime.datetime) -> list:
    """One row's values in column order, with each field's default where the row has none."""
    values = []
    for f in fields:
        if f.attname in row:
            values.append(row[f.attname])
        elif f.name in row:
            value = row[f.name]
            values.append(value.pk if isinstance(value, models.Model) else value)
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values.append(now)
        elif f.has_default():
            values.append(f.get_default())
        elif f.null:
            values.append(None)
        elif isinstance(f, models.CharField | models.TextField):
            values.append("")
        else:
            raise ValueError(f"{f.model.__name__}.{f.name} needs a value")
    return values


def copy_rows(model: type[models.Model], rows: Iterable[dict]) -> int:
    """Insert plain rows (no ids needed back): COPY on PostgreSQL, bulk_create elsewhere."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    count = 0
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(_column_values(fields, row, now))
                count += 1
        return count
    objects = [model(**row) for row in rows]
    model._base_manager.bulk_create(objects, batch_size=500)
    return len(objects)


# --- Shapes of the data ----------------------------------------------------------------


def community_weights(n: int, rng: random.Random) -> list[float]:
    """Zipf-like sizes: the largest community about 8 times the smallest."""
    weights = [1 / (rank**0.65) for rank in range(1, n + 1)]
    rng.shuffle(weights)
    return weights


def _aware(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A Darwin working-hours moment on ``day`` (its local date stays ``day``)."""
    return datetime.datetime.combine(
        day,
        datetime.time(8 + rng.randrange(9), rng.randrange(60)),
        tzinfo=timezone.get_current_timezone(),
    )


def _contact_status_gap(rng: random.Random) -> int:
    """Days since the last face-to-face contact: most on track, some due soon, some overdue."""
    roll = rng.random()
    if roll < 0.62:
        return rng.randrange(0, 35)  # on track
    if roll < 0.80:
        return rng.randrange(35, 43)  # due within 7 days (or today)
    return rng.randrange(43, 120)  # overdue


# --- The generator ---------------------------------------------------------------------


def _make_staff(
    community_counts: dict[int, int], run: str, today: datetime.date, context: LoadContext
) -> int:
    User = get_user_model()  # noqa: N806
    password = make_password(None)  # unusable: load users never sign in
    users, roles = [], []
    for community_id, children in community_counts.items():
        practitioners = max(1, math.ceil(children / CHILDREN_PER_PRACTITIONER))
        leaders = max(1, math.ceil(practitioners / PRACTITIONERS_PER_TEAM_LEADER))
        for role, count in ((Role.PRACTITIONER, practitioners), (Role.TEAM_LEADER, leaders)):
            for i in range(count):
                username = f"{run}-c{community_id}-{role[:2]}{i}"
                users.append(
                    User(
                        username=username,
                        display_name=f"Load {role.label} {i}",
                        email=f"{username}@example.invalid",
                        password=password,
                    )
                )
                roles.append((community_id, role))
    User.objects.bulk_create(users, batch_size=BATCH)
    memberships, perms = [], []
    permission_ids = dict(
        Permission.objects.filter(content_type__app_label="partnerships").values_list(
            "codename", "id"
        )
    )
    starts_on = today - datetime.timedelta(days=FIVE_YEARS + 400)
    for user, (community_id, role) in zip(users, roles, strict=True):
        memberships.append(
            Membership(user=user, community_id=community_id, role=role, starts_on=starts_on)
        )
        perms.extend(
            CommunityUserObjectPermission(
                user=user, content_object_id=community_id, permission_id=permission_ids[codename]
            )
            for codename in sorted(ROLE_PERMISSIONS[role])
        )
        target = context.practitioners if role == Role.PRACTITIONER else context.team_leaders
        target.setdefault(community_id, []).append(user.pk)
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    CommunityUserObjectPermission.objects.bulk_create(perms, batch_size=BATCH)
    return len(users)


def _generate_batch(
    weights: list[float], context: LoadContext, summary: LoadSummary, size: int
) -> None:
    rng, today = context.rng, context.today
    chosen = rng.choices(context.community_ids, weights=weights, k=size)

    # Children, one family for about every two children.
    children = []
    for community_id in chosen:
        age_days = rng.randrange(200, 17 * 365)
        roll = rng.random()
        residence = (
            Child.Residence.IN_COMMUNITY
            if roll < 0.88
            else Child.Residence.ELSEWHERE_NT
            if roll < 0.94
            else Child.Residence.INTERSTATE
            if roll < 0.97
            else Child.Residence.BOARDING_SCHOOL_INTERSTATE
        )
        children.append(
            Child(
                community_id=community_id,
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                date_of_birth=today - datetime.timedelta(days=age_days),
                aboriginal_status=(
                    Child.AboriginalStatus.ABORIGINAL
                    if rng.random() < 0.85
                    else Child.AboriginalStatus.BOTH
                ),
                residence=residence,
            )
        )
    Child.objects.bulk_create(children)
    families = {}
    for child in children:
        if child.community_id not in families or rng.random() < 0.5:
            family = Family(community_id=child.community_id, name=f"{child.family_name} household")
            families[child.community_id] = family
            child._family = family
        else:
            child._family = families[child.community_id]
    new_families = list({id(c._family): c._family for c in children}.values())
    Family.objects.bulk_create(new_families)

    # Cases, with contacts planned first so the due dates can be set on insert.
    cases, plans = [], []
    for child in children:
        in_care = rng.random() < context.in_care_share
        community_id = child.community_id
        practitioners = context.practitioners[community_id]
        slot = rng.randrange(len(practitioners))
        practitioner = practitioners[slot]
        # Teams: each team leader leads the cases of the same few practitioners.
        leaders = context.team_leaders[community_id]
        leader = leaders[(slot // PRACTITIONERS_PER_TEAM_LEADER) % len(leaders)]
        closed = rng.random() < 0.12
        if in_care:
            opened_on = today - datetime.timedelta(days=rng.randrange(FIVE_YEARS - 60, 2100))
        else:
            opened_on = today - datetime.timedelta(days=rng.randrange(30, 900))
        closed_on = today - datetime.timedelta(days=rng.randrange(1, 25)) if closed else None
        end = closed_on or today
        interstate = rules.lives_interstate(child.residence)
        # Face-to-face contact days, counted back from the last one.
        # About 40 per child in care over five years (8 a year), fewer for families.
        per_year = CONTACTS_PER_CHILD_IN_CARE / 5
        count = (
            max(2, round(per_year * context.years * rng.uniform(0.85, 1.15)))
            if in_care
            else rng.randrange(4, 12)
        )
        gap = _contact_status_gap(rng)
        last = end - datetime.timedelta(days=gap)
        start = max(opened_on, today - datetime.timedelta(days=365 * context.years))
        span = max((last - start).days, 1)
        days = sorted(
            {
                last - datetime.timedelta(days=int(span * (i / max(count - 1, 1))))
                for i in range(count)
            }
        )
        days = [d for d in days if d >= opened_on]
        contacts = []
        for i, day in enumerate(days):
            jitter = 0 if i == len(days) - 1 else rng.randrange(-5, 6)
            day = min(max(day + datetime.timedelta(days=jitter), opened_on), last)
            roll = rng.random()
            kind = (
                ContactKind.FACE_TO_FACE_PRACTITIONER
                if roll < 0.62 or i == len(days) - 1
                else ContactKind.FACE_TO_FACE_THIRD_PARTY
                if roll < 0.72
                else ContactKind.PHONE
                if roll < 0.88
                else ContactKind.VIDEO
            )
            contacts.append((day, kind))
        visits = []
        if interstate and in_care:
            # Return visits twice a year for two years; the latest may still lack a contact.
            for k in range(4):
                ends = today + datetime.timedelta(days=rng.randrange(-6, 10) - 180 * k)
                starts = ends - datetime.timedelta(days=rng.randrange(3, 14))
                if starts < opened_on:
                    continue
                # A contact is recorded the day after a visit starts, never in the future.
                seen = (k > 0 or rng.random() < 0.5) and starts < today
                visits.append((starts, ends, seen))
        f2f = [d for d, k in contacts if k in rules.FACE_TO_FACE_KINDS]
        visit_days = [min(s + datetime.timedelta(days=1), e) for s, e, seen in visits if seen]
        last_on = max(f2f + visit_days) if (f2f or visit_days) else None
        if not in_care or closed:
            due_on = None
        elif interstate:
            due_on = rules.next_contact_due_interstate(visits)
        else:
            due_on = rules.next_contact_due_in_nt(last_face_to_face_on=last_on, opened_on=opened_on)
        level = rng.choices(list(RiskLevel.values), weights=[3, 4, 2, 1])[0]
        assessed_on = max(opened_on, today - datetime.timedelta(days=rng.randrange(10, 170)))
        case = Case(
            community_id=community_id,
            child=child,
            family=child._family,
            kind=Case.Kind.IN_CARE if in_care else Case.Kind.STRENGTHENING_FAMILIES,
            status=Case.Status.CLOSED if closed else Case.Status.OPEN,
            practitioner_id=practitioner,
            team_leader_id=leader,
            opened_on=opened_on,
            closed_on=closed_on,
            risk_level=level,
            next_reassessment_due_on=assessed_on + datetime.timedelta(days=180),
            parents_agreed_on=None if in_care else opened_on,
            last_face_to_face_on=last_on,
            next_contact_due_on=due_on,
        )
        cases.append(case)
        plans.append((contacts, visits, level, assessed_on))
    Case.objects.bulk_create(cases)

    return_visits = []
    for case, (_contacts, visits, _level, _assessed) in zip(cases, plans, strict=True):
        for starts, ends, seen in visits:
            visit = ReturnVisit(
                community_id=case.community_id,
                case=case,
                starts_on=starts,
                ends_on=ends,
                created_by_id=case.practitioner_id,
            )
            visit._seen = seen
            return_visits.append(visit)
    ReturnVisit.objects.bulk_create(return_visits)
    visits_by_case: dict[int, list[ReturnVisit]] = {}
    for visit in return_visits:
        visits_by_case.setdefault(visit.case_id, []).append(visit)

    def contact_rows():
        for case, (contacts, _visits, _level, _assessed) in zip(cases, plans, strict=True):
            base = {
                "community_id": case.community_id,
                "case_id": case.pk,
                "child_id": case.child_id,
                "recorded_by_id": case.practitioner_id,
            }
            for day, kind in contacts:
                third = kind == ContactKind.FACE_TO_FACE_THIRD_PARTY
                yield {
                    **base,
                    "occurred_at": _aware(day, rng),
                    "kind": kind,
                    "third_party_name": "Load third party" if third else "",
                    "third_party_organisation": "Load ACCO" if third else "",
                    "who_was_seen": "The child and carer",
                    "location": "Home",
                    "note": "Synthetic contact note.",
                }
            for visit in visits_by_case.get(case.pk, []):
                if visit._seen:
                    yield {
                        **base,
                        "occurred_at": _aware(
                            min(visit.starts_on + datetime.timedelta(days=1), visit.ends_on), rng
                        ),
                        "kind": ContactKind.FACE_TO_FACE_PRACTITIONER,
                        "return_visit_id": visit.pk,
                        "who_was_seen": "The child",
                        "location": "Community",
                        "note": "Synthetic return-visit contact.",
                    }

    summary.contacts += copy_rows(Contact, contact_rows())
    copy_rows(
        FamilyMember,
        (
            {
                "family_id": case.family_id,
                "community_id": case.community_id,
                "child_id": case.child_id,
                "relationship": FamilyMember.Relationship.CHILD,
            }
            for case in cases
        ),
    )

    def assessment_rows():
        for case, (_c, _v, level, assessed_on) in zip(cases, plans, strict=True):
            for back in (360, 180, 0):
                day = max(case.opened_on, assessed_on - datetime.timedelta(days=back))
                yield {
                    "community_id": case.community_id,
                    "case_id": case.pk,
                    "assessed_on": day,
                    "level": level if back == 0 else rng.choice(RiskLevel.values),
                    "assessor_id": case.team_leader_id,
                    "next_reassessment_due_on": day + datetime.timedelta(days=180),
                    "summary": "Synthetic assessment.",
                }

    copy_rows(RiskAssessment, assessment_rows())
    copy_rows(
        CarePlan,
        (
            {
                "community_id": case.community_id,
                "case_id": case.pk,
                "worries": "Synthetic worries.",
                "working_well": "Synthetic strengths.",
                "needs_to_happen": "Synthetic next steps.",
                "review_due_on": today + datetime.timedelta(days=rng.randrange(-20, 160)),
                "created_by_id": case.practitioner_id,
            }
            for case in cases
        ),
    )
    summary.children += len(children)
    summary.cases += len(cases)
    summary.in_care += sum(1 for c in cases if c.kind == Case.Kind.IN_CARE)
    context.cases.extend((c.pk, c.community_id, c.child_id) for c in cases)


def run_other_apps_load_data(context: LoadContext) -> list[str]:
    """Themes, escalations, audit rows: each app's ``<app>.load_data.generate(context)``."""
    ran = []
    for app in APPS_WITH_LOAD_DATA:
        try:
            module = importlib.import_module(f"{app}.load_data")
        except ModuleNotFoundError:
            continue
        module.generate(context)
        ran.append(app)
    return ran


def generate_load_data(
    *,
    children: int,
    seed: int = 1,
    today: datetime.date | None = None,
    in_care_share: float = IN_CARE_SHARE,
    years: int = 5,
    log=None,
) -> LoadSummary:
    started = time.monotonic()
    today = today or timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    summary = LoadSummary()
    reference_data_load()
    communities = list(Community.objects.filter(runs_maccst=True).order_by("id"))
    if not communities:
        raise CommandError("No communities: run manage.py load_reference_data first.")
    ids = [c.pk for c in communities]
    context = LoadContext(
        rng=rng, today=today, community_ids=ids, in_care_share=in_care_share, years=years
    )
    weights = community_weights(len(ids), rng)
    total = sum(weights)
    expected = {
        cid: max(1, round(children * w / total)) for cid, w in zip(ids, weights, strict=True)
    }
    run = f"load{seed}-{int(time.time()) % 100000}"
    with scopes_disabled():
        with transaction.atomic():
            summary.users = _make_staff(expected, run, today, context)
        done = 0
        while done < children:
            size = min(BATCH, children - done)
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # Generated data can be generated again: no need to wait for each flush.
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit = off")
                _generate_batch(weights, context, summary, size)
            done += size
            if log:
                log(f"  {done}/{children} children, {summary.contacts} contacts")
        ran = run_other_apps_load_data(context)
        if log and ran:
            log(f"  other apps' load data: {', '.join(ran)}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM sets the visibility map, so counts and covering indexes are read
            # index-only as on a database autovacuum keeps; it cannot run in a transaction.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    summary.seconds = time.monotonic() - started
    return summary


class Command(BaseCommand):
    help = "Generate synthetic load data (PostgreSQL recommended): --children 5000 or 100000."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--date", help="Generate as if today were YYYY-MM-DD.")
        parser.add_argument(
            "--in-care-share", type=float, default=IN_CARE_SHARE, help="Default 0.6."
        )
        parser.add_argument("--years", type=int, default=5, help="Years of contacts (5).")

    def handle(self, *args, children, seed, date=None, in_care_share, years, **options):
        if children < 1:
            raise CommandError("--children must be at least 1.")
        today = datetime.date.fromisoformat(date) if date else None
        summary = generate_load_data(
            children=children,
            seed=seed,
            today=today,
            in_care_share=in_care_share,
            years=years,
            log=self.stdout.write,
        )
        self.stdout.write(
            f"Generated {summary.children} children ({summary.in_care} in care), "
            f"{summary.cases} cases, {summary.contacts} contacts, {summary.users} staff "
            f"in {summary.seconds:.1f} s."
        )
