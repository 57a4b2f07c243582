from rest_framework.routers import SimpleRouter

from .views import CommunityViewSet

router = SimpleRouter()
router.register("communities", CommunityViewSet, basename="community")
urlpatterns = router.urls
