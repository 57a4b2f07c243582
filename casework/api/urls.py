from django.urls import path
from rest_framework.routers import SimpleRouter

from .edits import CaseViewSet, ChildViewSet, FamilyViewSet
from .exports import CaseContactsExportView, TeamCaseloadExportView
from .imports import RecordsImportView
from .search import ChildSearchView
from .views import (
    CarePlanViewSet,
    ContactViewSet,
    ReferralViewSet,
    RiskAssessmentViewSet,
)

router = SimpleRouter()
router.register("children", ChildViewSet, basename="child")
router.register("cases", CaseViewSet, basename="case")
router.register("contacts", ContactViewSet, basename="contact")
router.register("risk-assessments", RiskAssessmentViewSet, basename="risk-assessment")
router.register("care-plans", CarePlanViewSet, basename="care-plan")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("families", FamilyViewSet, basename="family")
urlpatterns = [
    path("imports/", RecordsImportView.as_view(), name="records-import"),
    path("exports/team-caseload/", TeamCaseloadExportView.as_view(), name="team-caseload-export"),
    path(
        "cases/<int:pk>/contacts/export/",
        CaseContactsExportView.as_view(),
        name="case-contacts-export",
    ),
    path("search/children/", ChildSearchView.as_view(), name="child-search"),
    *router.urls,
]
