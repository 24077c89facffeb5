"""The reviewer's side of the admin: the queue 待审查 and the review page.

The review page shows a submitted version against the version in force (lists.diff), with the
exclusion-rule flags and a comment box per row; its buttons call workflow.add_comment, approve
and return_for_changes in one transaction. Versions are looked up among the agencies the user's
bureau reviews, so anyone else gets a 404.
"""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape

from agencies.models import Membership
from agencies.permissions import has_role, reviewable_agency_ids
from lists import workflow
from lists.admin_views import DONE, WORKFLOW_ERRORS, admin_context, error_text
from lists.dashboard import review_queue
from lists.diff import diff_versions
from lists.models import ListVersion, ReviewComment

Status = ListVersion.Status
NOT_REVIEWER = "只有审查员可以使用审查队列。"
NOTHING_TO_SAVE = "没有填写任何意见。"


def queue(model_admin, request):
    """待审查: the submitted versions of the agencies the reviewer's bureau reviews."""
    if not has_role(request.user, Membership.Role.REVIEWER):
        raise PermissionDenied(NOT_REVIEWER)
    context = admin_context(model_admin, request, title="待审查", queue=review_queue(request.user))
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
    context = admin_context(model_admin, request, **review_context(version, posted))
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
