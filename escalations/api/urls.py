from rest_framework.routers import SimpleRouter

from .history import ThemeViewSet
from .writes import EscalationViewSet, LeadersMeetingViewSet

router = SimpleRouter()
router.register("themes", ThemeViewSet, basename="theme")
router.register("leaders-meetings", LeadersMeetingViewSet, basename="leaders-meeting")
router.register("escalations", EscalationViewSet, basename="escalation")
urlpatterns = router.urls
