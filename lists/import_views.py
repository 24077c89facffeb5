"""The admin's import page: upload -> preview (column mapping, rows, errors) -> confirm.

Mounted by the project under /admin/lists/import/ (see `import_urlpatterns` at the end). The
uploaded file waits between preview and confirm in a temporary file named by a random token;
the token is kept in the uploader's session, so nobody else can confirm (or even name) it.
"""

import re
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_POST

from agencies.models import Agency
from lists.importers import (
    EXTRA,
    FIELD_LABELS,
    MODES,
    REPLACE,
    ImportFailed,
    import_preview,
    read_table,
)
from lists.importers.results import too_large
from lists.models import ListType

SESSION_KEY = "lists_import"
PREVIEW_ROWS = 200
STALE_AFTER = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAPPING_CHOICES = [*FIELD_LABELS.items(), (EXTRA, "其他列（按原表头保存）")]
NO_AGENCY = "您没有可以导入清单的单位。"
EXPIRED = "导入已过期或已完成，请重新上传文件。"
DONE = "已导入 {rows} 项：{versions}。"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="文件",
        help_text="Excel（.xlsx、.xls）、Word（.docx）或 CSV，不超过 10 MB",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.docx,.csv,.txt"}),
    )
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="单位")
    list_type = forms.ModelChoiceField(
        queryset=ListType.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="按表格标题、工作表名自动识别",
        label="清单类型",
    )
    mode = forms.ChoiceField(
        choices=list(MODES.items()), initial=REPLACE, widget=forms.RadioSelect, label="导入方式"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.editable_by(user)
        self.fields["agency"].queryset = agencies
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_large(upload.size, settings.IMPORT_MAX_BYTES))
        return upload


def _storage() -> Path:
    directory = Path(getattr(settings, "IMPORT_TMP_DIR", "") or tempfile.gettempdir())
    directory = directory / "qingdan-import"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _stored_path(user, token: str) -> Path:
    return _storage() / f"{user.pk}-{token}.upload"


def _store(request, data: bytes, meta: dict) -> str:
    for old in _storage().glob("*.upload"):
        if old.stat().st_mtime < time.time() - STALE_AFTER:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    _stored_path(request.user, token).write_bytes(data)
    pending = {  # forget abandoned previews whose file is gone
        old: value
        for old, value in request.session.get(SESSION_KEY, {}).items()
        if _stored_path(request.user, old).exists()
    }
    pending[token] = meta
    request.session[SESSION_KEY] = pending
    return token


def _discard(request, token: str) -> None:
    _stored_path(request.user, token).unlink(missing_ok=True)
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending


def _load(request, token: str) -> tuple[dict, bytes]:
    meta = request.session.get(SESSION_KEY, {}).get(token) if _TOKEN.match(token or "") else None
    if meta is None:
        raise Http404(EXPIRED)
    try:
        return meta, _stored_path(request.user, token).read_bytes()
    except OSError as error:
        raise Http404(EXPIRED) from error


def _editable_agency(request, pk) -> Agency:
    agencies = Agency.objects.editable_by(request.user)
    if not agencies.exists():
        raise PermissionDenied(NO_AGENCY)
    return get_object_or_404(agencies, pk=pk)


def _context(request, **extra) -> dict:
    return {**admin.site.each_context(request), "title": "导入清单", **extra}


def import_view(request):
    if not Agency.objects.editable_by(request.user).exists():
        raise PermissionDenied(NO_AGENCY)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "GET":
        form.initial.update(
            {k: request.GET[k] for k in ("agency", "list_type") if k in request.GET}
        )
    if request.method == "POST" and form.is_valid():
        upload, list_type = form.cleaned_data["file"], form.cleaned_data["list_type"]
        data = upload.read()
        meta = {
            "name": upload.name,
            "agency": form.cleaned_data["agency"].pk,
            "list_type": list_type.code if list_type else "",
            "mode": form.cleaned_data["mode"],
        }
        try:
            preview = read_table(data, list_type=meta["list_type"] or None)
        except ImportFailed as failure:
            for error in failure.errors:
                form.add_error("file", error.text)
        else:
            return _render_preview(request, _store(request, data, meta), meta, preview)
    return render(request, "admin/lists/import/upload.html", _context(request, form=form))


@require_POST
def import_confirm_view(request):
    token = request.POST.get("token", "")
    meta, data = _load(request, token)
    agency = _editable_agency(request, meta["agency"])
    if str(request.POST.get("agency", agency.pk)) != str(agency.pk):
        raise PermissionDenied(NO_AGENCY)  # a tampered form: nothing is written
    list_type = meta["list_type"] or None
    try:
        preview = read_table(data, list_type=list_type, overrides=_overrides(request.POST))
    except ImportFailed as failure:
        _discard(request, token)
        for error in failure.errors:
            messages.error(request, error.text)
        return redirect("lists_import")
    if request.POST.get("action") == "confirm" and preview.is_valid:
        try:
            versions = import_preview(
                preview,
                agency=agency,
                acting_user=request.user,
                list_type=list_type,
                mode=meta["mode"],
            )
        except ImportFailed as failure:
            preview.errors.extend(failure.errors)
        else:
            _discard(request, token)
            return _done(request, preview, versions)
    return _render_preview(request, token, meta, preview)


def _overrides(post) -> dict:
    choices = {value for value, _label in MAPPING_CHOICES}
    overrides = {}
    for name, value in post.items():
        match = re.fullmatch(r"map-(\d+)-(\d+)", name)
        if match and value in choices:
            overrides[(int(match[1]), int(match[2]))] = value
    return overrides


def _done(request, preview, versions):
    names = "、".join(f"{v.list.list_type.name}第 {v.number} 版" for v in versions)
    messages.success(request, DONE.format(rows=len(preview.rows), versions=names))
    try:
        return redirect(reverse("admin:lists_listversion_change", args=[versions[0].pk]))
    except NoReverseMatch:
        return redirect("lists_import")


def _render_preview(request, token, meta, preview):
    types = {lt.code: lt for lt in ListType.objects.all()}
    fields = [name for name in FIELD_LABELS if name != "seq"]
    tables = []
    for parsed in preview.lists:
        shown = [r for i, r in enumerate(parsed.rows) if i < PREVIEW_ROWS or r.errors]
        shown = shown[: 2 * PREVIEW_ROWS]
        tables.append(
            {
                "list": parsed,
                "type": types.get(meta["list_type"] or parsed.list_type),
                "rows": [_display(row, fields) for row in shown],
                "hidden": len(parsed.rows) - len(shown),
                "skipped": [(place.label(), text) for place, text in parsed.skipped],
            }
        )
    context = _context(
        request,
        title="导入预览",
        token=token,
        meta=meta,
        agency=Agency.objects.get(pk=meta["agency"]),
        mode_label=MODES.get(meta["mode"], ""),
        preview=preview,
        tables=tables,
        headings=[FIELD_LABELS[name] for name in fields],
        mapping_choices=MAPPING_CHOICES,
    )
    return render(request, "admin/lists/import/preview.html", context)


def _display(row, fields) -> dict:
    return {
        "place": row.place.label(),
        "seq": row.seq,
        "section": row.section,
        "cells": [row.values.get(name, "") for name in fields],
        "extra": list(row.extra.items()),
        "errors": [error.text for error in row.errors],
    }


import_urlpatterns = [
    path("", admin.site.admin_view(import_view), name="lists_import"),
    path("confirm/", admin.site.admin_view(import_confirm_view), name="lists_import_confirm"),
]
