"""The workflow in the admin: the clerk's buttons and the reviewer's queue and review page.

Each view finds its version through a scope (another agency's version is a 404), calls one
lists.workflow verb and turns PermissionDenied / InvalidTransition / FrozenVersionError into an
error message. Nothing here writes a status itself.
"""

from itertools import groupby

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from agencies.models import Membership
from agencies.permissions import (
    can_edit_agency,
    can_review_agency,
    has_role,
    reviewable_agency_ids,
)
from lists import workflow
from lists.dashboard import review_queue
from lists.diff import diff_versions
from lists.models import FrozenVersionError, ListVersion, ReviewComment

Status = ListVersion.Status
WORKFLOW_ERRORS = (PermissionDenied, workflow.InvalidTransition, FrozenVersionError)
DONE = {
    "submit": "已提交审查，审查员将收到通知。提交后本版本不能修改；如需修改请先撤回。",
    "withdraw": "已撤回提交，本版本恢复为草稿，可以继续修改。",
    "revise": "已基于现行版本创建新的草稿，请在草稿中修订。",
    "publish": "已发布，清单已向社会公布。",
    "approve": "审查通过，已通知填报单位发布。",
    "return": "已退回修改，已通知填报单位。",
    "comment": "意见已保存。",
}
NOT_REVIEWER = "只有审查员可以使用审查队列。"
NOTHING_TO_SAVE = "没有填写任何意见。"


def error_text(error: Exception) -> str:
    return getattr(error, "message", None) or str(error) or workflow.NOT_ALLOWED


def change_url(version: ListVersion) -> str:
    return reverse("admin:lists_listversion_change", args=[version.pk])


