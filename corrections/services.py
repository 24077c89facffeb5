"""纠错: a citizen reports, the agency's clerks answer. The only code that writes a report's state.

Reports and replies are mailed through the outbox (follow.outbox): the clerks and leads of the
agency learn of a report at once; the reporter, if they left an address, gets the answer.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from agencies.permissions import can_edit_agency
from corrections.models import Correction
from follow import outbox

State = Correction.State

TEXT_REQUIRED = "请写明哪里有误、应当如何更正。"
TEXT_TOO_LONG = "纠错内容请不要超过 2000 字。"
REPLY_REQUIRED = "请填写给报告人的答复。"
NOT_ALLOWED = "只有该单位的清单填报员或负责人可以处理纠错。"
MAX_TEXT = 2000

NEW_SUBJECT = "【公众纠错】{list_name} 第 {seq} 项：{matter}"
NEW_BODY = """公众对贵单位已公布的清单事项提出纠错：

清单：{list_name}（第 {version} 版）第 {seq} 项
事项：{matter}
纠错内容：
{text}

请登录后台处理（已采纳 / 不采纳，并填写答复）：{url}

—— 减免责清单公示平台（系统邮件，请勿回复）
"""
REPLY_SUBJECT = "您对“{matter}”的纠错已处理：{state}"
REPLY_BODY = """您好：

您于 {date} 对{list_name}“{matter}”提出的纠错，{agency}已处理。

处理结果：{state}
答复：
{reply}

感谢您对清单公示工作的监督。
—— 减免责清单公示平台（系统邮件，请勿回复）
"""


class InvalidReport(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _clerk_addresses(agency) -> list[str]:
    members = Membership.objects.filter(
        agency=agency, role__in=[Membership.Role.CLERK, Membership.Role.LEAD]
    )
    users = get_user_model().objects.filter(pk__in=members.values("user_id"), is_active=True)
    return sorted({user.email for user in users if user.email})


def report(item, *, text: str, contact: str = "") -> Correction:
    """Record a report on a published item and tell the agency. Raises InvalidReport."""
    text = (text or "").strip()
    if not text:
        raise InvalidReport(TEXT_REQUIRED)
    if len(text) > MAX_TEXT:
        raise InvalidReport(TEXT_TOO_LONG)
    version = item.version
    with transaction.atomic():
        correction = Correction.objects.create(
            agency=version.list.agency,
            item=item,
            item_key=item.key,
            matter=item.matter,
            list_name=f"{version.list.agency.name}{version.list.list_type.name}",
            version_number=version.number,
            text=text,
            contact=(contact or "").strip(),
        )
        url = settings.SITE_URL.rstrip("/") + reverse(
            "admin:corrections_correction_change", args=[correction.pk]
        )
        context = {
            "list_name": correction.list_name,
            "version": version.number,
            "seq": item.seq,
            "matter": item.matter[:60],
            "text": text,
            "url": url,
        }
        outbox.queue(
            [
                {
                    "to": to,
                    "subject": NEW_SUBJECT.format(**context),
                    "body": NEW_BODY.format(**context),
                }
                for to in _clerk_addresses(version.list.agency)
            ]
        )
    return correction


def respond(correction: Correction, *, acting_user, state: str, reply: str) -> Correction:
    """Mark a report 已采纳 or 不采纳 with a reply; mail the reporter if they left an address."""
    if not can_edit_agency(acting_user, correction.agency):
        raise PermissionDenied(NOT_ALLOWED)
    reply = (reply or "").strip()
    if state not in (State.ACCEPTED, State.REJECTED) or not reply:
        raise InvalidReport(REPLY_REQUIRED)
    with transaction.atomic():
        locked = Correction.objects.select_for_update().get(pk=correction.pk)
        locked.state, locked.reply = state, reply
        locked.handled_by, locked.handled_at = acting_user, timezone.now()
        locked.save(update_fields=["state", "reply", "handled_by", "handled_at"])
        if locked.contact:
            context = {
                "matter": locked.matter[:60],
                "state": locked.get_state_display(),
                "date": f"{timezone.localtime(locked.created_at):%Y年%m月%d日}",
                "list_name": locked.list_name,
                "agency": locked.agency.name,
                "reply": reply,
            }
            outbox.queue(
                [
                    {
                        "to": locked.contact,
                        "subject": REPLY_SUBJECT.format(**context),
                        "body": REPLY_BODY.format(**context),
                    }
                ]
            )
    return locked
