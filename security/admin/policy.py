"""安全策略: one row, kept by the 安全管理员; every change is in the audit trail."""

from django.contrib import admin
from django.shortcuts import redirect

from security import audit, roles
from security.models import SecurityPolicy


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(admin.ModelAdmin):
    fieldsets = [
        ("登录失败处理", {"fields": ["failure_limit", "lockout_minutes"]}),
        ("会话", {"fields": ["idle_minutes", "session_hours"]}),
        ("密码", {"fields": ["password_max_age_days"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        # One row: the list is the form.
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        SecurityPolicy.objects.get_or_create(pk=1)
        return redirect("admin:security_securitypolicy_change", 1)

    def save_model(self, request, obj, form, change):
        old = SecurityPolicy.objects.filter(pk=1).first() or SecurityPolicy()
        super().save_model(request, obj, form, change)
        changes = [
            f"{obj._meta.get_field(name).verbose_name}：{getattr(old, name)}→{getattr(obj, name)}"
            for name in form.changed_data
        ]
        if changes:
            audit.record(audit.Action.POLICY, target="安全策略", detail="；".join(changes))

    def has_module_permission(self, request):
        return roles.can_keep_security(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.can_keep_security(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.can_keep_security(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
