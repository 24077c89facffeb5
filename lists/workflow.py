"""The legality-review workflow: the only code that writes a version's status.

Every verb goes through `_transition`: one transaction that locks the version row, checks the
actor's role (PermissionDenied) and the state (InvalidTransition), changes the state, writes one
Event and queues the notification for after commit. A refused call writes nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from agencies.permissions import can_edit_agency, can_review_agency
from follow import alerts
from lists import generation, in_force, notifications, succession
from lists.four_eyes import check_four_eyes
from lists.models import EnforcementList, Event, Item, ListVersion, ReviewComment
from lists.services import renumber
from oversight import filing

Status = ListVersion.Status
Action = Event.Action

NOT_ALLOWED = "您无权对该清单执行此操作。"
WRONG_STATE = "该版本当前为“{status}”，不能{verb}。可能已被他人处理，请刷新页面。"
EMPTY_VERSION = "清单没有任何事项，不能提交审查。"
INCOMPLETE_ITEMS = "第 {seqs} 项缺少事项名称或适用条件，请补全后再提交。"
NO_SECTION = "第 {seqs} 项没有选择分节（一类/二类/三类），请选择后再提交。"
OPINION_REQUIRED = "退回修改必须填写审查意见。"
NO_PUBLISHED_VERSION = "该清单还没有已发布的版本，无需开始修订，请直接编辑草稿。"
OPEN_VERSION_EXISTS = "该清单已有未发布的版本（第 {number} 版，{status}），请先处理该版本。"
LIST_EXISTS = "本单位已有“{name}”，请在原清单中修订。"
ALREADY_ABOLISHED = "该清单已废止。"
NOTHING_TO_ABOLISH = "该清单还没有已发布的版本，无法废止。"
REVIEW_STARTED = "审查员已对该版本提出意见，不能撤回；如需修改，请等待审查员退回。"
COMMENT_REQUIRED = "请填写意见内容。"
COMMENT_NOT_ALLOWED = "只能对待审查的版本提出意见。"
EARLIER_THAN_PREVIOUS = (
    "施行日期（{day}）不能早于第 {number} 版的施行日期（{previous}）。"
    "已公布的版本只能由施行日期相同或更晚的新版本替代。"
)


class InvalidTransition(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


AGENCY, REVIEWER = "agency", "reviewer"


@dataclass(frozen=True)
class Transition:
    verb: str
    sources: frozenset
    target: str
    actor: str
    stamps: tuple = field(default=())


TRANSITIONS: dict[str, Transition] = {
    Action.SUBMIT: Transition(
        "提交审查",
        frozenset({Status.DRAFT, Status.RETURNED}),
        Status.SUBMITTED,
        AGENCY,
        ("submitted_by", "submitted_at"),
    ),
    Action.WITHDRAW: Transition("撤回", frozenset({Status.SUBMITTED}), Status.DRAFT, AGENCY),
    Action.RETURN: Transition(
        "退回修改",
        frozenset({Status.SUBMITTED}),
        Status.RETURNED,
        REVIEWER,
        ("reviewed_by", "reviewed_at"),
    ),
    Action.APPROVE: Transition(
        "审查通过",
        frozenset({Status.SUBMITTED}),
        Status.APPROVED,
        REVIEWER,
        ("reviewed_by", "reviewed_at"),
    ),
    Action.PUBLISH: Transition(
        "发布",
        frozenset({Status.APPROVED}),
        Status.PUBLISHED,
        AGENCY,
        ("published_by", "published_at"),
    ),
}


def _check_actor(actor: str, user, agency) -> None:
    allowed = (
        can_review_agency(user, agency) if actor == REVIEWER else can_edit_agency(user, agency)
    )
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


def _lock(version: ListVersion) -> ListVersion:
    return (
        ListVersion.objects.select_for_update(of=("self",))
        .select_related("list__agency", "list__list_type")
        .get(pk=version.pk)
    )


def _transition(
    version, action, *, acting_user, note="", changes=None, check=None, after=None
) -> ListVersion:
    spec = TRANSITIONS[action]
    changes = dict(changes or {})
    with transaction.atomic():
        locked = _lock(version)
        _check_actor(spec.actor, acting_user, locked.list.agency)
        if spec.actor == REVIEWER:
            check_four_eyes(acting_user, locked)
        if locked.status not in spec.sources:
            raise InvalidTransition(
                WRONG_STATE.format(status=locked.get_status_display(), verb=spec.verb)
            )
        if check:
            check(locked)
        now = timezone.now()
        for stamp in spec.stamps:
            changes[stamp] = acting_user if stamp.endswith("_by") else now
        from_status = locked.status
        if action == Action.PUBLISH:
            _hand_over(locked, changes["effective_date"], acting_user)
            changes["item_count"] = locked.items.count()
            generation.bump()  # every cached public page and route is rebuilt
        if action == Action.APPROVE:
            # Named on every public page ("经示例市司法局合法性审查"), as it was on the day.
            bureau = locked.list.agency.review_bureau
            changes["review_authority"] = bureau.name if bureau else ""
        locked.status = spec.target
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "updated_at", *changes])
        _record(locked, acting_user, action, from_status, note)
        if action == Action.PUBLISH:
            succession.record_entry_into_force(locked, acting_user)
            alerts.on_change(locked, "publish")
            filing.on_publish(locked, acting_user)  # 备案, citation index, adjustment tasks
        if after:
            after(locked)
        transaction.on_commit(lambda: notifications.notify(action, locked, note))
    _refresh(version, locked)
    return locked


def _refresh(version: ListVersion, locked: ListVersion) -> None:
    # Callers keep using the object they passed in; give it the new state.
    for name in ListVersion.WORKFLOW_FIELDS:
        setattr(version, name, getattr(locked, name))


def _record(version, actor, action, from_status, note="") -> Event:
    return Event.objects.create(
        version=version,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=version.status,
        note=note,
    )


def _hand_over(version: ListVersion, day, acting_user) -> None:
    """The list's published version stays in force until `day`, the new one's 施行日期."""
    previous = (
        ListVersion.objects.select_for_update(of=("self",))
        .filter(list_id=version.list_id, status=Status.PUBLISHED)
        .first()
    )
    if previous is not None and previous.effective_date and day < previous.effective_date:
        raise InvalidTransition(
            EARLIER_THAN_PREVIOUS.format(
                day=in_force.chinese_date(day),
                number=previous.number,
                previous=in_force.chinese_date(previous.effective_date),
            )
        )
    succession.hand_over(version, previous, day)


def _check_submittable(version: ListVersion) -> None:
    items = list(version.items.values_list("seq", "matter", "condition"))
    if not items:
        raise InvalidTransition(EMPTY_VERSION)
    incomplete = [
        str(seq) for seq, matter, condition in items if not matter.strip() or not condition.strip()
    ]
    if incomplete:
        raise InvalidTransition(INCOMPLETE_ITEMS.format(seqs="、".join(incomplete[:10])))
    list_type = version.list.list_type
    if list_type.sections_required and list_type.sections.exists():
        unsectioned = [
            str(seq) for seq, section in version.items.values_list("seq", "section") if not section
        ]
        if unsectioned:
            raise InvalidTransition(NO_SECTION.format(seqs="、".join(unsectioned[:10])))
    # From here on the version is frozen: its numbers must read 1..n down the page, section by
    # section, whatever path wrote its rows (lists.ordering). Usually this changes nothing.
    renumber(version)


def submit(version: ListVersion, *, acting_user) -> ListVersion:
    return _transition(version, Action.SUBMIT, acting_user=acting_user, check=_check_submittable)


def _check_not_reviewed(version: ListVersion) -> None:
    # "Before a reviewer acts": a row comment written since submission counts as acting.
    comments = version.comments.all()
    if version.submitted_at is not None:
        comments = comments.filter(created_at__gte=version.submitted_at)
    if comments.exists():
        raise InvalidTransition(REVIEW_STARTED)


def withdraw(version: ListVersion, *, acting_user) -> ListVersion:
    return _transition(version, Action.WITHDRAW, acting_user=acting_user, check=_check_not_reviewed)


def return_for_changes(version: ListVersion, *, acting_user, opinion: str) -> ListVersion:
    opinion = (opinion or "").strip()

    def require_opinion(_locked):
        if not opinion:
            raise InvalidTransition(OPINION_REQUIRED)

    def keep_round(locked):
        from lists.review_actions import snapshot_round

        snapshot_round(locked, acting_user, opinion)

    return _transition(
        version,
        Action.RETURN,
        acting_user=acting_user,
        note=opinion,
        changes={"review_opinion": opinion},
        check=require_opinion,
        after=keep_round,
    )


def approve(version: ListVersion, *, acting_user, opinion: str = "") -> ListVersion:
    opinion = (opinion or "").strip()
    return _transition(
        version,
        Action.APPROVE,
        acting_user=acting_user,
        note=opinion,
        changes={"review_opinion": opinion},
    )


def add_comment(version: ListVersion, *, acting_user, text: str, item=None) -> ReviewComment:
    """A reviewer's remark on a submitted version, on one row (`item`) or on the whole list."""
    text = (text or "").strip()
    with transaction.atomic():
        locked = _lock(version)
        _check_actor(REVIEWER, acting_user, locked.list.agency)
        check_four_eyes(acting_user, locked)  # a review comment is the second person's act too
        if locked.status != Status.SUBMITTED:
            raise InvalidTransition(COMMENT_NOT_ALLOWED)
        if not text:
            raise InvalidTransition(COMMENT_REQUIRED)
        if item is not None and item.version_id != locked.pk:
            raise PermissionDenied(NOT_ALLOWED)
        return ReviewComment.objects.create(
            version=locked, item=item, author=acting_user, text=text
        )


