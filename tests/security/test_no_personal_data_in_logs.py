"""Canary names and dates of birth never reach the logs.

People and records are seeded with canary values, every route in tests/routes is
exercised by the personas the route matrix allows (plus outsiders, anonymous callers,
token calls, failed and successful sign-ins and the background jobs), and everything
logged at DEBUG and above is searched for the canaries.

To cover a new kind of record, add a seeder to ``CANARY_SEEDERS`` that stores the
canary values below in it (e.g. casework: a Child named ``CANARY_GIVEN_NAME``
``CANARY_FAMILY_NAME`` born on ``CANARY_DATE_OF_BIRTH``), and any job to ``CANARY_JOBS``.
"""

import datetime
import io
import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from audit.models import AuditEvent
from core.request_log import JsonFormatter, RequestContextFilter
from notifications.services import contact_reminders_send
from oversight.services import report_request_create, report_request_run
from partnerships.tasks import memberships_sync_expired
from tests.factories import CaseFactory, ContactFactory, PartnershipMemberFactory
from tests.routes import all_routes

pytestmark = pytest.mark.django_db

CANARY_GIVEN_NAME = "Zzcanary"
CANARY_FAMILY_NAME = "Qqwerty"
CANARY_USERNAME_PREFIX = "zzcanary-user"
CANARY_DATE_OF_BIRTH = datetime.date(2011, 3, 17)
CANARIES = [
    CANARY_GIVEN_NAME,
    CANARY_FAMILY_NAME,
    CANARY_USERNAME_PREFIX,
    CANARY_DATE_OF_BIRTH.isoformat(),
    CANARY_DATE_OF_BIRTH.strftime("%d/%m/%Y"),
    CANARY_DATE_OF_BIRTH.strftime("%-d %b %Y"),
    CANARY_DATE_OF_BIRTH.strftime("%Y%m%d"),
]


def seed_people(world) -> None:
    """Every persona gets a canary name and username."""
    for persona, user in world.users.items():
        user.username = f"{CANARY_USERNAME_PREFIX}.{persona}"
        user.first_name = CANARY_GIVEN_NAME
        user.last_name = CANARY_FAMILY_NAME
        user.display_name = f"{CANARY_GIVEN_NAME} {CANARY_FAMILY_NAME}"
        user.save()


def seed_partnership_members(world) -> None:
    for community in (world.community_a, world.community_b):
        PartnershipMemberFactory(
            partnership=community.partnership,
            person_name=f"{CANARY_GIVEN_NAME} {CANARY_FAMILY_NAME}",
            role=f"Elder born {CANARY_DATE_OF_BIRTH:%d/%m/%Y}",
        )


def seed_children(world) -> None:
    """A child in each community with canary names and birth date, a case and a contact."""
    for community, practitioner in (
        (world.community_a, world.practitioner_a),
        (world.community_b, world.practitioner_b),
    ):
        case = CaseFactory(
            child__community=community,
            child__given_name=CANARY_GIVEN_NAME,
            child__family_name=CANARY_FAMILY_NAME,
            child__preferred_name=CANARY_GIVEN_NAME,
            child__date_of_birth=CANARY_DATE_OF_BIRTH,
            practitioner=practitioner,
            opened_on=CANARY_DATE_OF_BIRTH.replace(year=2026),
        )
        ContactFactory(
            case=case,
            note=f"Saw {CANARY_GIVEN_NAME} {CANARY_FAMILY_NAME} at home",
            who_was_seen=f"{CANARY_GIVEN_NAME} and carer",
        )


# Each takes the ``world`` and stores canary values in one kind of record.
CANARY_SEEDERS = [seed_people, seed_partnership_members, seed_children]


def run_membership_sync(world) -> None:
    memberships_sync_expired()


def run_contact_reminders(world) -> None:
    contact_reminders_send(today=timezone.localdate() + datetime.timedelta(days=60))


def run_quarterly_report(world) -> None:
    request = report_request_create(actor=world.cochair, quarter="2026-27 Q2")
    report_request_run(request_id=request.pk, worker="canary-test")


# Background jobs to run in-process (they log through the same handlers).
CANARY_JOBS = [run_membership_sync, run_contact_reminders, run_quarterly_report]


@pytest.fixture
def canary_world(world):
    for seed in CANARY_SEEDERS:
        seed(world)
    return world


@pytest.fixture
def captured_logs(caplog):
    """Everything logged at DEBUG and above, as records and as the JSON lines we ship."""
    caplog.set_level(logging.DEBUG)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield caplog, stream
    finally:
        root.removeHandler(handler)


def _exercise_routes(world, client):
    routes = all_routes()
    for name, route in routes.items():
        kwargs = route.kwargs(world) if route.kwargs else {}
        url = reverse(name, kwargs=kwargs)
        data = route.data(world) if route.data else None
        client.logout()
        getattr(client, route.method)(url, data) if data else getattr(client, route.method)(url)
        if route.allowed:
            client.force_login(world.users[route.allowed])
            call = getattr(client, route.method)
            call(url, data) if data else call(url)
            # Query strings may carry search terms; they must not be logged either.
            client.get(url, {"q": CANARY_GIVEN_NAME, "dob": CANARY_DATE_OF_BIRTH.isoformat()})
        if route.foreign_kwargs:
            foreign = reverse(name, kwargs=route.foreign_kwargs(world))
            for persona in route.outsiders:
                client.force_login(world.users[persona])
                client.get(foreign)
                client.post(foreign)


def _exercise_api_with_token(world, client):
    token = Token.objects.create(user=world.practitioner_a)
    client.logout()
    for url in ("/api/v1/communities/", "/api/v1/communities/wadeye/", "/api/v1/nope/"):
        client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")


def _exercise_sign_in(world, client, password):
    client.logout()
    typed = f"{CANARY_GIVEN_NAME} {CANARY_FAMILY_NAME}"
    client.post(reverse("login"), {"username": typed, "password": "wrong-password-1"})
    client.post(reverse("api-token"), {"username": typed, "password": "wrong-password-1"})
    canary_user = world.practitioner_a.username
    for _ in range(6):
        client.post(reverse("login"), {"username": canary_user, "password": "wrong-1"})
    client.post(reverse("login"), {"username": world.coordinator_a.username, "password": password})
    client.post(reverse("logout"))


def test_no_canary_in_logs(canary_world, client, password, captured_logs):
    caplog, stream = captured_logs
    _exercise_routes(canary_world, client)
    _exercise_api_with_token(canary_world, client)
    _exercise_sign_in(canary_world, client, password)
    for job in CANARY_JOBS:
        job(canary_world)

    assert caplog.records, "nothing was logged: the capture is not working"
    lines = stream.getvalue()
    assert '"logger": "cwsp.request"' in lines
    texts = [record.getMessage() for record in caplog.records]
    texts += [str(record.args) for record in caplog.records]
    texts.append(lines)
    haystack = "\n".join(texts).lower()
    for canary in CANARIES:
        assert canary.lower() not in haystack, f"{canary!r} was logged"


def test_no_typed_name_in_the_audit_log(canary_world, client, password):
    _exercise_sign_in(canary_world, client, password)
    details = " ".join(str(d) for d in AuditEvent.objects.values_list("detail", flat=True))
    assert CANARY_GIVEN_NAME.lower() not in details.lower()
    assert AuditEvent.objects.filter(action="sign_in_failed").count() >= 2
