from django.urls import path

from . import recovery_views, views

app_name = "accounts"
urlpatterns = [
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path(
        "two-factor/enrol/<uidb64>/<token>/",
        views.two_factor_enrol_link,
        name="two_factor_enrol_link",
    ),
    path("password-reset/", recovery_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        recovery_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        recovery_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        recovery_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/", recovery_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        recovery_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("tokens/", recovery_views.own_tokens, name="tokens"),
    path(
        "administration/users/<int:pk>/second-factor/",
        recovery_views.admin_second_factor,
        name="admin_second_factor",
    ),
]
