"""E-mail sent after a workflow step commits: who must act next learns it at once."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

from agencies.models import Membership

SUBJECTS = {
    "submit": "【待审查】{agency}《{list_name}》第 {number} 版已提交审查",
    "return": "【被退回】{agency}《{list_name}》第 {number} 版被退回修改",
    "approve": "【审查通过】{agency}《{list_name}》第 {number} 版已通过合法性审查",
    "publish": "【已发布】{agency}《{list_name}》第 {number} 版已向社会公布",
}
BODY = """{agency}《{list_name}》第 {number} 版：{action}。

操作人：{actor}
{opinion_line}
查看：{url}

—— 减免责清单公示平台（系统邮件，请勿回复）
"""


def _recipients(action: str, version) -> list[str]:
    agency = version.list.agency
    if action == "submit":
        if agency.review_bureau_id is None:
            return []
        members = Membership.objects.filter(
            agency_id=agency.review_bureau_id, role=Membership.Role.REVIEWER
        )
    else:
        members = Membership.objects.filter(
            agency=agency, role__in=[Membership.Role.CLERK, Membership.Role.LEAD]
        )
    users = get_user_model().objects.filter(pk__in=members.values("user_id"), is_active=True)
    return sorted({user.email for user in users if user.email})


def notify(action: str, version, note: str = "") -> int:
    if action not in SUBJECTS:
        return 0
    recipients = _recipients(action, version)
    if not recipients:
        return 0
    event = version.events.order_by("-at", "-pk").first()
    actor = event.actor if event else None
    context = {
        "agency": version.list.agency.name,
        "list_name": version.list.list_type.name,
        "number": version.number,
        "action": dict(version.events.model.Action.choices)[action],
        "actor": (actor.get_full_name() or actor.username) if actor else "系统",
        "opinion_line": f"审查意见：{note}\n" if note else "",
        "url": settings.SITE_URL + reverse("admin:lists_listversion_change", args=[version.pk]),
    }
    subject = SUBJECTS[action].format(**context)
    body = BODY.format(**context)
    return send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)], fail_silently=False
    )
