from django.contrib import admin, messages
from django.http import Http404
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from agencies.models import Agency, Membership
from agencies.permissions import dual_role_agencies
from agencies.resources import AgencyResource
from security.roles import can_manage_agencies, ordinary_accounts

DUAL_ROLE_WARNING = (
    "注意：{user} 既是 {agencies} 的填报人员，又是其审查机关的审查员。"
    "系统不允许同一人审查自己提交或修改的版本（四眼原则），请确认这样的安排是必要的。"
)


class ScopedAdminMixin:
    """Objects outside the user's scope look exactly like missing ones: a 404, not a redirect."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def get_actions(self, request):
        # delete_selected bypasses Model.delete() and checks no object: never offer it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class AgencyExportForm(SelectableFieldsExportForm):
    """The export page names each column by its Chinese header, not its English attribute."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field else field_name


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Administrators' accounts hold no agency role (三权分立): only the superuser may.
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = ordinary_accounts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return can_manage_agencies(request.user)

    def has_add_permission(self, request, obj=None):
        return can_manage_agencies(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_agencies(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_manage_agencies(request.user)


@admin.register(Agency)
class AgencyAdmin(ScopedAdminMixin, ImportExportMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "level",
        "review_bureau",
        "field_tags",
        "active_label",
        "order",
    ]
    list_filter = ["kind", "level", "active"]
    search_fields = ["name", "short_name", "code"]
    list_editable = ["order"]
    autocomplete_fields = ["parent", "review_bureau"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "kind", "level"]}),
        ("隶属与审查", {"fields": ["parent", "review_bureau", "fields"]}),
        ("审查时限（司法行政部门）", {"fields": ["review_time_limit", "correction_time_limit"]}),
        ("状态", {"fields": ["active", "order"]}),
    ]
    inlines = [MembershipInline]
    resource_classes = [AgencyResource]
    export_form_class = AgencyExportForm
    formats = [base_formats.CSV, base_formats.XLSX]  # spreadsheets only, no json/yaml/html

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        users = {m.user for m in form.instance.memberships.select_related("user")}
        for user in sorted(users, key=lambda u: u.username):
            names = [a.display_name for a in dual_role_agencies(user)]
            if names:
                warning = DUAL_ROLE_WARNING.format(user=user.username, agencies="、".join(names))
                self.message_user(request, warning, messages.WARNING)

    @admin.display(description="有效", ordering="active")
    def active_label(self, obj):
        # Django's boolean icon reads "True"/"False" to screen readers.
        return "是" if obj.active else "否"

    @admin.display(description="执法领域")
    def field_tags(self, obj):
        return "、".join(obj.fields or [])

    def get_fieldsets(self, request, obj=None):
        # Read-only viewers see 有效 as 是/否: Django's boolean icon reads "True" aloud.
        if self.has_change_permission(request, obj):
            return self.fieldsets
        return [
            (name, {"fields": ["active_label" if f == "active" else f for f in opts["fields"]]})
            for name, opts in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if self.has_change_permission(request, obj) else ["active_label"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("review_bureau")
        if can_manage_agencies(request.user):  # the 系统管理员 keeps every agency
            return queryset
        return queryset.visible_to(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return can_manage_agencies(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_agencies(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    # django-import-export lets any admin user import unless told otherwise: agencies and their
    # review bureaus are the 系统管理员's to set.
    def has_import_permission(self, request):
        return can_manage_agencies(request.user)

    def has_export_permission(self, request):
        return can_manage_agencies(request.user)
