"""The admin's import page: upload -> preview (column mapping, rows, errors) -> confirm.

Mounted by the project under /admin/lists/import/ (see `import_urlpatterns` at the end). The
file is parsed once, on upload; its rows wait for the confirm in an `ImportUpload` named by a
random token and owned by the uploader (lists.uploads), so nobody else can confirm (or even
name) it, re-previews never parse the file again, and a double-click writes once.
"""

import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from agencies.models import Agency
from lists.import_impact import import_impact
from lists.importers import (
    EXTRA,
    FIELD_LABELS,
    MODES,
    REPLACE,
    ImportFailed,
    import_preview,
    read_table,
)
from lists.importers.parser import parse_file
from lists.importers.results import too_large
from lists.models import ListType
from lists.uploads import ImportUpload, confirm, store

PREVIEW_ROWS = 200
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAPPING_CHOICES = [*FIELD_LABELS.items(), (EXTRA, "其他列（按原表头保存）")]
NO_AGENCY = "您没有可以导入清单的单位。"
EXPIRED = "导入已过期或已完成，请重新上传文件。"
DONE = "已导入 {rows} 项：{versions}。"
ALREADY_DONE = "这个文件已经导入过了（{when}），没有重复写入。"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="文件",
        help_text="Excel（.xlsx、.xls、.et）、Word（.docx、.doc、.wps）、PDF、网页或 CSV，不超过 10 MB",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.xls,.et,.xml,.docx,.doc,.wps,.rtf,.pdf,.htm,.html,.mht,.csv,.txt"
            }
        ),
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


def _load(request, token: str) -> ImportUpload:
    upload = None
    if _TOKEN.match(token or ""):
        upload = ImportUpload.objects.filter(user=request.user, token=token).first()
    if upload is None:
        raise Http404(EXPIRED)
    return upload


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
        file, list_type = form.cleaned_data["file"], form.cleaned_data["list_type"]
        try:
            grids = parse_file(file.read())
            preview = read_table(grids, list_type=list_type.code if list_type else None)
        except ImportFailed as failure:
            for error in failure.errors:
                form.add_error("file", error.text)
        else:
            upload = store(
                user=request.user,
                agency=form.cleaned_data["agency"],
                name=file.name,
                list_type=list_type.code if list_type else "",
                mode=form.cleaned_data["mode"],
                grids=grids,
            )
            return _render_preview(request, upload, preview, {})
    return render(request, "admin/lists/import/upload.html", _context(request, form=form))


@require_POST
def import_confirm_view(request):
    upload = _load(request, request.POST.get("token", ""))
    if upload.confirmed_at is not None:
        return _already_done(request, upload)
    agency = _editable_agency(request, upload.agency_id)
    if str(request.POST.get("agency", agency.pk)) != str(agency.pk):
        raise PermissionDenied(NO_AGENCY)  # a tampered form: nothing is written
    list_type = upload.list_type or None
    choices = _choices(request.POST)
    preview = read_table(upload.parsed, list_type=list_type, **choices)
    if request.POST.get("action") == "confirm" and preview.is_valid:
        try:
            versions = confirm(
                upload,
                lambda: import_preview(
                    preview,
                    agency=agency,
                    acting_user=request.user,
                    list_type=list_type,
                    mode=upload.mode,
                ),
            )
        except ImportFailed as failure:
            preview.errors.extend(failure.errors)
        else:
            if versions is None:  # a second click, or another tab, got there first
                upload.refresh_from_db()
                return _already_done(request, upload)
            return _done(request, preview, versions)
    return _render_preview(request, upload, preview, choices)


def _choices(post) -> dict:
    """The clerk's choices on the preview: column mapping, hidden rows, a common condition."""
    return {
        "overrides": _overrides(post),
        "include_hidden": post.get("include_hidden") == "1",
        "condition": (post.get("condition") or "").strip(),
    }


def _already_done(request, upload):
    when = timezone.localtime(upload.confirmed_at).strftime("%Y-%m-%d %H:%M")
    messages.info(request, ALREADY_DONE.format(when=when))
    if upload.versions:
        try:
            return redirect(reverse("admin:lists_listversion_change", args=[upload.versions[0]]))
        except NoReverseMatch:
            pass
    return redirect("lists_import")


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


def _render_preview(request, upload, preview, choices):
    types = {lt.code: lt for lt in ListType.objects.all()}
    fields = [name for name in FIELD_LABELS if name != "seq"]
    tables = []
    for parsed in preview.lists:
        shown = [r for i, r in enumerate(parsed.rows) if i < PREVIEW_ROWS or r.errors]
        shown = shown[: 2 * PREVIEW_ROWS]
        tables.append(
            {
                "list": parsed,
                "type": types.get(upload.list_type or parsed.list_type),
                "rows": [_display(row, fields) for row in shown],
                "hidden": len(parsed.rows) - len(shown),
                "skipped": [(place.label(), text) for place, text in parsed.skipped],
                "impact": _impact(upload, types.get(upload.list_type or parsed.list_type), parsed),
            }
        )
    context = _context(
        request,
        title="导入预览",
        upload=upload,
        choices=choices,
        agency=upload.agency,
        mode_label=MODES.get(upload.mode, ""),
        preview=preview,
        tables=tables,
        headings=[FIELD_LABELS[name] for name in fields],
        mapping_choices=MAPPING_CHOICES,
    )
    return render(request, "admin/lists/import/preview.html", context)


def _impact(upload, list_type, parsed):
    if list_type is None:
        return None
    rows = [row.values for row in parsed.rows]
    return import_impact(upload.agency, list_type, rows, upload.mode)


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