def publish(
    version: ListVersion, *, acting_user, document_no: str = "", effective_date=None
) -> ListVersion:
    changes = {"document_no": (document_no or "").strip() or version.document_no}
    # 施行日期 decides when the version is in force (lists.in_force); today if left blank.
    changes["effective_date"] = effective_date or version.effective_date or in_force.today()
    return _transition(version, Action.PUBLISH, acting_user=acting_user, changes=changes)


def _open_version(enforcement_list: EnforcementList):
    return enforcement_list.versions.filter(status__in=ListVersion.OPEN_STATUSES).first()


def start_revision(enforcement_list: EnforcementList, *, acting_user) -> ListVersion:
    """A new draft holding the published items, their keys kept so versions can be diffed."""
    with transaction.atomic():
        locked = (
            EnforcementList.objects.select_for_update()
            .select_related("agency")
            .get(pk=enforcement_list.pk)
        )
        _check_actor(AGENCY, acting_user, locked.agency)
        if locked.is_abolished:
            raise InvalidTransition(ALREADY_ABOLISHED)
        if (open_version := _open_version(locked)) is not None:
            raise InvalidTransition(
                OPEN_VERSION_EXISTS.format(
                    number=open_version.number, status=open_version.get_status_display()
                )
            )
        current = locked.versions.filter(status=Status.PUBLISHED).first()
        if current is None:
            raise InvalidTransition(NO_PUBLISHED_VERSION)
        draft = _new_version(locked, acting_user)
        Item.objects.bulk_create(_copies(current.items.all(), draft))
        _record(draft, acting_user, Action.REVISE, "", f"基于第 {current.number} 版")
    return draft


