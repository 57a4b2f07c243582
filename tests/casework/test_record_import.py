"""Importing a community's records from CSV: the rules, all or nothing, idempotency."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEvent
from casework import services
from casework.imports import FILES, records_import
from casework.models import Case, Child, Contact, Family, FamilyMember, RiskAssessment
from core.actors import system_actor
from tests.factories import CaseFactory, ChildFactory

from .import_files import csv_text, day, migration_files, migration_rows

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


def counts(world, in_scope):
    with in_scope(world.community_a, world.community_b):
        return tuple(m.objects.count() for m in (Family, Child, Case, Contact, RiskAssessment))


def run(world, files, **kwargs):
    return records_import(
        actor=kwargs.pop("actor", world.administrator),
        community=kwargs.pop("community", world.community_a),
        files=files,
        **kwargs,
    )


def problems(report):
    return [(r.file, r.line, r.column) for r in report.rejected]


def test_a_migration_comes_in_whole_with_the_six_week_dates(world, in_scope):
    report = run(world, migration_files(2))
    assert report.ok and report.committed, report.rejected
    assert counts(world, in_scope) == (2, 2, 2, 4, 2)
    with in_scope(world.community_a):
        case = Case.objects.get(external_id="K1")
        assert case.kind == Case.Kind.IN_CARE
        assert case.last_face_to_face_on == timezone.localdate() - datetime.timedelta(days=10)
        assert case.next_contact_due_on == case.last_face_to_face_on + datetime.timedelta(days=42)
        assert case.risk_level == "moderate"
        sf = Case.objects.get(external_id="K0")
        assert sf.parents_agreed_on is not None
        assert FamilyMember.objects.filter(child__external_id="C0", family__external_id="F0")
        contact = Contact.objects.get(external_id="V1-1")
        assert contact.recorded_by == world.practitioner_a
        assert contact.child_id == case.child_id
    created = AuditEvent.objects.filter(detail__import__isnull=False)
    assert created.filter(object_type="casework.contact").count() == 4
    assert created.filter(actor=world.administrator).count() == 10
    summary = AuditEvent.objects.get(object_type="casework.import")
    assert summary.detail["committed"] is True
    assert summary.detail["files"]["contacts"]["created"] == 4


def test_running_the_same_files_again_changes_nothing(world, in_scope):
    files = migration_files(3)
    assert run(world, files).committed
    before = counts(world, in_scope)
    with in_scope(world.community_a):
        dates = list(Case.objects.order_by("id").values_list("next_contact_due_on", flat=True))
    events = AuditEvent.objects.count()
    again = run(world, files)
    assert again.committed
    assert sum(again.unchanged.values()) == 3 * 5
    assert not any(again.created.values())
    assert counts(world, in_scope) == before
    with in_scope(world.community_a):
        assert list(Case.objects.order_by("id").values_list("next_contact_due_on", flat=True)) == (
            dates
        )
    # Only the attempt itself is recorded.
    assert AuditEvent.objects.count() == events + 1


def test_a_later_import_adds_contacts_to_an_imported_case(world, in_scope):
    assert run(world, migration_files(1)).committed
    later = csv_text(
        "contacts",
        [
            {
                "external_id": "V-new",
                "case_external_id": "K0",
                "occurred_at": f"{day(1)} 09:00",
                "kind": "phone",
            }
        ],
    )
    report = run(world, {"contacts": later})
    assert report.committed, report.rejected
    with in_scope(world.community_a):
        assert Contact.objects.filter(case__external_id="K0").count() == 3


def test_one_bad_row_and_nothing_is_written(world, in_scope):
    rows = migration_rows(3)
    rows["contacts"][5]["occurred_at"] = f"{day(-3)} 10:00"  # in the future
    report = run(world, {kind: csv_text(kind, r) for kind, r in rows.items()})
    assert not report.ok
    assert problems(report) == [("contacts.csv", 7, "occurred_at")]
    assert "future" in report.rejected[0].message
    assert counts(world, in_scope) == (0, 0, 0, 0, 0)
    assert AuditEvent.objects.filter(detail__import__isnull=False).count() == 0
    attempt = AuditEvent.objects.get(object_type="casework.import")
    assert attempt.detail["committed"] is False


def test_a_dry_run_checks_every_row_and_writes_nothing(world, in_scope):
    report = run(world, migration_files(2), dry_run=True)
    assert report.ok and not report.committed
    assert report.created_count("contacts") == 4
    assert counts(world, in_scope) == (0, 0, 0, 0, 0)
    # The real run afterwards goes through as the dry run said.
    assert run(world, migration_files(2)).committed


def test_every_rejected_row_is_reported_with_its_reason(world, in_scope):
    rows = migration_rows(6)
    rows["children"][1]["gender"] = ""  # chosen, never defaulted
    rows["children"][2]["date_of_birth"] = "09/03/2015"
    rows["cases"][0]["parents_agreed_on"] = ""  # Strengthening Families needs agreement
    rows["cases"][3]["practitioner"] = "practitioner.b"  # works in another community
    rows["contacts"][8]["occurred_at"] = f"{day(200)} 10:00"  # before the case opened
    rows["contacts"][10]["kind"] = "f2f_third_party"  # a third party is named
    rows["contacts"].append(dict(rows["contacts"][11]))  # the same external id twice
    report = run(world, {kind: csv_text(kind, r) for kind, r in rows.items()}, dry_run=True)
    found = problems(report)
    assert ("children.csv", 3, "gender") in found
    assert ("children.csv", 4, "date_of_birth") in found
    assert ("cases.csv", 2, "parents_agreed_on") in found
    assert ("cases.csv", 5, "practitioner") in found
    # The rejected child's case and its contacts say why they cannot be made.
    assert ("cases.csv", 3, "child_external_id") in found
    assert ("contacts.csv", 4, "case_external_id") in found
    assert ("contacts.csv", 10, "occurred_at") in found
    assert ("contacts.csv", 12, "third_party_name") in found
    assert ("contacts.csv", 14, "external_id") in found
    rejected_child = next(r for r in report.rejected if r.column == "child_external_id")
    assert "line 3 of children.csv" in rejected_child.message
    assert counts(world, in_scope) == (0, 0, 0, 0, 0)


def test_a_file_not_following_the_template_is_refused_whole(world):
    text = "external_id,given_name,surname\nC1,Synthetic,Example\n"
    report = run(world, {"children": text})
    assert ("children.csv", 1, "surname") in problems(report)
    assert ("children.csv", 1, "family_name") in problems(report)


def test_external_ids_are_per_community(world, in_scope):
    assert run(
        world,
        migration_files(1, practitioner="practitioner.b", team_leader="teamleader.b"),
        community=world.community_b,
    ).committed
    report = run(world, migration_files(1, practitioner="practitioner.a"))
    assert report.committed, report.rejected
    with in_scope(world.community_b):
        assert Child.objects.filter(external_id="C0").count() == 1


def test_an_existing_open_case_is_not_opened_twice(world, in_scope):
    child = ChildFactory(community=world.community_a, external_id="C0")
    CaseFactory(child=child, practitioner=world.practitioner_a)
    case = {**migration_rows(2)["cases"][1], "child_external_id": "C0", "family_external_id": ""}
    report = run(world, {"cases": csv_text("cases", [case])})
    assert problems(report) == [("cases.csv", 2, "")]
    assert "already has an open Child in care case" in report.rejected[0].message


def test_only_administrators_and_the_product_import(world, in_scope):
    with pytest.raises(PermissionDenied):
        run(world, migration_files(1), actor=world.teamleader_a)
    report = run(world, migration_files(1), actor=system_actor("command:import_records"))
    assert report.committed
    assert AuditEvent.objects.filter(system_actor="command:import_records").exists()


def test_two_hundred_rows_in_each_file(world, in_scope):
    report = run(world, migration_files(200))
    assert report.committed, report.rejected[:3]
    assert counts(world, in_scope) == (200, 200, 200, 400, 200)


def test_the_command_imports_and_dry_runs(world, in_scope, tmp_path, capsys):
    paths = {}
    for kind, text in migration_files(2).items():
        paths[kind] = tmp_path / f"{kind}.csv"
        paths[kind].write_text(text)
    options = {kind: str(path) for kind, path in paths.items()}
    call_command("import_records", "wadeye", dry_run=True, **options)
    assert "Nothing was written" in capsys.readouterr().out
    assert counts(world, in_scope) == (0, 0, 0, 0, 0)
    call_command("import_records", "wadeye", **options)
    assert counts(world, in_scope) == (2, 2, 2, 4, 2)
    paths["contacts"].write_text(paths["contacts"].read_text().replace("10:30", "25:30", 1))
    call_command("import_records", "wadeye", **options)  # already imported: unchanged
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text("children", [{"external_id": "X"}]))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_records", "wadeye", children=str(bad))
    assert "children.csv line 2, column" in capsys.readouterr().err


# --- the administrator's page -------------------------------------------------------------

IMPORT_URL = "/casework/import/"


def uploads(files):
    return {
        kind: SimpleUploadedFile(f"{kind}.csv", text.encode("utf-8-sig"), "text/csv")
        for kind, text in files.items()
    }


def test_the_page_checks_then_imports(world, client_for, in_scope):
    client = client_for(world.administrator)
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    assert b'name="dry_run"' in page.content and b"checked" in page.content
    files = migration_files(2)
    data = {"community": world.community_a.pk, "dry_run": "on", **uploads(files)}
    checked = client.post(IMPORT_URL, data)
    assert checked.status_code == 200
    assert b"Every row passes: nothing was written yet" in checked.content
    assert counts(world, in_scope) == (0, 0, 0, 0, 0)
    done = client.post(IMPORT_URL, {"community": world.community_a.pk, **uploads(files)})
    assert b"Imported" in done.content
    assert counts(world, in_scope) == (2, 2, 2, 4, 2)


def test_the_page_lists_each_rejected_row(world, client_for, in_scope):
    rows = migration_rows(1)
    rows["children"][0]["aboriginal_status"] = "unknown"
    files = {kind: csv_text(kind, r) for kind, r in rows.items()}
    response = client_for(world.administrator).post(
        IMPORT_URL, {"community": world.community_a.pk, **uploads(files)}
    )
    assert b"Nothing was imported" in response.content
    table = response.content.decode().split('id="rejected-rows"')[1]
    assert "children.csv" in table and "aboriginal_status" in table and '<th scope="row">2' in table
    assert counts(world, in_scope) == (0, 0, 0, 0, 0)


def test_the_page_needs_a_file_and_a_community_keeping_case_records(world, client_for):
    client = client_for(world.administrator)
    response = client.post(IMPORT_URL, {"community": world.community_a.pk})
    assert b"Choose at least one file" in response.content
    world.community_a.partnership.keeps_case_records = False
    world.community_a.partnership.save()
    response = client.post(
        IMPORT_URL, {"community": world.community_a.pk, **uploads(migration_files(1))}
    )
    assert b"keeps no case records" in response.content


def test_the_template_files_follow_the_columns(world, client_for):
    client = client_for(world.administrator)
    for kind, columns in FILES.items():
        response = client.get(f"/casework/import/templates/{kind}.csv")
        assert response["Content-Disposition"] == f'attachment; filename="{kind}.csv"'
        header = response.content.decode().splitlines()[0]
        assert header == ",".join(column.name for column in columns)
    assert client.get("/casework/import/templates/staff.csv").status_code == 404


def test_the_documented_template_lists_every_column():
    text = (Path(__file__).parents[2] / "docs" / "import.md").read_text(encoding="utf-8")
    for kind, columns in FILES.items():
        assert f"{kind}.csv" in text
        for column in columns:
            assert f"`{column.name}`" in text, (kind, column.name)


def test_the_page_sends_a_large_migration_to_the_command(world, client_for, in_scope):
    files = migration_files(500)  # 2,500 rows in all
    response = client_for(world.administrator).post(
        IMPORT_URL, {"community": world.community_a.pk, **uploads(files)}
    )
    assert b"manage.py import_records" in response.content
    assert counts(world, in_scope) == (0, 0, 0, 0, 0)


def test_a_corrected_imported_contact_keeps_its_correction_when_run_again(world, in_scope):
    files = migration_files(1)
    assert run(world, files).committed
    with in_scope(world.community_a):
        contact = Contact.objects.get(external_id="V0-0")
    services.contact_amend(
        actor=world.practitioner_a, contact=contact, reason="Wrong place", location="Clinic"
    )
    assert run(world, files).committed
    with in_scope(world.community_a):
        contact.refresh_from_db()
        assert contact.location == "Clinic"
        assert contact.amendments.count() == 1
        assert Contact.objects.filter(case=contact.case).count() == 2


def test_the_api_imports_through_the_same_checks(world, client_for, in_scope):
    client = client_for(world.administrator)
    url = "/api/v1/imports/"
    files = migration_files(1)
    checked = client.post(
        url, {"community": world.community_a.pk, "dry_run": "true", **uploads(files)}
    )
    assert checked.status_code == 200
    assert checked.json()["committed"] is False
    assert counts(world, in_scope) == (0, 0, 0, 0, 0)
    done = client.post(url, {"community": world.community_a.pk, **uploads(files)})
    assert done.status_code == 200 and done.json()["committed"] is True
    assert {f["file"]: f["new"] for f in done.json()["files"]}["contacts.csv"] == 2
    rows = migration_rows(2)
    rows["contacts"][3]["kind"] = "visit"
    bad = {kind: csv_text(kind, r) for kind, r in rows.items()}
    refused = client.post(url, {"community": world.community_a.pk, **uploads(bad)})
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "invalid"
    assert body["rejected"] == [
        {
            "file": "contacts.csv",
            "line": 5,
            "column": "kind",
            "message": body["rejected"][0]["message"],
        }
    ]
    assert counts(world, in_scope) == (1, 1, 1, 2, 1)
    assert client_for(world.teamleader_a).post(url, {}).status_code == 403


def test_a_face_to_face_contact_imported_later_answers_the_cases_reminders(
    world, django_capture_on_commit_callbacks
):
    assert run(world, migration_files(1)).committed
    row = {
        "case_external_id": "K0",
        "occurred_at": f"{day(1)} 09:00",
        "kind": "f2f_practitioner",
    }
    later = csv_text("contacts", [{**row, "external_id": "V-a"}, {**row, "external_id": "V-b"}])
    with django_capture_on_commit_callbacks(execute=False) as dry:
        assert run(world, {"contacts": later}, dry_run=True).ok
    assert dry == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert run(world, {"contacts": later}).committed
    assert len(callbacks) == 1  # once for the case, not once per contact
