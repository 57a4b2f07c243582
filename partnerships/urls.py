from django.urls import path

from . import views

app_name = "partnerships"
urlpatterns = [
    path("communities/", views.community_list, name="community_list"),
    path("communities/<slug:slug>/", views.community_detail, name="community_detail"),
]
