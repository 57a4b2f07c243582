from django.urls import path

from .views import (
    cadence,
    caseloads,
    children,
    closure,
    edits,
    emergency,
    families,
    records,
    search,
    summary,
    transfers,
)
from .views.exports import case_contacts_export, team_caseload_export
from .views.imports import import_template, records_import

app_name = "casework"
urlpatterns = [
    path("my-caseload/", caseloads.my_caseload, name="my_caseload"),
    path("team/", caseloads.team_caseload, name="team_caseload"),
    path("children/", search.child_list, name="child_list"),
    path("children/search/", search.child_search, name="child_search"),
    path("children/<int:child_id>/summary/", summary.child_summary, name="child_summary"),
    path(
        "children/<int:child_id>/summary.pdf", summary.child_summary_pdf, name="child_summary_pdf"
    ),
    path("children/new/", children.child_create, name="child_create"),
    path("children/<int:child_id>/", children.child_detail, name="child_detail"),
    path("children/<int:child_id>/cases/new/", children.case_open, name="case_open"),
    path("cases/<int:case_id>/contacts/", children.case_contacts, name="case_contacts"),
    path("cases/<int:case_id>/contacts/new/", records.contact_log, name="contact_log"),
    path("contacts/<int:contact_id>/amend/", records.contact_amend, name="contact_amend"),
    path(
        "cases/<int:case_id>/risk-assessments/new/",
        records.risk_assessment_record,
        name="risk_assessment_record",
    ),
    path(
        "safety-threats/<int:threat_id>/resolve/",
        records.safety_threat_resolve,
        name="safety_threat_resolve",
    ),
    path("cases/<int:case_id>/care-plans/new/", records.care_plan_record, name="care_plan_record"),
    path("care-plans/<int:care_plan_id>/edit/", records.care_plan_update, name="care_plan_update"),
    path(
        "cases/<int:case_id>/return-visits/new/",
        records.return_visit_record,
        name="return_visit_record",
    ),
    path("cases/<int:case_id>/referrals/new/", records.referral_create, name="referral_create"),
    path("referrals/<int:referral_id>/edit/", records.referral_update, name="referral_update"),
    path("cases/<int:case_id>/closure/request/", closure.closure_request, name="closure_request"),
    path("cases/<int:case_id>/closure/decide/", closure.closure_decide, name="closure_decide"),
    path(
        "cases/<int:case_id>/agreement/withdraw/",
        closure.agreement_withdraw,
        name="agreement_withdraw",
    ),
    path("tasks/<int:task_id>/decide/", closure.task_decide, name="task_decide"),
    # After the first entry: corrections, case details, reassignment, households, history.
    path("children/<int:child_id>/edit/", edits.child_update, name="child_update"),
    path("children/<int:child_id>/history/", edits.child_history, name="child_history"),
    path("cases/<int:case_id>/edit/", edits.case_update, name="case_update"),
    path("team/reassign/", edits.caseload_reassign, name="caseload_reassign"),
    # Contact cadence and reasons for a late contact.
    path("cases/<int:case_id>/cadence/", cadence.case_cadence, name="case_cadence"),
    path(
        "communities/<int:community_id>/cadence/",
        cadence.partnership_cadence,
        name="partnership_cadence",
    ),
    path(
        "cadence-rules/<int:rule_id>/remove/",
        cadence.cadence_rule_remove,
        name="cadence_rule_remove",
    ),
    path(
        "cases/<int:case_id>/missed-contact/new/",
        cadence.missed_contact_record,
        name="missed_contact_record",
    ),
    path(
        "missed-contacts/<int:missed_id>/acknowledge/",
        cadence.missed_contact_acknowledge,
        name="missed_contact_acknowledge",
    ),
    path("families/new/", families.family_create, name="family_create"),
    path("families/<int:family_id>/", families.family_detail, name="family_detail"),
    path("families/<int:family_id>/edit/", families.family_update, name="family_update"),
    path(
        "families/<int:family_id>/members/new/",
        families.family_member_add,
        name="family_member_add",
    ),
    path(
        "family-members/<int:member_id>/edit/",
        families.family_member_update,
        name="family_member_update",
    ),
    # Records in from a legacy system, and out as files (docs/decisions/0014).
    path("import/", records_import, name="records_import"),
    path("import/templates/<str:kind>.csv", import_template, name="import_template"),
    path("team/export.csv", team_caseload_export, name="team_caseload_export"),
    path(
        "cases/<int:case_id>/contacts/export.csv",
        case_contacts_export,
        name="case_contacts_export",
    ),
    # Children moving between communities, and emergency access to another's child.
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("children/<int:child_id>/transfer/", transfers.transfer_propose, name="transfer_propose"),
    path("transfers/<int:transfer_id>/", transfers.transfer_detail, name="transfer_detail"),
    path("transfers/<int:transfer_id>/accept/", transfers.transfer_accept, name="transfer_accept"),
    path(
        "transfers/<int:transfer_id>/decline/",
        transfers.transfer_decline,
        name="transfer_decline",
    ),
    path(
        "transfers/<int:transfer_id>/withdraw/",
        transfers.transfer_withdraw,
        name="transfer_withdraw",
    ),
    path("emergency/", emergency.emergency_search, name="emergency_search"),
    path("emergency/access/", emergency.emergency_grant, name="emergency_grant"),
    path("emergency/report/", emergency.emergency_report, name="emergency_report"),
    path(
        "emergency/grants/<int:grant_id>/",
        emergency.emergency_grant_detail,
        name="emergency_grant_detail",
    ),
]
