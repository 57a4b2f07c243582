from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api_urls")),
    path("", include("partnerships.api.urls")),
    path("", include("casework.api.urls")),
    path("", include("escalations.api.urls")),
    path("", include("oversight.api.urls")),
]
