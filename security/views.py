"""The page a locked-out login gets (django-axes calls `locked_out`, settings.AXES_LOCKOUT_CALLABLE).

It is the login page again with one message, the same whether the account exists, whether the
account or the address is locked, and whether the password typed was right: it tells an
attacker nothing, and a user what to do.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.forms.utils import ErrorDict, ErrorList
from django.template.response import TemplateResponse

from security import policy

LOCKED_OUT = "登录失败次数过多，已暂停登录 {minutes} 分钟。请稍后再试，或联系安全管理员解除锁定。"


def locked_out(request, original_response=None, credentials=None):
    message = LOCKED_OUT.format(minutes=policy.current().lockout_minutes)
    form = AdminAuthenticationForm(request, initial={"username": request.POST.get("username")})
    form._errors = ErrorDict({"__all__": ErrorList([message])})  # shown, never re-validated
    context = {
        **admin.site.each_context(request),
        "title": "登录",
        "subtitle": None,
        "app_path": request.get_full_path(),
        "form": form,
        "username": "",
        "site_header": admin.site.site_header,
    }
    response = TemplateResponse(request, "admin/login.html", context, status=429)
    return response.render()
