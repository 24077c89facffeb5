"""The durable outbox: mail is a row first, a message second.

`queue()` writes rows inside the caller's transaction (so a publication and its alerts commit
together, or neither does) but inside a savepoint: if queuing fails, the publication still
commits. `process()` sends what is due, one row at a time; a failure is recorded on the row and
retried later with a growing delay. Nothing here ever raises into the caller.

Run by `manage.py send_outbox` (systemd timer or cron, see README); with OUTBOX_INLINE on (the
zero-setup default) it also runs right after each commit that queued mail.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from follow.models import OutboxMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def queue(messages: list[dict]) -> int:
    """Store messages ({"to", "subject", "body", "headers"?}); send them after commit if inline."""
    if not messages:
        return 0
    try:
        with transaction.atomic():
            OutboxMail.objects.bulk_create(OutboxMail(**message) for message in messages)
    except Exception:
        logger.exception("could not queue %d mails", len(messages))
        return 0
    if getattr(settings, "OUTBOX_INLINE", True):
        transaction.on_commit(process_quietly)
    return len(messages)


def process_quietly() -> None:
    try:
        process(limit=getattr(settings, "OUTBOX_INLINE_LIMIT", 50))
    except Exception:  # inline sending must never turn a committed step into an error
        logger.exception("inline outbox run failed")


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=min(2**attempts, 24 * 60))


def due():
    return OutboxMail.objects.filter(
        sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")


def process(limit: int = 500) -> tuple[int, int]:
    """Send due mail. Returns (sent, failed)."""
    sent = failed = 0
    for pk in list(due().values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            row = due().select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None:  # another worker took it
                continue
            try:
                EmailMessage(
                    row.subject,
                    row.body,
                    settings.DEFAULT_FROM_EMAIL,
                    [row.to],
                    headers=row.headers or None,
                ).send(fail_silently=False)
            except Exception as error:
                row.attempts += 1
                row.last_error = f"{type(error).__name__}: {error}"[:1000]
                row.next_attempt_at = timezone.now() + _backoff(row.attempts)
                row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
                failed += 1
                continue
            row.attempts += 1
            row.sent_at = timezone.now()
            row.save(update_fields=["attempts", "sent_at"])
            sent += 1
    return sent, failed
