"""The bureau's registers in the admin: laws, campaigns, exemptions, 备案, tasks, usage counts.

Declarative; scoping and permissions come from oversight.permissions and the querysets'
visible_to. Status changes go through oversight services (admin_views), never a form field.
"""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from agencies.admin import ScopedAdminMixin
from agencies.models import Agency
from oversight import admin_views, registry
from oversight.models import (
    AdjustmentTask,
    BureauSettings,
    Campaign,
    Exemption,
    FilingRecord,
    Law,
    LawAlias,
)
from oversight.permissions import bureaus_of, is_bureau_lead, is_bureau_staff, led_bureaus


def staff(request) -> bool:
    # Asked several times per model on the admin index: remember it for the request.
    if not hasattr(request, "_oversight_staff"):
        request._oversight_staff = request.user.is_staff and is_bureau_staff(request.user)
    return request._oversight_staff


def lead(request) -> bool:
    if not hasattr(request, "_oversight_lead"):
        request._oversight_lead = request.user.is_staff and is_bureau_lead(request.user)
    return request._oversight_lead


class BureauStaffAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Seen by the bureau's leads and reviewers; changed by its leads."""

    def has_module_permission(self, request):
        return staff(request)

    def has_view_permission(self, request, obj=None):
        return staff(request)

    def has_add_permission(self, request, obj=None):
        return lead(request)

    def has_change_permission(self, request, obj=None):
        return lead(request)

    def has_delete_permission(self, request, obj=None):
        return lead(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "bureau":
            kwargs["queryset"] = led_bureaus(request.user)
        elif db_field.name == "agency":
            kwargs["queryset"] = Agency.objects.filter(review_bureau__in=led_bureaus(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LawAliasInline(admin.TabularInline):
    model = LawAlias
    extra = 1


@admin.register(Law)
class LawAdmin(BureauStaffAdmin):
    list_display = ["__str__", "status", "changed_on", "verified", "citation_count"]
    list_filter = ["status", "verified"]
    search_fields = ["name", "aliases__name"]
    readonly_fields = ["status", "changed_on", "change_note", "public_link"]
    fields = ["name", "edition", "promulgated_on", "verified", *readonly_fields]
    inlines = [LawAliasInline]
    change_form_template = "admin/oversight/law/change_form.html"
    actions = ["rebuild"]

    def get_urls(self):
        status = self.admin_site.admin_view(admin_views.LawStatusView.as_view(model_admin=self))
        return [
            path("<int:object_id>/status/", status, name="oversight_law_status")
        ] + super().get_urls()

    @admin.display(description="现行清单引用")
    def citation_count(self, law):
        return registry.in_force_citations().filter(law=law).count()

    @admin.display(description="公开页面")
    def public_link(self, law):
        url = reverse("laws:detail", args=[law.slug]) if law.slug else ""
        return format_html('<a href="{}">查看公开页面</a>', url) if url else "—"

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for alias in form.instance.aliases.all():
            registry.merge_into(form.instance, alias)

    @admin.action(description="重新解析全部已公布清单的法规引用")
    def rebuild(self, request, queryset):
        count = registry.rebuild_index()
        self.message_user(request, f"已重建引用索引：{count} 条引用。")


@admin.register(Campaign)
class CampaignAdmin(BureauStaffAdmin):
    list_display = ["name", "bureau", "due_date"]
    list_filter = ["bureau"]
    filter_horizontal = ["list_types", "agencies"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(bureau__in=bureaus_of(request.user))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "agencies":
            kwargs["queryset"] = Agency.objects.filter(review_bureau__in=led_bureaus(request.user))
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        # Django appends "按住 Control 键，或者 Mac 上的 Command 键…" to every multiple select.
        field.help_text = db_field.help_text
        return field


@admin.register(Exemption)
class ExemptionAdmin(BureauStaffAdmin):
    list_display = ["agency", "list_type", "reason", "decided_by", "created_at"]
    list_filter = ["list_type"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(agency__review_bureau__in=bureaus_of(request.user))
        )

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BureauSettings)
class BureauSettingsAdmin(BureauStaffAdmin):
    list_display = [
        "bureau",
        "filing_order",
        "filing_workdays",
        "adjustment_workdays",
        "monthly_report",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(bureau__in=bureaus_of(request.user))


@admin.register(FilingRecord)
class FilingRecordAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "version", "published_on", "due_on", "filed_on", "state"]
    list_filter = ["bureau", "filed_on"]
    search_fields = ["number", "version__list__agency__name", "version__document_no"]
    actions = ["mark_filed"]

    def get_queryset(self, request):
        qs = (
            super()
            .get_queryset(request)
            .select_related("version__list__agency", "version__list__list_type")
        )
        return qs.filter(bureau__in=bureaus_of(request.user))

    @admin.display(description="备案状态")
    def state(self, record):
        return admin_views.filing_state(record)

    @admin.action(description="确认已收到备案")
    def mark_filed(self, request, queryset):
        admin_views.mark_filed(self, request, queryset)

    def has_module_permission(self, request):
        return staff(request)

    def has_view_permission(self, request, obj=None):
        return staff(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and staff(request)  # the action only

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdjustmentTask)
class AdjustmentTaskAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["list", "law", "reason", "status", "due_on", "decision"]
    list_filter = ["status"]
    readonly_fields = [
        "list",
        "law",
        "reason",
        "status",
        "due_on",
        "rows_text",
        "created_at",
        "closed_at",
        "closed_by_version",
        "decision",
        "decided_by",
    ]
    fields = readonly_fields
    change_form_template = "admin/oversight/adjustmenttask/change_form.html"

    def get_urls(self):
        decline = self.admin_site.admin_view(admin_views.DeclineTaskView.as_view(model_admin=self))
        return [
            path("<int:object_id>/decline/", decline, name="oversight_adjustmenttask_decline")
        ] + super().get_urls()

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("law", "list__agency", "list__list_type")
        return qs.visible_to(request.user)

    @admin.display(description="涉及事项")
    def rows_text(self, task):
        return format_html_join(
            mark_safe("<br>"), "第 {} 项 {}", ((row["seq"], row["matter"]) for row in task.rows)
        )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from oversight import usage_admin  # noqa: E402, F401  (registers 适用情况)
