"""New lists and new drafts: creating a list, the editable version of a list, a revision."""

from django.db import transaction
from django.db.models import Max

from lists.models import EnforcementList, Event, Item, ListVersion
from lists.workflow.messages import (
    ALREADY_ABOLISHED,
    LIST_EXISTS,
    NO_PUBLISHED_VERSION,
    OPEN_VERSION_EXISTS,
)
from lists.workflow.transitions import AGENCY, InvalidTransition, check_actor, record_event

Status = ListVersion.Status
Action = Event.Action


def open_version_of(enforcement_list: EnforcementList):
    return enforcement_list.versions.filter(status__in=ListVersion.OPEN_STATUSES).first()


def open_version_exists(open_version: ListVersion) -> InvalidTransition:
    return InvalidTransition(
        OPEN_VERSION_EXISTS.format(
            number=open_version.number, status=open_version.get_status_display()
        )
    )


def lock_settled_list(enforcement_list: EnforcementList, acting_user) -> EnforcementList:
    """Lock a list that is neither abolished nor has an open version, for its agency's user."""
    locked = (
        EnforcementList.objects.select_for_update()
        .select_related("agency")
        .get(pk=enforcement_list.pk)
    )
    check_actor(AGENCY, acting_user, locked.agency)
    if locked.is_abolished:
        raise InvalidTransition(ALREADY_ABOLISHED)
    if (open_version := open_version_of(locked)) is not None:
        raise open_version_exists(open_version)
    return locked


def start_revision(enforcement_list: EnforcementList, *, acting_user) -> ListVersion:
    """A new draft holding the published items, their keys kept so versions can be diffed."""
    with transaction.atomic():
        locked = lock_settled_list(enforcement_list, acting_user)
        current = locked.versions.filter(status=Status.PUBLISHED).first()
        if current is None:
            raise InvalidTransition(NO_PUBLISHED_VERSION)
        draft = _new_version(locked, acting_user)
        Item.objects.bulk_create(_copies(current.items.all(), draft))
        record_event(draft, acting_user, Action.REVISE, "", f"基于第 {current.number} 版")
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
    check_actor(AGENCY, acting_user, agency)
    with transaction.atomic():
        if EnforcementList.objects.filter(agency=agency, list_type=list_type).exists():
            raise InvalidTransition(LIST_EXISTS.format(name=list_type.name))
        enforcement_list = EnforcementList.objects.create(agency=agency, list_type=list_type)
        draft = _new_version(enforcement_list, acting_user)
        record_event(draft, acting_user, Action.CREATE, "", "")
    return enforcement_list


def draft_for(enforcement_list: EnforcementList, *, acting_user) -> ListVersion:
    """The editable version of a list: its draft/returned one, or a new revision of the published one."""
    check_actor(AGENCY, acting_user, enforcement_list.agency)
    open_version = open_version_of(enforcement_list)
    if open_version is not None:
        if not open_version.is_editable:
            raise open_version_exists(open_version)
        return open_version
    if enforcement_list.versions.filter(status=Status.PUBLISHED).exists():
        return start_revision(enforcement_list, acting_user=acting_user)
    with transaction.atomic():
        draft = _new_version(enforcement_list, acting_user)
        record_event(draft, acting_user, Action.CREATE, "", "")
    return draft