def _new_version(enforcement_list: EnforcementList, user) -> ListVersion:
    last = enforcement_list.versions.aggregate(n=Max("number"))["n"] or 0
    return ListVersion.objects.create(list=enforcement_list, number=last + 1, created_by=user)


def _copies(items, draft: ListVersion) -> list[Item]:
    copied = []
    for item in items:
        item.pk = None
        item.id = None
        item.version = draft
        copied.append(item)
    return copied


def create_list(agency, list_type, *, acting_user) -> EnforcementList:
    """An agency's list of one type, with its first draft."""
    _check_actor(AGENCY, acting_user, agency)
    with transaction.atomic():
        if EnforcementList.objects.filter(agency=agency, list_type=list_type).exists():
            raise InvalidTransition(LIST_EXISTS.format(name=list_type.name))
        enforcement_list = EnforcementList.objects.create(agency=agency, list_type=list_type)
        draft = _new_version(enforcement_list, acting_user)
        _record(draft, acting_user, Action.CREATE, "", "")
    return enforcement_list


def draft_for(enforcement_list: EnforcementList, *, acting_user) -> ListVersion:
    """The editable version of a list: its draft/returned one, or a new revision of the published one."""
    _check_actor(AGENCY, acting_user, enforcement_list.agency)
    open_version = _open_version(enforcement_list)
    if open_version is not None:
        if not open_version.is_editable:
            raise InvalidTransition(
                OPEN_VERSION_EXISTS.format(
                    number=open_version.number, status=open_version.get_status_display()
                )
            )
        return open_version
    if enforcement_list.versions.filter(status=Status.PUBLISHED).exists():
        return start_revision(enforcement_list, acting_user=acting_user)
    with transaction.atomic():
        draft = _new_version(enforcement_list, acting_user)
        _record(draft, acting_user, Action.CREATE, "", "")
    return draft


def abolish(enforcement_list: EnforcementList, *, acting_user, note: str = "") -> EnforcementList:
    """Mark a list 已废止. Nothing is deleted: every published version stays readable."""
    with transaction.atomic():
        locked = (
            EnforcementList.objects.select_for_update()
            .select_related("agency")
            .get(pk=enforcement_list.pk)
        )
        _check_actor(AGENCY, acting_user, locked.agency)
        if locked.is_abolished:
            raise InvalidTransition(ALREADY_ABOLISHED)
        # An open draft could still be submitted and published onto an abolished list.
        if (open_version := _open_version(locked)) is not None:
            raise InvalidTransition(
                OPEN_VERSION_EXISTS.format(
                    number=open_version.number, status=open_version.get_status_display()
                )
            )
        current = locked.versions.filter(status=Status.PUBLISHED).first()
        if current is None:
            raise InvalidTransition(NOTHING_TO_ABOLISH)
        locked.abolished_at = timezone.now()
        locked.save(update_fields=["abolished_at"])
        succession.end_all(locked.pk)
        generation.bump()
        _record(current, acting_user, Action.ABOLISH, current.status, note)
        alerts.on_change(current, "abolish", note)
    enforcement_list.abolished_at = locked.abolished_at
    return locked
