from django.urls import path
from rest_framework.routers import SimpleRouter

from .cadence import (
    CadenceRuleListView,
    CadenceRuleRemoveView,
    CaseCadenceView,
    CaseMissedContactsView,
    MissedContactAcknowledgeView,
)
from .case_open import ChildViewSet
from .decisions import CaseTaskViewSet, SafetyThreatViewSet
from .edits import CaseViewSet, FamilyViewSet
from .exports import CaseContactsExportView, TeamCaseloadExportView
from .imports import RecordsImportView
from .plans import CarePlanViewSet, ReturnVisitViewSet
from .search import ChildSearchView
from .transfers import (
    EmergencyGrantListView,
    EmergencyGrantRevokeView,
    EmergencySearchView,
    GrantedChildView,
    TransferAcceptView,
    TransferDeclineView,
    TransferDetailView,
    TransferListView,
    TransferWithdrawView,
)
from .views import ContactViewSet, ReferralViewSet, RiskAssessmentViewSet

router = SimpleRouter()
router.register("children", ChildViewSet, basename="child")
router.register("cases", CaseViewSet, basename="case")
router.register("contacts", ContactViewSet, basename="contact")
router.register("risk-assessments", RiskAssessmentViewSet, basename="risk-assessment")
router.register("care-plans", CarePlanViewSet, basename="care-plan")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("families", FamilyViewSet, basename="family")
router.register("return-visits", ReturnVisitViewSet, basename="return-visit")
router.register("safety-threats", SafetyThreatViewSet, basename="safety-threat")
router.register("case-tasks", CaseTaskViewSet, basename="case-task")
urlpatterns = [
    path("imports/", RecordsImportView.as_view(), name="records-import"),
    path("exports/team-caseload/", TeamCaseloadExportView.as_view(), name="team-caseload-export"),
    path(
        "cases/<int:pk>/contacts/export/",
        CaseContactsExportView.as_view(),
        name="case-contacts-export",
    ),
    path("search/children/", ChildSearchView.as_view(), name="child-search"),
    path("transfers/", TransferListView.as_view(), name="transfer-list"),
    path("transfers/<int:pk>/", TransferDetailView.as_view(), name="transfer-detail"),
    path("transfers/<int:pk>/accept/", TransferAcceptView.as_view(), name="transfer-accept"),
    path("transfers/<int:pk>/decline/", TransferDeclineView.as_view(), name="transfer-decline"),
    path("transfers/<int:pk>/withdraw/", TransferWithdrawView.as_view(), name="transfer-withdraw"),
    path("emergency/search/", EmergencySearchView.as_view(), name="emergency-search"),
    path("emergency/grants/", EmergencyGrantListView.as_view(), name="emergency-grant-list"),
    path(
        "emergency/grants/<int:pk>/revoke/",
        EmergencyGrantRevokeView.as_view(),
        name="emergency-grant-revoke",
    ),
    path("granted-children/<int:pk>/", GrantedChildView.as_view(), name="granted-child-detail"),
    path("cases/<int:pk>/cadence/", CaseCadenceView.as_view(), name="case-cadence"),
    path(
        "cases/<int:pk>/missed-contacts/",
        CaseMissedContactsView.as_view(),
        name="case-missed-contacts",
    ),
    path(
        "missed-contacts/<int:pk>/acknowledge/",
        MissedContactAcknowledgeView.as_view(),
        name="missed-contact-acknowledge",
    ),
    path(
        "communities/<int:community_id>/cadence-rules/",
        CadenceRuleListView.as_view(),
        name="cadence-rule-list",
    ),
    path(
        "cadence-rules/<int:pk>/remove/",
        CadenceRuleRemoveView.as_view(),
        name="cadence-rule-remove",
    ),
    *router.urls,
]
