"""适用情况: agencies enter how many cases each item in force decided per month.

A clerk picks one of their own items in force and a month; the list, item key and 事项 are taken
from the item. Scoped like everything else: another agency's counts are a 404.
"""

from django import forms
from django.contrib import admin

from agencies.admin import ScopedAdminMixin
from agencies.models import Agency
from lists.models import Item
from lists.selectors import current_items
from oversight.models import ApplicationCount


class ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, item):
        agency_list = item.version.list
        return f"{agency_list.agency.display_name}·{agency_list.list_type.short_name} 第{item.seq}项 {item.matter[:40]}"


class ApplicationCountForm(forms.ModelForm):
    item = ItemChoice(label="事项", queryset=Item.objects.none())

    class Meta:
        model = ApplicationCount
        fields = ["item", "month", "cases"]

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)


@admin.register(ApplicationCount)
class ApplicationCountAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = ApplicationCountForm
    list_display = ["matter", "list", "month", "cases", "entered_by"]
    list_filter = ["month", "list__list_type"]
    search_fields = ["matter"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("list__agency", "list__list_type")
        return qs.visible_to(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        editable = Agency.objects.editable_by(request.user)
        form.base_fields["item"].queryset = items = (
            current_items()
            .filter(version__list__agency__in=editable)
            .select_related("version__list__agency", "version__list__list_type")
            .order_by("version__list__agency__order", "version__list__list_type__order", "seq")
        )
        form.base_fields["item"].initial = obj and items.filter(key=obj.item_key).first()
        return form

    def save_model(self, request, obj, form, change):
        item = form.cleaned_data["item"]
        obj.list, obj.item_key, obj.matter = item.version.list, item.key, item.matter[:300]
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return Agency.objects.editable_by(request.user).exists()

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        return Agency.objects.editable_by(request.user).filter(pk=obj.list.agency_id).exists()

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)
