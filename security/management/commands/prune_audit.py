"""Delete security audit rows older than the retention period (AUDIT_RETENTION_DAYS, never
under 180 days); run it from a daily timer. Rows younger than that are never touched."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from security import audit
from security.models import AuditEntry, retention_days


class Command(BaseCommand):
    help = "清理超过保存期限（至少 180 天）的安全审计记录。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, dry_run, **options):
        days = retention_days()
        cutoff = timezone.now() - timedelta(days=days)
        due = AuditEntry.objects.filter(at__lt=cutoff).count()
        if dry_run:
            self.stdout.write(f"保存期限 {days} 天：有 {due} 条记录可清理（未删除）。")
            return
        removed = AuditEntry.objects.prune()
        audit.record(audit.Action.PRUNE, detail=f"删除 {removed} 条早于 {days} 天的记录")
        self.stdout.write(f"保存期限 {days} 天：已删除 {removed} 条记录。")
