"""The quarterly report reads well for the Standing Committee: rendered with WeasyPrint and
read back — no empty chart, whole-number ticks, a running quarter flagged, all-zero rows
summarised, one date format, and one answer for a quarter's open regional escalations."""

import datetime
import re
import subprocess
import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from escalations.models import Escalation
from oversight import services
from oversight.models import QuarterlyReport, ReportRequest
from oversight.quarters import Quarter
from oversight.report import report_figures
from oversight.report_print import _whole_number_ticks, render_report_html, report_charts
from oversight.tasks import quarterly_report_generate

from ..factories import CaseFactory, ChildFactory, CommunityFactory, EscalationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST = Quarter.containing(TODAY).previous()


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _pdf_text(report) -> str:
    with report.file.open("rb") as stored:
        pdf = stored.read()
    return subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", "-", "-"],
        input=pdf,
        check=True,
        capture_output=True,
    ).stdout.decode()


def _svg_tick_labels(svg: str, axis_name: str = "y") -> list[str]:
    # pygal writes an axis's labels as <text> in its "axis y" (or, on its side, "axis x") group.
    axis = re.search(rf'class="axis {axis_name}[^"]*".*?</g>\s*</g>', svg, re.S)
    assert axis, "the chart has a value axis"
    return re.findall(r"<text[^>]*>([^<]+)</text>", axis.group(0))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_whole_number_ticks_only():
    assert _whole_number_ticks([]) == [0, 1]
    assert _whole_number_ticks([0, 0]) == [0, 1]
    assert _whole_number_ticks([3]) == [0, 1, 2, 3]
    assert _whole_number_ticks([7, None]) == [0, 2, 4, 6, 8]
    assert _whole_number_ticks([23]) == [0, 5, 10, 15, 20, 25]
    for top in range(1, 400, 7):
        ticks = _whole_number_ticks([top])
        assert all(isinstance(t, int) for t in ticks)
        assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 7


def test_suppressed_risk_chart_is_said_in_words_not_drawn(world, media):
    # Two open cases in the Territory: every total is a small count, suppressed.
    for n in range(2):
        CaseFactory(
            child=ChildFactory(community=world.community_a, given_name=f"Child{n}"),
            opened_on=LAST.start - datetime.timedelta(days=30),
        )
    figures = report_figures(LAST)
    charts = report_charts(figures)
    assert "risk" not in charts
    assert "not published" in charts["risk_empty"]
    assert "Moderate (<5)" in charts["risk_empty"]
    text = " ".join(_pdf_text(services.quarterly_report_create(quarter=LAST.label)).split())
    assert "No chart of open cases by risk level" in text
    assert "Children in care: Moderate (<5)" in text


def test_charts_have_whole_number_ticks_in_the_pdf(world, media):
    theme = ThemeFactory(community=world.community_a, identified_on=LAST.start)
    EscalationFactory(theme=theme, level=Escalation.Level.REGIONAL, raised_on=LAST.start)
    figures = report_figures(LAST)
    charts = report_charts(figures)
    for name, axis in (("escalations", "y"), ("themes", "x")):
        labels = _svg_tick_labels(charts[name], axis)
        assert labels, name
        assert all(re.fullmatch(r"\d+", label) for label in labels), (name, labels)
    text = _pdf_text(services.quarterly_report_create(quarter=LAST.label))
    assert not re.search(r"\b0\.[2468]\b", text)


def test_a_quarter_in_progress_says_figures_as_at_today(world, media):
    current = Quarter.containing(TODAY)
    if current.end == TODAY:
        pytest.skip("the quarter ends today")
    report = services.quarterly_report_create(quarter=current.label)
    text = " ".join(_pdf_text(report).split())
    assert f"Figures as at {_long(TODAY)}; the quarter ends {_long(current.end)}" in text
    assert f"Open cases at {_long(TODAY)}" in text
    finished = " ".join(_pdf_text(services.quarterly_report_create(quarter=LAST.label)).split())
    assert "Figures as at" not in finished
    assert "Open cases at quarter end" in finished


