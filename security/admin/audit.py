"""安全审计记录 for the 审计管理员: read, filter, export; nobody adds, changes or deletes.

导出 CSV exports exactly the rows the list shows under its current filters and search, every
cell through the exporters' one formula guard (lists.cells); the export is itself audited.
"""

import csv

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import path
from django.utils import timezone

from lists.cells import safe_cell
from security import roles
from security.models import AuditEntry

COLUMNS = ["时间", "用户", "来源地址", "事件", "对象", "结果", "详情", "请求地址"]


class Echo:
    def write(self, value):
        return value


def _row(entry: AuditEntry) -> list:
    at = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")
    values = [at, entry.actor, entry.ip or "", entry.get_action_display(), entry.target]
    values += [entry.get_result_display(), entry.detail, entry.path]
    return [safe_cell(value) for value in values]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "ip", "action", "target", "result", "detail"]
    list_filter = ["action", "result", "at"]
    search_fields = ["actor", "ip", "target", "detail"]
    date_hierarchy = "at"
    list_per_page = 100
    actions = None
    change_list_template = "admin/security/auditentry/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.export_csv)
        return [
            path("export.csv", view, name="security_auditentry_export"),
            *super().get_urls(),
        ]

    def export_csv(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            entries = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest("筛选条件无效。")
        writer = csv.writer(Echo())

        def lines():
            yield "\ufeff" + writer.writerow(COLUMNS)
            for entry in entries.iterator():
                yield writer.writerow(_row(entry))

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        response["Content-Disposition"] = f"attachment; filename=security-audit-{stamp}.csv"
        return response

    def has_module_permission(self, request):
        return roles.can_read_audit(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.can_read_audit(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
