from rest_framework.routers import SimpleRouter

from . import governance_writes as g
from . import views

router = SimpleRouter()
router.register("communities", views.CommunityViewSet, basename="community")
router.register("governance-tiers", g.GovernanceTierViewSet, basename="governance-tier")
router.register("tier-members", g.TierMemberViewSet, basename="tier-member")
router.register("priorities", g.LocalPriorityViewSet, basename="priority")
router.register("priority-actions", g.PriorityActionViewSet, basename="priority-action")
router.register("indicators", g.IndicatorViewSet, basename="indicator")
router.register("indicator-values", g.IndicatorValueViewSet, basename="indicator-value")
router.register("partnership-workers", g.PartnershipWorkerViewSet, basename="partnership-worker")
router.register("investments", g.InvestmentViewSet, basename="investment")
router.register("partnership-members", g.PartnershipMemberViewSet, basename="partnership-member")
router.register(
    "administration/partnerships", views.PartnershipStatusViewSet, basename="partnership-status"
)
urlpatterns = router.urls
