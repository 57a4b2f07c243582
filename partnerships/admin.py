from django.contrib import admin

from .models import (
    Community,
    GovernanceTier,
    Indicator,
    IndicatorValue,
    Investment,
    LocalPriority,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    PartnershipWorker,
    PriorityAction,
    Region,
    TierMember,
)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Operators' admin: superusers only (the product's own pages are the main path)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "slug"]


@admin.register(Community)
class CommunityAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "region", "runs_maccst"]
    list_filter = ["region"]


@admin.register(Partnership)
class PartnershipAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "status", "established_on", "keeps_case_records"]


@admin.register(Organisation)
class OrganisationAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]


@admin.register(PartnershipMember)
class PartnershipMemberAdmin(SuperuserOnlyAdmin):
    list_display = ["__str__", "partnership", "role", "starts_on", "ends_on"]


@admin.register(Membership)
class MembershipAdmin(SuperuserOnlyAdmin):
    """Read-only here: access changes go through the product's pages so guardian stays in step."""

    list_display = ["user", "role", "community", "starts_on", "ends_on", "granted_by"]
    list_filter = ["role", "community"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FencedModelAdmin(SuperuserOnlyAdmin):
    """Community data: superusers only (the fence middleware opens every scope for them here).

    ``community`` is read-only: it follows the parent record, which the services set.
    Adding happens in the product's pages, through the services.
    """

    # The record's parent: moving a record to another parent could put it under
    # another community while ``community`` stays behind, so it cannot be changed here.
    parent_field = "partnership"

    def get_readonly_fields(self, request, obj=None):
        return ["community", self.parent_field]

    def has_add_permission(self, request):
        return False


@admin.register(GovernanceTier)
class GovernanceTierAdmin(FencedModelAdmin):
    list_display = ["name", "kind", "partnership"]
    list_filter = ["kind"]


@admin.register(TierMember)
class TierMemberAdmin(FencedModelAdmin):
    parent_field = "tier"
    list_display = ["__str__", "tier", "is_aboriginal_community_member", "is_from_acco"]


@admin.register(LocalPriority)
class LocalPriorityAdmin(FencedModelAdmin):
    list_display = ["title", "area", "partnership"]


@admin.register(PriorityAction)
class PriorityActionAdmin(FencedModelAdmin):
    parent_field = "priority"
    list_display = ["description", "priority", "due_on", "status"]


@admin.register(Indicator)
class IndicatorAdmin(FencedModelAdmin):
    list_display = ["name", "partnership", "unit", "target"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(FencedModelAdmin):
    parent_field = "indicator"
    list_display = ["indicator", "period_end", "value", "source"]


@admin.register(PartnershipWorker)
class PartnershipWorkerAdmin(FencedModelAdmin):
    list_display = ["role_title", "person_name", "partnership", "starts_on", "ends_on"]


@admin.register(Investment)
class InvestmentAdmin(FencedModelAdmin):
    list_display = ["partnership", "financial_year", "purpose", "amount"]
