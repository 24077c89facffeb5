"""Sign-up with double opt-in, confirmation, unsubscription."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from follow import outbox
from follow.alerts import unsubscribe_headers, unsubscribe_url
from follow.models import Subscription
from follow.ratelimit import allow

CONFIRM_SUBJECT = "请确认订阅：{scope}"
CONFIRM_BODY = """您好：

有人（希望是您）在减免责清单公示平台用这个邮箱订阅了“{scope}”的更新提醒。
确认订阅请打开：{confirm}

如果不是您本人操作，请忽略本邮件，我们不会再给您发送提醒。
退订（一键，无需登录）：{unsubscribe}
"""
# Confirmation mails one address may receive per day (stops using the form to mail-bomb someone).
CONFIRMATIONS_PER_ADDRESS = 3


def _confirm_url(subscription: Subscription) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("follow:confirm", args=[subscription.token])


def subscribe(email: str, agency=None, list_type=None) -> Subscription:
    """Record a sign-up and mail a confirmation link. Says nothing about whether the address was
    already subscribed (the page answers the same either way)."""
    email = email.strip().lower()
    with transaction.atomic():
        subscription, _created = Subscription.objects.get_or_create(
            email=email, agency=agency, list_type=list_type
        )
        if subscription.confirmed_at is not None:
            return subscription
        digest = hashlib.sha256(email.encode()).hexdigest()[:32]
        if not allow(f"confirm-mail:{digest}", CONFIRMATIONS_PER_ADDRESS, 24 * 3600):
            return subscription
        scope = subscription.scope_label
        outbox.queue(
            [
                {
                    "to": email,
                    "subject": CONFIRM_SUBJECT.format(scope=scope),
                    "body": CONFIRM_BODY.format(
                        scope=scope,
                        confirm=_confirm_url(subscription),
                        unsubscribe=unsubscribe_url(subscription),
                    ),
                    "headers": unsubscribe_headers(subscription),
                }
            ]
        )
    return subscription


def confirm(token: str) -> Subscription | None:
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe(token: str) -> bool:
    """Delete the subscription (the address is not kept). False if the link is unknown."""
    deleted, _ = Subscription.objects.filter(token=token).delete()
    return bool(deleted)
