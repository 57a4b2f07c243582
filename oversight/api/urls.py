from rest_framework.routers import SimpleRouter

from .views import (
    OversightGroupViewSet,
    OversightMemberViewSet,
    QuarterlyReportViewSet,
    ReportRequestViewSet,
)

router = SimpleRouter()
router.register("oversight/groups", OversightGroupViewSet, basename="oversight-group")
router.register("oversight/members", OversightMemberViewSet, basename="oversight-member")
router.register("reports/requests", ReportRequestViewSet, basename="report-request")
router.register("reports", QuarterlyReportViewSet, basename="report")
urlpatterns = router.urls
