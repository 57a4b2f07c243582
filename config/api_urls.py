from django.urls import include, path

from accounts.api import ObtainTokenView

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("", include("partnerships.api.urls")),
    path("", include("casework.api.urls")),
    path("", include("escalations.api.urls")),
    path("", include("oversight.api.urls")),
]
