"""The clerk's side of the workflow in the admin, and what every workflow page shares.

提交审查 / 撤回 / 开始修订 are POST-only buttons and 发布 is a small form; each finds the version
through ListVersion.objects.visible_to (another agency's version is a 404), calls one
lists.workflow verb and turns PermissionDenied / InvalidTransition / FrozenVersionError into an
error message. Nothing here writes a status itself. lists.admin.workflow_pages wires these
views (and the reviewer's) into the version's admin URLs.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from agencies.permissions import can_edit_agency, can_review_agency
from lists import exporters, workflow
from lists.models import FrozenVersionError, ListVersion

Status = ListVersion.Status
WORKFLOW_ERRORS = (PermissionDenied, workflow.InvalidTransition, FrozenVersionError)
DONE = {
    "submit": "已提交审查，审查员将收到通知。提交后本版本不能修改；如需修改请先撤回。",
    "save_submit": "修改已保存，已提交审查，审查员将收到通知。提交后本版本不能修改；如需修改请先撤回。",
    "withdraw": "已撤回提交，本版本恢复为草稿，可以继续修改。",
    "revise": "已基于现行版本创建新的草稿，请在草稿中修订。",
    "publish": "已发布，清单已向社会公布。",
    "approve": "审查通过，已通知填报单位发布。",
    "return": "已退回修改，已通知填报单位。",
    "comment": "意见已保存。",
    "abolish": "清单已废止。公示网站标为“已废止”，历史版本仍可查阅。",
}


def error_text(error: Exception) -> str:
    return getattr(error, "message", None) or str(error) or workflow.NOT_ALLOWED


def change_url(version: ListVersion) -> str:
    return reverse("admin:lists_listversion_change", args=[version.pk])


def admin_context(model_admin, request, **extra) -> dict:
    opts = model_admin.model._meta
    return {**model_admin.admin_site.each_context(request), "opts": opts, **extra}


def _visible(request, object_id) -> ListVersion:
    versions = ListVersion.objects.visible_to(request.user)
    return get_object_or_404(
        versions.select_related("list__agency", "list__list_type"), pk=object_id
    )


def workflow_buttons(request, version: ListVersion) -> list[dict]:
    """The buttons the change page offers this user for this version."""
    user, agency, status = request.user, version.list.agency, version.status
    buttons = []
    if can_edit_agency(user, agency):
        if status in ListVersion.EDITABLE_STATUSES:
            buttons.append({"verb": "submit", "label": "提交审查"})
            buttons.append({"verb": "review", "label": "预览审查页", "get": True})
        if status == Status.RETURNED:
            buttons.append({"verb": "replies", "label": "答复审查意见", "get": True})
        if status == Status.SUBMITTED:
            buttons.append({"verb": "withdraw", "label": "撤回提交"})
        if status == Status.APPROVED:
            buttons.append({"verb": "publish", "label": "发布…", "get": True})
        if status == Status.PUBLISHED and not version.list.is_abolished:
            buttons.append({"verb": "revise", "label": "开始修订"})
            buttons.append({"verb": "abolish", "label": "废止清单…", "get": True})
    if status == Status.SUBMITTED and can_review_agency(user, agency):
        buttons.append({"verb": "review", "label": "审查", "get": True})
    for button in buttons:
        button["url"] = reverse(f"admin:lists_listversion_{button['verb']}", args=[version.pk])
    return buttons


def run_verb(model_admin, request, object_id: int, verb: str):
    """提交审查 / 撤回 / 开始修订: POST-only buttons on the change page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    version = _visible(request, object_id)
    target = version
    try:
        if verb == "submit":
            workflow.submit(version, acting_user=request.user)
        elif verb == "withdraw":
            workflow.withdraw(version, acting_user=request.user)
        else:
            target = workflow.start_revision(version.list, acting_user=request.user)
    except WORKFLOW_ERRORS as error:
        model_admin.message_user(request, error_text(error), messages.ERROR)
    else:
        model_admin.message_user(request, DONE[verb], messages.SUCCESS)
    return redirect(change_url(target))


class PublishForm(forms.Form):
    document_no = forms.CharField(
        label="文号",
        max_length=100,
        help_text="发布文件的文号，如“示市监规〔2024〕3号”",
        error_messages={"required": "请填写文号。"},
    )
    effective_date = forms.DateField(
        label="施行日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写施行日期。", "invalid": "请输入有效的日期。"},
    )


def publish(model_admin, request, object_id: int):
    version = _visible(request, object_id)
    refusal = None
    if not can_edit_agency(request.user, version.list.agency):
        refusal = workflow.NOT_ALLOWED
    elif version.status != Status.APPROVED:
        refusal = workflow.WRONG_STATE.format(status=version.get_status_display(), verb="发布")
    if refusal:
        model_admin.message_user(request, refusal, messages.ERROR)
        return redirect(change_url(version))
    form = PublishForm(
        request.POST or None,
        initial={"document_no": version.document_no, "effective_date": timezone.localdate()},
    )
    return _form_step(
        model_admin,
        request,
        version,
        form,
        "publish",
        "发布清单",
        lambda data: workflow.publish(version, acting_user=request.user, **data),
    )


def _form_step(model_admin, request, version, form, verb, title, run):
    """A workflow step that asks for a few fields first: show the form, or run the verb."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except WORKFLOW_ERRORS as error:
            model_admin.message_user(request, error_text(error), messages.ERROR)
        else:
            model_admin.message_user(request, DONE[verb], messages.SUCCESS)
        return redirect(change_url(version))
    context = admin_context(model_admin, request, version=version, form=form, title=title)
    return TemplateResponse(request, f"admin/lists/listversion/{verb}.html", context)


EXPORTS = {
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exporters.export_xlsx,
    ),
    "csv": ("text/csv; charset=utf-8", exporters.export_csv),
}


def export(model_admin, request, object_id: int, fmt: str):
    """Any version the user may see, in the official layout (the same exporter as the public site)."""
    version = _visible(request, object_id)
    content_type, render = EXPORTS[fmt]
    response = HttpResponse(render(version), content_type=content_type)
    filename = f"{exporters.title_of(version)}-第{version.number}版.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class AbolishForm(forms.Form):
    note = forms.CharField(
        label="废止理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如“所依据的《××条例》已废止”，将记入操作记录。",
        error_messages={"required": "请填写废止理由。"},
    )


def abolish(model_admin, request, object_id: int):
    """废止清单: the list is marked abolished; every published version stays readable."""
    version = _visible(request, object_id)
    if not can_edit_agency(request.user, version.list.agency):
        model_admin.message_user(request, workflow.NOT_ALLOWED, messages.ERROR)
        return redirect(change_url(version))
    return _form_step(
        model_admin,
        request,
        version,
        AbolishForm(request.POST or None),
        "abolish",
        "废止清单",
        lambda data: workflow.abolish(version.list, acting_user=request.user, note=data["note"]),
    )
