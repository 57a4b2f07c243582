from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("my-caseload/", views.my_caseload, name="my_caseload"),
    path("team/", views.team_caseload, name="team_caseload"),
    path("children/new/", views.child_create, name="child_create"),
    path("children/<int:child_id>/", views.child_detail, name="child_detail"),
    path("children/<int:child_id>/cases/new/", views.case_open, name="case_open"),
    path("cases/<int:case_id>/contacts/", views.case_contacts, name="case_contacts"),
    path("cases/<int:case_id>/contacts/new/", views.contact_log, name="contact_log"),
    path("contacts/<int:contact_id>/amend/", views.contact_amend, name="contact_amend"),
    path(
        "cases/<int:case_id>/risk-assessments/new/",
        views.risk_assessment_record,
        name="risk_assessment_record",
    ),
    path(
        "safety-threats/<int:threat_id>/resolve/",
        views.safety_threat_resolve,
        name="safety_threat_resolve",
    ),
    path("cases/<int:case_id>/care-plans/new/", views.care_plan_record, name="care_plan_record"),
    path("care-plans/<int:care_plan_id>/edit/", views.care_plan_update, name="care_plan_update"),
    path(
        "cases/<int:case_id>/return-visits/new/",
        views.return_visit_record,
        name="return_visit_record",
    ),
    path("cases/<int:case_id>/referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<int:referral_id>/edit/", views.referral_update, name="referral_update"),
    path("cases/<int:case_id>/closure/request/", views.closure_request, name="closure_request"),
    path("cases/<int:case_id>/closure/decide/", views.closure_decide, name="closure_decide"),
    path(
        "cases/<int:case_id>/agreement/withdraw/",
        views.agreement_withdraw,
        name="agreement_withdraw",
    ),
    path("tasks/<int:task_id>/decide/", views.task_decide, name="task_decide"),
]
