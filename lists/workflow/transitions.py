"""The core of the workflow: the table of transitions and the one `transition()` every verb
goes through.

`transition()` is one transaction that locks the version row, checks the actor's role
(PermissionDenied) and the state (InvalidTransition), changes the state, writes one Event and
queues the notification for after commit. A refused call writes nothing. `lock_version`,
`record_event` and `check_actor` serve the verbs that do not move a status the same way
(lists.review_actions, comments, new drafts).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from agencies.permissions import can_edit_agency, can_review_agency
from follow import alerts
from lists import generation, in_force, notifications, succession
from lists.four_eyes import check_four_eyes
from lists.models import Event, ListVersion
from lists.workflow.messages import EARLIER_THAN_PREVIOUS, NOT_ALLOWED, WRONG_STATE
from oversight import filing

Status = ListVersion.Status
Action = Event.Action


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


def check_actor(actor: str, user, agency) -> None:
    allowed = (
        can_review_agency(user, agency) if actor == REVIEWER else can_edit_agency(user, agency)
    )
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


def lock_version(version: ListVersion) -> ListVersion:
    return (
        ListVersion.objects.select_for_update(of=("self",))
        .select_related("list__agency", "list__list_type")
        .get(pk=version.pk)
    )


def transition(
    version, action, *, acting_user, note="", changes=None, check=None, after=None
) -> ListVersion:
    spec = TRANSITIONS[action]
    changes = dict(changes or {})
    with transaction.atomic():
        locked = lock_version(version)
        check_actor(spec.actor, acting_user, locked.list.agency)
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
        record_event(locked, acting_user, action, from_status, note)
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


def record_event(version, actor, action, from_status, note="") -> Event:
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