def _context(model_admin, request, **extra) -> dict:
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
        if status == Status.SUBMITTED:
            buttons.append({"verb": "withdraw", "label": "撤回提交"})
        if status == Status.APPROVED:
            buttons.append({"verb": "publish", "label": "发布…", "get": True})
        if status == Status.PUBLISHED and not version.list.is_abolished:
            buttons.append({"verb": "revise", "label": "开始修订"})
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
    if version.status != Status.APPROVED or not can_edit_agency(request.user, version.list.agency):
        model_admin.message_user(request, workflow.NOT_ALLOWED, messages.ERROR)
        return redirect(change_url(version))
    form = PublishForm(
        request.POST or None,
        initial={"document_no": version.document_no, "effective_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.publish(version, acting_user=request.user, **form.cleaned_data)
        except WORKFLOW_ERRORS as error:
            model_admin.message_user(request, error_text(error), messages.ERROR)
        else:
            model_admin.message_user(request, DONE["publish"], messages.SUCCESS)
        return redirect(change_url(version))
    context = _context(model_admin, request, version=version, form=form, title="发布清单")
    return TemplateResponse(request, "admin/lists/listversion/publish.html", context)


def queue(model_admin, request):
    """待审查: the submitted versions of the agencies the reviewer's bureau reviews."""
    if not has_role(request.user, Membership.Role.REVIEWER):
        raise PermissionDenied(NOT_REVIEWER)
    context = _context(model_admin, request, title="待审查", queue=review_queue(request.user))
    return TemplateResponse(request, "admin/lists/listversion/review_queue.html", context)


def _reviewable(request, object_id) -> ListVersion:
    # A reviewer of another bureau, a clerk or a stranger sees a missing page, not a refusal.
    versions = ListVersion.objects.filter(list__agency__in=reviewable_agency_ids(request.user))
    return get_object_or_404(
        versions.select_related("list__agency", "list__list_type"), pk=object_id
    )


def review(model_admin, request, object_id: int):
    version = _reviewable(request, object_id)
    posted = {}
    if request.method == "POST":
        items = list(version.items.all())
        posted = {item.pk: request.POST.get(f"comment-{item.pk}", "").strip() for item in items}
        opinion = request.POST.get("opinion", "").strip()
        action = request.POST.get("action", "comment")
        try:
            _review_step(request.user, version, items, posted, opinion, action)
        except WORKFLOW_ERRORS as error:
            model_admin.message_user(request, error_text(error), messages.ERROR)
        else:
            model_admin.message_user(request, DONE[action], messages.SUCCESS)
            if action == "comment":
                return redirect(request.path)
            return redirect(reverse("admin:lists_listversion_review_queue"))
        posted["opinion"] = opinion
    context = _context(model_admin, request, **review_context(version, posted))
    return TemplateResponse(request, "admin/lists/listversion/review.html", context)


@transaction.atomic
def _review_step(user, version, items, posted, opinion, action) -> None:
    """Row comments and the decision in one transaction: a refused decision keeps no comment."""
    written = 0
    for item in items:
        if posted.get(item.pk):
            workflow.add_comment(version, acting_user=user, text=posted[item.pk], item=item)
            written += 1
    if action == "approve":
        workflow.approve(version, acting_user=user, opinion=opinion)
    elif action == "return":
        workflow.return_for_changes(version, acting_user=user, opinion=opinion)
    elif action == "comment":
        if opinion:
            workflow.add_comment(version, acting_user=user, text=opinion)
        elif not written:
            raise workflow.InvalidTransition(NOTHING_TO_SAVE)
    else:
        raise PermissionDenied(workflow.NOT_ALLOWED)


def _labels(list_type) -> dict[str, str]:
    return {
        "section_id": "分节",
        "matter": list_type.item_label,
        "category": "类别/领域",
        "implementing_body": "实施机关",
        "condition": list_type.condition_label,
        "legal_basis": "法律依据",
        "leniency_basis": list_type.leniency_basis_label or "从宽依据",
        "supervision_measures": "配套监管措施",
        "note": "备注",
        "extra": "其他列",
    }


MAIN_FIELDS = ("matter", "condition", "legal_basis")


def _row(entry, labels, sections, comments, posted) -> dict:
    """One row of the review table: the main columns, other changes, flags and comments."""
    item = entry.item
    changes = {change.name: change for change in entry.changes}
    cells = {
        name: changes[name].html if name in changes else escape(getattr(item, name))
        for name in MAIN_FIELDS
    }
    other = []
    for name, change in changes.items():
        if name in MAIN_FIELDS:
            continue
        if name == "section_id":
            old, new = sections.get(entry.old.section_id, ""), sections.get(item.section_id, "")
            change = type(change)(name, old, new)
        other.append((labels[name], change.html))
    new = entry.new
    return {
        "kind": entry.kind,
        "entry": entry,
        "seq": item.seq,
        "old_seq": entry.old.seq if entry.old is not None else None,
        "cells": [cells[name] for name in MAIN_FIELDS],
        "other": other,
        "warnings": new.exclusion_warnings if new is not None else [],
        "comments": comments.get(new.pk, []) if new is not None else [],
        "comment_name": f"comment-{new.pk}" if new is not None else "",
        "posted": posted.get(new.pk, "") if new is not None else "",
    }


def review_context(version: ListVersion, posted: dict) -> dict:
    list_type = version.list.list_type
    current = version.list.versions.filter(status=Status.PUBLISHED).exclude(pk=version.pk).first()
    diff = diff_versions(current, version)
    by_item = {}
    general = []
    for comment in ReviewComment.objects.filter(version=version).select_related("author"):
        (by_item.setdefault(comment.item_id, []) if comment.item_id else general).append(comment)
    labels = _labels(list_type)
    sections = dict(list_type.sections.values_list("pk", "title"))
    rows = [_row(entry, labels, sections, by_item, posted) for entry in diff.rows]
    groups = [
        {"same": same, "rows": list(run)}
        for same, run in groupby(rows, key=lambda row: row["kind"] == "same")
    ]
    return {
        "title": f"审查：{version}",
        "version": version,
        "current": current,
        "diff": diff,
        "groups": groups,
        "headers": [labels[name] for name in MAIN_FIELDS],
        "general_comments": general,
        "flagged": sum(1 for row in rows if row["warnings"]),
        "can_decide": version.status == Status.SUBMITTED,
        "opinion": posted.get("opinion", ""),
    }
