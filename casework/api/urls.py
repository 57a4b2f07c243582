from rest_framework.routers import SimpleRouter

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
urlpatterns = router.urls
