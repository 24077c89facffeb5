"""An uploaded table between preview and confirm: parsed once, confirmed at most once.

The file is parsed when it is uploaded; its rows (not the file) are kept in an `ImportUpload`
row, compressed. Re-previewing with another column mapping and confirming read those rows, never
the file. Confirming claims the upload with one conditional UPDATE inside the import's
transaction: a double-click, or two tabs, write the rows exactly once.
"""

import json
import secrets
import zlib
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from lists.in_force import local_time

STALE_AFTER = timedelta(hours=24)


class ImportUpload(models.Model):
    token = models.CharField(_("令牌"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("上传人"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("单位")
    )
    name = models.CharField(_("文件名"), max_length=255)
    list_type = models.CharField(_("清单类型"), max_length=40, blank=True)
    mode = models.CharField(_("导入方式"), max_length=10)
    grids = models.BinaryField(_("读出的表格"), help_text=_("压缩的 JSON：每个表格的每一行"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    versions = models.JSONField(_("写入的版本"), default=list, blank=True)

    class Meta:
        verbose_name = _("待确认的导入")
        verbose_name_plural = _("待确认的导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{local_time(self.created_at):%Y-%m-%d %H:%M}）"

    @property
    def parsed(self) -> list:
        return unpack(bytes(self.grids))


def pack(grids) -> bytes:
    data = [
        {
            "name": grid.name,
            "hidden_columns": sorted(grid.hidden_columns),
            "rows": [
                [row.cells, row.place.row, row.place.sheet, row.place.table, row.hidden, row.wide]
                for row in grid.rows
            ],
        }
        for grid in grids
    ]
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 6)


def unpack(blob: bytes) -> list:
    from lists.importers.grid import Grid, Row  # the importers import lists.models
    from lists.importers.results import Place

    return [
        Grid(
            grid["name"],
            [
                Row(cells, Place(row=row, sheet=sheet, table=table), hidden=hidden, wide=any(wide))
                for cells, row, sheet, table, hidden, *wide in grid["rows"]  # *: older uploads
            ],
            set(grid["hidden_columns"]),
        )
        for grid in json.loads(zlib.decompress(blob))
    ]


def store(*, user, agency, name: str, list_type: str, mode: str, grids) -> ImportUpload:
    ImportUpload.objects.filter(created_at__lt=timezone.now() - STALE_AFTER).delete()
    return ImportUpload.objects.create(
        token=secrets.token_urlsafe(24),
        user=user,
        agency=agency,
        name=name[:255],
        list_type=list_type,
        mode=mode,
        grids=pack(grids),
    )


def pending(user, token: str) -> ImportUpload | None:
    """The user's own upload, not yet confirmed; None for anyone else's or a finished one."""
    return ImportUpload.objects.filter(user=user, token=token, confirmed_at=None).first()


def confirm(upload: ImportUpload, write) -> list | None:
    """Run `write()` (the import) once per upload; None when another request already did."""
    with transaction.atomic():
        claimed = ImportUpload.objects.filter(pk=upload.pk, confirmed_at=None).update(
            confirmed_at=timezone.now()
        )
        if not claimed:
            return None
        versions = write()
        ImportUpload.objects.filter(pk=upload.pk).update(
            versions=[version.pk for version in versions], grids=b""
        )
    return versions
