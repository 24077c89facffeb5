"""The review page: a version against the one in force, and against the round it was returned in.

Reviewers of the agency's bureau comment, record flag decisions, approve or return (each through
lists.workflow / lists.review_actions, in one transaction). The bureau's lead and the agency's
own clerks read the same page without the decision controls: the clerk sees before submitting
exactly the diff and flags the reviewer will see. Anyone else gets a 404.
"""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from agencies.models import Agency
from agencies.permissions import can_review_agency, led_agency_ids, reviewable_agency_ids
from lists import review_actions, workflow
from lists.admin_views import DONE, WORKFLOW_ERRORS, admin_context, error_text
from lists.dashboard import _bureau_limit, _waiting
from lists.diff import diff_items, diff_versions
from lists.four_eyes import FOUR_EYES, may_review
from lists.models import FlagDecision, ListVersion, ReviewComment
from lists.rules import field_caution, row_flags
from lists.workflow.review import round_items

Status = ListVersion.Status
NOTHING_TO_SAVE = "没有填写任何意见。"
DECISIONS = {"approve", "return"}


def readable_versions(user):
    """Reviewers and leads of the bureau, and the agency's own editors, may open a review page."""
    return ListVersion.objects.filter(
        Q(list__agency__in=reviewable_agency_ids(user))
        | Q(list__agency__in=led_agency_ids(user))
        | Q(list__agency__in=Agency.objects.editable_by(user))
    )


def _readable(request, object_id) -> ListVersion:
    versions = readable_versions(request.user).select_related(
        "list__agency__review_bureau", "list__list_type", "submitted_by", "assigned_to"
    )
    return get_object_or_404(versions, pk=object_id)


def review(model_admin, request, object_id: int):
    version = _readable(request, object_id)
    posted, errors = {}, {}
    if request.method == "POST":
        if not can_review_agency(request.user, version.list.agency):
            raise PermissionDenied(workflow.NOT_ALLOWED)
        items = list(version.items.all())
        posted = {item.pk: request.POST.get(f"comment-{item.pk}", "").strip() for item in items}
        posted["flags"] = _posted_flags(request.POST, items)
        opinion = request.POST.get("opinion", "").strip()
        action = request.POST.get("action", "comment")
        try:
            errors["flags"] = _check_flag_reasons(posted["flags"], items)
            if errors["flags"]:
                # Nothing is written: the reason goes next to the row's decision.
                raise workflow.InvalidTransition(next(iter(errors["flags"].values())))
            _review_step(request, version, items, posted, opinion, action)
        except WORKFLOW_ERRORS as error:
            message = error_text(error)
            # The message stands next to the field it concerns, and once at the top.
            if message == workflow.OPINION_REQUIRED:
                errors["opinion"] = message
            model_admin.message_user(request, message, messages.ERROR)
        else:
            model_admin.message_user(request, DONE[action], messages.SUCCESS)
            if action not in DECISIONS:
                return redirect(request.path)
            return redirect(reverse("admin:lists_listversion_review_queue"))
        posted["opinion"] = opinion
    context = admin_context(
        model_admin, request, **review_context(version, request.user, posted, errors)
    )
    context["errors"] = errors
    return TemplateResponse(request, "admin/lists/listversion/review.html", context)


def _posted_flags(post, items) -> dict:
    """{item pk: (decision, reason)} as the reviewer posted them, to check and to show again."""
    posted = {}
    for item in items:
        decision = post.get(f"flag-{item.pk}", "")
        if decision:
            posted[item.pk] = (decision, post.get(f"flag-reason-{item.pk}", "").strip())
    return posted


def _check_flag_reasons(flags: dict, items) -> dict:
    seqs = {item.pk: item.seq for item in items}
    return {
        pk: f"第 {seqs[pk]} 项：{review_actions.FLAG_REASON_REQUIRED}"
        for pk, (_decision, reason) in flags.items()
        if not reason
    }


