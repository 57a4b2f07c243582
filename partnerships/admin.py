from django.contrib import admin

from .models import Community, Membership, Organisation, Partnership, PartnershipMember, Region


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
