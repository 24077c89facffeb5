from django.contrib import admin
from django.http import Http404
from import_export.admin import ImportExportMixin

from agencies.models import Agency, Membership
from agencies.resources import AgencyResource


class ScopedAdminMixin:
    """Objects outside the user's scope look exactly like missing ones: a 404, not a redirect."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def get_actions(self, request):
        # delete_selected bypasses Model.delete() and checks no object: never offer it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(ScopedAdminMixin, ImportExportMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "level",
        "review_bureau",
        "field_tags",
        "active",
        "order",
    ]
    list_filter = ["kind", "level", "active"]
    search_fields = ["name", "short_name", "code"]
    list_editable = ["order"]
    autocomplete_fields = ["parent", "review_bureau"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "kind", "level"]}),
        ("隶属与审查", {"fields": ["parent", "review_bureau", "fields"]}),
        ("状态", {"fields": ["active", "order"]}),
    ]
    inlines = [MembershipInline]
    resource_classes = [AgencyResource]

    @admin.display(description="执法领域")
    def field_tags(self, obj):
        return "、".join(obj.fields or [])

    def get_queryset(self, request):
        return (
            super().get_queryset(request).visible_to(request.user).select_related("review_bureau")
        )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    # django-import-export lets any admin user import unless told otherwise: agencies and their
    # review bureaus are the site admin's to set.
    def has_import_permission(self, request):
        return request.user.is_superuser

    def has_export_permission(self, request):
        return request.user.is_superuser
