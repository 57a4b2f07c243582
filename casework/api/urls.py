from django.urls import path
from rest_framework.routers import SimpleRouter

from .cadence import (
    CadenceRuleListView,
    CadenceRuleRemoveView,
    CaseCadenceView,
    CaseMissedContactsView,
    MissedContactAcknowledgeView,
)
from .edits import CaseViewSet, ChildViewSet, FamilyViewSet
from .search import ChildSearchView
from .views import (
    CarePlanViewSet,
    ContactViewSet,
    ReferralViewSet,
    RiskAssessmentViewSet,
)

router = SimpleRouter()
router.register("children", ChildViewSet, basename="child")
router.register("cases", CaseViewSet, basename="case")
router.register("contacts", ContactViewSet, basename="contact")
router.register("risk-assessments", RiskAssessmentViewSet, basename="risk-assessment")
router.register("care-plans", CarePlanViewSet, basename="care-plan")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("families", FamilyViewSet, basename="family")
urlpatterns = [
    path("search/children/", ChildSearchView.as_view(), name="child-search"),
    path("cases/<int:pk>/cadence/", CaseCadenceView.as_view(), name="case-cadence"),
    path(
        "cases/<int:pk>/missed-contacts/",
        CaseMissedContactsView.as_view(),
        name="case-missed-contacts",
    ),
    path(
        "missed-contacts/<int:pk>/acknowledge/",
        MissedContactAcknowledgeView.as_view(),
        name="missed-contact-acknowledge",
    ),
    path(
        "communities/<int:community_id>/cadence-rules/",
        CadenceRuleListView.as_view(),
        name="cadence-rule-list",
    ),
    path(
        "cadence-rules/<int:pk>/remove/",
        CadenceRuleRemoveView.as_view(),
        name="cadence-rule-remove",
    ),
    *router.urls,
]
