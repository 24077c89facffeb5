"""清单: an agency's lists; a clerk creates one by choosing its type and lands on its first draft."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join

from agencies.admin import ScopedAdminMixin
from agencies.models import Agency
from agencies.permissions import can_edit_agency
from lists import workflow
from lists.admin.common import has_scope, status_badge
from lists.models import EnforcementList, ListType
from lists.version_changelist import ListAgencyFilter


@admin.register(EnforcementList)
class EnforcementListAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["agency", "list_type", "versions_summary", "abolished_at"]
    list_filter = ["list_type", ListAgencyFilter]
    search_fields = ["agency__name", "list_type__name"]
    fields = ["agency", "list_type"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("agency", "list_type")
            .prefetch_related("versions")
        )

    @admin.display(description="版本")
    def versions_summary(self, obj):
        return format_html_join(
            " ",
            '<a href="../listversion/{}/change/">第{}版 {}</a>',
            (
                (v.pk, v.number, status_badge(v))
                for v in sorted(obj.versions.all(), key=lambda v: v.number)
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        return ["agency", "list_type"] if obj else []

    def _own_agency(self, request) -> Agency | None:
        """The one agency a clerk keeps lists for (None for leads of several, site admins)."""
        if not hasattr(request, "_lists_own_agency"):
            editable = list(Agency.objects.editable_by(request.user)[:2])
            request._lists_own_agency = editable[0] if len(editable) == 1 else None
        return request._lists_own_agency

    def get_fieldsets(self, request, obj=None):
        agency = self._own_agency(request) if obj is None else None
        if agency is None:
            return super().get_fieldsets(request, obj)
        # A clerk's agency is theirs: only the list type is asked.
        note = f"为“{agency.name}”新建清单。选择清单类型后，系统建立第 1 版草稿并打开它。"
        return [(None, {"fields": ["list_type"], "description": note})]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = Agency.objects.editable_by(request.user)
        agency = self._own_agency(request)
        if db_field.name == "list_type" and agency is not None:
            kwargs["queryset"] = ListType.objects.exclude(lists__agency=agency)
            kwargs["empty_label"] = "请选择清单类型"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            "title": "新建清单",
            "show_save_and_add_another": False,
            "show_save_and_continue": False,
            **(extra_context or {}),
        }
        return super().add_view(request, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)  # ?list_type= from the home page
        editable = Agency.objects.editable_by(request.user)
        if editable.count() == 1:
            initial["agency"] = editable.first()
        return initial

    def response_add(self, request, obj, post_url_continue=None):
        # The clerk lands on the new list's draft, where rows are typed or imported.
        draft = obj.versions.order_by("-number").first()
        self.message_user(request, f"已创建“{obj}”，请在第 {draft.number} 版草稿中填写事项。")
        return redirect(reverse("admin:lists_listversion_change", args=[draft.pk]))

    def save_model(self, request, obj, form, change):
        if change:
            return
        editable = Agency.objects.editable_by(request.user)
        # A clerk's agency comes from the clerk, never from the form.
        agency = editable.get() if editable.count() == 1 else form.cleaned_data["agency"]
        if not can_edit_agency(request.user, agency):
            raise PermissionDenied
        created = workflow.create_list(
            agency, form.cleaned_data["list_type"], acting_user=request.user
        )
        obj.pk, obj.agency = created.pk, agency

    def has_module_permission(self, request):
        return has_scope(request)

    def has_view_permission(self, request, obj=None):
        return has_scope(request)

    def has_add_permission(self, request):
        return Agency.objects.editable_by(request.user).exists()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
