from django.urls import path

from . import api

urlpatterns = [
    path("auth/token/", api.ObtainTokenView.as_view(), name="api-token"),
    path("auth/tokens/", api.OwnTokenListView.as_view(), name="api-token-list"),
    path("auth/tokens/<str:token_id>/", api.OwnTokenDetailView.as_view(), name="api-token-detail"),
    path(
        "users/<int:pk>/second-factor/",
        api.SecondFactorAdminView.as_view(),
        name="api-second-factor",
    ),
]
