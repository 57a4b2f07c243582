from django.urls import path

from . import views

app_name = "escalations"
urlpatterns = [
    path("themes/", views.theme_list, name="theme_list"),
    path("themes/new/", views.theme_create, name="theme_create"),
    path("themes/<int:pk>/", views.theme_detail, name="theme_detail"),
    path("themes/<int:pk>/edit/", views.theme_update, name="theme_update"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<int:pk>/actions/<int:action_pk>/done/",
        views.meeting_action_done,
        name="meeting_action_done",
    ),
    path("", views.escalation_list, name="escalation_list"),
    path("new/", views.escalation_create, name="escalation_create"),
    path("<int:pk>/", views.escalation_detail, name="escalation_detail"),
    path("regional/", views.regional_list, name="regional_list"),
]