@transaction.atomic
def _review_step(request, version, items, posted, opinion, action) -> None:
    """Row comments, flag decisions and the decision in one transaction: all or nothing."""
    user = request.user
    written = 0
    for item in items:
        if posted.get(item.pk):
            workflow.add_comment(version, acting_user=user, text=posted[item.pk], item=item)
            written += 1
        if item.pk in posted["flags"]:
            decision, reason = posted["flags"][item.pk]
            review_actions.decide_flag(
                version, acting_user=user, item=item, decision=decision, reason=reason
            )
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


def _row(entry, labels, sections, comments, posted, flags, decisions, errors=None) -> dict:
    """One row of the review table: the main columns, other changes, flags and comments."""
    errors = errors or {}
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
        "warnings": flags.get(new.pk, []) if new is not None else [],
        "decision": decisions.get(new.key) if new is not None else None,
        "comments": comments.get(new.pk, []) if new is not None else [],
        "pk": new.pk if new is not None else None,
        "comment_name": f"comment-{new.pk}" if new is not None else "",
        "posted": posted.get(new.pk, "") if new is not None else "",
        "flag_posted": posted.get("flags", {}).get(new.pk) if new is not None else None,
        "flag_error": errors.get(new.pk, "") if new is not None else "",
    }


def _since_return(version: ListVersion):
    """The diff of the current rows against the last returned round, when there is one."""
    last = version.review_rounds.order_by("-number").first()
    if last is None:
        return None, None
    items = list(version.items.all())
    return last, diff_items(round_items(last), items)


def _clock(version: ListVersion):
    if version.status == Status.SUBMITTED:
        limit = _bureau_limit(version, "review_time_limit")
        return _waiting(version, version.submitted_at, timezone.localdate(), limit)
    if version.status == Status.RETURNED:
        limit = _bureau_limit(version, "correction_time_limit")
        return _waiting(version, version.reviewed_at, timezone.localdate(), limit)
    return None


def review_context(version: ListVersion, user, posted: dict, errors: dict | None = None) -> dict:
    list_type = version.list.list_type
    current = version.list.versions.filter(status=Status.PUBLISHED).exclude(pk=version.pk).first()
    diff = diff_versions(current, version)
    by_item, general = {}, []
    for comment in ReviewComment.objects.filter(version=version).select_related("author"):
        (by_item.setdefault(comment.item_id, []) if comment.item_id else general).append(comment)
    flags = {
        entry.new.pk: row_flags(entry.new, list_type)
        for entry in diff.rows
        if entry.new is not None
    }
    decisions = {d.item_key: d for d in FlagDecision.objects.filter(version=version)}
    labels = _labels(list_type)
    sections = dict(list_type.sections.values_list("pk", "title"))
    flag_errors = (errors or {}).get("flags", {})
    rows = [
        _row(e, labels, sections, by_item, posted, flags, decisions, flag_errors) for e in diff.rows
    ]
    groups = [
        {"same": same, "rows": list(run)}
        for same, run in groupby(rows, key=lambda row: row["kind"] == "same")
    ]
    last_round, since_return = _since_return(version)
    is_reviewer = can_review_agency(user, version.list.agency)
    four_eyes_ok = may_review(user, version)
    return {
        "title": f"审查：{version}",
        "version": version,
        "current": current,
        "diff": diff,
        "groups": groups,
        "headers": [labels[name] for name in MAIN_FIELDS],
        "general_comments": general,
        "flagged": sum(1 for row in rows if row["warnings"]),
        "caution": field_caution(version),
        "clock": _clock(version),
        "rounds": list(version.review_rounds.select_related("returned_by")),
        "last_round": last_round,
        "since_return": since_return,
        "since_return_rows": [
            _row(e, labels, sections, {}, {}, {}, {}) for e in since_return.rows if e.kind != "same"
        ]
        if since_return
        else [],
        "is_reviewer": is_reviewer,
        "four_eyes_blocked": is_reviewer and not four_eyes_ok,
        "four_eyes_message": FOUR_EYES,
        "can_decide": version.status == Status.SUBMITTED and is_reviewer and four_eyes_ok,
        "flag_choices": FlagDecision.Decision.choices,
        "opinion": posted.get("opinion", ""),
    }
