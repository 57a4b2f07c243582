"""The pages and endpoints ``scripts/bench_pages.py`` drives, with real users from the bench data.

Picks, from a database filled by ``manage.py generate_load_data``:
- a practitioner with a typical (median) open caseload, for My caseload, a child page and
  logging contacts on their open cases in care;
- the team leader with the most open cases in the largest community, for Team caseload,
  the children and cases API lists and the escalations list;
- an Oversight Group co-chair (created once, ``bench-cochair``) for the reports list.

Each chosen user gets the benchmark password (``BENCH_PASSWORD``). Never run against a
database holding real people.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# The notes of the contacts the benchmark itself logs.
BENCH_NOTES = ("Bench contact.", "Queued while offline.", "Profiled contact.")


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def _password(user) -> None:
    from scripts.bench_pages import BENCH_PASSWORD

    user.set_password(BENCH_PASSWORD)
    user.save(update_fields=["password"])


def _get(path: str):
    def request(session, i):
        status, _ = session.request("GET", path)
        return status

    return request


def _contact_post(case_ids: list[int]):
    """POST the contact form; each session reads the CSRF token once, before the clock."""

    def prepare(session) -> None:
        _, page = session.request("GET", f"/casework/cases/{case_ids[0]}/contacts/new/")
        match = CSRF.search(page)
        session.csrf_token = match.group(1).decode() if match else ""

    def request(session, i):
        case_id = case_ids[i % len(case_ids)]
        path = f"/casework/cases/{case_id}/contacts/new/"
        if getattr(session, "csrf_token", None) is None:
            prepare(session)
        # Distinct minutes in the past so no two contacts share a moment.
        from django.utils import timezone

        when = timezone.localtime() - datetime.timedelta(minutes=1 + i % 50_000)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": session.csrf_token,
                "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
                "kind": "phone",
                "who_was_seen": "The child",
                "location": "Phone",
                "note": "Bench contact.",
            }
        ).encode()
        status, _ = session.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{session.host}:{session.port}{path}",
            },
        )
        # The form answers 302 on success; 200 means it re-rendered with an error.
        return status if status != 200 else 422

    request.prepare = prepare
    return request


def _offline_sync(case_ids: list[int], batch: int):
    """A device back online sends its queue: ``batch`` contacts one after another to the
    API, each under its own Idempotency-Key, as ``static/js/capture.js`` does. One
    "request" of this target is the whole batch."""
    import json
    import uuid

    def prepare(session) -> None:
        session.request("GET", "/")  # the CSRF cookie, as the browser holds it

    def request(session, i):
        from django.utils import timezone

        worst = 0
        for n in range(batch):
            when = timezone.now() - datetime.timedelta(minutes=200_000 + (i * batch + n) % 500_000)
            body = json.dumps(
                {
                    "case": case_ids[n % len(case_ids)],
                    "occurred_at": when.isoformat(),
                    "kind": "phone",
                    "note": "Queued while offline.",
                }
            ).encode()
            status, _ = session.request(
                "POST",
                "/api/v1/contacts/",
                body=body,
                headers={
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                    "X-CSRFToken": session.cookies.get("csrftoken", ""),
                    "Idempotency-Key": str(uuid.uuid4()),
                },
            )
            worst = max(worst, 0 if status == 201 else status)
        return worst

    request.prepare = prepare
    return request


def bench_targets() -> list[dict]:
    _setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django_scopes import scopes_disabled

    from casework.models import Case, Child
    from partnerships.models import Membership, Role

    User = get_user_model()  # noqa: N806
    with scopes_disabled():
        open_in_care = Case.objects.filter(status=Case.Status.OPEN, kind=Case.Kind.IN_CARE)
        caseloads = list(
            open_in_care.values("practitioner")
            .annotate(n=Count("id"))
            .order_by("n", "practitioner")
            .values_list("practitioner", "n")
        )
        if not caseloads:
            raise SystemExit("No open cases: fill the database with generate_load_data first.")
        practitioner_id, _ = caseloads[len(caseloads) // 2]
        practitioner = User.objects.get(pk=practitioner_id)
        # Chosen by the generated contacts only, so every run measures the same child
        # however many contacts earlier runs logged.
        child_id = (
            open_in_care.filter(practitioner=practitioner)
            .annotate(n_contacts=Count("contacts", filter=~Q(contacts__note__in=BENCH_NOTES)))
            .order_by("-n_contacts", "id")
            .values_list("child_id", flat=True)[0]
        )
        # The contacts the benchmark logs go to the practitioner's other cases: piled onto
        # the measured child they would make its pages (and the next run) costlier.
        case_ids = list(
            open_in_care.filter(practitioner=practitioner)
            .exclude(child_id=child_id)
            .order_by("id")
            .values_list("id", flat=True)
        )
        largest = (
            Child.objects.values("community")
            .annotate(n=Count("id"))
            .order_by("-n")
            .values_list("community", flat=True)[0]
        )
        leader_id = (
            Case.objects.filter(community_id=largest, status=Case.Status.OPEN)
            .values("team_leader")
            .annotate(n=Count("id"))
            .order_by("-n")
            .values_list("team_leader", flat=True)[0]
        )
        leader = User.objects.get(pk=leader_id)
        leader_child_id = (
            Case.objects.filter(team_leader=leader, status=Case.Status.OPEN)
            .order_by("id")
            .values_list("child_id", flat=True)[0]
        )
        # A search as typed: part of a family name and a given name's first letters, in
        # the largest community (the team leader's), where most children match.
        sample = Child.objects.filter(community_id=largest).order_by("id").first()
        name_query = urllib.parse.quote(f"{sample.family_name[:5]} {sample.given_name[:3]}")
        partial_query = urllib.parse.quote(sample.family_name[1:4])
        dob_query = urllib.parse.quote(f"{sample.date_of_birth:%-d/%-m/%Y}")
        # The measured child's case: its contact history is the longest of the
        # practitioner's, and the benchmark's own contacts never land on it.
        longest_case = (
            open_in_care.filter(child_id=child_id).order_by("id").values_list("id", flat=True)[0]
        )
    cochair, _ = User.objects.get_or_create(
        username="bench-cochair",
        defaults={"display_name": "Bench co-chair", "email": "bench-cochair@example.invalid"},
    )
    if not Membership.objects.filter(
        Q(ends_on__isnull=True), user=cochair, role=Role.OVERSIGHT_COCHAIR
    ).exists():
        Membership.objects.create(
            user=cochair,
            role=Role.OVERSIGHT_COCHAIR,
            community=None,
            starts_on=datetime.date(2020, 1, 1),
        )
    for user in (practitioner, leader, cochair):
        _password(user)

    def get(name, user, path):
        return {
            "name": name,
            "username": user.username,
            "request": _get(path),
            "path": path,
            "sql_path": path,
        }

    return [
        get("My caseload", practitioner, "/casework/my-caseload/"),
        get("Team caseload", leader, "/casework/team/"),
        get("Child page", practitioner, f"/casework/children/{child_id}/"),
        {
            "name": "Log a contact (POST)",
            "username": practitioner.username,
            "request": _contact_post(case_ids),
            "contact_case_ids": case_ids,
        },
        get("API children list", leader, "/api/v1/children/"),
        get("API cases list", leader, "/api/v1/cases/"),
        get("Escalations list", leader, "/escalations/"),
        get("Reports list", cochair, "/oversight/reports/"),
        get("Find a child (name)", leader, f"/casework/children/search/?q={name_query}"),
        get("Find a child (part)", leader, f"/casework/children/search/?q={partial_query}"),
        get("Find a child (DOB)", leader, f"/casework/children/search/?q={dob_query}"),
        get("API search", leader, f"/api/v1/search/children/?q={name_query}"),
        get("Children list", leader, "/casework/children/"),
        get("Printable summary", practitioner, f"/casework/children/{child_id}/summary/"),
        get("Contact history", practitioner, f"/casework/cases/{longest_case}/contacts/"),
        get("Transfer form", leader, f"/casework/children/{leader_child_id}/transfer/"),
        get("Transfers list", leader, "/casework/transfers/"),
        {
            "name": "Offline sync (200 contacts)",
            "username": practitioner.username,
            "request": _offline_sync(case_ids, 200),
            # One device syncing at a time, whatever --users says: the figure is the batch.
            "solo": True,
        },
    ]
