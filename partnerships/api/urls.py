from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("communities", views.CommunityViewSet, basename="community")
router.register("governance-tiers", views.GovernanceTierViewSet, basename="governance-tier")
router.register("tier-members", views.TierMemberViewSet, basename="tier-member")
router.register("priorities", views.LocalPriorityViewSet, basename="priority")
router.register("priority-actions", views.PriorityActionViewSet, basename="priority-action")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-values", views.IndicatorValueViewSet, basename="indicator-value")
router.register(
    "partnership-workers", views.PartnershipWorkerViewSet, basename="partnership-worker"
)
router.register("investments", views.InvestmentViewSet, basename="investment")
router.register(
    "partnership-members", views.PartnershipMemberViewSet, basename="partnership-member"
)
router.register(
    "administration/partnerships", views.PartnershipStatusViewSet, basename="partnership-status"
)
urlpatterns = router.urls
