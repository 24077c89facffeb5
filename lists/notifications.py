"""E-mail sent after a workflow step commits: who must act next learns it at once.

Submission goes to the reviewers of the agency's bureau; return, approval and publication go to
the agency's clerks and leads. Every mail names the agency, the list, the version and the opinion
(for a return, also the row comments). A mail server that fails must not undo or hide a step
that has already committed, so failures are logged, not raised.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.urls import reverse

from agencies.models import Membership

logger = logging.getLogger(__name__)

SUBJECTS = {
    "submit": "【待审查】{agency}《{list_name}》第 {number} 版已提交审查",
    "return": "【被退回】{agency}《{list_name}》第 {number} 版被退回修改",
    "approve": "【审查通过】{agency}《{list_name}》第 {number} 版已通过合法性审查",
    "publish": "【已发布】{agency}《{list_name}》第 {number} 版已向社会公布",
}
BODY = """{agency}《{list_name}》第 {number} 版：{action}。

操作人：{actor}
{details}
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


def _details(action: str, version, note: str) -> str:
    lines = []
    if action == "submit" and version.change_summary:
        lines.append(f"修订说明：{version.change_summary}")
    opinion = note or (version.review_opinion if action == "publish" else "")
    if opinion:
        lines.append(f"审查意见：{opinion}")
    if action == "return":
        comments = version.comments.filter(state="pending").select_related("item")
        if version.submitted_at is not None:  # this round's comments, not earlier rounds'
            comments = comments.filter(created_at__gte=version.submitted_at)
        for comment in comments:
            where = f"第 {comment.item.seq} 项" if comment.item else "整体"
            lines.append(f"  · {where}：{comment.text}")
        for decision in version.flag_decisions.all():
            seq = version.items.filter(key=decision.item_key).values_list("seq", flat=True).first()
            lines.append(
                f"  · 排除规则判断 第 {seq or '—'} 项：{decision.get_decision_display()}"
                f"（{decision.reason}）"
            )
    if action == "publish":
        lines.append(f"文号：{version.document_no or '（无）'}")
        if version.effective_date:
            lines.append(f"施行日期：{version.effective_date:%Y年%m月%d日}")
    return "\n".join(lines) + ("\n" if lines else "")


def _url(action: str, version) -> str:
    name = (
        "admin:lists_listversion_review" if action == "submit" else "admin:lists_listversion_change"
    )
    return settings.SITE_URL + reverse(name, args=[version.pk])


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
        "details": _details(action, version, note),
        "url": _url(action, version),
    }
    subject = SUBJECTS[action].format(**context)
    body = BODY.format(**context)
    try:
        # One message per recipient: no clerk learns the addresses of the others.
        return send_mass_mail(
            [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients],
            fail_silently=False,
        )
    except Exception:  # the step has committed; a mail outage must not turn it into an error
        logger.exception("workflow mail %s for version %s failed", action, version.pk)
        return 0


ASSIGNED_SUBJECT = "【审查分配】{agency}《{list_name}》第 {number} 版由您承办审查"


def notify_assigned(version, reviewer) -> int:
    """Tell the reviewer a submission was assigned to them."""
    if not reviewer.email:
        return 0
    context = {
        "agency": version.list.agency.name,
        "list_name": version.list.list_type.name,
        "number": version.number,
        "action": "分配审查",
        "actor": "本局负责人",
        "details": "",
        "url": _url("submit", version),
    }
    try:
        return send_mail(
            ASSIGNED_SUBJECT.format(**context),
            BODY.format(**context),
            settings.DEFAULT_FROM_EMAIL,
            [reviewer.email],
        )
    except Exception:
        logger.exception("assignment mail for version %s failed", version.pk)
        return 0
