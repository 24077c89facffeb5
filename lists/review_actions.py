"""The review's own verbs that do not move a version's status (lists.workflow does that).

Assigning a submission to a reviewer, the clerk's answer to a row comment, the reviewer's
decision about a flagged row, and who wrote rows (for the four-eyes rule). Each is one
transaction that writes its Event to the version's audit trail, like the workflow verbs (the
round a return keeps is written by lists.workflow.review itself).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from agencies.models import Membership
from agencies.permissions import can_edit_agency, can_review_agency
from lists import notifications
from lists.four_eyes import check_four_eyes, may_review
from lists.models import Event, FlagDecision, Item, ListVersion, ReviewComment
from lists.workflow.messages import NOT_ALLOWED
from lists.workflow.transitions import InvalidTransition, lock_version, record_event

Status = ListVersion.Status
Action = Event.Action

NOT_SUBMITTED = "只能分配待审查的版本。"
NOT_A_REVIEWER = "{name} 不是负责审查该单位的审查员。"
ASSIGNEE_EDITED = "{name} 提交或修改过该版本，不能审查它（四眼原则）。"
ONLY_LEAD_ASSIGNS = "只有本局负责人可以分配审查任务；审查员只能认领给自己。"
REPLY_NOT_EDITABLE = "只能在草稿或被退回的版本中答复审查意见。"
REPLY_REQUIRED = "选择“不采纳”时必须填写理由。"
FLAG_REASON_REQUIRED = "请填写判断理由。"
FLAG_NOT_FLAGGED = "该事项没有排除规则提示，无需判断。"
FLAG_NOT_SUBMITTED = "只能在审查中记录判断。"


def is_bureau_lead(user, agency) -> bool:
    return bool(
        user.is_authenticated
        and agency.review_bureau_id
        and Membership.objects.filter(
            user=user, agency_id=agency.review_bureau_id, role=Membership.Role.LEAD
        ).exists()
    )


def bureau_reviewers(agency):
    """Active users who review this agency's lists (reviewers of its bureau)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__agency_id=agency.review_bureau_id,
            memberships__role=Membership.Role.REVIEWER,
        )
        .distinct()
        .order_by("username")
    )


def assign(version: ListVersion, *, acting_user, reviewer) -> ListVersion:
    """The lead assigns a submission to a reviewer, or a reviewer takes it."""
    with transaction.atomic():
        locked = lock_version(version)
        agency = locked.list.agency
        lead = is_bureau_lead(acting_user, agency)
        taking = reviewer == acting_user and can_review_agency(acting_user, agency)
        if not (lead or taking):
            raise PermissionDenied(
                ONLY_LEAD_ASSIGNS if can_review_agency(acting_user, agency) else NOT_ALLOWED
            )
        name = reviewer.get_full_name() or reviewer.username
        if locked.status != Status.SUBMITTED:
            raise InvalidTransition(NOT_SUBMITTED)
        if not can_review_agency(reviewer, agency):
            raise InvalidTransition(NOT_A_REVIEWER.format(name=name))
        if not may_review(reviewer, locked):
            raise InvalidTransition(ASSIGNEE_EDITED.format(name=name))
        previous = locked.assigned_to
        locked.assigned_to, locked.assigned_at = reviewer, timezone.now()
        locked.save(update_fields=["assigned_to", "assigned_at", "updated_at"])
        note = f"认领：{name}" if taking and not lead else f"分配给 {name}"
        if previous is not None and previous != reviewer:
            note += f"（原承办：{previous.get_full_name() or previous.username}）"
        record_event(locked, acting_user, Action.ASSIGN, locked.status, note)
        if reviewer != acting_user:
            transaction.on_commit(lambda: notifications.notify_assigned(locked, reviewer))
    version.assigned_to, version.assigned_at = locked.assigned_to, locked.assigned_at
    return locked


def reply_to_comment(comment: ReviewComment, *, acting_user, state: str, reply: str = ""):
    """The clerk marks a row comment 已处理 or 不采纳 (with a reason), on a version they edit."""
    reply = (reply or "").strip()
    if state not in ReviewComment.State.values:
        raise InvalidTransition(NOT_ALLOWED)
    with transaction.atomic():
        version = lock_version(comment.version)
        if not can_edit_agency(acting_user, version.list.agency):
            raise PermissionDenied(NOT_ALLOWED)
        if not version.is_editable:
            raise InvalidTransition(REPLY_NOT_EDITABLE)
        if state == ReviewComment.State.REJECTED and not reply:
            raise InvalidTransition(REPLY_REQUIRED)
        comment.state, comment.reply = state, reply
        comment.replied_by, comment.replied_at = acting_user, timezone.now()
        comment.save(update_fields=["state", "reply", "replied_by", "replied_at"])
        label = ReviewComment.State(state).label
        record_event(
            version, acting_user, Action.REPLY, version.status, f"{label}：{comment.text[:30]}"
        )
    return comment


def decide_flag(version: ListVersion, *, acting_user, item: Item, decision: str, reason: str):
    """The reviewer's decision about one flagged row, kept on the version and in its trail."""
    from lists.rules import row_flags

    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_version(version)
        if not can_review_agency(acting_user, locked.list.agency):
            raise PermissionDenied(NOT_ALLOWED)
        check_four_eyes(acting_user, locked)
        if locked.status != Status.SUBMITTED:
            raise InvalidTransition(FLAG_NOT_SUBMITTED)
        if item.version_id != locked.pk or decision not in FlagDecision.Decision.values:
            raise PermissionDenied(NOT_ALLOWED)
        if not row_flags(item, locked.list.list_type):
            raise InvalidTransition(FLAG_NOT_FLAGGED)
        if not reason:
            raise InvalidTransition(FLAG_REASON_REQUIRED)
        record, _created = FlagDecision.objects.update_or_create(
            version=locked,
            item_key=item.key,
            defaults={"decision": decision, "reason": reason, "decided_by": acting_user},
        )
        label = FlagDecision.Decision(decision).label
        record_event(
            locked, acting_user, Action.FLAG, locked.status, f"第 {item.seq} 项{label}：{reason}"
        )
    return record


def record_edit(version: ListVersion, acting_user, note: str = "") -> None:
    """Rows were written by this user (admin save or import): the four-eyes rule remembers it."""
    record_event(version, acting_user, Action.EDIT, version.status, note)
