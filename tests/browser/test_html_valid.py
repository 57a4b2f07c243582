"""The pages of the main journeys are valid HTML: the Nu HTML Checker finds no error.

Each page is rendered as its user sees it (the test client, signed in as that persona),
saved to a file, and the checker runs once over all of them. It is vnu.jar from npm
(`make test` installs it into node_modules/, pinned in package-lock.json) on Debian's Java.
Without either the test is skipped, except in CI, where it fails.
"""

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import (
    CaseFactory,
    ChildFactory,
    ContactFactory,
    EscalationFactory,
    OversightGroupFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _checker() -> list[str]:
    java = shutil.which("java")
    if java and VNU.exists():
        return [java, "-Xss4m", "-jar", str(VNU)]
    reason = f"the Nu HTML Checker needs Java and {VNU} (make test installs both)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _pages(world):
    """(name, persona or None, method, path, data, expected status) for every page checked."""
    case = CaseFactory(
        child=ChildFactory(community=world.community_a, given_name="Jarrah"),
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
    )
    logged = ContactFactory(case=case, occurred_at=timezone.now() - datetime.timedelta(days=3))
    child_without_case = ChildFactory(community=world.community_a)
    theme = ThemeFactory(community=world.community_a)
    EscalationFactory(theme=theme)
    OversightGroupFactory(name="NT Oversight Group")
    future = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    contact = f"/casework/cases/{case.pk}/contacts/new/"
    return [
        ("Sign in", None, "get", "/login/", None, 200),
        ("Home", "practitioner_a", "get", "/", None, 200),
        ("My caseload", "practitioner_a", "get", "/casework/my-caseload/", None, 200),
        ("Team caseload", "teamleader_a", "get", "/casework/team/", None, 200),
        ("Child page", "practitioner_a", "get", f"/casework/children/{case.child_id}/", None, 200),
        ("Log a contact", "practitioner_a", "get", contact, None, 200),
        ("Log a contact, refused", "practitioner_a", "post", contact, {"occurred_at": future}, 200),
        (
            "Correct a contact",
            "practitioner_a",
            "get",
            f"/casework/contacts/{logged.pk}/amend/",
            None,
            200,
        ),
        ("Add a child", "practitioner_a", "get", "/casework/children/new/", None, 200),
        ("Add a child, refused", "practitioner_a", "post", "/casework/children/new/", {}, 200),
        (
            "Open a case",
            "practitioner_a",
            "get",
            f"/casework/children/{child_without_case.pk}/cases/new/",
            None,
            200,
        ),
        ("Case cadence", "teamleader_a", "get", f"/casework/cases/{case.pk}/cadence/", None, 200),
        (
            "Case cadence, refused",
            "teamleader_a",
            "post",
            f"/casework/cases/{case.pk}/cadence/",
            {"cadence_days": "60"},
            200,
        ),
        (
            "Partnership cadence",
            "teamleader_a",
            "get",
            f"/casework/communities/{world.community_a.pk}/cadence/",
            None,
            200,
        ),
        (
            "Late contact reason",
            "practitioner_a",
            "get",
            f"/casework/cases/{case.pk}/missed-contact/new/",
            None,
            200,
        ),
        ("Escalations", "coordinator_a", "get", "/escalations/", None, 200),
        ("Theme", "teamleader_a", "get", f"/escalations/themes/{theme.pk}/", None, 200),
        ("Escalate a theme", "coordinator_a", "get", "/escalations/new/", None, 200),
        ("Escalate a theme, refused", "coordinator_a", "post", "/escalations/new/", {}, 200),
        ("Oversight home", "oversight_member", "get", "/", None, 200),
        ("Oversight Group", "oversight_member", "get", "/oversight/group/", None, 200),
        ("Quarterly reports", "oversight_member", "get", "/oversight/reports/", None, 200),
        ("Not allowed", "coordinator_a", "get", "/casework/my-caseload/", None, 403),
        ("Not found", "practitioner_a", "get", "/no-such-page/", None, 404),
    ]


def test_the_journeys_pages_have_no_html_error(client, world, tmp_path):
    command = _checker()
    files: dict[str, str] = {}
    for number, (name, persona, method, path, data, status) in enumerate(_pages(world)):
        client.logout()
        if persona:
            client.force_login(world.users[persona])
        response = getattr(client, method)(path, data or {})
        assert response.status_code == status, f"{name}: {path} answered {response.status_code}"
        file = tmp_path / f"{number:02d}.html"
        file.write_bytes(response.content)
        files[file.as_uri()] = f"{name} ({method.upper()} {path})"

    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [*command, "--errors-only", "--format", "json", *sorted(str(Path(f[7:])) for f in files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stderr or result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        page = files.get(message.get("url", "").replace("file:/", "file:///", 1), "?")
        where = f"line {message.get('lastLine')}"
        errors.setdefault(page, []).append(
            f"{where}: {message['message']} [{message.get('extract', '').strip()}]"
        )
    assert not errors, "\n".join(
        f"{page}:\n  " + "\n  ".join(found) for page, found in sorted(errors.items())
    )
