"""Submitting a version for review, and taking it back before the reviewer acts."""

from lists.models import Event, ListVersion
from lists.services import renumber
from lists.workflow.messages import EMPTY_VERSION, INCOMPLETE_ITEMS, NO_SECTION, REVIEW_STARTED
from lists.workflow.transitions import InvalidTransition, transition

Action = Event.Action


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
    return transition(version, Action.SUBMIT, acting_user=acting_user, check=_check_submittable)


def _check_not_reviewed(version: ListVersion) -> None:
    # "Before a reviewer acts": a row comment written since submission counts as acting.
    comments = version.comments.all()
    if version.submitted_at is not None:
        comments = comments.filter(created_at__gte=version.submitted_at)
    if comments.exists():
        raise InvalidTransition(REVIEW_STARTED)


def withdraw(version: ListVersion, *, acting_user) -> ListVersion:
    return transition(version, Action.WITHDRAW, acting_user=acting_user, check=_check_not_reviewed)
