"""Two middlewares: the audit trail's view of every request, and the session rules.

AuditMiddleware keeps the request in a context variable (security.audit) and records what a
response says happened: a 403 (permission denied, CSRF failure), a file handed out by the admin
(Content-Disposition: attachment), an import confirmed (IMPORTS, by URL name).

SessionPolicyMiddleware ends a session idle for longer than the policy allows, or older than
its absolute lifetime (both fixed at login, security.receivers), and sends an account whose
password is initial, reset or expired to the password change page before anything else.
"""

import time
from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from security import audit

Action = audit.Action
Result = audit.Result

# URL name -> what a POST to it means; a redirect is success, anything else a refusal.
IMPORTS = {
    "lists_import_confirm": "确认导入清单表格",
    "admin:agencies_agency_process_import": "导入单位表格",
}
IDLE = "您已超过 {minutes} 分钟未操作，为保护账户已自动退出，请重新登录。"
TOO_OLD = "本次登录已满 {hours} 小时，请重新登录。"
MUST_CHANGE = "您的密码是初始密码、已被重置或已过有效期，请先修改密码。"
SEEN_EVERY = 60  # seconds: how stale the last-seen stamp may get before it is written


def _filename(disposition: str) -> str:
    plain = ""
    for part in disposition.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name == "filename*":
            return unquote(value.split("''", 1)[-1])
        if name == "filename":
            plain = value.strip('"')
    return plain


def _url_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name or ""


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_request.set(request)
        try:
            response = self.get_response(request)
            self.observe(request, response)
        finally:
            audit.current_request.reset(token)
        return response

    def observe(self, request, response) -> None:
        if response.status_code == 403:
            audit.record(
                Action.DENIED,
                result=Result.DENIED,
                target=f"{request.method} {request.path}"[:300],
                detail=getattr(response, "reason_phrase", ""),
            )
            return
        disposition = response.get("Content-Disposition", "")
        if request.path.startswith("/admin/") and disposition.startswith("attachment"):
            audit.record(Action.EXPORT, target=_filename(disposition) or request.path)
            return
        what = IMPORTS.get(_url_name(request))
        if what and request.method == "POST" and request.POST.get("action", "confirm") == "confirm":
            ok = response.status_code in (301, 302, 303)
            audit.record(
                Action.IMPORT,
                target=what,
                result=Result.SUCCESS if ok else Result.FAILURE,
                detail="" if ok else "未写入：预览中有错误或未确认",
            )


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self.enforce(request)
            if response is not None:
                return response
        return self.get_response(request)

    def enforce(self, request):
        session = request.session
        now = time.time()
        login_at = session.setdefault("security_login_at", now)
        seen = session.get("security_seen_at", login_at)
        idle = session.get("security_idle_seconds", settings.SESSION_IDLE_MINUTES * 60)
        lifetime = session.get("security_max_seconds", settings.SESSION_MAX_HOURS * 3600)
        if now - seen > idle:
            return self.expire(request, IDLE.format(minutes=idle // 60), "空闲超时")
        if now - login_at > lifetime:
            return self.expire(request, TOO_OLD.format(hours=lifetime // 3600), "超过最长时长")
        if now - seen > SEEN_EVERY:
            session["security_seen_at"] = now
        if session.get("security_must_change") and request.path.startswith("/admin/"):
            allowed = {
                reverse(name)
                for name in ("admin:password_change", "admin:password_change_done", "admin:logout")
            }
            if request.path not in allowed and not request.path.startswith("/admin/jsi18n"):
                messages.warning(request, MUST_CHANGE)
                return redirect("admin:password_change")
        return None

    def expire(self, request, message: str, why: str):
        audit.record(Action.SESSION_EXPIRED, result=Result.SUCCESS, detail=why)
        request._security_expired = True
        logout(request)
        if request.path.startswith("/admin/"):
            messages.info(request, message)
            return redirect(f"{reverse('admin:login')}?next={request.path}")
        return None
