"""Reference data the bureau keeps: what each list type means to the public (清单类型说明) and the
holiday table for years chinesecalendar does not know yet (节假日安排)."""

from django.contrib import admin

from agencies.permissions import can_edit_public_texts
from lists import workdays
from lists.models import CalendarDay, ListType


def _allowed(request) -> bool:
    if not hasattr(request, "_can_edit_public_texts"):
        request._can_edit_public_texts = can_edit_public_texts(request.user)
    return request._can_edit_public_texts


class BureauKeptAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return _allowed(request)

    def has_view_permission(self, request, obj=None):
        return _allowed(request)

    def has_change_permission(self, request, obj=None):
        return _allowed(request)


@admin.register(ListType)
class ListTypeAdmin(BureauKeptAdmin):
    """The codes and column names are fixed interfaces (not shown here); the texts are the
    bureau's."""

    list_display = ("name", "description")
    fields = ("name", "description", "explanation")
    readonly_fields = ("name",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(BureauKeptAdmin):
    list_display = ("day", "kind", "name", "source")
    list_filter = ("kind",)
    date_hierarchy = "day"
    fields = ("day", "kind", "name", "source")

    def has_add_permission(self, request):
        return _allowed(request)

    def has_delete_permission(self, request, obj=None):
        return _allowed(request)

    def changelist_view(self, request, extra_context=None):
        warning = workdays.calendar_warning()
        if warning:
            self.message_user(request, warning, level="warning")
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        workdays.forget()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        workdays.forget()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        workdays.forget()
