"""E-mail alerts to subscribers when a list is published, revised or abolished.

Called by lists.workflow inside the publishing transaction; it only writes outbox rows (in a
savepoint, see follow.outbox), so a publication never waits for, or fails on, mail.
One mail per address, however many of that address's subscriptions match.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from follow import feeds, outbox
from follow.models import Subscription

logger = logging.getLogger(__name__)

FOOTER = """
——
您收到这封邮件，是因为您在减免责清单公示平台订阅了“{scope}”。
退订（一键，无需登录）：{unsubscribe}
"""


def unsubscribe_url(subscription: Subscription) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("follow:unsubscribe", args=[subscription.token])


def unsubscribe_headers(subscription: Subscription) -> dict:
    # RFC 8058: mail clients show an "unsubscribe" button that POSTs to this address.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def matching(version) -> dict[str, Subscription]:
    """The most specific confirmed subscription of each address that covers this list."""
    lst = version.list
    subscriptions = (
        Subscription.objects.filter(confirmed_at__isnull=False)
        .filter(Q(agency__isnull=True) | Q(agency_id=lst.agency_id))
        .filter(Q(list_type__isnull=True) | Q(list_type_id=lst.list_type_id))
        .select_related("agency", "list_type")
    )
    chosen: dict[str, Subscription] = {}
    for subscription in subscriptions:
        rank = bool(subscription.agency_id) + bool(subscription.list_type_id)
        held = chosen.get(subscription.email)
        if held is None or rank > bool(held.agency_id) + bool(held.list_type_id):
            chosen[subscription.email] = subscription
    return chosen


def _subject_and_text(version, action: str, note: str) -> tuple[str, str]:
    name = f"{version.list.agency.name}《{version.list.list_type.name}》"
    if action == "abolish":
        return f"【已废止】{name}", f"{name}已废止。" + (f"\n说明：{note}" if note else "")
    label = "已修订" if version.number > 1 else "已公布"
    text = f"{name}第 {version.number} 版{label}。\n{feeds.describe(version)}"
    return f"【{label}】{name}第 {version.number} 版", text


def queue_change(version, action: str, note: str = "") -> int:
    """Queue one alert per subscribed address for a publication ("publish") or "abolish"."""
    subject, text = _subject_and_text(version, action, note)
    link = feeds.list_url(version)
    messages = []
    for email, subscription in matching(version).items():
        body = f"{text}\n\n查看：{link}\n" + FOOTER.format(
            scope=subscription.scope_label, unsubscribe=unsubscribe_url(subscription)
        )
        messages.append(
            {
                "to": email,
                "subject": subject,
                "body": body,
                "headers": unsubscribe_headers(subscription),
            }
        )
    return outbox.queue(messages)


def on_change(version, action: str, note: str = "") -> None:
    """queue_change that can never break the caller's transaction."""
    try:
        with transaction.atomic():
            queue_change(version, action, note)
    except Exception:
        logger.exception("could not queue alerts for version %s", version.pk)
