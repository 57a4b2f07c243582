from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("group/", views.group, name="group"),
    path("group/new/", views.group_create, name="group_create"),
    path("group/constitute/", views.group_constitute, name="group_constitute"),
    path("group/members/new/", views.member_create, name="member_create"),
    path("group/members/<int:pk>/", views.member_update, name="member_update"),
    path("group/members/<int:pk>/end/", views.member_end, name="member_end"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
]
