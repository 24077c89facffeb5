"""Send the mail waiting in the outbox (subscription alerts, confirmations, 纠错 replies).

Run every minute by a systemd timer or cron, e.g.
    * * * * *  cd /srv/qingdan && .venv/bin/python manage.py send_outbox
"""

from django.core.management.base import BaseCommand

from follow import outbox


class Command(BaseCommand):
    help = "发送待发邮件（订阅提醒、确认邮件、纠错答复），失败的稍后重试。"

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="本次最多发送的邮件数")

    def handle(self, *args, limit, **options):
        sent, failed = outbox.process(limit=limit)
        self.stdout.write(f"sent={sent} failed={failed} waiting={outbox.due().count()}")