def test_partnerships_with_nothing_are_summarised_in_one_line(world, media):
    for name in ("Angurugu", "Borroloola"):
        CommunityFactory(name=name, partnership__status="proposed")
    CaseFactory(
        child=ChildFactory(community=world.community_a),
        opened_on=LAST.start - datetime.timedelta(days=30),
    )
    text = " ".join(_pdf_text(services.quarterly_report_create(quarter=LAST.label)).split())
    assert "have no open cases: Angurugu Partnership, Borroloola Partnership" in text
    assert (
        "no members, leaders' meetings or themes recorded yet: Angurugu Partnership (proposed)"
        in text
    )
    # The partnership with a case still has its row in the case table.
    assert re.search(r"Wadeye Partnership( \S+)+ 0 ", text)


def test_dates_read_one_way_everywhere(world, media):
    theme = ThemeFactory(community=world.community_a, identified_on=LAST.start)
    EscalationFactory(theme=theme, level=Escalation.Level.REGIONAL, raised_on=LAST.start)
    html = render_report_html(report_figures(LAST), version=1, generated_at=timezone.now())
    assert f"<td>{_long(LAST.start)}</td>" in html  # the regional table's "Raised"
    text = _pdf_text(services.quarterly_report_create(quarter=LAST.label))
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)


def test_regional_escalations_open_agree_between_a_quarter_and_the_next(world, media):
    before = LAST.previous()
    theme = ThemeFactory(community=world.community_a, identified_on=before.start)
    EscalationFactory(theme=theme, level=Escalation.Level.REGIONAL, raised_on=before.start)
    closed = EscalationFactory(
        theme=theme,
        level=Escalation.Level.REGIONAL,
        raised_on=before.start,
        status=Escalation.Status.RESOLVED,
        closed_on=LAST.start + datetime.timedelta(days=3),
    )
    own = report_figures(before, with_previous=False)["territory"]["regional_escalations_open"]
    assert own == 2  # the resolved one was still open at the end of its quarter
    later = report_figures(LAST)
    row = next(r for r in later["changes"] if r["label"].startswith("Regional escalations open"))
    assert row["previous"] == str(own)
    assert row["current"] == "1"
    assert closed.closed_on > before.end


@pytest.mark.django_db(transaction=True)
def test_requesting_a_report_without_a_broker_answers_at_once(world, media, settings, client):
    """Embedded default: the job runs after the response, in a thread, not in the request."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert quarterly_report_generate.name in quarterly_report_generate.app.tasks
    client.force_login(world.oversight_member)
    response = client.post(reverse("oversight:report_list"), {"quarter": LAST.label})
    answered = timezone.now()
    assert response.status_code == 302
    request = ReportRequest.objects.get(quarter=LAST.label)
    deadline = time.monotonic() + 60
    while request.state != ReportRequest.State.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
        request.refresh_from_db()
    assert request.state == ReportRequest.State.DONE
    # The job writes its audit row after marking the request done: let it finish.
    for thread in threading.enumerate():
        if thread.name.startswith("report-"):
            thread.join(timeout=30)
    assert QuarterlyReport.objects.filter(quarter=LAST.label).count() == 1
    # The PDF (seconds of rendering) was finished after the page had answered.
    assert request.finished_at > answered


@pytest.mark.django_db(transaction=True)
def test_with_a_broker_the_request_is_only_queued(world, settings, client):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client.force_login(world.oversight_member)
    response = client.post(reverse("oversight:report_list"), {"quarter": LAST.label})
    assert response.status_code == 302
    # No worker runs in the tests: the message waits in the broker, nothing is generated.
    time.sleep(1)
    assert ReportRequest.objects.get(quarter=LAST.label).state == ReportRequest.State.QUEUED
    assert not QuarterlyReport.objects.filter(quarter=LAST.label).exists()
