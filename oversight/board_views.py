"""The bureau's pages in the admin: the coverage board (and its .xlsx) and the report download.

Open to the leads and reviewers of a justice bureau (and superusers): each sees the bureaus they
belong to; anyone else gets 403. Mounted at /admin/oversight/ by portal.urls.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from agencies.models import Agency
from oversight.coverage import coverage, field_tags
from oversight.coverage_export import export_board
from oversight.permissions import bureaus_of
from oversight.report import CONTENT_TYPES, RENDERERS, build_report
from oversight.report.text import title

NOT_BUREAU_STAFF = "只有司法局的负责人、审查员或系统管理员可以查看清单公布情况。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chosen_bureau(request) -> tuple[Agency, list[Agency]]:
    bureaus = list(bureaus_of(request.user).order_by("order", "code"))
    if not bureaus:
        raise PermissionDenied(NOT_BUREAU_STAFF)
    code = request.GET.get("bureau")
    if not code:
        return bureaus[0], bureaus
    for bureau in bureaus:
        if bureau.code == code:
            return bureau, bureaus
    raise Http404  # another bureau's board looks like a missing page


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def coverage_board(request):
    bureau, bureaus = chosen_bureau(request)
    field_tag = request.GET.get("field", "")
    level = request.GET.get("level", "")
    if level not in Agency.Level.values:
        level = ""
    board = coverage(bureau, field_tag=field_tag, level=level)
    if request.GET.get("format") == "xlsx":
        filename = f"{bureau.name}清单公布情况{board.today:%Y%m%d}.xlsx"
        return download(export_board(board), filename, XLSX)
    context = {
        **admin.site.each_context(request),
        "title": "清单公布情况",
        "board": board,
        "bureaus": bureaus,
        "fields": field_tags(bureau),
        "levels": Agency.Level.choices,
        "field_tag": field_tag,
        "level": level,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "admin/oversight/coverage.html", context)


class ReportForm(forms.Form):
    start = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(
        label="格式", choices=[("docx", "Word（.docx）"), ("xlsx", "Excel（.xlsx）")]
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("截止日期不能早于起始日期。")
        return data


def default_period(today):
    """The half year just reported on: 6月25日 reports Jan-Jun, 11月25日 reports Jul-Dec."""
    if today.month <= 6:
        return today.replace(month=1, day=1), today.replace(month=6, day=30)
    return today.replace(month=7, day=1), today.replace(month=12, day=31)


def report_page(request):
    bureau, bureaus = chosen_bureau(request)
    form = ReportForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        report = build_report(bureau, data["start"], data["end"])
        filename = f"{title(report)}.{data['format']}"
        return download(RENDERERS[data["format"]](report), filename, CONTENT_TYPES[data["format"]])
    if not request.GET:
        start, end = default_period(timezone.localdate())
        form = ReportForm(initial={"start": start, "end": end, "format": "docx"})
    context = {
        **admin.site.each_context(request),
        "title": "半年报告",
        "form": form,
        "bureau": bureau,
        "bureaus": bureaus,
    }
    return TemplateResponse(request, "admin/oversight/report.html", context)
