from django.urls import path
from rest_framework.routers import SimpleRouter

from .children_create import ChildViewSet
from .decisions import CaseTaskViewSet, SafetyThreatViewSet
from .edits import CaseViewSet, FamilyViewSet
from .plans import CarePlanViewSet, ReturnVisitViewSet
from .search import ChildSearchView
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
    path("search/children/", ChildSearchView.as_view(), name="child-search"),
    *router.urls,
]
