"""登录失败与锁定: the 安全管理员 sees who or which address is locked, and unlocks early."""

from datetime import timedelta

from axes.utils import reset
from django.contrib import admin, messages
from django.utils import timezone

from security import audit, policy, roles
from security.models import LoginAttempt

UNLOCKED = "已解除 {count} 条锁定记录。"


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ["username_label", "ip_label", "failures_label", "attempt_time", "locked"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    actions = ["unlock"]
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time"]
    readonly_fields = fields

    @admin.display(description="用户名（按输入）", ordering="username")
    def username_label(self, obj):
        return obj.username or "（空）"

    @admin.display(description="来源地址", ordering="ip_address")
    def ip_label(self, obj):
        return obj.ip_address or "（未知）"

    @admin.display(description="连续失败次数", ordering="failures_since_start")
    def failures_label(self, obj):
        return obj.failures_since_start

    @admin.display(description="锁定中")
    def locked(self, obj):
        rules = policy.current()
        recent = obj.attempt_time > timezone.now() - timedelta(minutes=rules.lockout_minutes)
        return "是" if recent and obj.failures_since_start >= rules.failure_limit else "否"

    @admin.action(description="解除所选账户和地址的锁定", permissions=["unlock"])
    def unlock(self, request, queryset):
        count = 0
        for attempt in list(queryset):
            count += reset(ip=attempt.ip_address, username=attempt.username, ip_or_username=True)
            audit.record(
                audit.Action.UNLOCK,
                target=f"账户 {attempt.username or '（空）'} / 地址 {attempt.ip_address or '（未知）'}",
                detail=f"解除前连续失败 {attempt.failures_since_start} 次",
            )
        self.message_user(request, UNLOCKED.format(count=count), messages.SUCCESS)

    def has_unlock_permission(self, request):
        return roles.can_keep_security(request.user)

    def has_module_permission(self, request):
        return roles.can_keep_security(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.can_keep_security(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
