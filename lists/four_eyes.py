"""Four eyes: the person who submits or edits a version never approves or returns it.

Whatever roles a user holds (a clerk of the agency may also be a reviewer of its bureau), the
legality review is a second person's act. Who touched a version is read from its own records:
who created it, who submitted it, and every Event of a kind that writes rows.
"""

from django.core.exceptions import PermissionDenied

from lists.models import Event, ListVersion

FOUR_EYES = (
    "合法性审查须由另一人进行：您提交或修改过该版本，不能对其审查通过或退回。"
    "请由本局其他审查员审查。"
)
EDITING_ACTIONS = (
    Event.Action.CREATE,
    Event.Action.REVISE,
    Event.Action.EDIT,
    Event.Action.SUBMIT,
)


def editor_ids(version: ListVersion) -> set[int]:
    """Users who created, edited (admin or import) or submitted this version."""
    ids = set(
        version.events.filter(action__in=EDITING_ACTIONS, actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    ids.update(pk for pk in (version.created_by_id, version.submitted_by_id) if pk)
    return ids


def may_review(user, version: ListVersion) -> bool:
    return user.pk not in editor_ids(version)


def check_four_eyes(user, version: ListVersion) -> None:
    if not may_review(user, version):
        raise PermissionDenied(FOUR_EYES)
