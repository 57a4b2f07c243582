"""Schemathesis against the committed schema, through the WSGI app, as four personas.

Every operation, every check schemathesis has, as a practitioner, a team leader, a
coordinator and a co-chair (token auth), each seeing real records of their community, so
list and read answers are checked against the schema with data in them.

The suite runs schemathesis's coverage phase, which is deterministic: per operation, the
first case of each scenario (unexpected methods such as TRACE, wrong types, missing or
unexpected fields, bad enums and formats, bounds, malformed content types, valid objects).
Every persona sends each operation's default valid request; the other cases are dealt out
among the personas, so together they send each once. A longer run adds the fuzzing phase
and every coverage case (docs/api.md has the command and its figures)::

    CWSP_FUZZ_EXAMPLES=50 CWSP_FUZZ_COVERAGE=all .venv/bin/python -m pytest \\
        tests/api/test_schemathesis.py
"""

import os
import time

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.generation.meta import CoverageScenario
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ..factories import (
    CaseFactory,
    ContactFactory,
    GovernanceTierFactory,
    IndicatorFactory,
    LocalPriorityFactory,
    OversightGroupFactory,
    OversightMemberFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

# Examples per operation and mode in the fuzzing phase (0: the suite runs coverage only).
FUZZ_EXAMPLES = int(os.environ.get("CWSP_FUZZ_EXAMPLES", "0"))
# "all": every coverage case, as every persona; otherwise the suite's share described above.
FULL_COVERAGE = os.environ.get("CWSP_FUZZ_COVERAGE", "") == "all"
# CWSP_FUZZ_PROGRESS=1: a line per operation as the run goes (with -s), for long runs.
PROGRESS = bool(os.environ.get("CWSP_FUZZ_PROGRESS"))
PERSONAS = ["practitioner_a", "teamleader_a", "coordinator_a", "cochair"]
EVERY_PERSONA = {CoverageScenario.DEFAULT_POSITIVE_TEST}

# A schema-valid body can name a record that does not exist or lies in another community
# (ids are integers to the schema), and any username and password are schema-valid: the
# documented 400 is the right answer there, so writes are not held to "valid data is
# accepted". Every other check runs on every operation.
WRITE_EXCLUDED = [positive_data_acceptance]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Hundreds of requests a minute, many without a token (the check that authentication
    is not ignored): the rate limits (tested in tests/security) would answer 429 instead
    of the operation."""
    rates = dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000000/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def seeded(world):
    """Records the personas can see: an unassessed case (risk_level ""), a contact, a
    referral, a governance tier, an indicator and a priority, and an Oversight Group
    member with no region."""
    a = world.community_a
    CaseFactory(
        child__community=a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        risk_level="",
    )
    ContactFactory(case__child__community=a, case__practitioner=world.practitioner_a)
    ReferralFactory(case__child__community=a, case__practitioner=world.practitioner_a)
    GovernanceTierFactory(partnership=a.partnership)
    IndicatorFactory(partnership=a.partnership)
    LocalPriorityFactory(partnership=a.partnership)
    OversightMemberFactory(group=OversightGroupFactory(), region=None)
    return world


@pytest.fixture(scope="session")
def suite_schema(committed_schema):
    """The schema and its coverage cases, made once for every persona.

    The cases call the project's WSGI app (each test's ``wsgi_app`` fixture keeps its
    requests in the test's transaction).
    """
    schema = schemathesis.openapi.from_dict(committed_schema)
    schema.app = get_wsgi_application()
    operations = [result.ok() for result in schema.get_all_operations()]
    coverage = {op.label: list(_coverage_cases(schema, op)) for op in operations}
    return schema, operations, coverage


def _coverage_cases(schema, operation):
    seen: set = set()
    for case in schema.iter_coverage_cases(
        operation,
        generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        generation_config=schema.config.generation_for(operation=operation),
    ):
        scenario = case.meta.phase.data.scenario
        if FULL_COVERAGE or scenario not in seen:
            seen.add(scenario)
            yield case


def _share(cases, persona):
    """This persona's coverage cases of one operation (see the module's docstring)."""
    turn = PERSONAS.index(persona)
    for index, case in enumerate(cases):
        if (
            FULL_COVERAGE
            or case.meta.phase.data.scenario in EVERY_PERSONA
            or index % len(PERSONAS) == turn
        ):
            yield case


def _fuzz(operation, mode, call):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        call(case)

    try:
        run()
    except Unsatisfiable:
        # Nothing schema-invalid exists for this operation (e.g. a free-text slug).
        assert mode == GenerationMode.NEGATIVE, operation.label


# schemathesis's lazy pytest loader does not run under pytest 9 (it reads a removed node
# attribute), so the test drives each operation's coverage cases and strategies itself.
@pytest.mark.parametrize("persona", PERSONAS)
def test_api_conforms_to_its_schema(suite_schema, wsgi_app, seeded, token_for, persona):
    schema, operations, coverage = suite_schema
    # The WSGI client does not unzip: ask for plain bodies.
    headers = {
        "Authorization": f"Token {token_for(seeded.users[persona])}",
        "Accept-Encoding": "identity",
    }
    assert len(operations) > 90, "the schema lists too few operations"
    failures: list[str] = []
    sent = 0
    started = time.monotonic()
    for operation in operations:
        excluded = [] if operation.method.upper() == "GET" else WRITE_EXCLUDED

        def call(case, excluded=excluded):
            nonlocal sent
            sent += 1
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        for case in _share(coverage[operation.label], persona):
            try:
                call(case)
            except BaseException as error:  # schemathesis's FailureGroup is a BaseException
                if not isinstance(error, Exception | BaseExceptionGroup):
                    raise
                scenario = case.meta.phase.data.scenario.value
                failures.append(f"{operation.label} (coverage: {scenario}): {error}")
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if FUZZ_EXAMPLES else ():
            try:
                _fuzz(operation, mode, call)
            except BaseException as error:
                if not isinstance(error, Exception | BaseExceptionGroup):
                    raise
                failures.append(f"{operation.label} (fuzzing, {mode.value}): {error}")
        if PROGRESS:
            print(f"{operation.label}: {sent} cases, {len(failures)} failures", flush=True)
    # The figures of a run (shown with -s): cases sent, operations, failures, seconds.
    print(
        f"\nschemathesis as {persona}: {sent} cases, {len(operations)} operations, "
        f"{len(failures)} failures, {time.monotonic() - started:.0f} s"
    )
    assert sent >= len(operations), "some operation was not exercised"
    assert not failures, f"{len(failures)} failing as {persona}:\n\n" + "\n\n".join(failures)


def test_every_operation_requires_authentication(suite_schema):
    """No operation but the token exchange is documented as open to anonymous callers."""
    _, operations, _ = suite_schema
    open_operations = [
        op.label
        for op in operations
        if not op.definition.raw.get("security") or {} in op.definition.raw["security"]
    ]
    assert open_operations == ["POST /api/v1/auth/token/"]
