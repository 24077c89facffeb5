"""The queue 待审查 with assignment, and the clerk's answers to row comments.

Reviewers see the submissions of the agencies their bureau reviews, leads those their bureau
oversees; 我的 / 未分配 / 全部 filter by assignment. Each POST calls one lists.review_actions verb.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from agencies.models import Membership
from agencies.permissions import has_role
from lists import review_actions, workflow
from lists.admin_views import WORKFLOW_ERRORS, admin_context, change_url, error_text
from lists.dashboard import QUEUE_SCOPES, review_queue
from lists.models import ListVersion, ReviewComment
from lists.review_views import readable_versions

NOT_REVIEWER = "只有审查员和司法局负责人可以使用审查队列。"
ASSIGNED = "已分配给 {name}，已通知承办人。"
TAKEN = "已认领，由您承办审查。"
REPLIES_SAVED = "已保存对审查意见的答复。"


def queue(model_admin, request):
    """待审查: oldest first, with each bureau's time limit and who handles it."""
    user = request.user
    is_lead = has_role(user, Membership.Role.LEAD)
    if not (has_role(user, Membership.Role.REVIEWER) or is_lead):
        raise PermissionDenied(NOT_REVIEWER)
    scope = request.GET.get("scope", "all")
    scope = scope if scope in QUEUE_SCOPES else "all"
    rows = review_queue(user, scope=scope)
    reviewers = {}
    for row in rows:
        agency = row.version.list.agency
        if agency.review_bureau_id not in reviewers:
            reviewers[agency.review_bureau_id] = list(review_actions.bureau_reviewers(agency))
        row.reviewers = reviewers[agency.review_bureau_id]
        row.can_assign = review_actions.is_bureau_lead(user, agency)
    context = admin_context(
        model_admin,
        request,
        title="待审查",
        queue=rows,
        scope=scope,
        scopes=QUEUE_SCOPES,
        overdue=sum(1 for row in rows if row.overdue),
    )
    return TemplateResponse(request, "admin/lists/listversion/review_queue.html", context)


def assign(model_admin, request, object_id: int):
    """POST: the lead assigns a reviewer, or a reviewer takes the submission (reviewer = self)."""
    if request.method != "POST":
        return redirect(reverse("admin:lists_listversion_review_queue"))
    version = get_object_or_404(readable_versions(request.user), pk=object_id)
    reviewer_id = request.POST.get("reviewer", "")
    reviewer = (
        get_user_model().objects.filter(pk=int(reviewer_id)).first()
        if reviewer_id.isascii() and reviewer_id.isdigit()
        else None
    )
    try:
        if reviewer is None:
            raise workflow.InvalidTransition("请选择承办审查员。")
        review_actions.assign(version, acting_user=request.user, reviewer=reviewer)
    except WORKFLOW_ERRORS as error:
        model_admin.message_user(request, error_text(error), messages.ERROR)
    else:
        name = reviewer.get_full_name() or reviewer.username
        done = TAKEN if reviewer == request.user else ASSIGNED.format(name=name)
        model_admin.message_user(request, done, messages.SUCCESS)
    return redirect(request.POST.get("next") or reverse("admin:lists_listversion_review_queue"))


def replies(model_admin, request, object_id: int):
    """The clerk marks each row comment 已处理 / 不采纳 (with a reason) and answers it."""
    version = get_object_or_404(
        ListVersion.objects.visible_to(request.user).select_related("list__agency"), pk=object_id
    )
    comments = list(
        ReviewComment.objects.filter(version=version).select_related("item", "author", "replied_by")
    )
    if request.method == "POST":
        try:
            _save_replies(request, comments)
        except WORKFLOW_ERRORS as error:
            model_admin.message_user(request, error_text(error), messages.ERROR)
        else:
            model_admin.message_user(request, REPLIES_SAVED, messages.SUCCESS)
            return redirect(change_url(version))
    context = admin_context(
        model_admin,
        request,
        title=f"答复审查意见：{version}",
        version=version,
        comments=comments,
        states=ReviewComment.State.choices,
        editable=version.is_editable,
    )
    return TemplateResponse(request, "admin/lists/listversion/replies.html", context)


def _save_replies(request, comments) -> None:
    from django.db import transaction

    with transaction.atomic():
        for comment in comments:
            state = request.POST.get(f"state-{comment.pk}")
            reply = request.POST.get(f"reply-{comment.pk}", "").strip()
            if state is None or (state == comment.state and reply == comment.reply):
                continue
            review_actions.reply_to_comment(
                comment, acting_user=request.user, state=state, reply=reply
            )
