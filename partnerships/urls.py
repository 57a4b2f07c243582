from django.urls import path

from . import views

app_name = "partnerships"
community = "communities/<slug:slug>/"
urlpatterns = [
    path("communities/", views.community_list, name="community_list"),
    path(community, views.community_detail, name="community_detail"),
    path(f"{community}case-records/", views.case_records, name="case_records"),
    path(f"{community}tiers/new/", views.tier_create, name="tier_create"),
    path(f"{community}tiers/<int:pk>/", views.tier_detail, name="tier_detail"),
    path(
        f"{community}tiers/<int:pk>/members/<int:member_pk>/end/",
        views.tier_member_end,
        name="tier_member_end",
    ),
    path(f"{community}priorities/", views.priority_list, name="priority_list"),
    path(f"{community}priorities/<int:pk>/", views.priority_detail, name="priority_detail"),
    path(f"{community}actions/<int:pk>/", views.action_update, name="action_update"),
    path(f"{community}indicators/", views.dashboard, name="dashboard"),
    path(f"{community}indicators/new/", views.indicator_create, name="indicator_create"),
    path(f"{community}indicators/import/", views.indicator_import, name="indicator_import"),
    path(f"{community}indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path(f"{community}workers/", views.workers, name="workers"),
    path(f"{community}investment/", views.investment, name="investment"),
    path(
        f"{community}priorities/<int:pk>/edit/",
        views.priority_edit,
        name="priority_edit",
    ),
    path(
        f"{community}priorities/<int:pk>/retire/",
        views.priority_retire,
        name="priority_retire",
    ),
    path(
        f"{community}indicators/<int:pk>/edit/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        f"{community}indicators/<int:pk>/retire/",
        views.indicator_retire,
        name="indicator_retire",
    ),
    path(
        f"{community}workers/<int:pk>/edit/",
        views.worker_edit,
        name="worker_edit",
    ),
    path(
        f"{community}workers/<int:pk>/end/",
        views.worker_end,
        name="worker_end",
    ),
    path(
        f"{community}investment/<int:pk>/edit/",
        views.investment_edit,
        name="investment_edit",
    ),
    path(
        f"{community}investment/<int:pk>/withdraw/",
        views.investment_withdraw,
        name="investment_withdraw",
    ),
    path("administration/", views.admin_home, name="admin_home"),
    path("administration/onboard/", views.admin_onboard, name="admin_onboard"),
    path(
        "administration/territory-wide/",
        views.admin_territory_wide,
        name="admin_territory_wide",
    ),
    path(
        "administration/communities/<slug:slug>/access/",
        views.admin_access,
        name="admin_access",
    ),
    path("administration/memberships/<int:pk>/", views.admin_membership, name="admin_membership"),
    path("administration/users/<int:pk>/", views.admin_user, name="admin_user"),
    path(f"{community}members/", views.partnership_members, name="partnership_members"),
    path(
        f"{community}members/<int:pk>/end/",
        views.partnership_member_end,
        name="partnership_member_end",
    ),
    path(
        "administration/communities/<slug:slug>/status/",
        views.partnership_status,
        name="partnership_status",
    ),
    path("welcome/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password_set"),
]
