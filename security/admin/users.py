"""账户 for the 系统管理员 (create, edit, deactivate ordinary accounts) and the 安全管理员
(reset an ordinary account's password); privileged accounts and roles for the superuser alone.

Accounts are never deleted (deactivate instead): the audit trail and the lists' history name
them. A password set here is an initial password its owner must change at the next login
(security.passwords).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html

from security import roles

User = get_user_model()
PROFILE = [
    (None, {"fields": ["username"]}),
    ("个人信息", {"fields": ["first_name", "last_name", "email"]}),
    ("状态", {"fields": ["is_active", "is_staff"]}),
]
SEEN = ("登录记录", {"fields": ["last_login", "date_joined"]})

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "state", "admin_roles", "last_login"]
    list_filter = ["is_active", "is_staff"]
    readonly_fields = ["last_login", "date_joined"]
    actions = None

    @admin.display(description="姓名")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description="状态", ordering="is_active")
    def state(self, obj):
        return "启用" if obj.is_active else "停用"

    @admin.display(description="管理角色")
    def admin_roles(self, obj):
        names = [g.name for g in obj.groups.all() if g.name in roles.ROLES]
        return "超级用户（仅用于安装）" if obj.is_superuser else "、".join(names) or "—"

    @admin.display(description="密码")
    def reset_link(self, obj):
        if not roles.can_reset_password(self._request.user, obj):
            return "—"
        url = reverse("admin:auth_user_password_change", args=[obj.pk])
        return format_html('<a href="{}">重置密码</a>', url)

    def get_list_display(self, request):
        self._request = request
        if roles.can_keep_security(request.user):
            return [*self.list_display, "reset_link"]
        return self.list_display

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # an account outside the user's scope looks exactly like a missing one

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=roles.ordinary_accounts().values("pk"))

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if request.user.is_superuser:
            return [*self.fieldsets[:3], SEEN]
        return [*PROFILE, SEEN]

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not roles.can_reset_password(request.user, user):
            raise PermissionDenied
        request._security_resetting = user.pk
        return super().user_change_password(request, id, form_url)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        user = request.user
        return roles.can_manage_accounts(user) or roles.can_keep_security(user)

    def has_add_permission(self, request):
        return roles.can_manage_accounts(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None and getattr(request, "_security_resetting", None) == obj.pk:
            return True  # the password form, already checked by can_reset_password
        if obj is None:
            return roles.can_manage_accounts(request.user)
        return roles.can_change_account(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False
