import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from oversight.models import OversightGroup, QuarterlyReport, ReportRequest

from ..factories import OversightMemberFactory
from . import COMMUNITY_A, Route

# The Oversight Group's pages are its members', co-chairs' and administrators'; no community
# role may use them. Changing the group is for co-chairs and administrators.
NOT_GROUP_EDITORS = (*COMMUNITY_A, "oversight_member")


def _group(w):
    if "group" not in w.extra:
        group = OversightGroup.objects.create(name="NT Oversight Group")
        w.extra["member"] = OversightMemberFactory(group=group)
        w.extra["group"] = group
    return w.extra["group"]


def _member(w):
    _group(w)
    return w.extra["member"]


def _report(w):
    if "report" not in w.extra:
        report = QuarterlyReport(
            quarter="2026-27 Q1",
            version=1,
            generated_at=timezone.now(),
            sha256="0" * 64,
        )
        report.file.save("route-test.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        report.save()
        w.extra["report"] = report
    return w.extra["report"]


def _request(w):
    if "request" not in w.extra:
        w.extra["request"] = ReportRequest.objects.create(
            quarter="2026-27 Q1", requested_by=w.users["cochair"]
        )
    return w.extra["request"]


def _with_group(w, data=None):
    _group(w)
    return data or {"quarter": "ignored"}


# Oversight objects are Territory-wide (no community): no other community's copy exists,
# so their routes have no outsiders; every community role is refused them (403) instead.
ROUTES = {
    "oversight:group": Route(allowed="oversight_member", wrong_role=COMMUNITY_A),
    "oversight:group_constitute": Route(
        allowed="cochair",
        method="post",
        expect=302,
        data=lambda w: _with_group(w),
        wrong_role=NOT_GROUP_EDITORS,
    ),
    "oversight:member_create": Route(
        allowed="cochair", data=lambda w: _with_group(w), wrong_role=NOT_GROUP_EDITORS
    ),
    "oversight:member_update": Route(
        allowed="administrator",
        kwargs=lambda w: {"pk": _member(w).pk},
        outsiders=(),
        wrong_role=NOT_GROUP_EDITORS,
    ),
    "oversight:member_end": Route(
        allowed="cochair",
        method="post",
        expect=302,
        kwargs=lambda w: {"pk": _member(w).pk},
        data=lambda w: {"last_day": datetime.date.today().isoformat()},  # noqa: DTZ011
        outsiders=(),
        wrong_role=NOT_GROUP_EDITORS,
    ),
    "oversight:report_list": Route(allowed="oversight_member", wrong_role=COMMUNITY_A),
    "oversight:report_download": Route(
        allowed="cochair",
        kwargs=lambda w: {"pk": _report(w).pk},
        outsiders=(),
        wrong_role=COMMUNITY_A,
    ),
    "oversight-member-list": Route(
        allowed="oversight_member", anonymous="api", wrong_role=COMMUNITY_A
    ),
    "oversight-member-detail": Route(
        allowed="oversight_member",
        anonymous="api",
        kwargs=lambda w: {"pk": _member(w).pk},
        outsiders=(),
        wrong_role=COMMUNITY_A,
    ),
    "report-list": Route(allowed="oversight_member", anonymous="api", wrong_role=COMMUNITY_A),
    "report-detail": Route(
        allowed="oversight_member",
        anonymous="api",
        kwargs=lambda w: {"pk": _report(w).pk},
        outsiders=(),
        wrong_role=COMMUNITY_A,
    ),
    "report-download": Route(
        allowed="cochair",
        anonymous="api",
        kwargs=lambda w: {"pk": _report(w).pk},
        outsiders=(),
        wrong_role=COMMUNITY_A,
    ),
    "report-request-list": Route(allowed="cochair", anonymous="api", wrong_role=COMMUNITY_A),
    "report-request-detail": Route(
        allowed="cochair",
        anonymous="api",
        kwargs=lambda w: {"pk": _request(w).pk},
        outsiders=(),
        wrong_role=COMMUNITY_A,
    ),
    # Setting up a new install: the administrator creates the one group (a page that
    # redirects to the group once there is one); its API creates, reads and constitutes it.
    "oversight:group_create": Route(
        allowed="administrator",
        expect=(200, 302),
        wrong_role=(*COMMUNITY_A, "oversight_member", "cochair"),
    ),
    "oversight-group-list": Route(
        allowed="oversight_member", anonymous="api", wrong_role=COMMUNITY_A
    ),
    "oversight-group-detail": Route(
        allowed="oversight_member",
        anonymous="api",
        kwargs=lambda w: {"pk": _group(w).pk},
        outsiders=(),
        wrong_role=COMMUNITY_A,
    ),
    "oversight-group-constitute": Route(
        allowed="cochair",
        anonymous="api",
        method="post",
        # The route's group has one NGO member: constituting it is refused with the rules.
        expect=(200, 400),
        kwargs=lambda w: {"pk": _group(w).pk},
        outsiders=(),
        wrong_role=NOT_GROUP_EDITORS,
    ),
    "oversight-member-end": Route(
        allowed="cochair",
        anonymous="api",
        method="post",
        kwargs=lambda w: {"pk": _member(w).pk},
        outsiders=(),
        wrong_role=NOT_GROUP_EDITORS,
    ),
}
