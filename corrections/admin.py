"""纠错 in the admin: the agency's clerks and leads answer; its bureau reads. Scoped through
Correction.objects.visible_to (Agency.objects.visible_to underneath)."""

from django import forms
from django.contrib import admin, messages

from agencies.admin import ScopedAdminMixin
from agencies.models import Agency
from agencies.permissions import can_edit_agency
from corrections import services
from corrections.models import Correction


class RespondForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["state", "reply"]

    def clean(self):
        data = super().clean()
        if data.get("state") == Correction.State.PENDING:
            raise forms.ValidationError("请选择“已采纳”或“不采纳”。")
        if not (data.get("reply") or "").strip():
            self.add_error("reply", services.REPLY_REQUIRED)
        return data


@admin.register(Correction)
class CorrectionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = RespondForm
    list_display = ["matter_short", "agency", "state", "created_at", "handled_at"]
    list_filter = ["state", "agency"]
    search_fields = ["matter", "text"]
    readonly_fields = [
        "agency",
        "list_name",
        "version_number",
        "matter",
        "text",
        "has_contact",
        "created_at",
        "handled_by",
        "handled_at",
    ]
    fields = [*readonly_fields[:6], "state", "reply", *readonly_fields[6:]]

    @admin.display(description="事项")
    def matter_short(self, obj):
        return obj.matter[:40]

    @admin.display(description="报告人留了邮箱", boolean=True)
    def has_contact(self, obj):
        return bool(obj.contact)  # the address itself is only used to mail the reply

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).select_related("agency")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        user = request.user
        return user.is_active and user.is_staff and Agency.objects.visible_to(user).exists()

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return Agency.objects.editable_by(request.user).exists()
        return can_edit_agency(request.user, obj.agency)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.respond(
                obj,
                acting_user=request.user,
                state=form.cleaned_data["state"],
                reply=form.cleaned_data["reply"],
            )
        except services.InvalidReport as error:  # RespondForm checks the same: a race at most
            messages.error(request, error.message)
            return
        if obj.contact:
            messages.info(request, "答复已发送给报告人。")
