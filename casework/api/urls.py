from django.urls import path
from rest_framework.routers import SimpleRouter

from .search import ChildSearchView
from .views import (
    CarePlanViewSet,
    CaseViewSet,
    ChildViewSet,
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
urlpatterns = [
    path("search/children/", ChildSearchView.as_view(), name="child-search"),
    *router.urls,
]
